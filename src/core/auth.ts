/**
 * Puts credentials on a request: an X-Auth-Token header, or an AK/SK signature. Called by the
 * transport on every attempt, last, so that each retry carries a fresh X-Sdk-Date.
 */
import type { Clock } from "./clock.js";
import {
  type AkSkCredentials,
  type Credentials,
  type ExpiringAkSk,
  RefreshingValue,
} from "./credentials.js";
import { ConfigurationError, ValidationError } from "./errors.js";
import type { ConstraintSchema } from "./operation-spec.js";
import { signRequest } from "./signer.js";
import { validateValue } from "./validate.js";

export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: Uint8Array | undefined;
}

export interface Authenticator {
  /** Adds the credential headers to `request.headers`. */
  authorize(request: OutgoingRequest, now: Date): Promise<void>;
  /** The service answered 401: drop cached credentials so the next call fetches new ones. */
  unauthorized(): void;
}

/** Which account scope an AK/SK signature carries: X-Project-Id (BCS) or X-Domain-Id (PCA). */
export interface SigningScope {
  readonly header: "X-Project-Id" | "X-Domain-Id";
  readonly value: string;
}

export interface AuthenticatorOptions {
  readonly credentials: Credentials;
  readonly clock: Clock;
  /** The spec's X-Auth-Token header schema, to bound a token's length. */
  readonly tokenSchema: ConstraintSchema | undefined;
  /** Required for AK/SK. */
  readonly scope: SigningScope | undefined;
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const { credentials, clock } = options;
  if ("token" in credentials) return tokenAuthenticator(options, credentials.token);
  const source =
    "akSk" in credentials
      ? credentials.akSk
      : async (): Promise<ExpiringAkSk> => credentials;
  if (!options.scope) {
    throw new ConfigurationError("AK/SK signing needs the account scope (projectId for BCS, domainId for PCA)");
  }
  return akSkAuthenticator(
    new RefreshingValue(async () => {
      const fresh = await source();
      assertAkSk(fresh);
      return { value: fresh, expiresAt: fresh.expiresAt?.getTime() };
    }, clock),
    options.scope,
  );
}

function tokenAuthenticator(options: AuthenticatorOptions, token: string | (() => Promise<unknown>)): Authenticator {
  const cache = new RefreshingValue(async () => {
    const fresh = typeof token === "string" ? token : await token();
    const value = typeof fresh === "string" ? fresh : (fresh as { token?: unknown })?.token;
    if (typeof value !== "string") throw new ConfigurationError("the token provider returned no token");
    const expiresAt = typeof fresh === "object" && fresh !== null ? (fresh as { expiresAt?: Date }).expiresAt : undefined;
    return { value, expiresAt: expiresAt?.getTime() };
  }, options.clock);
  return {
    async authorize(request) {
      const value = await cache.get();
      if (options.tokenSchema) {
        validateValue({ operationId: "credentials", secret: true }, "X-Auth-Token", options.tokenSchema, value);
      }
      try {
        request.headers.set("X-Auth-Token", value);
      } catch {
        // Headers.set would quote the token in its message (a newline or NUL inside it).
        throw new ValidationError("credentials", "X-Auth-Token", "header-value", "must be a valid HTTP header value", value, true);
      }
    },
    unauthorized: () => cache.invalidate(),
  };
}

function akSkAuthenticator(cache: RefreshingValue<AkSkCredentials>, scope: SigningScope): Authenticator {
  return {
    async authorize(request, now) {
      const credentials = await cache.get();
      request.headers.set(scope.header, scope.value);
      // The signer's TypeErrors name the bad field, never its value: report them as configuration.
      const added = await signRequest(request, credentials, now).catch((error: unknown) => {
        throw error instanceof TypeError ? new ConfigurationError(error.message) : error;
      });
      try {
        for (const [name, value] of Object.entries(added)) request.headers.set(name, value);
      } catch {
        // Headers.set quotes a value it refuses (an AK or security token that is not a header value).
        throw new ConfigurationError("AK/SK credentials must be valid HTTP header values (printable ASCII)");
      }
    },
    unauthorized: () => cache.invalidate(),
  };
}

function assertAkSk(value: unknown): asserts value is AkSkCredentials {
  const v = value as Partial<AkSkCredentials> | undefined;
  if (typeof v?.accessKeyId !== "string" || v.accessKeyId === "" || typeof v.secretAccessKey !== "string" || v.secretAccessKey === "") {
    throw new ConfigurationError("AK/SK credentials need a non-empty accessKeyId and secretAccessKey");
  }
}
