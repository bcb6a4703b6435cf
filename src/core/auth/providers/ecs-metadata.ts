/**
 * The ECS instance metadata provider: temporary AK/SK and security token of the agency bound to
 * the instance, as the official Go, Python and Java SDKs fetch them.
 *
 *   PUT {endpoint}/meta-data/latest/api/token   X-Metadata-Token-Ttl-Seconds: 21600
 *       200: the body is a session token; 404, 405, 503: carry on without one (v1 mode)
 *   GET {endpoint}/openstack/latest/securitykey  (X-Metadata-Token: <token>)
 *       401 (not "configure Cloud Service Agency"): fetch a new token, GET once more
 *       {"credential":{"access","secret","securitytoken","expires_at"}}
 *
 * Each request has its own timeout (3 s, as theirs). The credentials are cached and fetched
 * again 5 minutes before `expires_at` (the service rotates them 10 minutes before); callers that
 * arrive during a fetch share it. A service that is not there or refuses (no instance, a proxy
 * answering 403, an error status, no agency bound, a timeout, HUAWEICLOUD_SDK_METADATA_DISABLED)
 * means "not found", with the reason, so that a chain ends in "no credentials found" listing it,
 * as the official SDKs' chains do; a 200 that is not credentials is an error.
 */
import { systemClock, type Clock } from "../../clock.js";
import { ENV, type Environment, RefreshingValue, runtimeEnvironment } from "../credentials.js";
import { ConfigurationError, UnexpectedResponseError } from "../../errors.js";
import { checkEndpoint } from "../../endpoints.js";
import { type CredentialProvider, CredentialsNotFoundError, type ProvidedCredentials } from "./provider.js";

/** Options of {@link ecsMetadataCredentials}. */
export interface EcsMetadataCredentialsOptions {
  /** Default http://169.254.169.254; tests point it at a server on 127.0.0.1. */
  readonly endpoint?: string | undefined;
  /** Per-request timeout in ms. Default 3000. */
  readonly timeoutMs?: number | undefined;
  /** Default globalThis.fetch (not a client's fetch: the link-local service is never proxied). */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Time source, for tests. */
  readonly clock?: Clock | undefined;
  /** Where HUAWEICLOUD_SDK_METADATA_DISABLED is read (process.env is always consulted too). */
  readonly env?: Environment | undefined;
}

const METADATA_ENDPOINT = "http://169.254.169.254";
const TOKEN_PATH = "/meta-data/latest/api/token";
const SECURITY_KEY_PATH = "/openstack/latest/securitykey";
const TOKEN_TTL_SECONDS = "21600";
/** Without a token, try to get one again after this long (the official SDKs' rule). */
const TOKEN_RETRY_MS = 24 * 60 * 60_000;
const AGENCY_MISSING = "Please configure Cloud Service Agency first";

/**
 * A provider of the temporary AK/SK and security token of the agency bound to the ECS instance,
 * from the instance metadata service; cached and fetched again 5 minutes before they expire.
 */
export function ecsMetadataCredentials(options: EcsMetadataCredentialsOptions = {}): CredentialProvider {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 3000;
  const base = options.endpoint === undefined ? METADATA_ENDPOINT : checkEndpoint(options.endpoint);
  let token: string | undefined;
  let tokenTriedAt: number | undefined;

  const request = async (method: "PUT" | "GET", path: string, headers: Record<string, string>) => {
    const doFetch = options.fetch ?? globalThis.fetch;
    const controller = new AbortController();
    const cancel = clock.setTimer(() => controller.abort(), timeoutMs);
    try {
      const response = await doFetch.call(globalThis, `${base}${path}`, { method, headers, signal: controller.signal });
      return { status: response.status, body: await response.text() };
    } catch {
      const why = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : "connection failed";
      throw new CredentialsNotFoundError(`ECS metadata: ${method} ${base}${path}: ${why}`);
    } finally {
      cancel();
    }
  };
  /** An answer that is no credentials: "not found", saying what answered (never the body, which may hold keys). */
  const refused = (method: string, path: string, status: number, why = "") =>
    new CredentialsNotFoundError(`ECS metadata: ${method} ${base}${path} answered ${status}${why}`);

  const fetchToken = async (force: boolean) => {
    tokenTriedAt = clock.now();
    const answer = await request("PUT", TOKEN_PATH, { "X-Metadata-Token-Ttl-Seconds": TOKEN_TTL_SECONDS });
    if (answer.status === 200 && answer.body !== "") {
      token = answer.body.trim();
      return;
    }
    token = undefined;
    // No token mode on this host: the v1 GET works without one. After a 401, that is no answer.
    if (!force && [404, 405, 503].includes(answer.status)) return;
    if (answer.status === 200) throw new UnexpectedResponseError(200, "ECS metadata session token is empty", undefined);
    throw refused("PUT", TOKEN_PATH, answer.status);
  };

  const securityKey = async () => {
    const tokenHeaders = () => (token === undefined ? {} : { "X-Metadata-Token": token });
    let answer = await request("GET", SECURITY_KEY_PATH, tokenHeaders());
    if (answer.status === 401 && !answer.body.includes(AGENCY_MISSING)) {
      await fetchToken(true);
      answer = await request("GET", SECURITY_KEY_PATH, tokenHeaders());
    }
    if (answer.status !== 200) {
      throw refused("GET", SECURITY_KEY_PATH, answer.status, answer.body.includes(AGENCY_MISSING) ? " (no agency is bound to the instance)" : "");
    }
    return answer;
  };

  const cache = new RefreshingValue<ProvidedCredentials>(async () => {
    if (options.endpoint === undefined && isDisabled(options.env)) {
      throw new CredentialsNotFoundError(`ECS metadata: ${METADATA_ENDPOINT} is switched off by ${ENV.metadataDisabled}`);
    }
    if (token === undefined && (tokenTriedAt === undefined || clock.now() - tokenTriedAt > TOKEN_RETRY_MS)) {
      await fetchToken(false);
    }
    const answer = await securityKey();
    const credentials = parseSecurityKey(answer.status, answer.body);
    if (credentials.expiresAt.getTime() <= clock.now()) {
      throw new ConfigurationError(`ECS metadata: the temporary credentials expired at ${credentials.expiresAt.toISOString()}`);
    }
    return { value: credentials, expiresAt: credentials.expiresAt.getTime() };
  }, clock);

  const never = new AbortController().signal;
  return () => cache.get(never);
}

function isDisabled(env: Environment | undefined): boolean {
  const on = (value: string | undefined) => value !== undefined && /^(1|true|yes)$/i.test(value.trim());
  return on(env?.[ENV.metadataDisabled]) || on(runtimeEnvironment()[ENV.metadataDisabled]);
}

function parseSecurityKey(status: number, body: string): ProvidedCredentials & { expiresAt: Date } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UnexpectedResponseError(status, "ECS metadata securitykey is not JSON", undefined);
  }
  const credential = (parsed as { credential?: Record<string, unknown> } | null)?.credential;
  const field = (name: string) => (typeof credential?.[name] === "string" && credential[name] !== "" ? (credential[name] as string) : undefined);
  const accessKeyId = field("access");
  const secretAccessKey = field("secret");
  const securityToken = field("securitytoken");
  const expires = field("expires_at");
  const missing = [
    ["access", accessKeyId],
    ["secret", secretAccessKey],
    ["securitytoken", securityToken],
    ["expires_at", expires],
  ].filter(([, v]) => v === undefined);
  if (missing.length > 0) {
    throw new UnexpectedResponseError(status, `ECS metadata securitykey lacks credential.${missing.map(([k]) => k).join(", credential.")}`, undefined);
  }
  const expiresAt = new Date(expires!);
  if (Number.isNaN(expiresAt.getTime())) {
    throw new UnexpectedResponseError(status, "ECS metadata credential.expires_at is not a date-time", undefined);
  }
  return { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey!, securityToken: securityToken!, expiresAt };
}
