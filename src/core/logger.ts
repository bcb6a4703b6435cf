/**
 * The optional logging hook. Events carry the operation, method, path, attempt, status, request
 * id and timings, and never a header, a body or a query string, so no secret can reach a log.
 */
export type LogEvent =
  | { type: "request"; operationId: string; method: string; path: string; attempt: number }
  | {
      type: "response";
      operationId: string;
      method: string;
      path: string;
      attempt: number;
      status: number;
      requestId: string | undefined;
      durationMs: number;
    }
  | { type: "retry"; operationId: string; method: string; path: string; attempt: number; delayMs: number; reason: string }
  | { type: "error"; operationId: string; method: string; path: string; attempt: number; durationMs: number; error: string };

export type Logger = (event: LogEvent) => void;
