/**
 * Recorded requests: what the mock received and answered, for a test to assert on
 * (`mock.requests`), decoded for reading: the JSON body, or the multipart parts with their sizes.
 */
import type { OperationId, Service } from "./services.js";

/** How a recorded request authenticated: a token, an AK/SK signature (valid or not), or nothing. */
export type RecordedAuth =
  | {
      /** An X-Auth-Token was sent. */
      readonly mode: "token";
    }
  | {
      /** An SDK-HMAC-SHA256 Authorization header was sent. */
      readonly mode: "aksk";
      /** The access key id it named. */
      readonly accessKeyId: string | undefined;
      /** Whether the signature matched the mock's AK/SK. */
      readonly signatureValid: boolean;
      /** Why the signature was refused, when it was. */
      readonly reason?: string;
    }
  | {
      /** Neither was sent. */
      readonly mode: "none";
    };

/** One multipart part of a recorded request. */
export interface RecordedPart {
  /** The part's form field name. */
  readonly name: string;
  /** The part's file name, for a file part. */
  readonly fileName: string | undefined;
  /** The part's Content-Type, when it had one. */
  readonly contentType: string | undefined;
  /** Bytes (of a file part) or UTF-8 bytes (of a text part). */
  readonly size: number;
  /** The value of a text part. */
  readonly value: string | undefined;
}

/** One request the mock received, decoded, and what it answered. */
export interface RecordedRequest {
  /** The service that received it. */
  readonly service: Service;
  /** The operation the method and path match; undefined when none does. */
  readonly operationId: OperationId | undefined;
  /** The HTTP method. */
  readonly method: string;
  /** The path as received (percent-encoded), without the query. */
  readonly path: string;
  /** Decoded query parameters; a repeated one as an array. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** How the request authenticated. */
  readonly auth: RecordedAuth;
  /** A JSON body decoded; any other non-multipart body as text; undefined without a body. */
  readonly body: unknown;
  /** The parts of a multipart/form-data body. */
  readonly parts: readonly RecordedPart[] | undefined;
  /** The status answered; undefined when the connection was reset without an answer. */
  readonly status: number | undefined;
  /** The X-Request-Id the mock answered with (the SDK reports it as `requestId`). */
  readonly requestId: string;
  /** True when a scenario chose the answer. */
  readonly scenario: boolean;
}

/** Oldest records are dropped beyond this, so a long-running mock does not grow without bound. */
const MAX_RECORDS = 10_000;

export class Recorder {
  readonly #records: RecordedRequest[] = [];

  add(record: RecordedRequest): void {
    this.#records.push(Object.freeze(record));
    if (this.#records.length > MAX_RECORDS) this.#records.shift();
  }

  /** A snapshot, oldest first. */
  list(): readonly RecordedRequest[] {
    return [...this.#records];
  }

  clear(): void {
    this.#records.length = 0;
  }
}

export function decodeQuery(search: URLSearchParams): Record<string, string | readonly string[]> {
  const query: Record<string, string | readonly string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

/** The body as a test wants to see it: decoded JSON, multipart parts, or text. */
export async function decodeBody(body: Uint8Array, contentType: string | undefined): Promise<Pick<RecordedRequest, "body" | "parts">> {
  if (body.byteLength === 0) return { body: undefined, parts: undefined };
  // Stryker disable next-line StringLiteral: any fallback that is neither multipart nor JSON reads the same (no type is text)
  const type = (contentType ?? "").toLowerCase();
  const text = () => new TextDecoder().decode(body);
  if (type.startsWith("multipart/form-data")) {
    try {
      const form = await new Response(body as BodyInit, { headers: { "content-type": contentType! } }).formData();
      const parts: RecordedPart[] = [];
      for (const [name, value] of form.entries()) {
        if (typeof value === "string") {
          parts.push({ name, fileName: undefined, contentType: undefined, size: new TextEncoder().encode(value).byteLength, value });
        } else {
          parts.push({ name, fileName: value.name, contentType: value.type || undefined, size: value.size, value: undefined });
        }
      }
      return { body: undefined, parts };
    } catch {
      return { body: text(), parts: undefined };
    }
  }
  if (/^application\/([\w.+-]+\+)?json/.test(type)) {
    try {
      return { body: JSON.parse(text()) as unknown, parts: undefined };
    } catch {
      return { body: text(), parts: undefined };
    }
  }
  return { body: text(), parts: undefined };
}
