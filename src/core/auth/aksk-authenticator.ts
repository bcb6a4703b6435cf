/**
 * AK/SK request signing as an authenticator: the credentials from a fixed pair or a provider
 * (checked, cached until shortly before they expire), the account scope header (X-Project-Id or
 * X-Domain-Id), then the SDK-HMAC-SHA256 signature on every attempt. A plugin of its
 * own (`akSkSigning`), so that a bare client used with a token carries no signer.
 */
import type { AkSkSigning, Authenticator, OutgoingRequest, SigningScope } from "./authenticator.js";
import { CONTROL_CHARACTER } from "./authenticator.js";
import { type AkSkCredentials, type ExpiringAkSk, RefreshingValue } from "./credentials.js";
import { ConfigurationError } from "../errors.js";
import type { ProvidedCredentials } from "./providers/provider.js";
import { signRequest } from "./signer.js";

/** A header value the SDK can send: visible ASCII, no spaces (ids; checked without quoting them). */
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

export const signAkSk: AkSkSigning = (credentials, kind, scope, clock, expiryOf) => {
  const source = "akSk" in credentials ? () => credentials.akSk({ kind }) : async (): Promise<ExpiringAkSk> => credentials;
  // A fixed pair is checked now, at construction: a mistake is a ConfigurationError before any call.
  if (!("akSk" in credentials)) assertAkSk(credentials);
  if (typeof scope.value === "string") checkScopeId(scope.header, scope.value);
  const cache = new RefreshingValue<ProvidedCredentials>(async () => {
    const fresh: ProvidedCredentials = await source();
    assertAkSk(fresh);
    return { value: fresh, expiresAt: expiryOf(fresh.expiresAt, "the AK/SK provider") };
  }, clock);
  return akSkAuthenticator(cache, scope);
};

function checkScopeId(header: SigningScope["header"], value: unknown): asserts value is string {
  if (typeof value !== "string" || !HEADER_TOKEN.test(value)) {
    throw new ConfigurationError(`the ${header === "X-Project-Id" ? "projectId" : "domainId"} must be printable ASCII without spaces`);
  }
}

function akSkAuthenticator(cache: RefreshingValue<ProvidedCredentials>, scope: SigningScope): Authenticator {
  const sign = async (request: OutgoingRequest, now: Date, signal: AbortSignal, scoped: boolean) => {
    const credentials = cache.peek() ?? (await cache.get(signal));
    if (scoped) {
      const value = typeof scope.value === "string" ? scope.value : await scope.value(credentials, signal);
      checkScopeId(scope.header, value);
      request.headers.set(scope.header, value);
    }
    // The signer's TypeErrors name the bad field, never its value: report them as configuration.
      const added = await signRequest(request, credentials, now).catch((error: unknown) => {
        throw error instanceof TypeError ? new ConfigurationError(error.message) : error;
      });
      try {
        for (const [name, value] of Object.entries(added)) request.headers.set(name, value);
      }
      // Stryker disable next-line BlockStatement: unreachable, kept as a guard: assertAkSk (HEADER_TOKEN) and the signer (PLAIN_HEADER_VALUE, SDK_DATE) refuse first every value Headers.set would refuse
      catch {
        // Headers.set quotes a value it refuses (an AK or security token that is not a header value).
        // Stryker disable next-line StringLiteral: unreachable, as the catch above
        throw new ConfigurationError("AK/SK credentials must be valid HTTP header values (printable ASCII)");
      }
  };
  return {
    authorize: (request, now, signal) => sign(request, now, signal, true),
    authorizeUnscoped: (request, now, signal) => sign(request, now, signal, false),
    unauthorized: () => cache.invalidate(),
    akSk: (signal) => cache.get(signal),
  };
}

function assertAkSk(value: unknown): asserts value is AkSkCredentials {
  const v = value as Partial<AkSkCredentials> | undefined;
  if (typeof v?.accessKeyId !== "string" || v.accessKeyId === "" || typeof v.secretAccessKey !== "string" || v.secretAccessKey === "") {
    throw new ConfigurationError("AK/SK credentials need a non-empty accessKeyId and secretAccessKey");
  }
  // Messages name the field, never its value. A key copied from a file often ends in a newline:
  // the access key would break the Authorization header, and a secret key would sign wrongly
  // (a 401 signature mismatch), so both are refused here, before any request.
  if (!HEADER_TOKEN.test(v.accessKeyId)) {
    throw new ConfigurationError("AK/SK credentials: accessKeyId must be printable ASCII without spaces or control characters");
  }
  if (CONTROL_CHARACTER.test(v.secretAccessKey) || v.secretAccessKey.trim() !== v.secretAccessKey) {
    throw new ConfigurationError("AK/SK credentials: secretAccessKey must have no control characters and no leading or trailing whitespace");
  }
  if (typeof v.securityToken === "string" && CONTROL_CHARACTER.test(v.securityToken)) {
    throw new ConfigurationError("AK/SK credentials: securityToken must not contain control characters");
  }
}
