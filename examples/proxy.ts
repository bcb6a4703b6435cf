/**
 * Through an HTTP(S) proxy, or with a private CA: the SDK takes any `fetch`, so pass one built on
 * undici's ProxyAgent (or an Agent with your CA). undici is this example's dependency, not the
 * SDK's (a devDependency here, pinned).
 *
 *   HTTPS_PROXY=http://user:pass@proxy.internal:3128 BCS_PROJECT_ID=... HW_AK=... HW_SK=... \
 *     npx tsx examples/proxy.ts
 *
 * test/unit/proxy-example.test.ts runs `proxiedFetch` through a CONNECT proxy on 127.0.0.1.
 */
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from "undici";
import { BcsClient } from "../src/index.js";

export interface ProxyOptions {
  /** PEM certificate(s) of a private CA to trust for the service's TLS (besides the system's). */
  readonly ca?: string | undefined;
}

/**
 * A fetch that sends every request through `proxyUrl` (user:password in the URL become a
 * Proxy-Authorization header on the CONNECT), or, without a proxy, directly with `options.ca`.
 */
export function proxiedFetch(proxyUrl: string | undefined, options: ProxyOptions = {}): typeof globalThis.fetch {
  const tls = options.ca === undefined ? {} : { ca: options.ca };
  const dispatcher: Dispatcher = proxyUrl ? new ProxyAgent({ uri: proxyUrl, requestTls: tls }) : new Agent({ connect: tls });
  // undici's own fetch with its own dispatcher: the global fetch may be another undici version.
  return ((input: RequestInfo | URL, init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher })) as unknown as typeof globalThis.fetch;
}

// Run directly: one call through the proxy named by HTTPS_PROXY.
if (import.meta.url === `file://${process.argv[1]}`) {
  const bcs = new BcsClient({
    region: "cn-north-4",
    projectId: process.env.BCS_PROJECT_ID!,
    credentials: { accessKeyId: process.env.HW_AK!, secretAccessKey: process.env.HW_SK! },
    fetch: proxiedFetch(process.env.HTTPS_PROXY),
  });
  const file = await bcs.downloadCertificates({ blockchain_id: process.env.BCS_BLOCKCHAIN_ID!, org_name: "org1", cert_type: "ca" });
  console.log(file.data.byteLength, file.requestId);
}
