/**
 * When to retry and how long to wait.
 *
 * Most operations change state, so a retry must never make the service act twice. A request whose
 * outcome is unknown (a timeout, a reset connection, a 500, 502 or 504) is retried only when it is
 * safe to repeat: an idempotent operation (its descriptor says so: x-idempotent in the spec, else
 * GET and HEAD), or a call whose caller opted in (`retryStateChanging`). What is always retried is what the server cannot have acted on: a
 * connection that was never established, 429 Too Many Requests and 503 Service Unavailable.
 */
import type { Clock } from "../clock.js";
import { isConnectionError, isTimeoutError } from "../errors.js";

export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  readonly maxRetries: number;
  /** Also retry state-changing requests whose outcome is unknown. Default false. */
  readonly retryStateChanging: boolean;
  /** First backoff delay in ms. Default 500. */
  readonly initialDelayMs: number;
  /** Largest backoff delay in ms. Default 8000. */
  readonly maxDelayMs: number;
  /** Largest wait honoured from Retry-After, in ms. Default 60000. */
  readonly maxRetryAfterMs: number;
}

export const defaultRetryOptions: RetryOptions = {
  maxRetries: 2,
  retryStateChanging: false,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** Statuses that mean the request was not processed. */
const NOT_PROCESSED_STATUSES = new Set([429, 503]);
/** Statuses after which the request may or may not have been processed. */
const UNKNOWN_OUTCOME_STATUSES = new Set([408, 500, 502, 504]);

/** A request is safe to repeat when its operation is idempotent or the caller said so. */
export function isRepeatable(idempotent: boolean, options: Pick<RetryOptions, "retryStateChanging">): boolean {
  return idempotent || options.retryStateChanging;
}

export function shouldRetryStatus(status: number, repeatable: boolean): boolean {
  if (NOT_PROCESSED_STATUSES.has(status)) return true;
  return repeatable && UNKNOWN_OUTCOME_STATUSES.has(status);
}

export function shouldRetryError(error: unknown, repeatable: boolean): boolean {
  if (isConnectionError(error)) return error.neverConnected || repeatable;
  if (isTimeoutError(error)) return repeatable;
  return false;
}

/**
 * The wait before retry number `retry` (0-based): Retry-After when the response gives one
 * (capped), otherwise exponential backoff with up to 25 % jitter below the nominal delay.
 */
export function retryDelayMs(retry: number, options: RetryOptions, clock: Clock, headers?: Headers): number {
  const fromServer = headers ? retryAfterMs(headers, clock.now()) : undefined;
  if (fromServer !== undefined) return Math.min(fromServer, options.maxRetryAfterMs);
  const nominal = Math.min(options.initialDelayMs * 2 ** retry, options.maxDelayMs);
  return Math.round(nominal * (1 - clock.random() * 0.25));
}

/** Retry-After as delta-seconds or an HTTP date; `retry-after-ms` when a gateway sends it. */
export function retryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const ms = headers.get("retry-after-ms");
  // Stryker disable next-line MethodExpression: Headers.get returns values already stripped of leading and trailing whitespace (Fetch header value normalization)
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.max(0, Number(ms));
  // Stryker disable next-line MethodExpression: as above, Headers.get never returns surrounding whitespace
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP-date starts with a day name; Date.parse alone reads "1.5" or "-1" as dates in 2001 (a 0 ms wait).
  if (!/^[A-Za-z]/.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
