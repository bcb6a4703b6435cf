/**
 * Recorded requests: what the mock received and answered, for a test to assert on
 * (`mock.requests`), decoded for reading: the JSON body, or the multipart parts with their sizes.
 */
import { parseForm, type FormPart } from "./multipart.js";
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
  /**
   * The status answered; undefined while the request is still being answered, and when the
   * connection was reset or closed without an answer.
   */
  readonly status: number | undefined;
  /** The X-Request-Id the mock answered with (the SDK reports it as `requestId`). */
  readonly requestId: string;
  /** True when a scenario chose the answer. */
  readonly scenario: boolean;
  /**
   * Why the mock could not answer as the spec says, when it could not: the body was not a form,
   * Prism stopped or failed, the client went away before the answer.
   */
  readonly error: string | undefined;
}

/** What changes on a record once the request is answered. */
export type RecordedOutcome = Partial<Pick<RecordedRequest, "status" | "scenario" | "error">>;

/** The record of one request, filled in as the gateway learns about it. */
export interface RecordEntry {
  /** Everything known once the body has arrived; the record shows from then on. */
  fill(record: RecordedRequest): void;
  /** The answer (or the failure), once known. */
  update(outcome: RecordedOutcome): void;
}

/** Oldest records are dropped beyond this, so a long-running mock does not grow without bound. */
const MAX_RECORDS = 10_000;

/**
 * The requests received, in the order they arrived. A request has its place from the moment it
 * arrives, so that one which takes long to answer (a scenario's delay) never lands after a
 * `clear()` that came later: clearing forgets the places too, and filling or updating a
 * forgotten one changes nothing that is listed.
 */
export class Recorder {
  // Stryker disable next-line ArrayDeclaration: a stray element has no record, so list() skips it, and the cap drops it first
  #entries: { record?: RecordedRequest }[] = [];

  /** Keeps a place for a request that has just arrived; listed once filled. */
  arrive(): RecordEntry {
    const entry: { record?: RecordedRequest } = {};
    this.#entries.push(entry);
    if (this.#entries.length > MAX_RECORDS) this.#entries.shift();
    return {
      fill: (record) => {
        entry.record = Object.freeze({ ...record });
      },
      update: (outcome) => {
        if (entry.record !== undefined) entry.record = Object.freeze({ ...entry.record, ...outcome });
      },
    };
  }

  /** Arrives and fills at once. */
  add(record: RecordedRequest): void {
    this.arrive().fill(record);
  }

  /** A snapshot, oldest first, of the requests whose records are filled. */
  list(): readonly RecordedRequest[] {
    return this.#entries.flatMap((entry) => (entry.record === undefined ? [] : [entry.record]));
  }

  clear(): void {
    // Stryker disable next-line ArrayDeclaration: a stray element has no record, so list() skips it, and the cap drops it first
    this.#entries = [];
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
export function decodeBody(body: Uint8Array, contentType: string | undefined): Pick<RecordedRequest, "body" | "parts"> {
  if (body.byteLength === 0) return { body: undefined, parts: undefined };
  // Stryker disable next-line StringLiteral: any fallback that is neither multipart nor JSON reads the same (no type is text)
  const type = (contentType ?? "").toLowerCase();
  const text = new TextDecoder().decode(body);
  if (type.startsWith("multipart/form-data")) {
    const form = parseForm(body, contentType!);
    if ("error" in form) return { body: text, parts: undefined };
    return { body: undefined, parts: form.parts.map(recordedPart) };
  }
  if (/^application\/([\w.+-]+\+)?json/.test(type)) {
    try {
      return { body: JSON.parse(text) as unknown, parts: undefined };
    } catch {
      return { body: text, parts: undefined };
    }
  }
  return { body: text, parts: undefined };
}

function recordedPart(part: FormPart): RecordedPart {
  const { name, fileName, contentType, data } = part;
  return { name, fileName, contentType, size: data.byteLength, value: fileName === undefined ? new TextDecoder().decode(data) : undefined };
}
