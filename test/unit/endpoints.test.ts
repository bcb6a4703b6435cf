/**
 * endpoints.ts directly: the exact ConfigurationError of each refused endpoint or region (what
 * the user reads), the loopback hosts that may use plain http, and how trailing slashes go.
 */
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/core/errors.js";
import { checkEndpoint, endpointVariable, environmentEndpoints, isLoopback, resolveEndpoint, serviceKeyOf } from "../../src/core/endpoints.js";
import { regionEndpoints } from "../../src/core/http/failover.js";
import { BcsClient, PcaClient } from "../../src/index.js";

const servers = [
  { url: "https://bcs.{region}.example.test", regions: ["r-one", "r-two"], defaultRegion: null },
  { url: "https://bcs.{region}.example.cn", regions: ["r-two", "r-three"], defaultRegion: null },
];

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigurationError");
}

describe("resolveEndpoint", () => {
  it("neither region nor endpoint: asks for one, listing each known region once", () => {
    expect(refusal(() => resolveEndpoint("bcs", servers, {}))).toBe("bcs: pass a region (r-one, r-two, r-three) or an endpoint");
  });

  it("an unknown region: names it and lists the known ones", () => {
    expect(refusal(() => resolveEndpoint("bcs", servers, { region: "r-four" }))).toBe(
      'bcs: unknown region "r-four"; known regions are r-one, r-two, r-three. Pass an endpoint for any other host.',
    );
  });

  it("a known region: the first server that has it", () => {
    expect(resolveEndpoint("bcs", servers, { region: "r-two" })).toBe("https://bcs.r-two.example.test");
    expect(resolveEndpoint("bcs", servers, { region: "r-three" })).toBe("https://bcs.r-three.example.cn");
  });
});

describe("the official SDKs' region variable, HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>", () => {
  const VARIABLE = "HUAWEICLOUD_SDK_REGION_BCS_R_TWO";

  it("names the service by the first label of its endpoints' host, upper-cased", () => {
    expect(serviceKeyOf(servers)).toBe("BCS");
    expect(serviceKeyOf([{ url: "https://ccm.myhuaweicloud.com", regions: [], defaultRegion: null }])).toBe("CCM");
    expect(serviceKeyOf([{ url: "http://iam.{region}.x", regions: [], defaultRegion: null }])).toBe("IAM");
    expect(serviceKeyOf([])).toBe("");
    expect(serviceKeyOf([{ url: "/relative/path", regions: [], defaultRegion: null }])).toBe("");
    expect(serviceKeyOf([{ url: "/proxy/https://bcs.example.test", regions: [], defaultRegion: null }])).toBe("");
  });

  it("is spelt in upper case with underscores for hyphens", () => {
    expect(endpointVariable("BCS", "cn-north-4")).toBe("HUAWEICLOUD_SDK_REGION_BCS_CN_NORTH_4");
    expect(endpointVariable("ccm", "my-kualalumpur-1")).toBe("HUAWEICLOUD_SDK_REGION_CCM_MY_KUALALUMPUR_1");
  });

  it("wins over the region's servers, and lists its endpoints in order, checked", () => {
    const env = { [VARIABLE]: " http://127.0.0.1:4010/ , https://b.example.test,," };
    expect(environmentEndpoints(env, servers, "r-two")).toEqual(["http://127.0.0.1:4010", "https://b.example.test"]);
    expect(resolveEndpoint("bcs", servers, { region: "r-two", env })).toBe("http://127.0.0.1:4010");
    expect(regionEndpoints(servers, "r-two", env)).toEqual(["http://127.0.0.1:4010", "https://b.example.test"]);
  });

  it("loses to the endpoint option", () => {
    expect(resolveEndpoint("bcs", servers, { region: "r-two", endpoint: "https://own.example.test", env: { [VARIABLE]: "https://env.example.test" } })).toBe("https://own.example.test");
  });

  it("is read only for the client's region and service, and not at all without an environment", () => {
    expect(environmentEndpoints({ HUAWEICLOUD_SDK_REGION_BCS_R_ONE: "https://x.test" }, servers, "r-two")).toBeUndefined();
    expect(environmentEndpoints({ HUAWEICLOUD_SDK_REGION_CCM_R_TWO: "https://x.test" }, servers, "r-two")).toBeUndefined();
    expect(environmentEndpoints(undefined, servers, "r-two")).toBeUndefined();
    expect(regionEndpoints(servers, "r-two")).toEqual(["https://bcs.r-two.example.test", "https://bcs.r-two.example.cn"]);
    // No region, no variable (not even one spelt for an undefined region).
    expect(regionEndpoints(servers, undefined, { HUAWEICLOUD_SDK_REGION_BCS_UNDEFINED: "https://x.test" })).toEqual([]);
  });

  it("empty, or only commas and spaces, counts as unset", () => {
    for (const value of ["", " , ,"]) {
      expect(environmentEndpoints({ [VARIABLE]: value }, servers, "r-two")).toBeUndefined();
      expect(resolveEndpoint("bcs", servers, { region: "r-two", env: { [VARIABLE]: value } })).toBe("https://bcs.r-two.example.test");
    }
  });

  it("makes a region the servers do not list usable, as in the official SDKs", () => {
    expect(resolveEndpoint("bcs", servers, { region: "r-nine", env: { HUAWEICLOUD_SDK_REGION_BCS_R_NINE: "https://nine.example.test" } })).toBe("https://nine.example.test");
  });

  it("refuses an endpoint in it that the endpoint option would refuse, naming the variable", () => {
    expect(refusal(() => resolveEndpoint("bcs", servers, { region: "r-two", env: { [VARIABLE]: "https://ok.test,http://plain.example.test" } }))).toBe(
      `${VARIABLE}: endpoint http://plain.example.test uses plain http; only https is accepted for non-loopback hosts`,
    );
  });

  it("points the clients at the mock without a code change, and a BCS client fails over along its list", async () => {
    const seen: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      const url = String(input);
      seen.push(url);
      if (url.startsWith("https://first.example.test")) throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } });
      return new Response(null, { status: 204 });
    }) as typeof globalThis.fetch;
    const env = {
      HUAWEICLOUD_SDK_REGION_BCS_CN_NORTH_4: "https://first.example.test,https://second.example.test",
      HUAWEICLOUD_SDK_REGION_CCM_AP_SOUTHEAST_3: "http://127.0.0.1:4011",
    };
    const bcs = new BcsClient({ region: "cn-north-4", projectId: "p1", credentials: { token: "t".repeat(40) }, env, fetch });
    const pca = new PcaClient({ region: "ap-southeast-3", credentials: { token: "t".repeat(40) }, env, fetch });
    expect([bcs.endpoint, pca.endpoint]).toEqual(["https://first.example.test", "http://127.0.0.1:4011"]);
    await pca.revokeCertificateAuthority({ ca_id: "4c0e772e-a30c-4029-b929-b7acb04143f7" });
    await bcs.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "ca" }).catch(() => undefined);
    expect(seen.map((url) => new URL(url).origin)).toEqual(["http://127.0.0.1:4011", "https://first.example.test", "https://second.example.test"]);
  });
});

describe("checkEndpoint refuses, saying why", () => {
  it.each([
    ["not a url", 'endpoint "not a url" is not an absolute URL'],
    ["https://user@bcs.example.com", "endpoint must not carry user info"],
    ["https://:pass@bcs.example.com", "endpoint must not carry user info"],
    ["https://bcs.example.com/?x=1", "endpoint must not carry a query or fragment"],
    ["https://bcs.example.com/#top", "endpoint must not carry a query or fragment"],
    ["http://bcs.example.com:8080/x", "endpoint http://bcs.example.com:8080 uses plain http; only https is accepted for non-loopback hosts"],
    ["ftp://127.0.0.1", "endpoint protocol ftp: is not supported"],
  ])("%s", (endpoint, message) => {
    expect(refusal(() => checkEndpoint(endpoint))).toBe(message);
  });
});

describe("checkEndpoint accepts", () => {
  it.each([
    ["https://bcs.example.com//", "https://bcs.example.com"],
    ["https://proxy.example.com/bcs///", "https://proxy.example.com/bcs"],
    ["http://127.0.0.10:4010", "http://127.0.0.10:4010"],
    ["http://127.255.255.254", "http://127.255.255.254"],
    ["http://mock.localhost:4010", "http://mock.localhost:4010"],
    ["http://LOCALHOST:4010", "http://localhost:4010"],
  ])("%s as %s", (endpoint, expected) => {
    expect(checkEndpoint(endpoint)).toBe(expected);
  });
});

describe("isLoopback", () => {
  it.each(["localhost", "a.localhost", "[::1]", "::1", "127.0.0.1", "127.10.200.3"])("%s is loopback", (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each(["localhost.example.com", "localhostx", "10.0.0.1", "[::2]", "128.0.0.1"])("%s is not", (host) => {
    expect(isLoopback(host)).toBe(false);
  });
});
