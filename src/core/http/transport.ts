/**
 * The one fetch seam, made once per client; each call hands it the request openapi-fetch's
 * serializers built, with that call's context. Everything that touches the wire happens here, in this order, on every attempt:
 *
 *   take the request body as serialized, once ▶ authorize (token, or sign last with a fresh X-Sdk-Date) ▶ send
 *   ▶ read the response body ▶ retry? ▶ typed error | Response
 *
 * One AbortSignal per attempt covers all of it, from waiting for credentials to the last byte of
 * a buffered body: it fires on the per-attempt timeout or when the caller aborts, so no step can
 * hang. A streamed body is handed over once its headers arrive; from then on only the caller's
 * signal applies to it, since reading it is at the caller's pace.
 *
 * Non-2xx responses never reach openapi-fetch: they become ApiError subclasses here, with the
 * raw body, the request id and the headers minus secrets.
 */
import type { Authenticator } from "../auth/authenticator.js";
import type { Clock } from "../clock.js";
import { checkJson, readBody } from "./response-body.js";
import {
  AbortError,
  ConnectionError,
  type FailedCall,
  HuaweiCloudError,
  ResponseTooLargeError,
  TimeoutError,
  apiErrorFor,
} from "../errors.js";
import type { LogEvent, Logger } from "../logger.js";
import type { ConstraintSchema } from "../request/operation-spec.js";
import { type RetryOptions, retryDelayMs, shouldRetryError, shouldRetryStatus } from "./retry.js";

export interface TransportOptions {
  readonly fetch: typeof globalThis.fetch;
  readonly authenticator: Authenticator;
  readonly clock: Clock;
  readonly logger: Logger | undefined;
}

/** How a successful response body is handed back. */
export type ResponseBodyMode =
  /**
   * Read here, under the attempt's signal and a size cap. The returned Response's body is then
   * used up: the bytes go to `onBody`, or, checked against `jsonSchema`, the parsed JSON to `onJson`.
   */
  | {
      readonly mode: "buffer";
      readonly maxBytes: number;
      readonly onBody?: (bytes: Uint8Array<ArrayBuffer>) => void;
      /** The JSON schema the spec declares for this status, which the body is checked against. */
      readonly jsonSchema?: (status: number) => ConstraintSchema | null;
      readonly onJson?: (data: unknown) => void;
    }
  /**
   * Handed over unread once the headers arrive, as `wrap` makes it: a body that the caller's
   * signal still ends, and that calls `release` when it is done.
   */
  | {
      readonly mode: "stream";
      readonly wrap: (response: Response, callerSignal: AbortSignal | undefined, release: () => void, call: FailedCall) => Response;
    };

export interface CallContext {
  readonly operationId: string;
  readonly signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms. */
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
  /** The call may be repeated when its outcome is unknown (an idempotent operation, or the caller's opt-in). */
  readonly repeatable: boolean;
  readonly responseBody: ResponseBodyMode;
}

/**
 * A request as serialized, kept as it is: a Request would copy the body into a stream that the
 * transport would then have to read back.
 */
export interface OutgoingCall {
  readonly url: string;
  /** Upper case. */
  readonly method: string;
  /** This call's own headers: each attempt copies them. */
  readonly headers: Headers;
  /** A JSON string, a FormData, or none. */
  readonly body: string | FormData | undefined;
}

/** Connection error codes meaning no connection was ever made, so nothing was processed. */
const NEVER_CONNECTED_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Error bodies are small; a larger one is not read into an error message. */
const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/** A response, a transport error (maybe retried), or a credentials failure (thrown as it is). */
type AttemptOutcome = { response: Response } | { error: HuaweiCloudError } | { fatal: unknown };

export type Transport = (request: OutgoingCall, call: CallContext) => Promise<Response>;

/** One transport per client; each call brings its own context. */
export function createTransport(options: TransportOptions): Transport {
  const { clock, logger, authenticator } = options;
  // Called as a plain function: browsers' and workers' fetch throws "Illegal invocation" when
  // called as a method of another object (options.fetch(...) would make `options` its receiver).
  const fetchFn = options.fetch;
  const log = (event: LogEvent) => {
    try {
      // A logging hook must never break or stall a call, nor leave an unhandled rejection.
      // Stryker disable next-line OptionalChaining: log() is only called under `if (logger)`, so logger is defined here
      const result: unknown = logger?.(event);
      if (result instanceof Promise) result.catch(() => undefined);
    } catch {
      // ignored, as above
    }
  };

  return async function send(input: OutgoingCall, call: CallContext): Promise<Response> {
    const { retry, timeoutMs } = call;
    const method = input.method;
    // Every attempt sends (and signs) these same bytes. A form is serialized once here, so that
    // each attempt carries the same boundary.
    let body: string | Uint8Array | undefined;
    if (input.body instanceof FormData) {
      const serialized = new Response(input.body);
      const contentType = serialized.headers.get("content-type");
      // The call's own headers: every attempt copies them.
      if (contentType !== null) input.headers.set("content-type", contentType);
      body = new Uint8Array(await serialized.arrayBuffer());
    } else {
      body = input.body;
    }
    // Parsed only when something needs its parts (signing, a log event, an error).
    let parsedUrl: URL | undefined;
    const url = () => (parsedUrl ??= new URL(input.url));
    const { repeatable } = call;
    const where = () => ({ operationId: call.operationId, method, path: url().pathname });

    // What a timeout, connection or abort error says of the call: its operation and attempts.
    const failed = (attempts: number): FailedCall => ({ operationId: call.operationId, attempts });
    for (let attempt = 1; ; attempt++) {
      if (call.signal?.aborted) throw new AbortError(call.signal.reason, failed(attempt - 1));
      const started = clock.now();
      const signal = attemptSignal(timeoutMs, call.signal, clock);
      const outcome = await runAttempt(signal, attempt);

      if ("fatal" in outcome) {
        signal.dispose();
        throw outcome.fatal;
      }
      if ("error" in outcome) {
        signal.dispose();
        const { error } = outcome;
        if (error.kind !== "abort" && attempt <= retry.maxRetries && shouldRetryError(error, repeatable)) {
          await backoff(attempt, undefined, error.message);
          continue;
        }
        if (logger) log({ type: "error", ...where(), attempt, durationMs: clock.now() - started, error: error.message });
        throw error;
      }

      const { response } = outcome;
      if (logger) {
        log({
          type: "response",
          ...where(),
          attempt,
          status: response.status,
          requestId: response.headers.get("x-request-id") ?? undefined,
          durationMs: clock.now() - started,
        });
      }
      if (response.ok) {
        // A streamed body keeps the caller's abort until it ends (its wrap, file-response.ts, disposes).
        if (call.responseBody.mode === "stream") signal.keepOnlyCallerAbort();
        else signal.dispose();
        return response;
      }
      if (response.status === 401) authenticator.unauthorized();
      if (attempt <= retry.maxRetries && shouldRetryStatus(response.status, repeatable)) {
        signal.dispose();
        // Not awaited: cancelling one branch of a tee'd (cloned) body never settles while the other is unread.
        void response.body?.cancel().catch(() => undefined);
        await backoff(attempt, response.headers, `status ${response.status}`);
        continue;
      }
      const error = await errorFor(response, signal, attempt);
      signal.dispose();
      throw error;
    }

    /** One attempt: credentials, send, and (buffer mode) the body, all under `signal`. */
    async function runAttempt(signal: AttemptSignal, attempt: number): Promise<AttemptOutcome> {
      // A fresh copy per attempt: the credentials of an earlier attempt (its X-Sdk-Date) must not carry over.
      let headers: Headers | undefined;
      try {
        // A cached token comes on a copy prepared once per token (no per-call check of its
        // characters); other credentials are put on by authorize.
        headers = authenticator.headersFor?.(input.headers);
        if (headers === undefined) {
          headers = new Headers(input.headers);
          // Waits inside (a credentials provider) end when the signal aborts; signing itself does not wait.
          const authorizing = authenticator.authorize(
            { method, get url() { return url(); }, headers, body },
            new Date(clock.now()),
            signal.signal,
          );
          if (authorizing) await authorizing;
        }
        signal.signal.throwIfAborted();
      } catch (error) {
        // A provider's own failure is the caller's to see as it is; a timeout or abort is ours.
        // Stryker disable next-line BooleanLiteral: the signal has aborted here, so classify returns an AbortError or a TimeoutError before it reads `responded`
        return signal.signal.aborted ? { error: classify(error, signal, timeoutMs, call.signal, false, url().host, failed(attempt)) } : { fatal: error };
      }
      let response: Response;
      try {
        if (logger) log({ type: "request", ...where(), attempt });
        response = await fetchFn(input.url, {
          method,
          headers,
          body: (body ?? null) as BodyInit | null,
          signal: signal.signal,
          redirect: "manual",
        });
      } catch (error) {
        return { error: classify(error, signal, timeoutMs, call.signal, false, url().host, failed(attempt)) };
      }
      if (!response.ok) return { response };
      const mode = call.responseBody;
      if (mode.mode === "stream") return { response: mode.wrap(response, call.signal, signal.dispose, failed(attempt)) };
      try {
        // A 204 (or any empty body) needs no reading.
        const bytes = response.body === null ? new Uint8Array(0) : await readBody(response, mode.maxBytes, signal.signal);
        const schema = mode.jsonSchema?.(response.status);
        // null: a 2xx the spec does not declare, which must still be empty or JSON (checkJson).
        if (schema !== undefined) {
          const data = checkJson(response, bytes, schema, call.operationId);
          // Stryker disable next-line OptionalChaining: the one caller (operation.ts) gives jsonSchema and onJson together; createTransport is internal
          mode.onJson?.(data);
        }
        // The bytes go to the caller directly: a Response would copy them (undici copies a
        // BufferSource body), and a large file would briefly take twice its size.
        mode.onBody?.(bytes);
        return { response };
      } catch (error) {
        return { error: classify(error, signal, timeoutMs, call.signal, true, url().host, failed(attempt)) };
      }
    }

    /** The ApiError for a non-2xx response, its body read under the attempt's signal. */
    async function errorFor(response: Response, signal: AttemptSignal, attempt: number): Promise<HuaweiCloudError> {
      let text: string;
      try {
        text = new TextDecoder().decode(await readBody(response, MAX_ERROR_BODY_BYTES, signal.signal));
      } catch (error) {
        if (!(error instanceof ResponseTooLargeError)) return classify(error, signal, timeoutMs, call.signal, true, url().host, failed(attempt));
        text = `(an error body larger than ${MAX_ERROR_BODY_BYTES} bytes, not read)`;
      }
      return apiErrorFor({ status: response.status, method, path: url().pathname, headers: response.headers, body: text });
    }

    async function backoff(attempt: number, headers: Headers | undefined, reason: string): Promise<void> {
      const delayMs = retryDelayMs(attempt - 1, retry, clock, headers);
      if (logger) log({ type: "retry", ...where(), attempt, delayMs, reason });
      try {
        await clock.sleep(delayMs, call.signal);
      } catch (error) {
        throw new AbortError(error, failed(attempt));
      }
    }
  };
}


interface AttemptSignal {
  readonly signal: AbortSignal;
  readonly timedOut: () => boolean;
  /** Stop the timer and forget the caller's signal. */
  readonly dispose: () => void;
  /** Stop the timer but let the caller's abort still cancel the (streamed) body. */
  readonly keepOnlyCallerAbort: () => void;
}

/** One AbortSignal per attempt: fires on the attempt timeout or when the caller aborts. */
function attemptSignal(timeoutMs: number, callerSignal: AbortSignal | undefined, clock: Clock): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const cancelTimer = clock.setTimer(() => {
    timedOut = true;
    // What the waiting step (fetch, a body read, a provider) fails with; classify makes it a TimeoutError.
    controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  // Stryker disable next-line OptionalChaining: the listener is only added when callerSignal is defined (next line)
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: dispose() removes the listener, and an AbortSignal fires abort only once, so `once` changes nothing
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      cancelTimer();
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
    keepOnlyCallerAbort: cancelTimer,
  };
}

/**
 * The SDK error for a failed attempt. `responded`: a response had arrived (the body failed), so
 * whatever the socket error says, the request was delivered and may have been processed.
 */
function classify(
  error: unknown,
  attempt: AttemptSignal,
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  responded: boolean,
  host: string,
  failed: FailedCall,
): HuaweiCloudError {
  // The caller's abort wins, whatever reason it carried; then our own timeout.
  if (callerSignal?.aborted) return new AbortError(callerSignal.reason, failed);
  if (attempt.timedOut()) return new TimeoutError(timeoutMs, failed, error);
  if (error instanceof HuaweiCloudError) return error;
  const code = errorCode(error);
  const neverConnected = !responded && code !== undefined && NEVER_CONNECTED_CODES.has(code);
  return new ConnectionError(`the request to ${host} failed before a complete response${code ? ` (${code})` : ""}`, neverConnected, error, failed);
}

/** undici reports the socket error code on `cause` (or on each error of an AggregateError). */
function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const record = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof record.code === "string") return record.code;
    if (Array.isArray(record.errors) && record.errors.length > 0) current = record.errors[0];
    else current = record.cause;
  }
  return undefined;
}
