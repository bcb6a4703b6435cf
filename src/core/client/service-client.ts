/**
 * The one service client template. Every generated client extends ServiceClient with its service
 * descriptor and the features it carries:
 *
 * - the aggregated client (`PcaClient`) brings discovery (credentials from the environment, the
 *   profile file or the ECS metadata when none are given, and the IAM lookup of a missing project
 *   or account id) and AK/SK signing;
 * - the bare client (`PcaBareClient`) brings none of it unless given as plugins: credentials and
 *   ids are given, so a bundle of it and one operation carries no discovery code.
 *
 * Both resolve their options here, once, into the core every operation call uses.
 */
import { type AkSkSigning, createAuthenticator, type SigningScope } from "../auth/authenticator.js";
import { type Credentials, ENV, type Environment, runtimeEnvironment } from "../auth/credentials.js";
import { type Clock, systemClock } from "../clock.js";
import { checkEndpoint, resolveEndpoint } from "../endpoints.js";
import { ConfigurationError } from "../errors.js";
import type { createFailover } from "../http/failover.js";
import { regionEndpoints } from "../http/failover.js";
import { defaultRetryOptions } from "../http/retry.js";
import { type ClientCore, createClientCore } from "../operation.js";
import type { AccountScope, AccountScopeOptions } from "../scope/account-scope.js";
import { type ClientOptions, DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_TIMEOUT_MS, idOption, numberOption } from "./options.js";
import type { ServiceDescriptor } from "./service.js";

/**
 * What a client adds to the template beyond its service: AK/SK signing, discovery, and failover
 * where regions have two endpoints. The aggregated clients carry all of them; a bare client
 * carries failover and what its `plugins` option gives (`akSkSigning`, `discovery`).
 */
export interface ClientFeatures {
  /** Signs requests with AK/SK credentials. Without it, a client takes tokens only. */
  readonly akSk?: AkSkSigning | undefined;
  /** Credentials when the options give none (the environment, then the default chain). Without it, credentials are required. */
  readonly defaultCredentials?: ((env: Environment) => Credentials) | undefined;
  /**
   * Finds a project or account id the options do not give: from the credentials provider (a
   * profile's id), else through IAM. Without it the id must be given.
   */
  readonly accountScope?: ((options: AccountScopeOptions) => AccountScope) | undefined;
  /** Endpoint failover, for services whose regions have a second endpoint. */
  readonly failover?: typeof createFailover | undefined;
}

/** A client's core: the transport and settings, plus how it fills its scope. */
export interface ServiceCore extends ClientCore {
  readonly service: ServiceDescriptor;
  /** The project or account id: as given, or once found. */
  scopeId(): string | undefined;
  /** The id, looked up (with the credentials, or through IAM) when it was not given. */
  resolveScope(signal: AbortSignal): Promise<string>;
}

const cores = new WeakMap<object, ServiceCore>();

/** The core of a client (for the operation functions; not part of the public API). */
export function coreOf(client: object): ServiceCore {
  const core = cores.get(client);
  if (!core) throw new ConfigurationError("not a client of this SDK: pass a client built by its constructor");
  return core;
}

/**
 * The base of every client of this SDK. `Service` ties a client to its own operations at compile
 * time: a PCA operation does not accept a BCS client.
 */
export abstract class ServiceClient<Service extends string> {
  /** Which service's operations this client calls (a type-level mark; never set). */
  declare protected readonly serviceKey: Service;

  /** Throws a {@link ConfigurationError} for bad options, missing credentials or a missing id. */
  protected constructor(
    options: ClientOptions<string> & { readonly projectId?: string | undefined; readonly domainId?: string | undefined; readonly plugins?: readonly ClientFeatures[] | undefined },
    service: ServiceDescriptor,
    features: ClientFeatures,
  ) {
    // A bare client's plugins add to what its service gives it.
    const all = options.plugins ? Object.assign({}, features, ...options.plugins) as ClientFeatures : features;
    // Credentials live in the core, in a WeakMap: they never show in JSON.stringify or util.inspect of a client.
    cores.set(this, buildCore(options, service, all));
  }

  /** The endpoint requests go to (after a failover, the one that answered). */
  get endpoint(): string {
    return coreOf(this).baseUrl;
  }
}

function buildCore(
  options: ClientOptions<string> & { readonly projectId?: string | undefined; readonly domainId?: string | undefined },
  service: ServiceDescriptor,
  features: ClientFeatures,
): ServiceCore {
  const env = options.env ?? runtimeEnvironment();
  const clock: Clock = options.clock ?? systemClock;
  const credentials = options.credentials !== undefined ? options.credentials : features.defaultCredentials?.(env);
  if (credentials === undefined) {
    throw new ConfigurationError(`${bareName(service)}: pass credentials (a bare client has no default credential chain; ${service.client} has)`);
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") throw new ConfigurationError("no fetch implementation: pass options.fetch");
  const timeoutMs = numberOption(options.timeoutMs, "timeoutMs", "timeout") ?? DEFAULT_TIMEOUT_MS;
  const baseUrl = resolveEndpoint(service.client, service.servers, { region: options.region, endpoint: options.endpoint, env });
  if (options.iamEndpoint !== undefined) checkEndpoint(options.iamEndpoint);

  const isProject = service.scope === "project";
  const isToken = typeof credentials === "object" && credentials !== null && "token" in credentials;
  const isStatic = typeof credentials === "object" && credentials !== null && !("token" in credentials) && !("akSk" in credentials);
  // A token needs the id only where the paths hold it (BCS); a token client never reads it (nor its variable) otherwise.
  const needed = !isToken || service.scopeParameter !== null;
  const option = isProject ? "projectId" : "domainId";
  const given = needed || options[option] !== undefined ? idOption(options[option], env, isProject ? ENV.projectId : ENV.domainId) : undefined;
  const header = isProject ? "X-Project-Id" : "X-Domain-Id";
  const discover = features.accountScope;
  const missing =
    `${discover ? service.client : bareName(service)}: pass ${option} or set ${isProject ? ENV.projectId : ENV.domainId}` +
    (service.scopeParameter ? ` (the paths hold the ${service.scope} id)` : " (AK/SK signatures carry it)") +
    (discover ? ", or pass region to look it up through IAM" : `, or use ${service.client}, which finds it`);

  let scope: SigningScope | undefined;
  let accountScope: AccountScope | undefined;
  if (given !== undefined) {
    scope = { header, value: given };
  } else if (needed) {
    // A provider may bring the id (a profile's project_id); a region allows the IAM lookup.
    // Fixed credentials without a region have no way to find it, nor has a bare client.
    if (discover === undefined || (options.region === undefined && (isStatic || isToken))) throw new ConfigurationError(missing);
    const found = discover({
      kind: service.scope,
      region: options.region,
      iamEndpoint: options.iamEndpoint,
      env,
      missing,
      lookup: { fetch: fetchImpl, clock, timeoutMs, logger: options.logger },
    });
    accountScope = found;
    scope = { header, value: (provided, signal) => found.resolveWith(provided, signal) };
  }
  const authenticator = createAuthenticator({
    credentials,
    akSk: features.akSk,
    clock,
    tokenSchema: service.tokenSchema,
    scope,
    kind: isProject ? "basic" : "global",
  });
  accountScope?.bind(authenticator);
  // A region with a second endpoint fails over to it on DNS and TLS failures (http/failover.ts).
  // Stryker disable next-line ArrayDeclaration: failover needs two endpoints; with an explicit endpoint, none or one gives the same (no failover)
  const endpoints = options.endpoint === undefined && features.failover ? regionEndpoints(service.servers, options.region, env) : [];
  const failover =
    endpoints.length > 1
      ? features.failover!({
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
  return Object.assign(core, {
    service,
    scopeId: () => given ?? accountScope?.found,
    resolveScope: async (signal: AbortSignal) => {
      if (given !== undefined) return given;
      if (!accountScope) throw new ConfigurationError(missing);
      return accountScope.resolve(signal);
    },
  });
}

/** The bare client's name: BcsBareClient for BcsClient. */
function bareName(service: ServiceDescriptor): string {
  return service.client.replace(/Client$/, "BareClient");
}
