/**
 * The SDK's one error hierarchy.
 *
 *   HuaweiCloudError                 base of everything this SDK throws
 *   ├─ ValidationError               bad input, raised before any network I/O
 *   ├─ ConfigurationError            bad client options or missing credentials
 *   ├─ ApiError                      the service answered with a non-2xx status
 *   │  ├─ BadRequestError 400, AuthenticationError 401, PermissionDeniedError 403,
 *   │  ├─ NotFoundError 404, RateLimitError 429, InternalServerError 5xx
 *   ├─ ConnectionError               no HTTP response (refused, reset, DNS, TLS)
 *   ├─ TimeoutError                  an attempt exceeded the timeout
 *   ├─ AbortError                    the caller's AbortSignal fired
 *   ├─ ResponseTooLargeError         a buffered body exceeded the configured cap
 *   └─ UnexpectedResponseError       a 2xx whose body is not what the spec declares
 *
 * `instanceof` fails across two copies of the package (two versions in one node_modules), so
 * every error carries a `kind` string and a global brand, and the `is*` guards test those.
 */

const BRAND = Symbol.for("huaweicloud-cert-sdk.error");

export type ErrorKind =
  | "validation"
  | "configuration"
  | "api"
  | "connection"
  | "timeout"
  | "abort"
  | "response-too-large"
  | "unexpected-response";

/** Header names whose values are secrets: never kept on an error, never logged. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "x-auth-token",
  "x-security-token",
  "x-subject-token",
  "cookie",
  "set-cookie",
  "proxy-authorization",
]);

export class HuaweiCloudError extends Error {
  declare readonly [BRAND]: true;
  readonly kind: ErrorKind;
  /** X-Request-Id of the response, when there was one. */
  readonly requestId: string | undefined;

  constructor(kind: ErrorKind, message: string, options: { cause?: unknown; requestId?: string | undefined } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, BRAND, { value: true });
    this.name = new.target.name;
    this.kind = kind;
    this.requestId = options.requestId;
  }
}

/** Bad input: names the parameter, the rule and the value (secrets masked). */
export class ValidationError extends HuaweiCloudError {
  readonly operationId: string;
  /** Dotted path of the offending input, e.g. `validity.value`. */
  readonly parameter: string;
  /** The schema keyword or SDK rule that failed, e.g. `maxLength`, `enum`, `required`, `zip`. */
  readonly rule: string;
  readonly value: unknown;

  constructor(operationId: string, parameter: string, rule: string, detail: string, value: unknown, secret = false) {
    const shown = secret ? "<redacted>" : describeValue(value);
    super("validation", `${operationId}: ${parameter} ${detail} (rule: ${rule}; got ${shown})`);
    this.operationId = operationId;
    this.parameter = parameter;
    this.rule = rule;
    this.value = secret ? "<redacted>" : value;
  }
}

export class ConfigurationError extends HuaweiCloudError {
  constructor(message: string) {
    super("configuration", message);
  }
}

export interface ApiErrorInit {
  status: number;
  method: string;
  /** The request path (no host, no query): enough to locate the call, nothing secret. */
  path: string;
  headers: Headers;
  body: string;
}

export class ApiError extends HuaweiCloudError {
  readonly status: number;
  /** `error_code` (or `error.code`) from the body, when the body carried one. */
  readonly errorCode: string | undefined;
  /** `error_msg` (or `error.message`) from the body, when the body carried one. */
  readonly errorMessage: string | undefined;
  /** Response headers, with secret-bearing ones removed. */
  readonly headers: Readonly<Record<string, string>>;
  /** The response body as text, parsed or not. */
  readonly rawBody: string;

  constructor(init: ApiErrorInit) {
    const { code, message } = parseErrorBody(init.body);
    const requestId = init.headers.get("x-request-id") ?? undefined;
    const summary = [code, message].filter(Boolean).join(": ") || truncate(init.body, 200) || "(empty body)";
    super("api", `${init.method} ${init.path} failed with ${init.status}: ${summary}${requestId ? ` (request id ${requestId})` : ""}`, {
      requestId,
    });
    this.status = init.status;
    this.errorCode = code;
    this.errorMessage = message;
    this.headers = publicHeaders(init.headers);
    this.rawBody = init.body;
  }
}
export class BadRequestError extends ApiError {}
export class AuthenticationError extends ApiError {}
export class PermissionDeniedError extends ApiError {}
export class NotFoundError extends ApiError {}
export class RateLimitError extends ApiError {}
export class InternalServerError extends ApiError {}

/** The ApiError subclass for a status. */
export function apiErrorFor(init: ApiErrorInit): ApiError {
  switch (init.status) {
    case 400:
      return new BadRequestError(init);
    case 401:
      return new AuthenticationError(init);
    case 403:
      return new PermissionDeniedError(init);
    case 404:
      return new NotFoundError(init);
    case 429:
      return new RateLimitError(init);
    default:
      return init.status >= 500 ? new InternalServerError(init) : new ApiError(init);
  }
}

export class ConnectionError extends HuaweiCloudError {
  /** True when the connection was never established (refused, DNS): the server cannot have acted. */
  readonly neverConnected: boolean;
  constructor(message: string, neverConnected: boolean, cause?: unknown) {
    super("connection", message, { cause });
    this.neverConnected = neverConnected;
  }
}

export class TimeoutError extends HuaweiCloudError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super("timeout", `the request timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

export class AbortError extends HuaweiCloudError {
  constructor(cause?: unknown) {
    super("abort", "the request was aborted by the caller's AbortSignal", { cause });
  }
}

export class ResponseTooLargeError extends HuaweiCloudError {
  readonly limitBytes: number;
  constructor(limitBytes: number, requestId: string | undefined) {
    super(
      "response-too-large",
      `the response body exceeds the buffered cap of ${limitBytes} bytes. The service has processed the request: ` +
        `for a large file use the stream form ({ stream: true }) or a larger maxBufferedBytes, and mind that repeating a state-changing call acts again`,
      { requestId },
    );
    this.limitBytes = limitBytes;
  }
}

export class UnexpectedResponseError extends HuaweiCloudError {
  readonly status: number;
  constructor(status: number, detail: string, requestId: string | undefined, cause?: unknown) {
    super("unexpected-response", `the service answered ${status} with a body the spec does not declare: ${detail}`, { cause, requestId });
    this.status = status;
  }
}

// ---- type guards that work across copies of the package ----

function hasKind(error: unknown, kind?: ErrorKind): error is HuaweiCloudError {
  if (typeof error !== "object" || error === null) return false;
  const branded = (error as Record<symbol, unknown>)[BRAND] === true;
  return branded && (kind === undefined || (error as HuaweiCloudError).kind === kind);
}
export const isHuaweiCloudError = (e: unknown): e is HuaweiCloudError => hasKind(e);
export const isValidationError = (e: unknown): e is ValidationError => hasKind(e, "validation");
export const isConfigurationError = (e: unknown): e is ConfigurationError => hasKind(e, "configuration");
export const isApiError = (e: unknown): e is ApiError => hasKind(e, "api");
export const isConnectionError = (e: unknown): e is ConnectionError => hasKind(e, "connection");
export const isTimeoutError = (e: unknown): e is TimeoutError => hasKind(e, "timeout");
export const isAbortError = (e: unknown): e is AbortError => hasKind(e, "abort");
export const isResponseTooLargeError = (e: unknown): e is ResponseTooLargeError => hasKind(e, "response-too-large");
export const isUnexpectedResponseError = (e: unknown): e is UnexpectedResponseError => hasKind(e, "unexpected-response");

// ---- helpers ----

/**
 * Huawei services answer with one of two shapes: `{"error_code","error_msg"}` (BCS, PCA) or
 * `{"error":{"code","message"}}` (IAM, gateways). Anything else keeps only the raw text.
 */
export function parseErrorBody(text: string): { code: string | undefined; message: string | undefined } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { code: undefined, message: undefined };
  }
  if (typeof body !== "object" || body === null) return { code: undefined, message: undefined };
  const flat = body as Record<string, unknown>;
  const nested = (typeof flat.error === "object" && flat.error !== null ? flat.error : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : undefined);
  return {
    code: str(flat.error_code) ?? str(nested.code),
    message: str(flat.error_msg) ?? str(nested.message),
  };
}

function publicHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!SECRET_HEADERS.has(name.toLowerCase())) out[name] = value;
  });
  return out;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(truncate(value, 64));
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `${value.byteLength} bytes`;
  if (typeof Blob !== "undefined" && value instanceof Blob) return `a Blob of ${value.size} bytes`;
  try {
    return truncate(JSON.stringify(value) ?? String(value), 64);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
