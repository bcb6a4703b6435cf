/**
 * The two import styles: a bare client with the operation functions it imports (plugins for what
 * it carries beyond tokens), and the aggregated client with every operation as a method. Also
 * what every result offers (rawResponse) and an endpoint that follows a failover.
 */
import { describe, expect, it } from "vitest";
import {
  BcsBareClient,
  BcsClient,
  ConfigurationError,
  PcaBareClient,
  PcaClient,
  activateCertificateAuthority,
  akSkSigning,
  discovery,
  downloadCertificates,
  rawResponse,
  revokeCertificateAuthority,
} from "../../src/index.js";
import { emptyResponse, fakeClock, jsonResponse, bytesResponse, scriptedFetch } from "./support/fakes.js";

const CA_ID = "4c0e772e-a30c-4029-b929-b7acb04143f7";
const TOKEN = { token: "t".repeat(40) };
const AKSK = { accessKeyId: "BAREAK", secretAccessKey: "bare-secret" };
const endpoint = "https://ccm.example.test";

function refusal(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("no ConfigurationError");
}

describe("a bare client and the operation functions", () => {
  it("calls an operation with a token, nothing found by itself", async () => {
    const http = scriptedFetch([emptyResponse(204, { "X-Request-Id": "r-1" })]);
    const pca = new PcaBareClient({ endpoint, credentials: TOKEN, fetch: http.fetch, clock: fakeClock(), env: {} });
    const result = await revokeCertificateAuthority(pca, { ca_id: CA_ID, reason: "SUPERSEDED" });
    expect(result).toEqual({ requestId: "r-1" });
    const call = http.only();
    expect([call.method, call.url.pathname, call.headers.get("x-auth-token")]).toEqual(["POST", `/v1/private-certificate-authorities/${CA_ID}/revoke`, TOKEN.token]);
  });

  it("signs with AK/SK only with the akSkSigning plugin, naming it otherwise", async () => {
    expect(refusal(() => new PcaBareClient({ endpoint, credentials: AKSK, domainId: "d1", env: {} }))).toBe(
      "AK/SK credentials need the akSkSigning plugin on a bare client (plugins: [akSkSigning]); the aggregated clients carry it",
    );
    const http = scriptedFetch([emptyResponse(204)]);
    const pca = new PcaBareClient({ endpoint, credentials: AKSK, domainId: "d1", plugins: [akSkSigning], fetch: http.fetch, clock: fakeClock(), env: {} });
    await activateCertificateAuthority(pca, { ca_id: CA_ID, issuer_id: "issuer-1", signature_algorithm: "SHA256", validity: { type: "YEAR", value: 1 } });
    const call = http.only();
    expect(call.headers.get("authorization")).toMatch(/^SDK-HMAC-SHA256 Access=BAREAK, SignedHeaders=.*x-domain-id.*, Signature=[0-9a-f]{64}$/);
    expect(call.headers.get("x-domain-id")).toBe("d1");
  });

  it("needs credentials and ids given: it finds none by itself, and says which client does", () => {
    expect(refusal(() => new (PcaBareClient as new (o: object) => unknown)({ endpoint, env: {} }))).toBe(
      "PcaBareClient: pass credentials (a bare client has no default credential chain; PcaClient has)",
    );
    expect(refusal(() => new PcaBareClient({ region: "ap-southeast-3", credentials: AKSK, plugins: [akSkSigning], env: {} }))).toBe(
      "PcaBareClient: pass domainId or set HUAWEICLOUD_SDK_DOMAIN_ID (AK/SK signatures carry it), or use PcaClient, which finds it",
    );
    expect(refusal(() => new BcsBareClient({ region: "cn-north-4", credentials: TOKEN, env: {} }))).toBe(
      "BcsBareClient: pass projectId or set HUAWEICLOUD_SDK_PROJECT_ID (the paths hold the project id), or use BcsClient, which finds it",
    );
    // With the discovery plugin (and AK/SK signing) it looks the id up, as the aggregated client does.
    expect(() => new PcaBareClient({ region: "ap-southeast-3", credentials: AKSK, plugins: [akSkSigning, discovery], env: {} })).not.toThrow();
  });

  it("refuses an object that is no client, before any request", async () => {
    await expect(revokeCertificateAuthority({} as PcaBareClient, { ca_id: CA_ID })).rejects.toThrow(
      new ConfigurationError("not a client of this SDK: pass a client built by its constructor"),
    );
  });

  it("the aggregated client's method and the function send the same request", async () => {
    const a = scriptedFetch([emptyResponse(204)]);
    const b = scriptedFetch([emptyResponse(204)]);
    const input = { ca_id: CA_ID, reason: "KEY_COMPROMISE" } as const;
    await new PcaClient({ endpoint, credentials: TOKEN, fetch: a.fetch, clock: fakeClock(), env: {} }).revokeCertificateAuthority(input);
    await revokeCertificateAuthority(new PcaBareClient({ endpoint, credentials: TOKEN, fetch: b.fetch, clock: fakeClock(), env: {} }), input);
    const [x, y] = [a.only(), b.only()];
    expect([x.method, x.url.href, x.headers.get("content-type"), new TextDecoder().decode(x.body)]).toEqual([
      y.method,
      y.url.href,
      y.headers.get("content-type"),
      new TextDecoder().decode(y.body),
    ]);
  });
});

describe("rawResponse", () => {
  it("gives the HTTP response of any result: JSON members, a file, no content", async () => {
    const http = scriptedFetch([
      jsonResponse(200, { result: "success" }, { "X-Trace": "json" }),
      bytesResponse(new Uint8Array([1]), { "X-Trace": "file" }),
    ]);
    const bcs = new BcsClient({ endpoint: "https://bcs.example.test", projectId: "p", credentials: TOKEN, fetch: http.fetch, clock: fakeClock(), env: {} });
    const frozen = await bcs.freezeUserCertificate({ blockchain_id: "b", org_name: "o", user_name: "user01" });
    const file = await downloadCertificates(bcs, { blockchain_id: "b", org_name: "o", cert_type: "ca" });
    expect(rawResponse(frozen)?.headers.get("x-trace")).toBe("json");
    expect(rawResponse(file)?.headers.get("x-trace")).toBe("file");
    expect(rawResponse({})).toBeUndefined();
    // Not a member: results compare and serialize as their members alone.
    expect(Object.keys(frozen)).toEqual(["result", "requestId"]);
  });
});

describe("client.endpoint", () => {
  it("comes from the official SDKs' region variable when it names the client's region", () => {
    const env = { HUAWEICLOUD_SDK_REGION_CCM_AP_SOUTHEAST_3: "http://127.0.0.1:4010" };
    expect(new PcaClient({ region: "ap-southeast-3", credentials: TOKEN, env }).endpoint).toBe("http://127.0.0.1:4010");
    expect(new PcaBareClient({ region: "ap-southeast-3", credentials: TOKEN, env }).endpoint).toBe("http://127.0.0.1:4010");
    // The endpoint option wins; another region's variable is not read.
    expect(new PcaClient({ region: "ap-southeast-3", endpoint, credentials: TOKEN, env }).endpoint).toBe(endpoint);
    expect(new PcaClient({ region: "cn-north-4", credentials: TOKEN, env }).endpoint).toBe("https://ccm.cn-north-4.myhuaweicloud.com");
  });

  it("follows a failover to the region's second endpoint", async () => {
    const dns = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }) });
    const http = scriptedFetch([(call) => (call.url.hostname.endsWith(".com") ? Promise.reject(dns) : jsonResponse(200, { result: "success" }))]);
    const bcs = new BcsClient({ region: "cn-north-4", projectId: "p", credentials: TOKEN, fetch: http.fetch, clock: fakeClock(), env: {} });
    expect(bcs.endpoint).toBe("https://bcs.cn-north-4.myhuaweicloud.com");
    await bcs.freezeUserCertificate({ blockchain_id: "b", org_name: "o", user_name: "user01" });
    expect(bcs.endpoint).toBe("https://bcs.cn-north-4.myhuaweicloud.cn");
    expect(http.calls.map((c) => c.url.hostname)).toEqual(["bcs.cn-north-4.myhuaweicloud.com", "bcs.cn-north-4.myhuaweicloud.cn"]);
  });
});
