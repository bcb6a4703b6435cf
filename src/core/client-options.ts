/**
 * Client options common to BcsClient and PcaClient, and how they resolve:
 * constructor option > environment variable > default.
 */
import { createAuthenticator, type SigningScope } from "./auth/authenticator.js";
import { type Clock, systemClock } from "./clock.js";
import {
  type Credentials,
  type Environment,
  credentialsFromEnvironment,
  ENV,
  runtimeEnvironment,
} from "./auth/credentials.js";
import { resolveEndpoint } from "./endpoints.js";
import { ConfigurationError } from "./errors.js";
import type { Logger } from "./logger.js";
import { type ClientCore, createClientCore } from "./operation.js";
import type { OperationSpec, ServerSpec } from "./request/operation-spec.js";
import { TOKEN_HEADER } from "./request/operation-spec.js";
import { type NumberOptionKind, numberOptionProblem } from "./request/number-options.js";
import { defaultRetryOptions } from "./http/retry.js";

export interface CommonClientOptions<Region extends string> {
  /** A region id from the spec's servers; ignored when `endpoint` is given. */
  readonly region?: Region | undefined;
  /** A custom endpoint (https, or http on loopback), e.g. a proxy or the mock. */
  readonly endpoint?: string | undefined;
  /** Token, AK/SK or a provider; defaults to HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK. */
  readonly credentials?: Credentials | undefined;
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

export interface CoreSetup {
  readonly service: string;
  readonly servers: readonly ServerSpec[];
  readonly operations: Readonly<Record<string, OperationSpec>>;
  /** How AK/SK signatures name the account; undefined when the id is missing. */
  readonly scope: SigningScope | undefined;
}

export function buildCore<Region extends string>(options: CommonClientOptions<Region>, setup: CoreSetup): ClientCore {
  const env = options.env ?? runtimeEnvironment();
  const clock = options.clock ?? systemClock;
  const credentials = options.credentials ?? credentialsFromEnvironment(env);
  if (!credentials) {
    throw new ConfigurationError(
      `${setup.service}: no credentials; pass credentials (a token or AK/SK) or set ${ENV.accessKeyId} and ${ENV.secretAccessKey}`,
    );
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") throw new ConfigurationError("no fetch implementation: pass options.fetch");
  return createClientCore({
    baseUrl: resolveEndpoint(setup.service, setup.servers, options),
    fetch: fetchImpl,
    authenticator: createAuthenticator({
      credentials,
      clock,
      tokenSchema: tokenSchemaOf(setup.operations),
      scope: setup.scope,
    }),
    clock,
    logger: options.logger,
    timeoutMs: numberOption(options.timeoutMs, "timeoutMs", "timeout") ?? DEFAULT_TIMEOUT_MS,
    retry: {
      ...defaultRetryOptions,
      maxRetries: numberOption(options.maxRetries, "maxRetries", "count") ?? defaultRetryOptions.maxRetries,
      retryStateChanging: options.retryStateChanging ?? defaultRetryOptions.retryStateChanging,
    },
    maxBufferedBytes: numberOption(options.maxBufferedBytes, "maxBufferedBytes", "size") ?? DEFAULT_MAX_BUFFERED_BYTES,
  });
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
