/**
 * iamPasswordTokenProvider: an IAM user token from a password (POST /v3/auth/tokens, the
 * `password-token` operation of the IAM OpenAPI document), for the `token` credential of BcsClient and PcaClient. The token comes from the
 * X-Subject-Token response header and is cached by the client until shortly before
 * `token.expires_at`.
 */
import { servers } from "../generated/iam.operations.js";
import { passwordToken, type PasswordToken } from "../generated/iam.roles.js";
import { systemClock, type Clock } from "./core/clock.js";
import { ENV, type Environment, type ExpiringToken, type TokenProvider, runtimeEnvironment } from "./core/auth/credentials.js";
import { checkEndpoint } from "./core/endpoints.js";
import { givenIamEndpoint } from "./core/scope/iam-endpoint.js";
import { ConfigurationError } from "./core/errors.js";
import type { Logger } from "./core/logger.js";
import { numberOptionProblem } from "./core/request/number-options.js";
import { createClientCore, invoke } from "./core/operation.js";
import { defaultRetryOptions } from "./core/http/retry.js";

type PasswordAuthRequest = PasswordToken["requestBody"]["content"]["application/json"];
type TokenResponse = PasswordToken["responses"][201]["content"]["application/json"];

/** What a token is valid for: a project (BCS) or an account (global services such as PCA). */
export type IamScope = NonNullable<PasswordAuthRequest["auth"]["scope"]>;

/** Options of {@link iamPasswordTokenProvider}. */
export interface IamPasswordTokenOptions {
  /** IAM user name. */
  readonly userName: string;
  /** The IAM user's password; masked in every error and never logged. */
  readonly password: string;
  /** The account (domain) name the user belongs to. */
  readonly domainName: string;
  /**
   * What the token is valid for: `{ project: { name: "<region id>" } }` for BCS, or
   * `{ domain: { name: "<account name>" } }` for global services such as PCA.
   */
  readonly scope: IamScope;
  /**
   * Default HUAWEICLOUD_SDK_IAM_ENDPOINT (the IAM endpoint the clients' project and account
   * lookups use too), else https://iam.myhuaweicloud.com, the official SDKs' default.
   */
  readonly endpoint?: string | undefined;
  /** Where HUAWEICLOUD_SDK_IAM_ENDPOINT is read when `endpoint` is not given. Default process.env where there is one. */
  readonly env?: Environment | undefined;
  /** A fetch implementation (a proxy agent, a test double). Default globalThis.fetch. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Timeout of the token request in ms. Default 30 000. */
  readonly timeoutMs?: number | undefined;
  /** Receives the token request's log events, like a client's logger. */
  readonly logger?: Logger | undefined;
  /** @internal The time source: a seam for the SDK's own tests, not part of the public API. */
  readonly clock?: Clock | undefined;
}

const DEFAULT_ENDPOINT = servers[0].url;

/**
 * A {@link TokenProvider} that obtains an IAM user token with a password
 * (`POST /v3/auth/tokens`), for the `token` credential of {@link BcsClient} and {@link PcaClient}.
 * Each call asks IAM for a token; the client caches it until shortly before it expires.
 */
export function iamPasswordTokenProvider(options: IamPasswordTokenOptions): TokenProvider {
  const clock = options.clock ?? systemClock;
  const core = createClientCore({
    baseUrl: options.endpoint !== undefined ? checkEndpoint(options.endpoint) : defaultEndpoint(options.env ?? runtimeEnvironment()),
    fetch: options.fetch ?? globalThis.fetch,
    // This call is how credentials are obtained: it carries none itself.
    authenticator: { authorize: async () => undefined, unauthorized: () => undefined },
    clock,
    timeoutMs: checkedTimeout(options.timeoutMs) ?? 30_000,
    retry: defaultRetryOptions,
    maxBufferedBytes: 1024 * 1024,
    logger: options.logger,
  });
  const body: PasswordAuthRequest = {
    auth: {
      identity: {
        methods: ["password"],
        password: { user: { name: options.userName, password: options.password, domain: { name: options.domainName } } },
      },
      scope: options.scope,
    },
  };

  return async (): Promise<ExpiringToken> => {
    // The password member is `format: password` in spec/iam.yaml: validation masks its value.
    const { data, response } = await invoke(
      core,
      { op: passwordToken, input: { nocatalog: "true", ...body }, options: undefined },
      "json",
    );
    const token = response.headers.get("x-subject-token");
    if (!token) throw new ConfigurationError("IAM answered without an X-Subject-Token header");
    // The transport has checked the body against the spec (token.expires_at is required).
    const expiresAt = new Date((data as Partial<TokenResponse> | undefined)?.token?.expires_at ?? Number.NaN);
    return Number.isNaN(expiresAt.getTime()) ? { token } : { token, expiresAt };
  };
}

function defaultEndpoint(env: Environment): string {
  const fromEnv = env[ENV.iamEndpoint];
  return fromEnv ? givenIamEndpoint(fromEnv) : DEFAULT_ENDPOINT;
}

function checkedTimeout(value: number | undefined): number | undefined {
  const problem = numberOptionProblem(value, "timeout");
  if (problem) throw new ConfigurationError(`timeoutMs ${problem}`);
  return value;
}
