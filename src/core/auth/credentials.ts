/**
 * Credentials, as the user gives them, and how they are kept fresh.
 *
 *   { token: "..." }                          a fixed IAM token
 *   { token: async () => ... }                a token provider (e.g. iamPasswordTokenProvider)
 *   { accessKeyId, secretAccessKey, securityToken? }   AK/SK, optionally temporary
 *   { akSk: async () => ({ accessKeyId, ... }) }       rotating AK/SK
 *   nothing                                   HUAWEICLOUD_SDK_AK / _SK (/ _SECURITY_TOKEN)
 *
 * Providers are called lazily, cached until shortly before they expire, and concurrent calls
 * share one refresh.
 */
import type { AkSkCredentials } from "./signer.js";
import type { Clock } from "../clock.js";
import { untilAborted } from "../abort.js";
import { ConfigurationError } from "../errors.js";

export type { AkSkCredentials } from "./signer.js";

export interface ExpiringToken {
  readonly token: string;
  /** When the token stops working; without it the token is kept until a 401 says otherwise. */
  readonly expiresAt?: Date | undefined;
}
export type TokenProvider = () => Promise<string | ExpiringToken>;

export interface ExpiringAkSk extends AkSkCredentials {
  readonly expiresAt?: Date | undefined;
}
/** Called with the kind of credentials the client wants (a profile file keeps [basic] and [global]). */
export type AkSkProvider = (context?: { readonly kind?: "basic" | "global" | undefined }) => Promise<ExpiringAkSk>;

export type Credentials =
  | { readonly token: string | TokenProvider }
  | AkSkCredentials
  | { readonly akSk: AkSkProvider };

/** Refresh this long before expiry, so a token does not expire in flight. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** The environment variables the SDK reads; the official SDKs' names where they have one. */
export const ENV = {
  accessKeyId: "HUAWEICLOUD_SDK_AK",
  secretAccessKey: "HUAWEICLOUD_SDK_SK",
  securityToken: "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  projectId: "HUAWEICLOUD_SDK_PROJECT_ID",
  domainId: "HUAWEICLOUD_SDK_DOMAIN_ID",
  /** The profile file, instead of ~/.huaweicloud/credentials (official name). */
  credentialsFile: "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
  /** The IAM endpoint of the project and domain lookup (official name). */
  iamEndpoint: "HUAWEICLOUD_SDK_IAM_ENDPOINT",
  /** "true" switches the metadata provider's default address off (this SDK's name). */
  metadataDisabled: "HUAWEICLOUD_SDK_METADATA_DISABLED",
} as const;

export type Environment = Readonly<Record<string, string | undefined>>;

/** process.env where there is one (Node, Bun, Deno with --allow-env), else nothing. */
export function runtimeEnvironment(): Environment {
  const proc = (globalThis as { process?: { env?: Environment } }).process;
  return proc?.env ?? {};
}

export function credentialsFromEnvironment(env: Environment): AkSkCredentials | undefined {
  const accessKeyId = env[ENV.accessKeyId];
  const secretAccessKey = env[ENV.secretAccessKey];
  if (!accessKeyId && !secretAccessKey) return undefined;
  if (!accessKeyId || !secretAccessKey) {
    throw new ConfigurationError(`set both ${ENV.accessKeyId} and ${ENV.secretAccessKey}, or pass credentials`);
  }
  const securityToken = env[ENV.securityToken];
  return securityToken ? { accessKeyId, secretAccessKey, securityToken } : { accessKeyId, secretAccessKey };
}

/**
 * A value from an async source, cached until `margin` before it expires. Concurrent callers
 * during a refresh share one call to the source.
 */
export class RefreshingValue<T> {
  #source: () => Promise<{ value: T; expiresAt: number | undefined }>;
  #clock: Clock;
  #current: { value: T; expiresAt: number | undefined } | undefined;
  #pending: Promise<T> | undefined;

  constructor(source: () => Promise<{ value: T; expiresAt: number | undefined }>, clock: Clock) {
    this.#source = source;
    this.#clock = clock;
  }

  /**
   * The value, refreshed when it is missing or about to expire. A caller whose `signal` aborts
   * while a refresh is under way also abandons that refresh, so one source call that never
   * settles cannot hold every later call of the client.
   */
  async get(signal: AbortSignal): Promise<T> {
    const current = this.#current;
    if (current && (current.expiresAt === undefined || this.#clock.now() < current.expiresAt - REFRESH_MARGIN_MS)) {
      return current.value;
    }
    const pending = (this.#pending ??= this.#refresh());
    try {
      return await untilAborted(pending, signal);
    } catch (error) {
      if (signal.aborted && this.#pending === pending) this.#pending = undefined;
      throw error;
    }
  }

  #refresh(): Promise<T> {
    const pending: Promise<T> = Promise.resolve()
      .then(() => this.#source())
      .then(
        (fresh) => {
          this.#current = fresh;
          if (this.#pending === pending) this.#pending = undefined;
          return fresh.value;
        },
        (error: unknown) => {
          if (this.#pending === pending) this.#pending = undefined;
          throw error;
        },
      );
    // A refresh every waiter abandoned may still fail later: that is nobody's unhandled rejection.
    pending.catch(() => undefined);
    return pending;
  }

  /** Forget the cached value (after a 401): the next get() asks the source again. */
  invalidate(): void {
    this.#current = undefined;
  }
}
