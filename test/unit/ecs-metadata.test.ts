/**
 * The ECS metadata provider against a metadata service on 127.0.0.1 with its faults: the session
 * token step and its v1 fallback, 401 re-token, timeouts, malformed JSON, expired credentials,
 * refresh before expiry, one fetch for concurrent callers.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  BcsClient,
  ConfigurationError,
  UnexpectedResponseError,
  credentialChain,
  ecsMetadataCredentials,
  environmentCredentials,
  isCredentialsNotFoundError,
} from "../../src/index.js";
import { FakeClock, jsonResponse, recordingFetch, rejection } from "./support/fakes.js";
import { type LoopbackServer, type Script, startLoopbackServer } from "./support/loopback-http.js";

const START = Date.UTC(2024, 0, 15, 8, 0, 0);
const MINUTE = 60_000;
const TOKEN_PATH = "/meta-data/latest/api/token";
const KEY_PATH = "/openstack/latest/securitykey";

function securityKey(ak: string, expiresAt: number): string {
  // The service's format: micro-seconds and Z.
  const expires = new Date(expiresAt).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
  return JSON.stringify({ credential: { access: ak, secret: `secret-of-${ak}`, securitytoken: `token-of-${ak}`, expires_at: expires } });
}

/** A token-mode metadata service: PUT gives a session token, GET needs it. */
function tokenService(keys: () => string, tokens = ["session-1", "session-2", "session-3"]): Script {
  let issued = 0;
  return (request) => {
    if (request.method === "PUT" && request.path === TOKEN_PATH) return { status: 200, body: tokens[issued++] ?? "session-n" };
    if (request.method === "GET" && request.path === KEY_PATH) {
      const current = tokens[issued - 1];
      return request.headers["x-metadata-token"] === current ? { status: 200, body: keys() } : { status: 401, body: "{}" };
    }
    return { status: 404 };
  };
}

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("ECS metadata provider", () => {
  it("gets a session token (PUT with the TTL header), then the security key with it", async () => {
    const clock = new FakeClock(START);
    server = await startLoopbackServer(tokenService(() => securityKey("TEMPAK", START + 60 * MINUTE)));
    const credentials = await ecsMetadataCredentials({ endpoint: server.url, clock })();
    expect(credentials).toEqual({
      accessKeyId: "TEMPAK",
      secretAccessKey: "secret-of-TEMPAK",
      securityToken: "token-of-TEMPAK",
      expiresAt: new Date(START + 60 * MINUTE),
    });
    const [put, get] = server.requests;
    expect([put?.method, put?.path, put?.headers["x-metadata-token-ttl-seconds"]]).toEqual(["PUT", TOKEN_PATH, "21600"]);
    expect([get?.method, get?.path, get?.headers["x-metadata-token"]]).toEqual(["GET", KEY_PATH, "session-1"]);
  });

  it.each([404, 405, 503])("carries on without a token when the token step answers %i", async (status) => {
    const clock = new FakeClock(START);
    server = await startLoopbackServer((request) =>
      request.method === "PUT" ? { status } : { status: 200, body: securityKey("V1AK", START + 60 * MINUTE) },
    );
    expect(await ecsMetadataCredentials({ endpoint: server.url, clock })()).toMatchObject({ accessKeyId: "V1AK" });
    expect(server.requests.map((r) => r.method)).toEqual(["PUT", "GET"]);
    expect(server.requests[1]?.headers["x-metadata-token"]).toBeUndefined();
  });

  it.each([403, 500])("any other status of the token step (%i, as a proxy may answer) is 'not found', naming it", async (status) => {
    server = await startLoopbackServer(() => ({ status, body: "boom" }));
    const error = await rejection(ecsMetadataCredentials({ endpoint: server.url, clock: new FakeClock(START) })());
    expect(isCredentialsNotFoundError(error)).toBe(true);
    expect(error.message).toBe(`ECS metadata: PUT ${server.url}${TOKEN_PATH} answered ${status}`);
    expect(server.requests).toHaveLength(1);
  });

  it("a security key GET refused with 403 ends a chain in 'no credentials found', listing each provider's reason", async () => {
    server = await startLoopbackServer((request) => (request.method === "PUT" ? { status: 404 } : { status: 403, body: "<html>Forbidden by proxy</html>" }));
    const chain = credentialChain(environmentCredentials({ env: {} }), ecsMetadataCredentials({ endpoint: server.url, clock: new FakeClock(START) }));
    const error = await rejection(chain());
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(isCredentialsNotFoundError(error)).toBe(false);
    expect(error.message).toBe(
      "no credentials found; pass credentials or set up one of these:\n" +
        "  - environment: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set\n" +
        `  - ECS metadata: GET ${server.url}${KEY_PATH} answered 403`,
    );
  });

  it("a 401 fetches a new token and asks once more", async () => {
    const clock = new FakeClock(START);
    let gets = 0;
    server = await startLoopbackServer((request) => {
      if (request.method === "PUT") return { status: 200, body: `session-${server!.requests.filter((r) => r.method === "PUT").length}` };
      gets++;
      // The first session token has expired on the service's side.
      return request.headers["x-metadata-token"] === "session-2"
        ? { status: 200, body: securityKey("RETOKENAK", START + 60 * MINUTE) }
        : { status: 401, body: "{}" };
    });
    expect(await ecsMetadataCredentials({ endpoint: server.url, clock })()).toMatchObject({ accessKeyId: "RETOKENAK" });
    expect(server.requests.map((r) => r.method)).toEqual(["PUT", "GET", "PUT", "GET"]);
    expect(gets).toBe(2);
  });

  it("a 401 after the re-token is 'not found'; no third GET", async () => {
    server = await startLoopbackServer((request) => (request.method === "PUT" ? { status: 200, body: "t" } : { status: 401, body: "{}" }));
    const error = await rejection(ecsMetadataCredentials({ endpoint: server.url, clock: new FakeClock(START) })());
    expect(isCredentialsNotFoundError(error)).toBe(true);
    expect(error.message).toBe(`ECS metadata: GET ${server.url}${KEY_PATH} answered 401`);
    expect(server.requests.map((r) => r.method)).toEqual(["PUT", "GET", "PUT", "GET"]);
  });

  it("a 401 saying no agency is configured is not retried", async () => {
    server = await startLoopbackServer((request) =>
      request.method === "PUT" ? { status: 200, body: "t" } : { status: 401, body: '{"message":"Please configure Cloud Service Agency first"}' },
    );
    const error = await rejection(ecsMetadataCredentials({ endpoint: server.url, clock: new FakeClock(START) })());
    expect(isCredentialsNotFoundError(error)).toBe(true);
    expect(error.message).toBe(`ECS metadata: GET ${server.url}${KEY_PATH} answered 401 (no agency is bound to the instance)`);
    expect(server.requests.map((r) => r.method)).toEqual(["PUT", "GET"]);
  });

  it.each([
    ["not JSON", "<html>", /not JSON/],
    ["no credential", "{}", /lacks credential.access, credential.secret, credential.securitytoken, credential.expires_at/],
    ["no security token", JSON.stringify({ credential: { access: "A", secret: "S", expires_at: "2030-01-01T00:00:00Z" } }), /lacks credential.securitytoken$/],
    ["a bad date", JSON.stringify({ credential: { access: "A", secret: "S", securitytoken: "T", expires_at: "soon" } }), /expires_at is not a date-time/],
  ])("a malformed security key (%s) is an UnexpectedResponseError", async (_name, body, pattern) => {
    server = await startLoopbackServer((request) => (request.method === "PUT" ? { status: 404 } : { status: 200, body }));
    const error = await rejection(ecsMetadataCredentials({ endpoint: server.url, clock: new FakeClock(START) })());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toMatch(pattern);
  });

  it("credentials that have already expired are an error", async () => {
    server = await startLoopbackServer(tokenService(() => securityKey("OLDAK", START - MINUTE)));
    const error = await rejection(ecsMetadataCredentials({ endpoint: server.url, clock: new FakeClock(START) })());
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/expired at 2024-01-15T07:59:00.000Z/);
    expect(error.message).not.toContain("secret-of-OLDAK");
  });

  it("caches the credentials and fetches new ones 5 minutes before they expire", async () => {
    const clock = new FakeClock(START);
    let issued = 0;
    server = await startLoopbackServer(tokenService(() => securityKey(`AK${++issued}`, clock.now() + 60 * MINUTE)));
    const provider = ecsMetadataCredentials({ endpoint: server.url, clock });
    expect(await provider()).toMatchObject({ accessKeyId: "AK1" });
    clock.advance(54 * MINUTE);
    expect(await provider()).toMatchObject({ accessKeyId: "AK1" });
    clock.advance(2 * MINUTE);
    expect(await provider()).toMatchObject({ accessKeyId: "AK2" });
    // The session token is kept: one PUT, two GETs.
    expect(server.requests.map((r) => r.method)).toEqual(["PUT", "GET", "GET"]);
  });

  it("concurrent callers share one fetch", async () => {
    const clock = new FakeClock(START);
    server = await startLoopbackServer(tokenService(() => securityKey("SHAREDAK", START + 60 * MINUTE)));
    const provider = ecsMetadataCredentials({ endpoint: server.url, clock });
    const all = await Promise.all(Array.from({ length: 8 }, () => provider()));
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(["SHAREDAK"]));
    expect(server.requests.map((r) => r.method)).toEqual(["PUT", "GET"]);
  });

  it("a service that does not answer within the timeout (3 s by default) is 'not found'", async () => {
    const clock = new FakeClock(START);
    server = await startLoopbackServer(() => "hang");
    const pending = rejection(ecsMetadataCredentials({ endpoint: server.url, clock })());
    await server.arrived(1);
    clock.advance(2999);
    clock.advance(1);
    const error = await pending;
    expect(isCredentialsNotFoundError(error)).toBe(true);
    expect(error.message).toMatch(/PUT .*\/meta-data\/latest\/api\/token: no answer within 3000 ms/);
  });

  it("a stalled security-key GET times out too", async () => {
    const clock = new FakeClock(START);
    server = await startLoopbackServer((request) => (request.method === "PUT" ? { status: 200, body: "t" } : "hang"));
    const pending = rejection(ecsMetadataCredentials({ endpoint: server.url, clock, timeoutMs: 500 })());
    await server.arrived(2);
    clock.advance(500);
    expect((await pending).message).toMatch(/GET .*securitykey: no answer within 500 ms/);
  });

  it("nothing listening is 'not found'", async () => {
    const closed = await startLoopbackServer(() => ({ status: 200 }));
    await closed.close();
    const error = await rejection(ecsMetadataCredentials({ endpoint: closed.url, clock: new FakeClock(START) })());
    expect(isCredentialsNotFoundError(error)).toBe(true);
    expect(error.message).toMatch(/connection failed/);
  });

  it("the default address is switched off by HUAWEICLOUD_SDK_METADATA_DISABLED, without a connection", async () => {
    // The suite's setup sets the variable; the loopback guard would fail this test on any attempt.
    const error = await rejection(ecsMetadataCredentials({ env: {} })());
    expect(isCredentialsNotFoundError(error)).toBe(true);
    expect(error.message).toContain("http://169.254.169.254 is switched off by HUAWEICLOUD_SDK_METADATA_DISABLED");
    const viaEnvOption = await rejection(ecsMetadataCredentials({ env: { HUAWEICLOUD_SDK_METADATA_DISABLED: "1" } })());
    expect(isCredentialsNotFoundError(viaEnvOption)).toBe(true);
  });

  it("is never contacted when an earlier provider answered", async () => {
    server = await startLoopbackServer(tokenService(() => securityKey("TEMPAK", START + 60 * MINUTE)));
    const chain = credentialChain(
      environmentCredentials({ env: { HUAWEICLOUD_SDK_AK: "ENVAK", HUAWEICLOUD_SDK_SK: "s" } }),
      ecsMetadataCredentials({ endpoint: server.url, clock: new FakeClock(START) }),
    );
    expect(await chain()).toMatchObject({ accessKeyId: "ENVAK" });
    expect(server.requests).toHaveLength(0);
  });

  it("a client signs with the temporary AK/SK and sends the security token", async () => {
    const clock = new FakeClock(START);
    server = await startLoopbackServer(tokenService(() => securityKey("TEMPAK", START + 60 * MINUTE)));
    const http = recordingFetch(jsonResponse(200, { result: "success" }));
    const bcs = new BcsClient({
      region: "cn-north-4",
      projectId: "p",
      credentials: { akSk: ecsMetadataCredentials({ endpoint: server.url, clock }) },
      fetch: http.fetch,
      clock,
      env: {},
    });
    await bcs.freezeUserCertificate({ blockchain_id: "bc", org_name: "org1", user_name: "user01" });
    expect(http.only().headers.get("authorization")).toMatch(/^SDK-HMAC-SHA256 Access=TEMPAK,.*SignedHeaders=[^,]*x-security-token/);
    expect(http.only().headers.get("x-security-token")).toBe("token-of-TEMPAK");
  });
});
