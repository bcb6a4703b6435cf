/**
 * Where requests go, in this order: a custom `endpoint` (other hosts, proxies, the mock); the
 * official SDKs' variable for the service in the client's region,
 * HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION> (e.g. HUAWEICLOUD_SDK_REGION_BCS_CN_NORTH_4, a
 * comma-separated list of endpoints); the region looked up in the spec's servers. Credentials
 * must not travel in clear text, so plain http is accepted only for loopback hosts.
 */
import type { Environment } from "./auth/credentials.js";
import { ConfigurationError } from "./errors.js";
import type { ServerSpec } from "./request/operation-spec.js";

export interface EndpointOptions {
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
  /** Where the endpoint variable is read; none is read without it. */
  readonly env?: Environment | undefined;
}

export function resolveEndpoint(service: string, servers: readonly ServerSpec[], options: EndpointOptions): string {
  if (options.endpoint !== undefined) return checkEndpoint(options.endpoint);
  const region = options.region;
  if (region === undefined) {
    throw new ConfigurationError(`${service}: pass a region (${knownRegions(servers).join(", ")}) or an endpoint`);
  }
  const fromEnvironment = environmentEndpoints(options.env, servers, region);
  if (fromEnvironment !== undefined) return fromEnvironment[0]!;
  const server = servers.find((s) => s.regions.includes(region));
  if (!server) {
    throw new ConfigurationError(
      `${service}: unknown region "${region}"; known regions are ${knownRegions(servers).join(", ")}. Pass an endpoint for any other host.`,
    );
  }
  return server.url.replace("{region}", region);
}

/**
 * The official SDKs' name of a service in their region variables: the first label of its
 * endpoints' host, upper-cased (bcs.{region}.myhuaweicloud.com: BCS; ccm...: CCM; iam...: IAM).
 */
export function serviceKeyOf(servers: readonly ServerSpec[]): string {
  // No servers: String(undefined) names no host either.
  const host = /^[a-z]+:\/\/([^./]+)/i.exec(String(servers[0]?.url));
  return host === null ? "" : host[1]!.toUpperCase();
}

/** HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>: upper case, hyphens as underscores, as the official SDKs spell it. */
export function endpointVariable(serviceKey: string, region: string): string {
  return `HUAWEICLOUD_SDK_REGION_${serviceKey}_${region}`.replace(/-/g, "_").toUpperCase();
}

/**
 * The endpoints the region variable of this service names for `region`, checked, in order;
 * undefined when it is unset or empty. As in the official SDKs, it also makes a region the
 * spec's servers do not list usable.
 */
export function environmentEndpoints(env: Environment | undefined, servers: readonly ServerSpec[], region: string): string[] | undefined {
  if (env === undefined) return undefined;
  const name = endpointVariable(serviceKeyOf(servers), region);
  const endpoints = (env[name] ?? "").split(",").map((e) => e.trim()).filter((e) => e !== "");
  if (endpoints.length === 0) return undefined;
  return endpoints.map((endpoint) => {
    try {
      return checkEndpoint(endpoint);
    } catch (error) {
      throw new ConfigurationError(`${name}: ${(error as Error).message}`);
    }
  });
}

export function knownRegions(servers: readonly ServerSpec[]): string[] {
  return [...new Set(servers.flatMap((s) => [...s.regions]))];
}

export function checkEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigurationError(`endpoint ${JSON.stringify(endpoint)} is not an absolute URL`);
  }
  if (url.username || url.password) throw new ConfigurationError("endpoint must not carry user info");
  if (url.search || url.hash) throw new ConfigurationError("endpoint must not carry a query or fragment");
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    throw new ConfigurationError(`endpoint ${url.origin} uses plain http; only https is accepted for non-loopback hosts`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigurationError(`endpoint protocol ${url.protocol} is not supported`);
  }
  return url.href.replace(/\/+$/, "");
}

export function isLoopback(hostname: string): boolean {
  // Stryker disable next-line Regex: a URL's hostname has brackets only around an IPv6 address (first and last character), so dropping either anchor removes the same characters
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}
