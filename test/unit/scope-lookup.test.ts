/**
 * Project and domain lookup through IAM for clients built with a region and no id, against an
 * IAM (and service) on 127.0.0.1: exactly one project, none, several; the first domain; signed
 * with the client's own credentials; cached per access key and region; one lookup in flight;
 * and which IAM endpoint is asked.
 */
import { afterEach, describe, expect, it } from "vitest";
import { servers as iamServers } from "../../generated/iam.operations.js";
import { BcsClient, ConfigurationError, PcaClient, PermissionDeniedError } from "../../src/index.js";
import { iamEndpointFor } from "../../src/core/scope/iam-endpoint.js";
import { FakeClock } from "./support/fake-http.js";
import { type LoopbackServer, type SeenRequest, startLoopbackServer } from "./support/loopback-http.js";

const TRACE = "trace-0123456789";
const FREEZE = { blockchain_id: "bc", org_name: "org1", user_name: "user01" } as const;
const CA_ID = "4c0e772e-a30c-4029-b929-b7acb04143f7";
let akCounter = 0;
/** A fresh access key per test: lookups are cached process-wide per access key. */
const freshAk = () => `LOOKUPAK${++akCounter}${Date.now()}`;

const project = (id: string, name = "cn-north-4") => ({ id, name, domain_id: "d", enabled: true, is_domain: false });

/** IAM and BCS/PCA on one loopback server: IAM answers from `iam`, the service with success. */
function service(iam: (request: SeenRequest) => { status: number; body: unknown }) {
  return (request: SeenRequest) => {
    if (request.path.startsWith("/v3/")) {
      const answer = iam(request);
      return { status: answer.status, body: JSON.stringify(answer.body), headers: { "X-IAM-Trace-Id": TRACE } };
    }
    return request.method === "DELETE" || request.path.includes("/revoke")
      ? { status: 204 }
      : { status: 200, body: JSON.stringify({ result: "success" }) };
  };
}

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function bcsFor(url: string, accessKeyId: string, extra: Record<string, unknown> = {}) {
  return new BcsClient({
    region: "cn-north-4",
    endpoint: url,
    iamEndpoint: url,
    credentials: { accessKeyId, secretAccessKey: "lookup-secret" },
    clock: new FakeClock(),
    env: {},
    ...extra,
  });
}

const iamRequests = () => server!.requests.filter((r) => r.path.startsWith("/v3/"));

describe("project lookup (BCS)", () => {
  it("finds the one project named after the region, signed with the client's AK/SK, and uses it", async () => {
    server = await startLoopbackServer(service(() => ({ status: 200, body: { projects: [project("found-project")] } })));
    const ak = freshAk();
    const bcs = bcsFor(server.url, ak);
    expect(bcs.projectId).toBeUndefined();
    await bcs.freezeUserCertificate(FREEZE);
    const [lookup, call] = server.requests;
    expect(lookup?.method).toBe("GET");
    expect(lookup?.path).toBe("/v3/projects?name=cn-north-4");
    expect(lookup?.headers.authorization).toMatch(new RegExp(`^SDK-HMAC-SHA256 Access=${ak},`));
    // The lookup cannot carry the id it is looking for.
    expect(lookup?.headers["x-project-id"]).toBeUndefined();
    expect(call?.path).toContain("/v2/found-project/");
    expect(call?.headers["x-project-id"]).toBe("found-project");
    expect(bcs.projectId).toBe("found-project");
  });

  it("no project: a ConfigurationError naming the region and the X-IAM-Trace-Id; the call is not sent", async () => {
    server = await startLoopbackServer(service(() => ({ status: 200, body: { projects: [] } })));
    const error = await bcsFor(server.url, freshAk()).freezeUserCertificate(FREEZE).then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.message).toContain('"cn-north-4"');
    expect(error?.message).toContain(`X-IAM-Trace-Id=${TRACE}`);
    expect(server.requests).toHaveLength(1);
  });

  it("several projects: a ConfigurationError listing them, with the trace id", async () => {
    server = await startLoopbackServer(service(() => ({ status: 200, body: { projects: [project("p-one"), project("p-two")] } })));
    const error = await bcsFor(server.url, freshAk()).freezeUserCertificate(FREEZE).then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.message).toMatch(/several IAM projects are named "cn-north-4": \[p-one, p-two\].*X-IAM-Trace-Id=trace-0123456789/);
    expect(server.requests).toHaveLength(1);
  });

  it("is cached per access key and region: a second client with the same key asks IAM no more", async () => {
    server = await startLoopbackServer(service(() => ({ status: 200, body: { projects: [project("cached-project")] } })));
    const ak = freshAk();
    await bcsFor(server.url, ak).freezeUserCertificate(FREEZE);
    await bcsFor(server.url, ak).freezeUserCertificate(FREEZE);
    expect(iamRequests()).toHaveLength(1);
    await bcsFor(server.url, freshAk()).freezeUserCertificate(FREEZE);
    expect(iamRequests()).toHaveLength(2);
  });

  it("one lookup in flight however many calls wait on it", async () => {
    server = await startLoopbackServer(service(() => ({ status: 200, body: { projects: [project("shared-project")] } })));
    const bcs = bcsFor(server.url, freshAk());
    await Promise.all(Array.from({ length: 6 }, () => bcs.freezeUserCertificate(FREEZE)));
    expect(iamRequests()).toHaveLength(1);
    expect(server.requests.filter((r) => r.path.includes("/v2/shared-project/"))).toHaveLength(6);
  });

  it("a failed lookup is not cached", async () => {
    let answers = 0;
    server = await startLoopbackServer(
      service(() => (answers++ === 0 ? { status: 403, body: { error: { code: "403", message: "no" } } } : { status: 200, body: { projects: [project("later-project")] } })),
    );
    const bcs = bcsFor(server.url, freshAk());
    await expect(bcs.freezeUserCertificate(FREEZE)).rejects.toBeInstanceOf(PermissionDeniedError);
    await bcs.freezeUserCertificate(FREEZE);
    expect(iamRequests()).toHaveLength(2);
    expect(bcs.projectId).toBe("later-project");
  });

  it("a token client looks up with its token", async () => {
    server = await startLoopbackServer(service(() => ({ status: 200, body: { projects: [project("token-project")] } })));
    const bcs = new BcsClient({ region: "cn-north-4", endpoint: server.url, iamEndpoint: server.url, credentials: { token: "lookup-token" }, env: {} });
    await bcs.freezeUserCertificate(FREEZE);
    expect(iamRequests()[0]?.headers["x-auth-token"]).toBe("lookup-token");
    expect(server.requests[1]?.path).toContain("/v2/token-project/");
  });

  it("an IAM answer that breaks the spec is an UnexpectedResponseError, not a guess", async () => {
    server = await startLoopbackServer(service(() => ({ status: 200, body: { projects: [{ name: "cn-north-4" }] } })));
    await expect(bcsFor(server.url, freshAk()).freezeUserCertificate(FREEZE)).rejects.toThrow(/spec/);
  });
});

describe("domain lookup (PCA)", () => {
  it("takes the first domain IAM lists and signs X-Domain-Id with it", async () => {
    server = await startLoopbackServer(service(() => ({ status: 200, body: { domains: [{ id: "first-domain" }, { id: "second-domain" }] } })));
    const pca = new PcaClient({
      region: "ap-southeast-3",
      endpoint: server.url,
      iamEndpoint: server.url,
      credentials: { accessKeyId: freshAk(), secretAccessKey: "s" },
      clock: new FakeClock(),
      env: {},
    });
    await pca.revokeCertificateAuthority({ ca_id: CA_ID });
    const [lookup, call] = server.requests;
    expect(lookup?.path).toBe("/v3/auth/domains");
    expect(lookup?.headers["x-domain-id"]).toBeUndefined();
    expect(call?.headers["x-domain-id"]).toBe("first-domain");
    expect(pca.domainId).toBe("first-domain");
  });

  it("no domain: a ConfigurationError with the trace id", async () => {
    server = await startLoopbackServer(service(() => ({ status: 200, body: { domains: [] } })));
    const pca = new PcaClient({
      region: "ap-southeast-3",
      endpoint: server.url,
      iamEndpoint: server.url,
      credentials: { accessKeyId: freshAk(), secretAccessKey: "s" },
      clock: new FakeClock(),
      env: {},
    });
    await expect(pca.revokeCertificateAuthority({ ca_id: CA_ID })).rejects.toThrow(`X-IAM-Trace-Id=${TRACE}`);
    expect(server.requests).toHaveLength(1);
  });

  it("a token PCA client needs no domain and asks IAM nothing", async () => {
    server = await startLoopbackServer(service(() => ({ status: 500, body: {} })));
    const pca = new PcaClient({ region: "ap-southeast-3", endpoint: server.url, credentials: { token: "t".repeat(40) }, env: {} });
    await pca.revokeCertificateAuthority({ ca_id: CA_ID });
    expect(iamRequests()).toHaveLength(0);
  });
});

describe("which IAM endpoint", () => {
  const env = { HUAWEICLOUD_SDK_IAM_ENDPOINT: "https://iam.env.example" };
  it("option, then the credentials' own (profile iam_endpoint), then the environment, then the region map, then the default", () => {
    expect(iamEndpointFor({ option: "https://iam.option.example", credentials: "https://iam.profile.example", env, region: "cn-north-4" })).toBe(
      "https://iam.option.example",
    );
    expect(iamEndpointFor({ option: undefined, credentials: "https://iam.profile.example", env, region: "cn-north-4" })).toBe("https://iam.profile.example");
    expect(iamEndpointFor({ option: undefined, credentials: undefined, env, region: "cn-north-4" })).toBe("https://iam.env.example");
    expect(iamEndpointFor({ option: undefined, credentials: undefined, env: {}, region: "cn-north-4" })).toBe("https://iam.cn-north-4.myhuaweicloud.com");
    expect(iamEndpointFor({ option: undefined, credentials: undefined, env: {}, region: "eu-west-101" })).toBe("https://iam.myhuaweicloud.com");
  });

  it("the region map is spec/iam.yaml's regional server and its regions", () => {
    expect(iamServers[1].url).toBe("https://iam.{region}.myhuaweicloud.com");
    expect(iamServers[1].regions).toContain("ap-southeast-3");
    expect(iamServers[1].regions).not.toContain("eu-west-101");
  });

  it("the environment variable without a scheme gets https://, as the Go SDK does", () => {
    expect(iamEndpointFor({ option: undefined, credentials: undefined, env: { HUAWEICLOUD_SDK_IAM_ENDPOINT: "iam.bare.example" }, region: "x" })).toBe(
      "https://iam.bare.example",
    );
  });

  it("a client without the option asks the IAM that HUAWEICLOUD_SDK_IAM_ENDPOINT names", async () => {
    server = await startLoopbackServer(service(() => ({ status: 200, body: { projects: [project("env-iam-project")] } })));
    const bcs = new BcsClient({
      region: "cn-north-4",
      endpoint: server.url,
      credentials: { accessKeyId: freshAk(), secretAccessKey: "s" },
      env: { HUAWEICLOUD_SDK_IAM_ENDPOINT: server.url },
    });
    await bcs.freezeUserCertificate(FREEZE);
    expect(server.requests[0]?.path).toBe("/v3/projects?name=cn-north-4");
  });
});
