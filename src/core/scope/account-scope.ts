/**
 * The account scope of a client, found in this order: the constructor option, its environment
 * variable (both resolved by the client), the id stored with the credentials (a profile's
 * project_id or domain_id), then an IAM lookup when the client has a region and was given the
 * lookup (the aggregated clients are; the bare ones look nothing up, so their bundles carry no
 * IAM code).
 *
 * Lookups are cached for the life of the process, per access key, region and IAM endpoint (the
 * official SDKs key theirs by access key and region), and one lookup is in flight however many
 * calls wait on it. A failed lookup is not cached. Token clients cache per client.
 */
import type { Authenticator } from "../auth/authenticator.js";
import type { Environment } from "../auth/credentials.js";
import type { ProvidedCredentials } from "../auth/providers/provider.js";
import { untilAborted } from "../abort.js";
import { ConfigurationError } from "../errors.js";
import type { IamEndpointSources } from "./iam-endpoint.js";
import type { LookupContext } from "./iam-lookup.js";

export type ScopeKind = "project" | "domain";

/** The IAM lookup of a scope, handed in by the clients that offer it (the aggregated ones). */
export interface IamScopeLookup {
  endpointFor(sources: IamEndpointSources): string;
  lookUp(kind: ScopeKind, context: LookupContext, region: string): Promise<string>;
}

export interface AccountScopeOptions {
  readonly kind: ScopeKind;
  /** The region to look the scope up for; without one there is no lookup. */
  readonly region: string | undefined;
  readonly iamEndpoint: string | undefined;
  readonly env: Environment;
  /** What to tell the user when nothing gives the id. */
  readonly missing: string;
  readonly lookup: Omit<LookupContext, "iamEndpoint" | "authenticator">;
  /** The IAM lookup; without it a missing id is a ConfigurationError. */
  readonly iam?: IamScopeLookup | undefined;
}

const shared = new Map<string, Promise<string>>();

/** Forget every cached lookup (tests). */
export function clearScopeCache(): void {
  shared.clear();
}

export class AccountScope {
  readonly #options: AccountScopeOptions;
  #authenticator: Authenticator | undefined;
  #own: Promise<string> | undefined;
  #found: string | undefined;

  constructor(options: AccountScopeOptions) {
    this.#options = options;
  }

  /** The authenticator signs the lookup; it is built after this scope, which it uses. */
  bind(authenticator: Authenticator): void {
    this.#authenticator = authenticator;
  }

  /** The id once found (for display); undefined before the first call. */
  get found(): string | undefined {
    return this.#found;
  }

  /** The id, with the credentials the caller already has (AK/SK clients). */
  async resolveWith(credentials: ProvidedCredentials | undefined, signal: AbortSignal): Promise<string> {
    const stored = this.#options.kind === "project" ? credentials?.projectId : credentials?.domainId;
    if (stored) return (this.#found = stored);
    const { region, iam } = this.#options;
    if (region === undefined || iam === undefined) throw new ConfigurationError(this.#options.missing);
    const authenticator = this.#authenticator!;
    const iamEndpoint = iam.endpointFor({
      option: this.#options.iamEndpoint,
      credentials: credentials?.iamEndpoint,
      env: this.#options.env,
      region,
    });
    const run = () => iam.lookUp(this.#options.kind, { ...this.#options.lookup, iamEndpoint, authenticator }, region);
    let pending: Promise<string>;
    if (credentials) {
      const key = [this.#options.kind, credentials.accessKeyId, region, iamEndpoint].join("\n");
      pending = shared.get(key) ?? remember(key, run());
    } else {
      pending = this.#own ??= run().catch((error: unknown) => {
        this.#own = undefined;
        throw error;
      });
    }
    return (this.#found = await untilAborted(pending, signal));
  }

  /** The id, fetching the credentials first when they are AK/SK. */
  async resolve(signal: AbortSignal): Promise<string> {
    const akSk = this.#authenticator?.akSk;
    return this.resolveWith(akSk ? await akSk(signal) : undefined, signal);
  }
}

function remember(key: string, lookup: Promise<string>): Promise<string> {
  shared.set(key, lookup);
  lookup.catch(() => {
    if (shared.get(key) === lookup) shared.delete(key);
  });
  return lookup;
}
