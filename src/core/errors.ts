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

/** What kind of failure an error is: the `kind` of every {@link HuaweiCloudError}, which the `is*` guards test. */
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

/** The base of every error this SDK throws. */
export class HuaweiCloudError extends Error {
  /** @internal The brand the guards recognise across copies of the package. */
  declare readonly [BRAND]: true;
  /** What kind of failure this is; stable across copies of the package, unlike `instanceof`. */
  readonly kind: ErrorKind;
  /** X-Request-Id of the response, when there was one. */
  readonly requestId: string | undefined;

  /** @internal Errors are created by the SDK. */
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
  /** The operation whose input was refused: its operationId, the name of its method. */
  readonly operationId: string;
  /** Dotted path of the offending input, e.g. `validity.value`. */
  readonly parameter: string;
  /** The schema keyword or SDK rule that failed, e.g. `maxLength`, `enum`, `required`, `zip`. */
  readonly rule: string;
  /**
   * The value that broke the rule; `"<redacted>"` for tokens and passwords, and a short
   * description (`"40000 bytes"`, `"a Blob of 40000 bytes"`) for a file, not its bytes.
   */
  readonly value: unknown;

  /** @internal */
  constructor(operationId: string, parameter: string, rule: string, detail: string, value: unknown, secret = false) {
    const shown = secret ? "<redacted>" : describeValue(value);
    super("validation", `${operationId}: ${parameter} ${detail} (rule: ${rule}; got ${shown})`);
    this.operationId = operationId;
    this.parameter = parameter;
    this.rule = rule;
    this.value = secret ? "<redacted>" : isBinaryValue(value) ? shown : value;
  }
}

/** Bad client options or missing credentials, raised when a client is built or credentials are read. */
export class ConfigurationError extends HuaweiCloudError {
  /** @internal */
  constructor(message: string) {
    super("configuration", message);
  }
}

/** @internal What an {@link ApiError} is built from. */
export interface ApiErrorInit {
  status: number;
  method: string;
  /** The request path (no host, no query): enough to locate the call, nothing secret. */
  path: string;
  headers: Headers;
  body: string;
}

/** The service answered with a non-2xx status. Subclasses name the common statuses. */
export class ApiError extends HuaweiCloudError {
  /** The HTTP status of the response. */
  readonly status: number;
  /** `error_code` (or `error.code`) from the body, when the body carried one. */
  readonly errorCode: string | undefined;
  /** `error_msg` (or `error.message`) from the body, when the body carried one. */
  readonly errorMessage: string | undefined;
  /** Response headers, with secret-bearing ones removed. */
  readonly headers: Readonly<Record<string, string>>;
  /** The response body as text, parsed or not. */
  readonly rawBody: string;

  /** @internal */
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
/** 400: the service refused the request's parameters. */
export class BadRequestError extends ApiError {}
/** 401: the token or the AK/SK signature was missing or not accepted. */
export class AuthenticationError extends ApiError {}
/** 403: the credentials are valid but lack permission for this call. */
export class PermissionDeniedError extends ApiError {}
/** 404: the resource (or the path) does not exist. */
export class NotFoundError extends ApiError {}
/** 429: too many requests; retried by the SDK within its retry budget. */
export class RateLimitError extends ApiError {}
/** 5xx: the service failed. */
export class InternalServerError extends ApiError {}

/** The ApiError subclass for a status. */
/** @internal The ApiError subclass for a status. */
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

/** @internal Which call a transport failure ended, and how many attempts it had made. */
export interface FailedCall {
  readonly operationId: string;
  /** Attempts sent (or begun) before the failure, this one included; 0 when none was. */
  readonly attempts: number;
}

/** `<operationId>: <what happened> (<n> attempts made)`, or what happened alone without a call. */
function inCall(what: string, call: FailedCall | undefined): string {
  if (call === undefined) return what;
  const { attempts } = call;
  const made = attempts === 0 ? "no attempt" : attempts === 1 ? "1 attempt" : `${attempts} attempts`;
  return `${call.operationId}: ${what} (${made} made)`;
}

/** No HTTP response arrived: the connection was refused or reset, or DNS or TLS failed. */
export class ConnectionError extends HuaweiCloudError {
  /** True when the connection was never established (refused, DNS): the server cannot have acted. */
  readonly neverConnected: boolean;
  /** The operation that failed, when the error comes from a call. */
  readonly operationId: string | undefined;
  /** How many attempts the call made (retries included), when the error comes from a call. */
  readonly attempts: number | undefined;
  /** @internal */
  constructor(message: string, neverConnected: boolean, cause?: unknown, call?: FailedCall) {
    super("connection", inCall(message, call), { cause });
    this.neverConnected = neverConnected;
    this.operationId = call?.operationId;
    this.attempts = call?.attempts;
  }
}

/** An attempt took longer than the client's or the call's `timeoutMs`. */
export class TimeoutError extends HuaweiCloudError {
  /** The timeout that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  /** The operation that timed out, when the error comes from a call. */
  readonly operationId: string | undefined;
  /** How many attempts the call made (retries included), when the error comes from a call. */
  readonly attempts: number | undefined;
  /** @internal */
  constructor(timeoutMs: number, call?: FailedCall, cause?: unknown) {
    super("timeout", inCall(`the request timed out after ${timeoutMs} ms`, call), { cause });
    this.timeoutMs = timeoutMs;
    this.operationId = call?.operationId;
    this.attempts = call?.attempts;
  }
}

/** The caller's `AbortSignal` fired. */
export class AbortError extends HuaweiCloudError {
  /** The operation that was aborted, when the error comes from a call. */
  readonly operationId: string | undefined;
  /** How many attempts the call had made (retries included), when the error comes from a call. */
  readonly attempts: number | undefined;
  /** @internal */
  constructor(cause?: unknown, call?: FailedCall) {
    super("abort", inCall("the request was aborted by the caller's AbortSignal", call), { cause });
    this.operationId = call?.operationId;
    this.attempts = call?.attempts;
  }
}

/** A buffered file was larger than `maxBufferedBytes`; the service has already processed the request. */
export class ResponseTooLargeError extends HuaweiCloudError {
  /** The cap that was exceeded, in bytes. */
  readonly limitBytes: number;
  /** @internal */
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

/** A 2xx response whose body is not what the spec declares (not JSON, or the wrong shape). */
export class UnexpectedResponseError extends HuaweiCloudError {
  /** The HTTP status of the response. */
  readonly status: number;
  /** @internal */
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
/** True for any error this SDK throws, from any copy of the package. */
export const isHuaweiCloudError = (e: unknown): e is HuaweiCloudError => hasKind(e);
/** True for a {@link ValidationError}, from any copy of the package. */
export const isValidationError = (e: unknown): e is ValidationError => hasKind(e, "validation");
/** True for a {@link ConfigurationError}, from any copy of the package. */
export const isConfigurationError = (e: unknown): e is ConfigurationError => hasKind(e, "configuration");
/** True for an {@link ApiError} or any of its subclasses, from any copy of the package. */
export const isApiError = (e: unknown): e is ApiError => hasKind(e, "api");
/** True for a {@link ConnectionError}, from any copy of the package. */
export const isConnectionError = (e: unknown): e is ConnectionError => hasKind(e, "connection");
/** True for a {@link TimeoutError}, from any copy of the package. */
export const isTimeoutError = (e: unknown): e is TimeoutError => hasKind(e, "timeout");
/** True for an {@link AbortError}, from any copy of the package. */
export const isAbortError = (e: unknown): e is AbortError => hasKind(e, "abort");
/** True for a {@link ResponseTooLargeError}, from any copy of the package. */
export const isResponseTooLargeError = (e: unknown): e is ResponseTooLargeError => hasKind(e, "response-too-large");
/** True for an {@link UnexpectedResponseError}, from any copy of the package. */
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

/** Bytes or a Blob: shown by its size, never whole. */
function isBinaryValue(value: unknown): boolean {
  return value instanceof Uint8Array || value instanceof ArrayBuffer || (typeof Blob !== "undefined" && value instanceof Blob);
}

function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(truncate(value, 64));
  // JSON.stringify writes NaN and the infinities as "null", which would misstate what was given.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `${value.byteLength} bytes`;
  if (typeof Blob !== "undefined" && value instanceof Blob) return `a Blob of ${value.size} bytes`;
  try {
    return truncate(JSON.stringify(value) ?? String(value), 64);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
