/**
 * What a credential provider is: a function that finds AK/SK somewhere (the environment, a
 * profile file, the ECS metadata service) and may bring the account scope found beside them.
 * Providers fit the `akSk` credential directly: `credentials: { akSk: ecsMetadataCredentials() }`.
 */
import type { ExpiringAkSk } from "../credentials.js";
import { ConfigurationError } from "../../errors.js";

export interface ProvidedCredentials extends ExpiringAkSk {
  /** The project id stored with the credentials (BCS), if any. */
  readonly projectId?: string | undefined;
  /** The account (domain) id stored with the credentials (PCA), if any. */
  readonly domainId?: string | undefined;
  /** An IAM endpoint stored with the credentials, for the project and domain lookup. */
  readonly iamEndpoint?: string | undefined;
}

/**
 * Which credentials a client asks for, as the official SDKs name them: "basic" (project-scoped,
 * BCS) or "global" (account-scoped, PCA). A profile file keeps them in [basic] and [global].
 */
export type CredentialKind = "basic" | "global";

export interface ProviderContext {
  readonly kind?: CredentialKind | undefined;
}

export type CredentialProvider = (context?: ProviderContext) => Promise<ProvidedCredentials>;

const NOT_FOUND = Symbol.for("huaweicloud-cert-sdk.credentials-not-found");

/**
 * "This provider has nothing here": a chain moves on to its next provider. Any other error (a
 * malformed profile file, a metadata service that answers with garbage) stops the chain.
 * The message says what was tried, never a secret.
 */
export class CredentialsNotFoundError extends ConfigurationError {
  constructor(message: string) {
    super(message);
    Object.defineProperty(this, NOT_FOUND, { value: true });
  }
}

/** Works across two copies of the package, like the other guards. */
export function isCredentialsNotFoundError(error: unknown): error is CredentialsNotFoundError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[NOT_FOUND] === true;
}

/** A Node built-in reached at run time, so that the client core keeps no static `node:` import. */
export function nodeBuiltin<T>(name: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(name) as T | undefined;
}
