/**
 * The options every service client takes, and the rules they are checked by. Precedence:
 * constructor option > environment variable > default.
 */
import type { Credentials, Environment } from "../auth/credentials.js";
import type { Clock } from "../clock.js";
import { ConfigurationError } from "../errors.js";
import type { Logger } from "../logger.js";
import { type NumberOptionKind, numberOptionProblem } from "../request/number-options.js";

export interface ClientOptions<Region extends string> {
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
  /** @internal The time source: a seam for the SDK's own tests, not part of the public API. */
  readonly clock?: Clock | undefined;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** A number option (timeout, count, size), refused with a ConfigurationError naming it when out of its range. */
export function numberOption(value: number | undefined, name: string, kind: NumberOptionKind): number | undefined {
  const problem = numberOptionProblem(value, kind);
  if (problem) throw new ConfigurationError(`${name} ${problem}`);
  return value;
}

/** An id option with its environment fallback; empty strings count as missing. */
export function idOption(value: string | undefined, env: Environment, variable: string): string | undefined {
  const resolved = value ?? env[variable];
  return resolved === "" ? undefined : resolved;
}
