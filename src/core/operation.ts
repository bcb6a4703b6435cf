/**
 * Calls one operation of a generated operation table: splits the caller's flat input into path,
 * query and body by the table, validates all of it (validate.ts, uploads.ts), then sends it through
 * the client's openapi-fetch client and transport (transport.ts) with this call's context.
 */
import { type NumberOptionKind, numberOptionProblem } from "./request/number-options.js";
import { type FileResult, type FileStreamResult, fileMetadata } from "./http/response-body.js";
import { ValidationError } from "./errors.js";
import { checkedUpload, type Upload, uploadFileName } from "./request/uploads.js";
import type { OperationSpec } from "./request/operation-spec.js";
import { type RetryOptions } from "./http/retry.js";
import createClient from "openapi-fetch";
import { type CallContext, createTransport, PreparedRequest, type ResponseBodyMode, type Transport, type TransportOptions } from "./http/transport.js";
import { isBinary, isPlainObject, rejectUnknown, validateObject, validatePathSegment, validateValue } from "./request/validate.js";

/** Options every operation method accepts as its last argument. */
export interface CallOptions {
  /** Cancels the call, including any wait between retries. */
  readonly signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms (overrides the client's). */
  readonly timeoutMs?: number | undefined;
  /** Retries after the first attempt (overrides the client's). */
  readonly maxRetries?: number | undefined;
  /**
   * Retry this state-changing call also when its outcome is unknown (timeout, reset, 500, 502,
   * 504). Only safe when repeating the call cannot do harm.
   */
  readonly retryStateChanging?: boolean | undefined;
}

/** Options of the file operations. */
export interface FileCallOptions extends CallOptions {
  /** Largest body the buffered form reads into memory (overrides the client's). */
  readonly maxBufferedBytes?: number | undefined;
}

/** What a client holds to call its operations; built once per client. */
export interface ClientCore {
  readonly baseUrl: string;
  /** The client's one openapi-fetch client: it builds each PreparedRequest for the transport. */
  readonly http: UntypedClient;
  /** The client's one transport; each call hands it its own context. */
  readonly transport: Transport;
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
  readonly maxBufferedBytes: number;
}

/** What a ClientCore is made of. */
export interface ClientCoreParts extends TransportOptions {
  /** The endpoint, or a function giving it per call (a client that fails over to another). */
  readonly baseUrl: string | (() => string);
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
  readonly maxBufferedBytes: number;
}

/** The client's openapi-fetch client and transport, made once: calls only bring their context. */
export function createClientCore(parts: ClientCoreParts): ClientCore {
  const { baseUrl, fetch, authenticator, clock, logger, timeoutMs, retry, maxBufferedBytes } = parts;
  const endpoint = typeof baseUrl === "string" ? () => baseUrl : baseUrl;
  return {
    get baseUrl() {
      return endpoint();
    },
    // openapi-fetch builds PreparedRequests, not Requests: the transport sends the body as serialized.
    http: createClient({ Request: PreparedRequest as unknown as typeof Request }) as unknown as UntypedClient,
    transport: createTransport({ fetch, authenticator, clock, logger }),
    timeoutMs,
    retry,
    maxBufferedBytes,
  };
}

/** openapi-fetch's call signature, as the generic invoker uses it. */
type UntypedClient = {
  request(
    method: string,
    url: string,
    init: Record<string, unknown>,
  ): Promise<{ data?: unknown; error?: unknown; response: Response }>;
};

export interface Invocation {
  readonly op: OperationSpec;
  /** The caller's flat input: path, query and body members by their wire names. */
  readonly input: unknown;
  /** Values the client fills itself (e.g. project_id). */
  readonly fixed?: Readonly<Record<string, string>>;
  readonly options: CallOptions | undefined;
}

type Body = "json" | "file" | "stream";

const STREAM: ResponseBodyMode = { mode: "stream" };

export async function invoke(
  core: ClientCore,
  call: Invocation,
  body: Body,
): Promise<{ data: unknown; response: Response; bytes: Uint8Array<ArrayBuffer> | undefined }> {
  const { op, options } = call;
  const request = await buildRequest(call);
  let data: unknown;
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  const maxBytes = callNumber(op, (options as FileCallOptions | undefined)?.maxBufferedBytes, "maxBufferedBytes", "size") ?? core.maxBufferedBytes;
  const context: CallContext = {
    operationId: op.operationId,
    signal: options?.signal,
    timeoutMs: callNumber(op, options?.timeoutMs, "timeoutMs", "timeout") ?? core.timeoutMs,
    retry: callRetry(op, options, core.retry),
    responseBody:
      body === "stream"
        ? STREAM
        : {
            mode: "buffer",
            maxBytes,
            ...(body === "file"
              ? { onBody: (b: Uint8Array<ArrayBuffer>) => (bytes = b) }
              : { jsonSchema: (status: number) => op.responses[String(status)]?.schema ?? null, onJson: (d: unknown) => (data = d) }),
          },
  };
  // openapi-fetch builds the URL, the headers and the JSON body; the transport sends them. Bodies
  // never reach openapi-fetch's parsers ("stream" hands back response.body unread): the
  // transport has read, checked and handed them over, or passes the stream on.
  const { response } = await core.http.request(op.method, op.path, {
    baseUrl: core.baseUrl,
    params: request.params,
    body: request.body,
    parseAs: "stream",
    fetch: (prepared: PreparedRequest) => core.transport(prepared, context),
  });
  return { data, response, bytes };
}

/** The client's retry options, with this call's overrides. */
function callRetry(op: OperationSpec, options: CallOptions | undefined, retry: RetryOptions): RetryOptions {
  if (options?.maxRetries === undefined && options?.retryStateChanging === undefined) return retry;
  return {
    ...retry,
    maxRetries: callNumber(op, options.maxRetries, "maxRetries", "count") ?? retry.maxRetries,
    retryStateChanging: options.retryStateChanging ?? retry.retryStateChanging,
  };
}

/** Calls a file operation and returns its bytes, read by the transport under the cap. */
export async function invokeFile(core: ClientCore, call: Invocation): Promise<FileResult> {
  const { response, bytes } = await invoke(core, call, "file");
  return { ...fileMetadata(response), data: bytes ?? new Uint8Array(0) };
}

/** Calls a file operation and hands back the body as a stream. */
export async function invokeFileStream(core: ClientCore, call: Invocation): Promise<FileStreamResult> {
  const { response } = await invoke(core, call, "stream");
  const length = response.headers.get("content-length");
  return {
    ...fileMetadata(response),
    stream: response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() }),
    contentLength: length === null ? undefined : Number(length),
  };
}

interface BuiltRequest {
  params: { path: Record<string, string>; query: Record<string, unknown> };
  body: unknown;
}

async function buildRequest(call: Invocation): Promise<BuiltRequest> {
  const { op } = call;
  const target = { operationId: op.operationId };
  if (!isPlainObject(call.input)) {
    throw new ValidationError(op.operationId, "input", "type", "must be a plain object of parameters", call.input);
  }
  const rest: Record<string, unknown> = { ...call.input };
  const params: BuiltRequest["params"] = { path: {}, query: {} };

  for (const param of op.parameters) {
    const fixed = call.fixed?.[param.name];
    if (param.in === "header") {
      // Header parameters are credentials (X-Auth-Token): never taken from input, in any letter
      // case, and never sent in a body.
      const given = Object.keys(rest).find((key) => key.toLowerCase() === param.name.toLowerCase());
      if (given !== undefined) {
        throw new ValidationError(op.operationId, given, "unknown", "is set by the client from its credentials", rest[given], true);
      }
      continue;
    }
    if (param.in !== "path" && param.in !== "query") continue;
    if (fixed !== undefined && rest[param.name] !== undefined) {
      throw new ValidationError(op.operationId, param.name, "unknown", "is set by the client from its options", rest[param.name]);
    }
    const value = fixed ?? rest[param.name];
    delete rest[param.name];
    if (value === undefined) {
      if (param.required) throw new ValidationError(op.operationId, param.name, "required", "is required", undefined);
      continue;
    }
    validateValue(target, param.name, param.schema, value);
    if (param.in === "path") {
      validatePathSegment(target, param, String(value));
      params.path[param.name] = String(value);
    } else {
      params.query[param.name] = value;
    }
  }

  const bodySpec = op.requestBody;
  if (!bodySpec) {
    // Without a body there is nowhere to put anything else.
    const [extra] = Object.entries(rest).filter(([, v]) => v !== undefined);
    if (extra) rejectUnknown(target, extra[0], op.parameters.filter((p) => p.in === "path" || p.in === "query").map((p) => p.name), extra[1]);
    return { params, body: undefined };
  }
  if (bodySpec.mediaType !== "multipart/form-data") {
    // A JSON body is always an object, `{}` when empty: revoke rejects a missing body, and
    // what generate does without one is unconfirmed.
    validateObject(target, "", bodySpec.schema, rest);
    return { params, body: rest };
  }
  return { params, body: await multipartBody(op, rest) };
}

async function multipartBody(op: OperationSpec, fields: Record<string, unknown>): Promise<FormData | undefined> {
  const schema = op.requestBody!.schema;
  const target = { operationId: op.operationId };
  validateObject(target, "", schema, fields);
  const form = new FormData();
  let parts = 0;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const partSchema = schema.properties?.[name] ?? {};
    if (isBinary(value)) {
      form.append(name, await checkedUpload(op.operationId, name, partSchema, value as Upload), uploadFileName(name, partSchema.contentMediaType, value as Upload));
    } else {
      form.append(name, String(value));
    }
    parts++;
  }
  // With no part at all, send no body rather than an empty multipart document.
  return parts === 0 ? undefined : form;
}

/** A per-call number option, checked by the same rule as the client option. */
function callNumber(op: OperationSpec, value: number | undefined, name: string, kind: NumberOptionKind): number | undefined {
  const problem = numberOptionProblem(value, kind);
  if (problem) throw new ValidationError(op.operationId, name, kind === "count" ? "integer" : "range", problem, value);
  return value;
}
