/**
 * Client options common to BcsClient and PcaClient, and how they resolve:
 * constructor option > environment variable > default.
 */
import { createAuthenticator, type SigningScope } from "./auth/authenticator.js";
import { defaultCredentialChain } from "./auth/providers/chain.js";
import { AccountScope, type ScopeKind } from "./scope/account-scope.js";
import { type Clock, systemClock } from "./clock.js";
import {
  type Credentials,
  type Environment,
  credentialsFromEnvironment,
  runtimeEnvironment,
} from "./auth/credentials.js";
import { checkEndpoint, resolveEndpoint } from "./endpoints.js";
import { ConfigurationError } from "./errors.js";
import type { Logger } from "./logger.js";
import { type ClientCore, createClientCore } from "./operation.js";
import type { OperationSpec, ServerSpec } from "./request/operation-spec.js";
import { TOKEN_HEADER } from "./request/operation-spec.js";
import { type NumberOptionKind, numberOptionProblem } from "./request/number-options.js";
import { defaultRetryOptions } from "./http/retry.js";
import { createFailover, regionEndpoints } from "./http/failover.js";

export interface CommonClientOptions<Region extends string> {
  /** A region id from the spec's servers; ignored when `endpoint` is given. */
  readonly region?: Region | undefined;
  /** A custom endpoint (https, or http on loopback), e.g. a proxy or the mock. */
  readonly endpoint?: string | undefined;
  /**
   * Token, AK/SK or a provider. Default: the chain environment (HUAWEICLOUD_SDK_AK / _SK), then
   * the profile file (~/.huaweicloud/credentials), then the ECS instance metadata service.
   */
  readonly credentials?: Credentials | undefined;
  /**
   * The IAM endpoint of the project or domain lookup (a client with a region and no id). Default:
   * the profile's iam_endpoint, HUAWEICLOUD_SDK_IAM_ENDPOINT, the region's IAM host, then
   * https://iam.myhuaweicloud.com.
   */
  readonly iamEndpoint?: string | undefined;
  /** Per-attempt timeout in ms. Default 60 000. */
  readonly timeoutMs?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  readonly maxRetries?: number | undefined;
  /** Also retry state-changing calls whose outcome is unknown. Default false. */
  readonly retryStateChanging?: boolean | undefined;
  /** Largest file body the buffered form reads into memory. Default 64 MiB. */
  readonly maxBufferedBytes?: number | undefined;
  /** Called for each request, response, retry and failure; never given a secret. */
  readonly logger?: Logger | undefined;
  /** A fetch implementation (a proxy agent, a test double). Default globalThis.fetch. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Environment to read credentials and ids from. Default process.env where there is one. */
  readonly env?: Environment | undefined;
  /** Time source, for tests. */
  readonly clock?: Clock | undefined;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** The account a client works in: a project (BCS) or an account/domain (PCA). */
export interface ScopeSetup {
  readonly kind: ScopeKind;
  readonly header: SigningScope["header"];
  /** The id from the constructor option or its environment variable. */
  readonly given: string | undefined;
  /** BCS paths hold the project id, so even a token client needs it; PCA needs its id only to sign. */
  readonly neededWithToken: boolean;
  /** The error message when nothing gives the id. */
  readonly missing: string;
}

export interface CoreSetup {
  readonly service: string;
  readonly servers: readonly ServerSpec[];
  readonly operations: Readonly<Record<string, OperationSpec>>;
  readonly scope: ScopeSetup;
}

/** A client's core, with where its account id comes from when it was not given. */
export type BuiltCore = ClientCore & { readonly accountScope: AccountScope | undefined };

export function buildCore<Region extends string>(options: CommonClientOptions<Region>, setup: CoreSetup): BuiltCore {
  const env = options.env ?? runtimeEnvironment();
  const clock = options.clock ?? systemClock;
  // The default chain's first link is read now: AK/SK in the environment are fixed credentials,
  // checked at construction (half a pair is a mistake to report, not a cue to look elsewhere).
  // Without them, the rest of the chain (profile file, ECS metadata) runs on the first call.
  const credentials: Credentials =
    options.credentials !== undefined
      ? options.credentials
      : (credentialsFromEnvironment(env) ?? { akSk: defaultCredentialChain({ env }) });
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") throw new ConfigurationError("no fetch implementation: pass options.fetch");
  const timeoutMs = numberOption(options.timeoutMs, "timeoutMs", "timeout") ?? DEFAULT_TIMEOUT_MS;
  const baseUrl = resolveEndpoint(setup.service, setup.servers, options);
  if (options.iamEndpoint !== undefined) checkEndpoint(options.iamEndpoint);

  const { scope: scopeSetup } = setup;
  const isToken = typeof credentials === "object" && credentials !== null && "token" in credentials;
  const isStatic = typeof credentials === "object" && credentials !== null && !("token" in credentials) && !("akSk" in credentials);
  let scope: SigningScope | undefined;
  let accountScope: AccountScope | undefined;
  if (scopeSetup.given !== undefined) {
    scope = { header: scopeSetup.header, value: scopeSetup.given };
  } else if (!(isToken && !scopeSetup.neededWithToken)) {
    // A provider or the default chain may bring the id (a profile's project_id); a region allows
    // the IAM lookup. Fixed credentials without a region have no way to find it.
    if (options.region === undefined && (isStatic || isToken)) throw new ConfigurationError(scopeSetup.missing);
    const found = new AccountScope({
      kind: scopeSetup.kind,
      region: options.region,
      iamEndpoint: options.iamEndpoint,
      env,
      missing: scopeSetup.missing,
      lookup: { fetch: fetchImpl, clock, timeoutMs, logger: options.logger },
    });
    accountScope = found;
    scope = { header: scopeSetup.header, value: (provided, signal) => found.resolveWith(provided, signal) };
  }
  const authenticator = createAuthenticator({
    credentials,
    clock,
    tokenSchema: tokenSchemaOf(setup.operations),
    scope,
    kind: scopeSetup.kind === "project" ? "basic" : "global",
  });
  accountScope?.bind(authenticator);
  // A region with a second endpoint fails over to it on DNS and TLS failures (http/failover.ts).
  // Stryker disable next-line ArrayDeclaration: failover needs two endpoints; with an explicit endpoint, none or one gives the same (no failover)
  const endpoints = options.endpoint === undefined ? regionEndpoints(setup.servers, options.region, env) : [];
  const failover =
    endpoints.length > 1
      ? createFailover({
          fetch: fetchImpl,
          endpoints,
          authorize: async (request, signal) => authenticator.authorize(request, new Date(clock.now()), signal),
        })
      : undefined;
  const core = createClientCore({
    // Read per call: after a failover, calls go to the endpoint that answered.
    baseUrl: () => failover?.current() ?? baseUrl,
    fetch: failover?.fetch ?? fetchImpl,
    authenticator,
    clock,
    timeoutMs,
    retry: {
      ...defaultRetryOptions,
      maxRetries: numberOption(options.maxRetries, "maxRetries", "count") ?? defaultRetryOptions.maxRetries,
      retryStateChanging: options.retryStateChanging ?? defaultRetryOptions.retryStateChanging,
    },
    maxBufferedBytes: numberOption(options.maxBufferedBytes, "maxBufferedBytes", "size") ?? DEFAULT_MAX_BUFFERED_BYTES,
    logger: options.logger,
  });
  return Object.assign(core, { accountScope });
}

/** The spec bounds the token header; every operation of a service declares the same one. */
function tokenSchemaOf(operations: Readonly<Record<string, OperationSpec>>) {
  for (const op of Object.values(operations)) {
    const param = op.parameters.find((p) => p.in === "header" && p.name === TOKEN_HEADER);
    if (param) return param.schema;
  }
  return undefined;
}

function numberOption(value: number | undefined, name: string, kind: NumberOptionKind): number | undefined {
  const problem = numberOptionProblem(value, kind);
  if (problem) throw new ConfigurationError(`${name} ${problem}`);
  return value;
}

/** An id option with its environment fallback; empty strings count as missing. */
export function idOption(value: string | undefined, env: Environment, variable: string): string | undefined {
  const resolved = value ?? env[variable];
  return resolved === "" ? undefined : resolved;
}
