/**
 * BCS endpoint failover: to the region's second endpoint (.myhuaweicloud.cn) on DNS and TLS
 * failures only, re-signed for that host, sticky afterwards; never on failures after which the
 * request may have been delivered (reset, refused, timeout) nor with a custom endpoint.
 */
import { describe, expect, it } from "vitest";
import { BcsClient, ConnectionError, PcaClient } from "../../src/index.js";
import { failsOver, regionEndpoints } from "../../src/core/http/failover.js";
import { verifySignature } from "../../src/testing/verify-signature.js";
import { FakeClock, type RecordedRequest, jsonResponse, recordingFetch } from "./support/fakes.js";

const START = Date.UTC(2024, 0, 15, 8, 30, 0);
const FREEZE = { blockchain_id: "bc", org_name: "org1", user_name: "user01" } as const;
const DOWNLOAD = { blockchain_id: "bc", org_name: "org1", cert_type: "ca" } as const;
const SK = "failover-secret";

/** How undici reports a failure: TypeError("fetch failed") with the system error as its cause. */
function fetchFailed(code: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });
}

/** Fails requests to the .com host with `code`, answers the .cn host. */
function comFailsWith(code: string, answer = () => jsonResponse(200, { result: "success" })) {
  return recordingFetch((request: RecordedRequest) => {
    if (request.url.hostname.endsWith(".myhuaweicloud.com")) throw fetchFailed(code);
    return answer();
  });
}

function bcs(fetch: typeof globalThis.fetch, extra: Record<string, unknown> = {}) {
  return new BcsClient({
    region: "cn-north-4",
    projectId: "p",
    credentials: { accessKeyId: "FAILOVERAK", secretAccessKey: SK },
    fetch,
    clock: new FakeClock(START),
    maxRetries: 0,
    env: {},
    ...extra,
  });
}

describe("endpoint failover", () => {
  it.each(["ENOTFOUND", "EAI_AGAIN", "CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"])(
    "%s on the first endpoint: the request goes to the .cn twin, signed for that host",
    async (code) => {
      const http = comFailsWith(code);
      await bcs(http.fetch).freezeUserCertificate(FREEZE);
      expect(http.calls.map((c) => c.url.host)).toEqual(["bcs.cn-north-4.myhuaweicloud.com", "bcs.cn-north-4.myhuaweicloud.cn"]);
      const [first, second] = http.calls;
      expect(second!.url.pathname).toBe(first!.url.pathname);
      expect(second!.headers.get("authorization")).not.toBe(first!.headers.get("authorization"));
      const verdict = await verifySignature(second!, (ak) => (ak === "FAILOVERAK" ? SK : undefined), new Date(START));
      expect(verdict).toEqual({ ok: true, accessKeyId: "FAILOVERAK" });
    },
  );

  it("is sticky: once failed over, later calls start at the second endpoint", async () => {
    const http = comFailsWith("ENOTFOUND", () => new Response("x", { status: 200, headers: { "content-type": "application/x-pem-file" } }));
    const client = bcs(http.fetch);
    await client.downloadCertificates(DOWNLOAD);
    await client.downloadCertificates(DOWNLOAD);
    expect(http.calls.map((c) => c.url.hostname.split(".").pop())).toEqual(["com", "cn", "cn"]);
  });

  it.each(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "UND_ERR_SOCKET"])("%s does not fail over (the request may have been delivered)", async (code) => {
    const http = comFailsWith(code);
    await expect(bcs(http.fetch).freezeUserCertificate(FREEZE)).rejects.toBeInstanceOf(ConnectionError);
    expect(http.calls.map((c) => c.url.host)).toEqual(["bcs.cn-north-4.myhuaweicloud.com"]);
  });

  it("an HTTP error response does not fail over", async () => {
    const http = recordingFetch(jsonResponse(502, { error_code: "X", error_msg: "bad gateway" }));
    await expect(bcs(http.fetch).freezeUserCertificate(FREEZE)).rejects.toThrow(/502/);
    expect(http.calls).toHaveLength(1);
  });

  it("when both endpoints fail, the last failure is reported and nothing else is tried", async () => {
    const http = recordingFetch(() => {
      throw fetchFailed("ENOTFOUND");
    });
    await expect(bcs(http.fetch).freezeUserCertificate(FREEZE)).rejects.toBeInstanceOf(ConnectionError);
    expect(http.calls.map((c) => c.url.hostname.split(".").pop())).toEqual(["com", "cn"]);
  });

  it("a custom endpoint, and PCA (one endpoint per region), never fail over", async () => {
    const http = comFailsWith("ENOTFOUND");
    await expect(bcs(http.fetch, { endpoint: "https://bcs.proxy.myhuaweicloud.com" }).freezeUserCertificate(FREEZE)).rejects.toBeInstanceOf(
      ConnectionError,
    );
    expect(http.calls).toHaveLength(1);
    const pcaHttp = recordingFetch(() => {
      throw fetchFailed("ENOTFOUND");
    });
    const pca = new PcaClient({ region: "cn-north-4", domainId: "d", credentials: { accessKeyId: "A", secretAccessKey: "S" }, fetch: pcaHttp.fetch, maxRetries: 0, env: {} });
    await expect(pca.revokeCertificateAuthority({ ca_id: "4c0e772e-a30c-4029-b929-b7acb04143f7" })).rejects.toBeInstanceOf(ConnectionError);
    expect(pcaHttp.calls).toHaveLength(1);
  });

  it("classifies DNS and TLS codes anywhere in the cause chain, and nothing else", () => {
    expect(failsOver(fetchFailed("ENOTFOUND"))).toBe(true);
    expect(failsOver(new TypeError("fetch failed", { cause: new Error("x", { cause: { code: "SELF_SIGNED_CERT_IN_CHAIN" } }) }))).toBe(true);
    expect(failsOver(fetchFailed("ECONNRESET"))).toBe(false);
    expect(failsOver(new Error("no code"))).toBe(false);
    expect(failsOver(undefined)).toBe(false);
  });

  it("a cause chain that ends in null, or loops, is not a DNS or TLS failure (and the walk ends)", () => {
    expect(failsOver(new Error("x", { cause: null }))).toBe(false);
    const looping: Error & { cause?: unknown } = new TypeError("fetch failed");
    looping.cause = looping;
    expect(failsOver(looping)).toBe(false);
  });

  it("looks at the error and four causes under it, no deeper", () => {
    const nested = (depth: number) => {
      let error: unknown = { code: "ENOTFOUND" };
      for (let i = 0; i < depth; i++) error = { cause: error };
      return error;
    };
    expect(failsOver(nested(4))).toBe(true);
    expect(failsOver(nested(5))).toBe(false);
  });

  it("a client without a region has no region endpoints to fail over to", () => {
    expect(regionEndpoints([{ url: "https://bcs.{region}.example.test", regions: ["r1"], defaultRegion: null }], undefined)).toEqual([]);
    expect(regionEndpoints([{ url: "https://bcs.{region}.example.test", regions: ["r1"], defaultRegion: null }], "r1")).toEqual(["https://bcs.r1.example.test"]);
  });
});
