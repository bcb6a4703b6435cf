/**
 * Where requests go: a region looked up in the spec's servers, or a custom endpoint (other
 * hosts, proxies, the mock). Credentials must not travel in clear text, so plain http is
 * accepted only for loopback hosts.
 */
import { ConfigurationError } from "./errors.js";
import type { ServerSpec } from "./request/operation-spec.js";

export interface EndpointOptions {
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
}

export function resolveEndpoint(service: string, servers: readonly ServerSpec[], options: EndpointOptions): string {
  if (options.endpoint !== undefined) return checkEndpoint(options.endpoint);
  const region = options.region;
  if (region === undefined) {
    throw new ConfigurationError(`${service}: pass a region (${knownRegions(servers).join(", ")}) or an endpoint`);
  }
  const server = servers.find((s) => s.regions.includes(region));
  if (!server) {
    throw new ConfigurationError(
      `${service}: unknown region "${region}"; known regions are ${knownRegions(servers).join(", ")}. Pass an endpoint for any other host.`,
    );
  }
  return server.url.replace("{region}", region);
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
