/**
 * Endpoint failover, as the official Go, Python and Java SDKs do it: when a region has a second
 * endpoint (BCS's `.myhuaweicloud.cn` twin, from the spec's servers), a request whose host name
 * does not resolve or whose TLS handshake fails goes to the next endpoint, re-signed for that
 * host. Both failures happen before a byte of the request is sent, so nothing is sent twice;
 * any other failure (refused, reset, timeout, a response) is not failed over. The switch is
 * sticky: later requests start at the endpoint that last worked.
 *
 * A wrapper around the client's fetch, below the transport: the transport's attempt, timeout
 * and retry rules stay as they are.
 */
import type { OutgoingRequest } from "../auth/authenticator.js";
import type { Environment } from "../auth/credentials.js";
import { environmentEndpoints } from "../endpoints.js";
import type { ServerSpec } from "../request/operation-spec.js";

/** DNS answers that a host name does not exist (or cannot be resolved now). */
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA"]);
/** Certificate and handshake failures: the connection never carried the request. */
const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
  "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
]);

/**
 * Every endpoint of a region, in order: those its HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>
 * variable lists, else those the spec's servers give it (BCS: .com, then .cn).
 */
export function regionEndpoints(servers: readonly ServerSpec[], region: string | undefined, env?: Environment): string[] {
  if (region === undefined) return [];
  return environmentEndpoints(env, servers, region) ?? servers.filter((s) => s.regions.includes(region)).map((s) => s.url.replace("{region}", region));
}

/** True when `error` (or a cause under it) is a DNS or TLS failure: the request was never sent. */
export function failsOver(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (DNS_CODES.has(code) || TLS_CODES.has(code))) return true;
  }
  return false;
}

export interface Failover {
  readonly fetch: typeof globalThis.fetch;
  /** The endpoint requests start at. */
  current(): string;
}

export function createFailover(options: {
  readonly fetch: typeof globalThis.fetch;
  readonly endpoints: readonly string[];
  /** Puts credentials on a request again, for the other host (its signature covers the host). */
  readonly authorize: (request: OutgoingRequest, signal: AbortSignal) => Promise<void>;
}): Failover {
  const { endpoints } = options;
  let index = 0;
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    let from = endpoints.findIndex((e) => url.href.startsWith(`${e}/`) || url.href === e);
    for (;;) {
      try {
        return await options.fetch.call(globalThis, url, init);
      } catch (error) {
        if (from < 0 || from + 1 >= endpoints.length || !failsOver(error) || init?.signal?.aborted) throw error;
        const next = endpoints[from + 1]!;
        url = new URL(next + url.href.slice(endpoints[from]!.length));
        from += 1;
        index = Math.max(index, from);
        const headers = new Headers(init?.headers);
        const body = typeof init?.body === "string" || init?.body instanceof Uint8Array ? init.body : undefined;
        await options.authorize({ method: init?.method ?? "GET", url, headers, body }, init?.signal ?? new AbortController().signal);
        init = { ...init, headers };
      }
    }
  }) as typeof globalThis.fetch;
  return { fetch, current: () => endpoints[index]! };
}
