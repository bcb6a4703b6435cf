/**
 * Calls one operation by its descriptor: builds and checks the request from the caller's flat
 * input (request/build-request.ts), serializes it with openapi-fetch's own URL and body
 * serializers, and sends it through the client's transport (http/transport.ts) with this call's
 * context. What the answer becomes (members, a file, a page) is client/call.ts's job.
 */
import { createFinalURL, createQuerySerializer, defaultBodySerializer, defaultPathSerializer } from "openapi-fetch";
import { ValidationError } from "./errors.js";
import { type RetryOptions, isRepeatable } from "./http/retry.js";
import { type CallContext, createTransport, type OutgoingCall, type ResponseBodyMode, type Transport, type TransportOptions } from "./http/transport.js";
import { type BodyEncoder, buildRequest } from "./request/build-request.js";
import { type NumberOptionKind, numberOptionProblem } from "./request/number-options.js";
import type { OperationSpec } from "./request/operation-spec.js";

/** Options every operation accepts as its last argument. */
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

/** Options of the operations that answer with a file. */
export interface FileCallOptions extends CallOptions {
  /** Largest body the buffered form reads into memory (overrides the client's). */
  readonly maxBufferedBytes?: number | undefined;
}

/** What a client holds to call its operations; built once per client. */
export interface ClientCore {
  /** The endpoint calls go to now (after a failover, the one that answered). */
  readonly baseUrl: string;
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

/** The client's transport, made once: calls only bring their context. */
export function createClientCore(parts: ClientCoreParts): ClientCore {
  const { baseUrl, fetch, authenticator, clock, logger, timeoutMs, retry, maxBufferedBytes } = parts;
  const endpoint = typeof baseUrl === "string" ? () => baseUrl : baseUrl;
  return {
    get baseUrl() {
      return endpoint();
    },
    transport: createTransport({ fetch, authenticator, clock, logger }),
    timeoutMs,
    retry,
    maxBufferedBytes,
  };
}

export interface Invocation {
  readonly op: OperationSpec;
  /** The caller's flat input: path, query and body members by their wire names. */
  readonly input: unknown;
  /** Values the client fills itself (e.g. project_id). */
  readonly fixed?: Readonly<Record<string, string>> | undefined;
  readonly options: (CallOptions & { readonly maxBufferedBytes?: number | undefined }) | undefined;
  /** Builds a body other than JSON (a multipart upload): given by the operations that have one. */
  readonly encoder?: BodyEncoder | undefined;
}

/** How the success body is taken: checked JSON, a file's bytes, or a stream (made by `wrap`). */
export type BodyKind = "json" | "file" | { readonly stream: Extract<ResponseBodyMode, { mode: "stream" }>["wrap"] };
// openapi-fetch's serializers, as its client uses them by default: the same URLs and bodies.
const querySerializer = createQuerySerializer();
const JSON_HEADERS: readonly [string, string][] = [["Content-Type", "application/json"]];

export async function invoke(
  core: ClientCore,
  call: Invocation,
  body: BodyKind,
): Promise<{ data: unknown; response: Response; bytes: Uint8Array<ArrayBuffer> | undefined }> {
  const { op, options } = call;
  const request = await buildRequest(op, call.input, call.fixed, call.encoder);
  let data: unknown;
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  const maxBytes = callNumber(op, options?.maxBufferedBytes, "maxBufferedBytes", "size") ?? core.maxBufferedBytes;
  const retry = callRetry(op, options, core.retry);
  const context: CallContext = {
    operationId: op.operationId,
    signal: options?.signal,
    timeoutMs: callNumber(op, options?.timeoutMs, "timeoutMs", "timeout") ?? core.timeoutMs,
    retry,
    repeatable: isRepeatable(op.idempotent, retry),
    responseBody:
      typeof body === "object"
        ? { mode: "stream", wrap: body.stream }
        : {
            mode: "buffer",
            maxBytes,
            ...(body === "file"
              ? { onBody: (b: Uint8Array<ArrayBuffer>) => (bytes = b) }
              : { jsonSchema: (status: number) => op.responses[String(status)]?.schema ?? null, onJson: (d: unknown) => (data = d) }),
          },
  };
  const serialized = request.body === undefined ? undefined : (defaultBodySerializer(request.body) as string | FormData);
  const outgoing: OutgoingCall = {
    url: createFinalURL(op.path, { baseUrl: core.baseUrl, params: request.params, querySerializer, pathSerializer: defaultPathSerializer }),
    method: op.method,
    // A form's Content-Type (with its boundary) is set when the transport serializes it.
    headers: new Headers(serialized === undefined || serialized instanceof FormData ? undefined : (JSON_HEADERS as [string, string][])),
    body: serialized,
  };
  const response = await core.transport(outgoing, context);
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

/** A per-call number option, checked by the same rule as the client option. */
function callNumber(op: OperationSpec, value: number | undefined, name: string, kind: NumberOptionKind): number | undefined {
  const problem = numberOptionProblem(value, kind);
  if (problem) throw new ValidationError(op.operationId, name, kind === "count" ? "integer" : "range", problem, value);
  return value;
}
