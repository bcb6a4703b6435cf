/**
 * Puts credentials on a request: an X-Auth-Token header, or an AK/SK signature. Called by the
 * transport on every attempt, last, so that each retry carries a fresh X-Sdk-Date.
 */
import type { Clock } from "../clock.js";
import { type Credentials, ENV, RefreshingValue } from "./credentials.js";
import { ConfigurationError, ValidationError } from "../errors.js";
import type { ConstraintSchema } from "../request/operation-spec.js";
import type { CredentialKind, ProvidedCredentials } from "./providers/provider.js";
import { validateValue } from "../request/validate.js";

export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  /** The body as sent: a JSON string, serialized form bytes, or none. */
  readonly body: Uint8Array | string | undefined;
}

export interface Authenticator {
  /** Adds the credential headers to `request.headers`; gives up when `signal` aborts. */
  authorize(request: OutgoingRequest, now: Date, signal: AbortSignal): Promise<void> | void;
  /** The service answered 401: drop cached credentials so the next call fetches new ones. */
  unauthorized(): void;
  /**
   * When the credentials are at hand without waiting or signing (a cached token): a new Headers
   * holding `base` with the credential headers on, in place of copying `base` and calling
   * authorize. Undefined: call authorize.
   */
  readonly headersFor?: ((base: Headers) => Headers | undefined) | undefined;
  /** The AK/SK requests are signed with (after any refresh); undefined for token credentials. */
  readonly akSk?: ((signal: AbortSignal) => Promise<ProvidedCredentials>) | undefined;
  /** Like authorize, without the account-scope header: for the IAM lookup of that very scope. */
  readonly authorizeUnscoped?: ((request: OutgoingRequest, now: Date, signal: AbortSignal) => Promise<void> | void) | undefined;
}

/**
 * Which account scope an AK/SK signature carries: X-Project-Id (BCS) or X-Domain-Id (PCA). The
 * id is given, or found once the credentials are known (from a profile file, or through IAM).
 */
export interface SigningScope {
  readonly header: "X-Project-Id" | "X-Domain-Id";
  readonly value: string | ((credentials: ProvidedCredentials, signal: AbortSignal) => Promise<string>);
}

/**
 * AK/SK signing, handed in by the clients that carry it: the aggregated
 * clients always, a bare client when given the akSkSigning plugin. Without it a client takes
 * tokens only, and its bundle holds no signer.
 */
export type AkSkSigning = (
  /** A fixed pair (checked at once) or `{ akSk }`, a provider asked with the credentials' kind. */
  credentials: Exclude<Credentials, { readonly token: unknown }>,
  kind: CredentialKind,
  scope: SigningScope,
  clock: Clock,
  expiryOf: (expiresAt: unknown, who: string) => number | undefined,
) => Authenticator;

export interface AuthenticatorOptions {
  readonly credentials: Credentials;
  /** Signs AK/SK requests; without it, AK/SK credentials are a ConfigurationError. */
  readonly akSk?: AkSkSigning | undefined;
  readonly clock: Clock;
  /** The spec's X-Auth-Token header schema, to bound a token's length. */
  readonly tokenSchema: ConstraintSchema | undefined;
  /** Required for AK/SK. */
  readonly scope: SigningScope | undefined;
  /** Passed to an `akSk` provider, which may read [basic] or [global] by it. Default "basic". */
  readonly kind?: CredentialKind | undefined;
}

/** C0 controls and DEL (tab included): no credential contains one, and fetch refuses them in headers. */
export const CONTROL_CHARACTER = /[\x00-\x1f\x7f]/;

/** Checks the credentials' shape at construction, so a mistake is a ConfigurationError before any call. */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const { credentials, clock } = options;
  if (typeof credentials !== "object" || credentials === null) {
    throw new ConfigurationError("credentials must be { token }, { accessKeyId, secretAccessKey } or { akSk }");
  }
  if ("token" in credentials) {
    const { token } = credentials;
    if (typeof token !== "string" && typeof token !== "function") {
      throw new ConfigurationError("credentials.token must be a string or a function that returns one");
    }
    // A token copied from a file often ends in a newline. Refused here, as keys are, rather than
    // trimmed: what is sent is exactly what was given (the message never shows the token).
    if (typeof token === "string" && (CONTROL_CHARACTER.test(token) || token.trim() !== token)) {
      throw new ConfigurationError("credentials.token must have no control characters (a line end) and no leading or trailing whitespace");
    }
    return tokenAuthenticator(options, token);
  }
  if ("akSk" in credentials && typeof credentials.akSk !== "function") {
    throw new ConfigurationError("credentials.akSk must be a function that returns { accessKeyId, secretAccessKey }");
  }
  if (!options.akSk) {
    throw new ConfigurationError("AK/SK credentials need the akSkSigning plugin on a bare client (plugins: [akSkSigning]); the aggregated clients carry it");
  }
  const { scope } = options;
  if (!scope) {
    // Only PcaClient can get here: BcsClient refuses a missing projectId before.
    throw new ConfigurationError(`AK/SK signing needs the account id: pass domainId or set ${ENV.domainId}`);
  }
  return options.akSk(credentials, options.kind ?? "basic", scope, clock, expiryOf);
}

function tokenAuthenticator(options: AuthenticatorOptions, token: string | (() => Promise<unknown>)): Authenticator {
  const cache = new RefreshingValue(async () => {
    const fresh = typeof token === "string" ? token : await token();
    const value = typeof fresh === "string" ? fresh : (fresh as { token?: unknown } | null)?.token;
    if (typeof value !== "string") throw new ConfigurationError("the token provider returned no token");
    const expiresAt = typeof fresh === "object" && fresh !== null ? (fresh as { expiresAt?: unknown }).expiresAt : undefined;
    return { value, expiresAt: expiryOf(expiresAt, "the token provider") };
  }, options.clock);
  // The length rule walks the whole token (code points): checked once per token string.
  let checked: string | undefined;
  const put = (headers: Headers, value: string) => {
    if (value !== checked) {
      if (options.tokenSchema) {
        validateValue({ operationId: "credentials", secret: true }, "X-Auth-Token", options.tokenSchema, value);
      }
      if (CONTROL_CHARACTER.test(value)) {
        // Headers.set accepts U+0001 or U+007F, but fetch refuses them at send time: a
        // ConnectionError (and retries) for a request that can never be sent.
        throw new ValidationError("credentials", "X-Auth-Token", "header-value", "must not contain control characters", value, true);
      }
      checked = value;
    }
    try {
      headers.set("X-Auth-Token", value);
    } catch {
      // Headers.set would quote the token in its message (a newline or NUL inside it).
      throw new ValidationError("credentials", "X-Auth-Token", "header-value", "must be a valid HTTP header value", value, true);
    }
  };
  // Synchronous (no promise) when the token is cached.
  const authorize = (request: OutgoingRequest, _now: Date, signal: AbortSignal): Promise<void> | void => {
    const cached = cache.peek();
    if (cached !== undefined) return put(request.headers, cached);
    return cache.get(signal).then((value) => put(request.headers, value));
  };
  // Headers.set checks a value character by character (about 10 µs for a 6 KiB token, on every
  // call); copying a Headers that already holds it does not. So the token is set once per token
  // string, on a Headers of its own, and each attempt starts from a copy of that.
  let prepared: { token: string; headers: Headers } | undefined;
  const headersFor = (base: Headers): Headers | undefined => {
    const cached = cache.peek();
    if (cached === undefined) return undefined;
    if (prepared?.token !== cached) {
      const headers = new Headers();
      put(headers, cached);
      prepared = { token: cached, headers };
    }
    const headers = new Headers(prepared.headers);
    // The token wins over a base header of the same name, as when authorize sets it last.
    for (const [name, value] of base) if (name !== "x-auth-token") headers.set(name, value);
    return headers;
  };
  return { authorize, authorizeUnscoped: authorize, unauthorized: () => cache.invalidate(), headersFor };
}

/** A provider's `expiresAt`: absent, or a valid Date. */
function expiryOf(expiresAt: unknown, who: string): number | undefined {
  if (expiresAt === undefined) return undefined;
  if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) {
    throw new ConfigurationError(`${who} returned an expiresAt that is not a valid Date`);
  }
  return expiresAt.getTime();
}
