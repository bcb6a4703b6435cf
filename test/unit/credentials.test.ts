/**
 * Configuration: constructor option > environment > error, credential providers (caching,
 * refresh, sharing, failure), the IAM password token provider, and endpoint resolution.
 */
import { describe, expect, it } from "vitest";
import { servers as bcsServers } from "../../generated/bcs.operations.js";
import { servers as iamServers } from "../../generated/iam.operations.js";
import { servers as pcaServers } from "../../generated/pca.operations.js";
import {
  AuthenticationError,
  BcsClient,
  ConfigurationError,
  ENVIRONMENT_VARIABLES,
  InternalServerError,
  PcaClient,
  iamPasswordTokenProvider,
  isApiError,
  isConfigurationError,
  type BcsRegion,
  type ExpiringAkSk,
  type ExpiringToken,
  type PcaRegion,
  UnexpectedResponseError,
} from "../../src/index.js";
import { FakeClock, type RecordedRequest, decode, jsonResponse, noContent, recordingFetch } from "./support/fakes.js";

const START = Date.UTC(2024, 0, 15, 8, 30, 0);
const MINUTE = 60_000;
const CA_ID = "4c0e772e-a30c-4029-b929-b7acb04143f7";
const FREEZE = { blockchain_id: "bc", org_name: "org1", user_name: "user01" } as const;
const ok = () => jsonResponse(200, { result: "success" });
/** PCA bounds a token to 32..2097152 characters (generated/pca.operations.ts). */
const PCA_TOKEN = "pca-token-".padEnd(40, "x");

function accessKeyOf(request: RecordedRequest): string | undefined {
  return /^SDK-HMAC-SHA256 Access=([^,\s]+),/.exec(request.headers.get("authorization") ?? "")?.[1];
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("environment variables", () => {
  it("uses the official SDKs' names", () => {
    expect(ENVIRONMENT_VARIABLES).toEqual({
      accessKeyId: "HUAWEICLOUD_SDK_AK",
      secretAccessKey: "HUAWEICLOUD_SDK_SK",
      securityToken: "HUAWEICLOUD_SDK_SECURITY_TOKEN",
      projectId: "HUAWEICLOUD_SDK_PROJECT_ID",
      domainId: "HUAWEICLOUD_SDK_DOMAIN_ID",
      credentialsFile: "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
      iamEndpoint: "HUAWEICLOUD_SDK_IAM_ENDPOINT",
      metadataDisabled: "HUAWEICLOUD_SDK_METADATA_DISABLED",
    });
  });

  it("BcsClient takes AK/SK, security token and project id from the env option", async () => {
    const http = recordingFetch(ok());
    const client = new BcsClient({
      region: "cn-north-4",
      fetch: http.fetch,
      clock: new FakeClock(START),
      env: {
        HUAWEICLOUD_SDK_AK: "ENVAK",
        HUAWEICLOUD_SDK_SK: "env-sk",
        HUAWEICLOUD_SDK_SECURITY_TOKEN: "env-security-token",
        HUAWEICLOUD_SDK_PROJECT_ID: "env-project",
      },
    });
    expect(client.projectId).toBe("env-project");
    await client.freezeUserCertificate(FREEZE);
    const request = http.only();
    expect(accessKeyOf(request)).toBe("ENVAK");
    expect(request.headers.get("x-security-token")).toBe("env-security-token");
    expect(request.headers.get("x-project-id")).toBe("env-project");
    expect(request.url.pathname).toContain("/v2/env-project/");
  });

  it("PcaClient takes AK/SK and the domain id from the env option", async () => {
    const http = recordingFetch(noContent());
    const client = new PcaClient({
      region: "ap-southeast-3",
      fetch: http.fetch,
      clock: new FakeClock(START),
      env: { HUAWEICLOUD_SDK_AK: "ENVAK", HUAWEICLOUD_SDK_SK: "env-sk", HUAWEICLOUD_SDK_DOMAIN_ID: "env-domain" },
    });
    expect(client.domainId).toBe("env-domain");
    await client.revokeCertificateAuthority({ ca_id: CA_ID });
    expect(accessKeyOf(http.only())).toBe("ENVAK");
    expect(http.only().headers.get("x-domain-id")).toBe("env-domain");
    expect(http.only().headers.get("x-security-token")).toBeNull();
  });

  it("constructor options win over the environment", async () => {
    const env = {
      HUAWEICLOUD_SDK_AK: "ENVAK",
      HUAWEICLOUD_SDK_SK: "env-sk",
      HUAWEICLOUD_SDK_PROJECT_ID: "env-project",
      HUAWEICLOUD_SDK_DOMAIN_ID: "env-domain",
    };
    const http = recordingFetch(ok());
    const bcs = new BcsClient({
      region: "cn-north-4",
      projectId: "option-project",
      credentials: { accessKeyId: "OPTAK", secretAccessKey: "opt-sk" },
      fetch: http.fetch,
      clock: new FakeClock(START),
      env,
    });
    await bcs.freezeUserCertificate(FREEZE);
    expect(accessKeyOf(http.only())).toBe("OPTAK");
    expect(http.only().headers.get("x-project-id")).toBe("option-project");
    expect(http.only().url.pathname).toContain("/v2/option-project/");

    const pcaHttp = recordingFetch(noContent());
    const pca = new PcaClient({ region: "cn-north-4", domainId: "option-domain", credentials: { token: PCA_TOKEN }, fetch: pcaHttp.fetch, env });
    expect(pca.domainId).toBe("option-domain");
    await pca.revokeCertificateAuthority({ ca_id: CA_ID });
    expect(pcaHttp.only().headers.get("x-auth-token")).toBe(PCA_TOKEN);
    expect(pcaHttp.only().headers.get("authorization")).toBeNull();
  });

  it("an empty HUAWEICLOUD_SDK_PROJECT_ID counts as missing", () => {
    const error = caught(
      () => new BcsClient({ endpoint: "https://bcs.example.test", credentials: { token: "t" }, env: { HUAWEICLOUD_SDK_PROJECT_ID: "" } }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
  });
});

describe("missing configuration fails at construction, before any I/O", () => {
  const noFetch = () => {
    const http = recordingFetch(() => {
      throw new Error("no request may be sent");
    });
    return http;
  };

  it("no credentials anywhere: the first call fails with one error listing what each provider tried", async () => {
    const http = noFetch();
    // No profile file at this path; the metadata provider's default address is off in the suite.
    const env = { HUAWEICLOUD_SDK_CREDENTIALS_FILE: "/nonexistent/huaweicloud/credentials" };
    const calls = [
      () => new BcsClient({ region: "cn-north-4", projectId: "p", fetch: http.fetch, env }).freezeUserCertificate(FREEZE),
      () => new PcaClient({ region: "cn-north-4", domainId: "d", fetch: http.fetch, env }).revokeCertificateAuthority({ ca_id: CA_ID }),
    ];
    for (const call of calls) {
      const error = await call().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(isConfigurationError(error)).toBe(true);
      const message = (error as Error).message;
      expect(message).toContain("HUAWEICLOUD_SDK_AK");
      expect(message).toContain("HUAWEICLOUD_SDK_SK");
      expect(message).toContain("/nonexistent/huaweicloud/credentials does not exist");
      expect(message).toContain("HUAWEICLOUD_SDK_METADATA_DISABLED");
      expect(message.indexOf("environment")).toBeLessThan(message.indexOf("profile file"));
      expect(message.indexOf("profile file")).toBeLessThan(message.indexOf("ECS metadata"));
    }
    expect(http.calls).toHaveLength(0);
  });

  it.each([
    [{ HUAWEICLOUD_SDK_AK: "AK" }],
    [{ HUAWEICLOUD_SDK_SK: "SK" }],
    [{ HUAWEICLOUD_SDK_AK: "AK", HUAWEICLOUD_SDK_SK: "" }],
  ])("only half of an AK/SK pair in the environment: %j", (env) => {
    const error = caught(() => new BcsClient({ region: "cn-north-4", projectId: "p", env }));
    expect(error).toBeInstanceOf(ConfigurationError);
  });

  it("no project id for BCS, and no region to look it up for", () => {
    const error = caught(() => new BcsClient({ endpoint: "https://bcs.example.test", credentials: { token: "t" }, env: {} }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain("HUAWEICLOUD_SDK_PROJECT_ID");
  });

  it("AK/SK for PCA without a domain id and without a region (explicit or from the environment)", () => {
    const endpoint = "https://ccm.example.test";
    const cases = [
      () => new PcaClient({ endpoint, credentials: { accessKeyId: "AK", secretAccessKey: "SK" }, env: {} }),
      () => new PcaClient({ endpoint, env: { HUAWEICLOUD_SDK_AK: "AK", HUAWEICLOUD_SDK_SK: "SK" } }),
    ];
    for (const make of cases) {
      const error = caught(make);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/domainId/);
    }
  });

  it("an AK/SK provider without a domain id or region fails on the first call, before any request", async () => {
    const http = noFetch();
    let providerCalls = 0;
    const pca = new PcaClient({
      endpoint: "https://ccm.example.test",
      fetch: http.fetch,
      credentials: {
        akSk: async () => {
          providerCalls++;
          return { accessKeyId: "AK", secretAccessKey: "SK" };
        },
      },
      env: {},
    });
    // A provider may bring the id (a profile's domain_id): it is asked first, on the first call.
    expect(providerCalls).toBe(0);
    await expect(pca.revokeCertificateAuthority({ ca_id: CA_ID })).rejects.toThrow(/domainId/);
    expect(providerCalls).toBe(1);
    expect(http.calls).toHaveLength(0);
  });

  it("a token provider is not called at construction", () => {
    let calls = 0;
    new BcsClient({
      region: "cn-north-4",
      projectId: "p",
      credentials: {
        token: async () => {
          calls++;
          return "t";
        },
      },
      env: {},
    });
    expect(calls).toBe(0);
  });

  it.each([
    [{ timeoutMs: 0 }],
    [{ timeoutMs: Number.NaN }],
    [{ maxRetries: -1 }],
    [{ maxRetries: 1.5 }],
    [{ maxBufferedBytes: 0 }],
  ])("bad numeric option %j", (extra) => {
    const error = caught(() => new BcsClient({ region: "cn-north-4", projectId: "p", credentials: { token: "t" }, env: {}, ...extra }));
    expect(error).toBeInstanceOf(ConfigurationError);
  });
});

describe("token provider", () => {
  function setup(provider: () => Promise<string | ExpiringToken>) {
    const clock = new FakeClock(START);
    const http = recordingFetch(ok());
    const client = new BcsClient({ region: "cn-north-4", projectId: "p", credentials: { token: provider }, fetch: http.fetch, clock, env: {} });
    return { clock, http, client };
  }

  it("is cached across calls and refreshed once expiresAt is within 5 minutes", async () => {
    let calls = 0;
    const { clock, http, client } = setup(async () => {
      calls++;
      return { token: `token-${calls}`, expiresAt: new Date(clock.now() + 60 * MINUTE) };
    });
    await client.freezeUserCertificate(FREEZE);
    await client.freezeUserCertificate(FREEZE);
    clock.advance(55 * MINUTE - 1); // 5 min + 1 ms left
    await client.freezeUserCertificate(FREEZE);
    expect(calls).toBe(1);
    clock.advance(1); // exactly 5 min left
    await client.freezeUserCertificate(FREEZE);
    await client.freezeUserCertificate(FREEZE);
    expect(calls).toBe(2);
    expect(http.calls.map((r) => r.headers.get("x-auth-token"))).toEqual(["token-1", "token-1", "token-1", "token-2", "token-2"]);
  });

  it("a plain string or a token without expiresAt is kept until a 401", async () => {
    let calls = 0;
    const clock = new FakeClock(START);
    const http = recordingFetch(ok(), ok(), jsonResponse(401, { error_code: "BCS.4010001", error_msg: "token expired" }), ok());
    const client = new BcsClient({
      region: "cn-north-4",
      projectId: "p",
      credentials: {
        token: async () => {
          calls++;
          return calls === 1 ? "plain-1" : { token: `object-${calls}` };
        },
      },
      fetch: http.fetch,
      clock,
      env: {},
    });
    await client.freezeUserCertificate(FREEZE);
    clock.advance(365 * 24 * 60 * MINUTE);
    await client.freezeUserCertificate(FREEZE);
    expect(calls).toBe(1);
    await expect(client.freezeUserCertificate(FREEZE)).rejects.toBeInstanceOf(AuthenticationError);
    await client.freezeUserCertificate(FREEZE);
    expect(calls).toBe(2);
    expect(http.calls.map((r) => r.headers.get("x-auth-token"))).toEqual(["plain-1", "plain-1", "plain-1", "object-2"]);
  });

  it("concurrent calls share one provider call", async () => {
    const gate = deferred<ExpiringToken>();
    let calls = 0;
    const { http, client, clock } = setup(() => {
      calls++;
      return gate.promise;
    });
    const all = Promise.all(Array.from({ length: 5 }, () => client.freezeUserCertificate(FREEZE)));
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(1);
    expect(http.calls).toHaveLength(0);
    gate.resolve({ token: "shared", expiresAt: new Date(clock.now() + 60 * MINUTE) });
    await all;
    expect(calls).toBe(1);
    expect(http.calls.map((r) => r.headers.get("x-auth-token"))).toEqual(Array(5).fill("shared"));
  });

  it("concurrent calls during a refresh also share one provider call", async () => {
    let calls = 0;
    let gate = deferred<ExpiringToken>();
    const { http, client, clock } = setup(() => {
      calls++;
      return gate.promise;
    });
    const first = client.freezeUserCertificate(FREEZE);
    gate.resolve({ token: "t1", expiresAt: new Date(clock.now() + 10 * MINUTE) });
    await first;
    clock.advance(6 * MINUTE);
    gate = deferred<ExpiringToken>();
    const burst = Promise.all([1, 2, 3].map(() => client.freezeUserCertificate(FREEZE)));
    await new Promise((r) => setTimeout(r, 0));
    gate.resolve({ token: "t2", expiresAt: new Date(clock.now() + 60 * MINUTE) });
    await burst;
    expect(calls).toBe(2);
    expect(http.calls.map((r) => r.headers.get("x-auth-token"))).toEqual(["t1", "t2", "t2", "t2"]);
  });

  it("a provider rejection reaches the caller, sends nothing, and the next call asks again", async () => {
    const failure = new Error("provider down");
    let calls = 0;
    const { http, client } = setup(async () => {
      calls++;
      if (calls === 1) throw failure;
      return "recovered";
    });
    const results = await Promise.allSettled([client.freezeUserCertificate(FREEZE), client.freezeUserCertificate(FREEZE)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(results.map((r) => (r as PromiseRejectedResult).reason)).toEqual([failure, failure]);
    expect(calls).toBe(1);
    expect(http.calls).toHaveLength(0);
    await client.freezeUserCertificate(FREEZE);
    expect(calls).toBe(2);
    expect(http.only().headers.get("x-auth-token")).toBe("recovered");
  });

  it("a provider that returns no token gives a ConfigurationError", async () => {
    const { http, client } = setup(async () => ({ token: undefined }) as unknown as ExpiringToken);
    await expect(client.freezeUserCertificate(FREEZE)).rejects.toBeInstanceOf(ConfigurationError);
    expect(http.calls).toHaveLength(0);
  });
});

describe("AK/SK provider", () => {
  function setup(provider: () => Promise<ExpiringAkSk>) {
    const clock = new FakeClock(START);
    const http = recordingFetch(noContent());
    const client = new PcaClient({ region: "ap-southeast-3", domainId: "d", credentials: { akSk: provider }, fetch: http.fetch, clock, env: {} });
    return { clock, http, client };
  }

  it("rotates when expiresAt is within 5 minutes, carrying each key's security token", async () => {
    let calls = 0;
    const { clock, http, client } = setup(async () => {
      calls++;
      return { accessKeyId: `AK${calls}`, secretAccessKey: `sk-${calls}`, securityToken: `st-${calls}`, expiresAt: new Date(clock.now() + 15 * MINUTE) };
    });
    await client.revokeCertificateAuthority({ ca_id: CA_ID });
    clock.advance(10 * MINUTE - 1);
    await client.revokeCertificateAuthority({ ca_id: CA_ID });
    clock.advance(1);
    await client.revokeCertificateAuthority({ ca_id: CA_ID });
    expect(calls).toBe(2);
    expect(http.calls.map(accessKeyOf)).toEqual(["AK1", "AK1", "AK2"]);
    expect(http.calls.map((r) => r.headers.get("x-security-token"))).toEqual(["st-1", "st-1", "st-2"]);
    // Each attempt is signed with the clock's time.
    expect(http.calls.map((r) => r.headers.get("x-sdk-date"))).toEqual(["20240115T083000Z", "20240115T083959Z", "20240115T084000Z"]);
  });

  it("concurrent calls share one provider call; a rejection propagates and is retried next time", async () => {
    let calls = 0;
    let gate = deferred<ExpiringAkSk>();
    const { http, client } = setup(() => {
      calls++;
      return gate.promise;
    });
    const burst = Promise.allSettled([1, 2, 3].map(() => client.revokeCertificateAuthority({ ca_id: CA_ID })));
    await new Promise((r) => setTimeout(r, 0));
    const failure = new Error("STS unavailable");
    gate.reject(failure);
    const settled = await burst;
    expect(settled.every((r) => r.status === "rejected" && r.reason === failure)).toBe(true);
    expect(calls).toBe(1);
    expect(http.calls).toHaveLength(0);

    gate = deferred<ExpiringAkSk>();
    gate.resolve({ accessKeyId: "AKOK", secretAccessKey: "sk" });
    await client.revokeCertificateAuthority({ ca_id: CA_ID });
    expect(calls).toBe(2);
    expect(accessKeyOf(http.only())).toBe("AKOK");
  });

  it("an incomplete key pair from the provider is a ConfigurationError", async () => {
    const { http, client } = setup(async () => ({ accessKeyId: "AK", secretAccessKey: "" }));
    await expect(client.revokeCertificateAuthority({ ca_id: CA_ID })).rejects.toBeInstanceOf(ConfigurationError);
    expect(http.calls).toHaveLength(0);
  });
});

describe("iamPasswordTokenProvider", () => {
  const IAM_URL = iamServers[0].url;
  const EXPIRES = "2024-01-16T08:30:00.000000Z";
  const issued = (token: string, expiresAt = EXPIRES) =>
    jsonResponse(201, { token: { expires_at: expiresAt, methods: ["password"] } }, { "x-subject-token": token, "x-request-id": "iam-req" });
  const options = {
    userName: "alice",
    password: "p@ss w0rd",
    domainName: "example-account",
    scope: { project: { name: "cn-north-4" } },
  } as const;

  it("POSTs the documented body to /v3/auth/tokens?nocatalog=true and reads X-Subject-Token and expires_at", async () => {
    const iam = recordingFetch(issued("subject-token-1"));
    const provider = iamPasswordTokenProvider({ ...options, fetch: iam.fetch, clock: new FakeClock(START) });
    expect(iam.calls).toHaveLength(0);
    const result = await provider();
    expect(result).toEqual({ token: "subject-token-1", expiresAt: new Date(EXPIRES) });

    const request = iam.only();
    expect(request.method).toBe("POST");
    expect(request.url.href).toBe(`${IAM_URL}/v3/auth/tokens?nocatalog=true`);
    expect(request.headers.get("content-type")).toMatch(/^application\/json/);
    expect(request.headers.get("x-auth-token")).toBeNull();
    expect(request.headers.get("authorization")).toBeNull();
    expect(JSON.parse(decode(request.body))).toEqual({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: "alice", password: "p@ss w0rd", domain: { name: "example-account" } } },
        },
        scope: { project: { name: "cn-north-4" } },
      },
    });
  });

  it("accepts a domain scope and a custom endpoint", async () => {
    const iam = recordingFetch(issued("t"));
    await iamPasswordTokenProvider({
      ...options,
      scope: { domain: { name: "example-account" } },
      endpoint: "https://iam.ap-southeast-1.myhuaweicloud.com/",
      fetch: iam.fetch,
    })();
    expect(iam.only().url.href).toBe("https://iam.ap-southeast-1.myhuaweicloud.com/v3/auth/tokens?nocatalog=true");
    expect(JSON.parse(decode(iam.only().body)).auth.scope).toEqual({ domain: { name: "example-account" } });
  });

  it("refuses a plain-http IAM endpoint", () => {
    expect(() => iamPasswordTokenProvider({ ...options, endpoint: "http://iam.example.com" })).toThrow(ConfigurationError);
  });

  it("as a client's token provider it is called once for many calls, and again near expiry", async () => {
    const clock = new FakeClock(START);
    let n = 0;
    const iam = recordingFetch(() => issued(`iam-token-${++n}`, new Date(clock.now() + 24 * 60 * MINUTE).toISOString()));
    const bcsHttp = recordingFetch(ok());
    const client = new BcsClient({
      region: "cn-north-4",
      projectId: "p",
      credentials: { token: iamPasswordTokenProvider({ ...options, fetch: iam.fetch, clock }) },
      fetch: bcsHttp.fetch,
      clock,
      env: {},
    });
    await Promise.all([client.freezeUserCertificate(FREEZE), client.freezeUserCertificate(FREEZE)]);
    await client.unfreezeUserCertificate(FREEZE);
    await client.freezeUserCertificate(FREEZE);
    expect(iam.calls).toHaveLength(1);
    expect(bcsHttp.calls.map((r) => r.headers.get("x-auth-token"))).toEqual(Array(4).fill("iam-token-1"));

    clock.advance(24 * 60 * MINUTE - 5 * MINUTE);
    await client.freezeUserCertificate(FREEZE);
    expect(iam.calls).toHaveLength(2);
    expect(bcsHttp.calls.at(-1)?.headers.get("x-auth-token")).toBe("iam-token-2");
  });

  it("an IAM error is a typed ApiError with error.code / error.message parsed", async () => {
    const iam = recordingFetch(
      jsonResponse(
        401,
        { error: { code: 401, message: "The username or password is wrong.", title: "Unauthorized" } },
        { "x-request-id": "iam-fail" },
      ),
    );
    const bcsHttp = recordingFetch(ok());
    const client = new BcsClient({
      region: "cn-north-4",
      projectId: "p",
      credentials: { token: iamPasswordTokenProvider({ ...options, fetch: iam.fetch, clock: new FakeClock(START) }) },
      fetch: bcsHttp.fetch,
      env: {},
    });
    const error = await client.freezeUserCertificate(FREEZE).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(isApiError(error)).toBe(true);
    const apiError = error as AuthenticationError;
    expect(apiError.status).toBe(401);
    expect(apiError.errorCode).toBe("401");
    expect(apiError.errorMessage).toBe("The username or password is wrong.");
    expect(apiError.requestId).toBe("iam-fail");
    expect(apiError.message).not.toContain(options.password);
    expect(bcsHttp.calls).toHaveLength(0);
  });

  it("IAM's error_code/error_msg shape too, and a 5xx is an InternalServerError", async () => {
    const iam = recordingFetch(jsonResponse(500, { error_code: "IAM.0001", error_msg: "internal" }));
    const error = await iamPasswordTokenProvider({ ...options, fetch: iam.fetch, clock: new FakeClock(START) })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).errorCode).toBe("IAM.0001");
    expect((error as InternalServerError).errorMessage).toBe("internal");
    // Token creation is a POST: an unknown-outcome 500 is not retried.
    expect(iam.calls).toHaveLength(1);
  });

  it("a 201 without X-Subject-Token is a ConfigurationError; a body without the spec's expires_at is an UnexpectedResponseError", async () => {
    const missing = recordingFetch(jsonResponse(201, { token: { expires_at: EXPIRES } }));
    await expect(iamPasswordTokenProvider({ ...options, fetch: missing.fetch })()).rejects.toBeInstanceOf(ConfigurationError);
    const noExpiry = recordingFetch(jsonResponse(201, { token: {} }, { "x-subject-token": "t" }));
    await expect(iamPasswordTokenProvider({ ...options, fetch: noExpiry.fetch })()).rejects.toBeInstanceOf(UnexpectedResponseError);
  });
});

describe("endpoints", () => {
  // The first server of a region is its endpoint; BCS's second (.cn) server is the fail-over twin (failover.test.ts).
  const bcsRegions = bcsServers[0].regions.map((region) => [region, bcsServers[0].url.replace("{region}", region)] as const);
  const pcaRegions = pcaServers.flatMap((s) => s.regions.map((region) => [region, s.url.replace("{region}", region)] as const));

  it.each(bcsRegions)("BCS %s → %s", (region, url) => {
    const client = new BcsClient({ region: region as BcsRegion, projectId: "p", credentials: { token: "t" }, env: {} });
    expect(client.endpoint).toBe(url);
    expect(url).toBe(`https://bcs.${region}.myhuaweicloud.com`);
  });

  it.each(pcaRegions)("PCA %s → %s", (region, url) => {
    const client = new PcaClient({ region: region as PcaRegion, credentials: { token: "t" }, env: {} });
    expect(client.endpoint).toBe(url);
  });

  it("PCA sa-brazil-1 uses the global CCM endpoint", () => {
    expect(new PcaClient({ region: "sa-brazil-1", credentials: { token: "t" }, env: {} }).endpoint).toBe("https://ccm.myhuaweicloud.com");
  });

  it("requests go to the resolved endpoint", async () => {
    const http = recordingFetch(noContent());
    await new PcaClient({ region: "sa-brazil-1", credentials: { token: PCA_TOKEN }, fetch: http.fetch, env: {} }).revokeCertificateAuthority({ ca_id: CA_ID });
    expect(http.only().url.origin).toBe("https://ccm.myhuaweicloud.com");
  });

  it("an unknown region is a ConfigurationError that lists the known ones", () => {
    for (const [make, known] of [
      [() => new BcsClient({ region: "xx-nowhere-1" as BcsRegion, projectId: "p", credentials: { token: "t" }, env: {} }), bcsRegions],
      [() => new PcaClient({ region: "xx-nowhere-1" as PcaRegion, credentials: { token: "t" }, env: {} }), pcaRegions],
    ] as const) {
      const error = caught(make);
      expect(error).toBeInstanceOf(ConfigurationError);
      const message = (error as Error).message;
      expect(message).toContain("xx-nowhere-1");
      for (const [region] of known) expect(message).toContain(region);
    }
  });

  it("neither region nor endpoint is a ConfigurationError", () => {
    expect(() => new BcsClient({ projectId: "p", credentials: { token: "t" }, env: {} })).toThrow(ConfigurationError);
  });

  it.each([
    ["http://127.0.0.1:4010", "http://127.0.0.1:4010"],
    ["http://127.1.2.3:8080/", "http://127.1.2.3:8080"],
    ["http://localhost:4010", "http://localhost:4010"],
    ["http://[::1]:4010", "http://[::1]:4010"],
    ["https://proxy.example.com/bcs/", "https://proxy.example.com/bcs"],
    ["https://bcs.example.com", "https://bcs.example.com"],
  ])("endpoint %s is accepted as %s and wins over region", (endpoint, expected) => {
    const client = new BcsClient({ endpoint, region: "cn-north-4", projectId: "p", credentials: { token: "t" }, env: {} });
    expect(client.endpoint).toBe(expected);
  });

  it("a path prefix on the endpoint is kept", async () => {
    const http = recordingFetch(ok());
    await new BcsClient({ endpoint: "https://proxy.example.com/bcs", projectId: "p", credentials: { token: "t" }, fetch: http.fetch, env: {} }).freezeUserCertificate(
      FREEZE,
    );
    expect(http.only().url.href).toBe("https://proxy.example.com/bcs/v2/p/blockchains/bc/orgs/org1/usercert/user01/freeze");
  });

  it.each([
    "http://bcs.cn-north-4.myhuaweicloud.com",
    "http://127.0.0.1.example.com",
    "http://localhost.example.com",
    "http://10.0.0.1",
    "http://[::2]",
    "ftp://127.0.0.1",
    "https://user:pass@bcs.example.com",
    "https://bcs.example.com/?x=1",
    "not a url",
  ])("endpoint %s is refused", (endpoint) => {
    const error = caught(() => new BcsClient({ endpoint, projectId: "p", credentials: { token: "t" }, env: {} }));
    expect(error).toBeInstanceOf(ConfigurationError);
  });
});
