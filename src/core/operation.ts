/**
 * Calls one operation of a generated operation table: splits the caller's flat input into path,
 * query and body by the table, validates all of it (validate.ts, files.ts), then sends it through
 * openapi-fetch with this call's transport (transport.ts).
 */
import createClient from "openapi-fetch";
import { type Authenticator } from "./auth.js";
import type { Clock } from "./clock.js";
import { ValidationError } from "./errors.js";
import { type FileResult, type FileStreamResult, checkedUpload, fileMetadata, readCapped, type Upload } from "./files.js";
import type { Logger } from "./logger.js";
import type { OperationSpec } from "./operation-spec.js";
import { type RetryOptions } from "./retry.js";
import { createTransport } from "./transport.js";
import { isBinary, isPlainObject, validateObject, validatePathSegment, validateValue } from "./validate.js";

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

/** What a client holds to call its operations. */
export interface ClientCore {
  readonly baseUrl: string;
  readonly fetch: typeof globalThis.fetch;
  readonly authenticator: Authenticator;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
  readonly maxBufferedBytes: number;
  readonly logger: Logger | undefined;
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

export async function invoke(core: ClientCore, call: Invocation, parseAs: "json" | "stream"): Promise<{ data: unknown; response: Response }> {
  const { op, options } = call;
  const request = await buildRequest(call);
  const client = createClient({ baseUrl: core.baseUrl }) as unknown as UntypedClient;
  const transport = createTransport(
    {
      fetch: core.fetch,
      authenticator: core.authenticator,
      clock: core.clock,
      timeoutMs: positive(options?.timeoutMs, "timeoutMs", op) ?? core.timeoutMs,
      retry: {
        ...core.retry,
        maxRetries: nonNegative(options?.maxRetries, "maxRetries", op) ?? core.retry.maxRetries,
        retryStateChanging: options?.retryStateChanging ?? core.retry.retryStateChanging,
      },
      logger: core.logger,
    },
    { operationId: op.operationId, signal: options?.signal },
  );
  const { data, response } = await client.request(op.method.toLowerCase(), op.path, {
    params: request.params,
    body: request.body,
    parseAs,
    fetch: transport,
  });
  return { data, response };
}

/** Calls a file operation and returns its bytes, buffered under the cap. */
export async function invokeFile(core: ClientCore, call: Invocation): Promise<FileResult> {
  const { response } = await invoke(core, call, "stream");
  const options = call.options as FileCallOptions | undefined;
  const cap = positive(options?.maxBufferedBytes, "maxBufferedBytes", call.op) ?? core.maxBufferedBytes;
  const timeoutMs = positive(options?.timeoutMs, "timeoutMs", call.op) ?? core.timeoutMs;
  const data = await readCapped(response, cap, timeoutMs, core.clock);
  return { ...fileMetadata(response), data };
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
    // Header parameters are credentials (X-Auth-Token), which the authenticator sets.
    if (param.in !== "path" && param.in !== "query") continue;
    const fixed = call.fixed?.[param.name];
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
    validateObject(target, "", {}, rest);
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
      form.append(name, await checkedUpload(op.operationId, name, partSchema, value as Upload), `${name}${extensionFor(partSchema.contentMediaType)}`);
    } else {
      form.append(name, String(value));
    }
    parts++;
  }
  // With no part at all, send no body rather than an empty multipart document.
  return parts === 0 ? undefined : form;
}

function extensionFor(mediaType: string | undefined): string {
  return mediaType === "application/zip" ? ".zip" : "";
}

function positive(value: number | undefined, name: string, op: OperationSpec): number | undefined {
  if (value === undefined) return undefined;
  if (!(Number.isFinite(value) && value > 0)) {
    throw new ValidationError(op.operationId, name, "minimum", "must be a positive number", value);
  }
  return value;
}

function nonNegative(value: number | undefined, name: string, op: OperationSpec): number | undefined {
  if (value === undefined) return undefined;
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new ValidationError(op.operationId, name, "minimum", "must be a non-negative integer", value);
  }
  return value;
}
