/**
 * The optional logging hook. Events carry the operation, method, path, attempt, status, request
 * id and timings, and never a header, a body or a query string, so no secret can reach a log.
 */
export type LogEvent = RequestLogEvent | ResponseLogEvent | RetryLogEvent | ErrorLogEvent;

/** What every log event carries: which call and which attempt. */
export interface LogEventBase {
  /** The operation: its operationId, the name of its method. */
  readonly operationId: string;
  /** The HTTP method. */
  readonly method: string;
  /** The request path, without host or query string. */
  readonly path: string;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  readonly attempt: number;
}

/** An attempt is about to be sent. */
export interface RequestLogEvent extends LogEventBase {
  /** The event's kind. */
  readonly type: "request";
}

/** An attempt got a response (any status). */
export interface ResponseLogEvent extends LogEventBase {
  /** The event's kind. */
  readonly type: "response";
  /** The HTTP status. */
  readonly status: number;
  /** X-Request-Id of the response. */
  readonly requestId: string | undefined;
  /** Time from sending to the response headers, in milliseconds. */
  readonly durationMs: number;
}

/** The SDK waits and then retries. */
export interface RetryLogEvent extends LogEventBase {
  /** The event's kind. */
  readonly type: "retry";
  /** How long the SDK waits before the next attempt, in milliseconds. */
  readonly delayMs: number;
  /** Why it retries, e.g. `status 503` or `connection refused`. */
  readonly reason: string;
}

/** An attempt ended without a response. */
export interface ErrorLogEvent extends LogEventBase {
  /** The event's kind. */
  readonly type: "error";
  /** Time from sending to the failure, in milliseconds. */
  readonly durationMs: number;
  /** The error's message (never a secret). */
  readonly error: string;
}

/** Receives every {@link LogEvent}; it may be async, and what it throws or rejects is ignored. */
export type Logger = (event: LogEvent) => void;
