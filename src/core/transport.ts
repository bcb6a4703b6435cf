/**
 * The one fetch seam, handed to openapi-fetch per call. Everything that touches the wire
 * happens here, in this order, on every attempt:
 *
 *   buffer the body once ▶ authorize (token, or sign last with a fresh X-Sdk-Date) ▶ send with a
 *   per-attempt timeout and the caller's AbortSignal ▶ retry? (retry.ts) ▶ typed error | Response
 *
 * Non-2xx responses never reach openapi-fetch: they become ApiError subclasses here, with the
 * raw body, the request id and the headers minus secrets.
 */
import type { Authenticator } from "./auth.js";
import type { Clock } from "./clock.js";
import { AbortError, ConnectionError, HuaweiCloudError, TimeoutError, apiErrorFor } from "./errors.js";
import type { Logger } from "./logger.js";
import { type RetryOptions, isRepeatable, retryDelayMs, shouldRetryError, shouldRetryStatus } from "./retry.js";

export interface TransportOptions {
  readonly fetch: typeof globalThis.fetch;
  readonly authenticator: Authenticator;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
  readonly logger: Logger | undefined;
}

export interface CallContext {
  readonly operationId: string;
  readonly signal?: AbortSignal | undefined;
}

/** Connection error codes meaning no connection was ever made, so nothing was processed. */
const NEVER_CONNECTED_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

export function createTransport(options: TransportOptions, call: CallContext): (input: Request) => Promise<Response> {
  const { clock, retry, logger } = options;

  return async function send(input: Request): Promise<Response> {
    // A body can be read once; every attempt sends (and signs) these same bytes.
    const body = input.body ? new Uint8Array(await input.arrayBuffer()) : undefined;
    const url = new URL(input.url);
    const method = input.method.toUpperCase();
    const repeatable = isRepeatable(method, retry);
    const where = { operationId: call.operationId, method, path: url.pathname };

    for (let attempt = 1; ; attempt++) {
      throwIfAborted(call.signal);
      const headers = new Headers(input.headers);
      await options.authenticator.authorize({ method, url, headers, body }, new Date(clock.now()));
      const started = clock.now();
      logger?.({ type: "request", ...where, attempt });

      let outcome: { response: Response } | { error: HuaweiCloudError };
      const attemptSignal = attemptController(options.timeoutMs, call.signal, clock);
      try {
        const response = await options.fetch(url, {
          method,
          headers,
          body: (body ?? null) as BodyInit | null,
          signal: attemptSignal.signal,
          redirect: "manual",
        });
        outcome = { response };
      } catch (error) {
        outcome = { error: classify(error, attemptSignal, options.timeoutMs, call.signal) };
      }

      if ("error" in outcome) {
        attemptSignal.dispose();
        const { error } = outcome;
        if (error.kind !== "abort" && attempt <= retry.maxRetries && shouldRetryError(error, repeatable)) {
          await backoff(attempt, undefined, error.message);
          continue;
        }
        logger?.({ type: "error", ...where, attempt, durationMs: clock.now() - started, error: error.message });
        throw error;
      }

      const { response } = outcome;
      const requestId = response.headers.get("x-request-id") ?? undefined;
      logger?.({ type: "response", ...where, attempt, status: response.status, requestId, durationMs: clock.now() - started });
      if (response.ok) {
        attemptSignal.dispose();
        return response;
      }
      if (response.status === 401) options.authenticator.unauthorized();
      if (attempt <= retry.maxRetries && shouldRetryStatus(response.status, repeatable)) {
        attemptSignal.dispose();
        // Not awaited: cancelling one branch of a tee'd (cloned) body never settles while the other is unread.
        void response.body?.cancel().catch(() => undefined);
        await backoff(attempt, response.headers, `status ${response.status}`);
        continue;
      }
      // The error body is read under the same attempt timeout, so a stalled body cannot hang.
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw classify(error, attemptSignal, options.timeoutMs, call.signal);
      } finally {
        attemptSignal.dispose();
      }
      throw apiErrorFor({ status: response.status, method, path: url.pathname, headers: response.headers, body: text });
    }

    async function backoff(attempt: number, headers: Headers | undefined, reason: string): Promise<void> {
      const delayMs = retryDelayMs(attempt - 1, retry, clock, headers);
      logger?.({ type: "retry", ...where, attempt, delayMs, reason });
      try {
        await clock.sleep(delayMs, call.signal);
      } catch (error) {
        throw new AbortError(error);
      }
    }
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError(signal.reason);
}

interface AttemptSignal {
  readonly signal: AbortSignal;
  readonly timedOut: () => boolean;
  readonly dispose: () => void;
}

/** One AbortSignal per attempt: fires on the attempt timeout or when the caller aborts. */
function attemptController(timeoutMs: number, callerSignal: AbortSignal | undefined, clock: Clock): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const cancelTimer = clock.setTimer(() => {
    timedOut = true;
    controller.abort(new TimeoutError(timeoutMs));
  }, timeoutMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      cancelTimer();
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
  };
}

function classify(error: unknown, attempt: AttemptSignal, timeoutMs: number, callerSignal: AbortSignal | undefined): HuaweiCloudError {
  // The caller's abort wins, whatever reason it carried; then our own timeout.
  if (callerSignal?.aborted) return new AbortError(callerSignal.reason);
  if (attempt.timedOut()) return new TimeoutError(timeoutMs);
  if (error instanceof HuaweiCloudError) return error;
  const code = errorCode(error);
  const neverConnected = code !== undefined && NEVER_CONNECTED_CODES.has(code);
  return new ConnectionError(`the request failed before a response${code ? ` (${code})` : ""}`, neverConnected, error);
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
