/**
 * startMock's assembly (launchMock in src/testing/mock.ts) with a stand-in for the Prism process:
 * a tiny node:http server on 127.0.0.1 plays every document's Prism, and the real gateways run in
 * front of it. What is checked: the endpoints and credentials, IAM open and the others not, the
 * shared scenarios and records, stop(), and that a start failing half-way leaves nothing running.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/core/errors.js";
import { startGateway, type Gateway, type GatewayOptions } from "../../src/testing/gateway.js";
import { asyncDisposeOf, launchMock, type MockParts, type RunningMock } from "../../src/testing/mock.js";
import type { PrismModules } from "../../src/testing/prism-modules.js";
import type { PrismProcess, StartPrismProcessOptions } from "../../src/testing/prism-process.js";
import { bundledSpecPath, type OperationId, type Service } from "../../src/testing/services.js";

const MODULES: PrismModules = { http: "h", httpServer: "s", core: "c", faker: undefined, postman: undefined };

let upstream: http.Server;
let upstreamUrl: string;
let mocks: RunningMock[] = [];

beforeEach(async () => {
  upstream = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      // Like Prism, answers the declared status a scenario asks for with Prefer: code=N.
      const asked = /^code=(\d{3})$/.exec(String(req.headers.prefer ?? ""));
      res.writeHead(asked ? Number(asked[1]) : 200, { "content-type": "application/json" });
      res.end(JSON.stringify({ path: req.url }));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await Promise.all(mocks.map((m) => m.stop()));
  mocks = [];
  upstream.closeAllConnections();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

interface Spy {
  prismStarts: StartPrismProcessOptions<Service>[];
  prismStops: number;
  gatewayOptions: GatewayOptions[];
  gateways: Gateway[];
  closed: number;
}

function parts(overrides: Partial<MockParts> = {}): { parts: MockParts; spy: Spy } {
  const spy: Spy = { prismStarts: [], prismStops: 0, gatewayOptions: [], gateways: [], closed: 0 };
  const fakePrism = (async (options: StartPrismProcessOptions<Service>) => {
    spy.prismStarts.push(options);
    const process: PrismProcess<Service> = {
      urls: { bcs: upstreamUrl, pca: upstreamUrl, iam: upstreamUrl },
      pid: 4242,
      stop: async () => {
        spy.prismStops++;
      },
    };
    return process;
  }) as MockParts["startPrismProcess"];
  const gateway: MockParts["startGateway"] = async (options) => {
    spy.gatewayOptions.push(options);
    const started = await startGateway(options);
    const wrapped = {
      url: started.url,
      close: async () => {
        spy.closed++;
        await started.close();
      },
    };
    spy.gateways.push(wrapped);
    return wrapped;
  };
  return { parts: { resolvePrismModules: () => MODULES, startPrismProcess: fakePrism, startGateway: gateway, ...overrides }, spy };
}

async function launch(options: Parameters<typeof launchMock>[0] = {}, overrides: Partial<MockParts> = {}) {
  const made = parts(overrides);
  const mock = await launchMock(options, made.parts);
  mocks.push(mock);
  return { mock, spy: made.spy };
}

describe("launchMock", () => {
  it("starts one Prism process with the resolved modules and every bundled document", async () => {
    const { spy } = await launch();
    expect(spy.prismStarts).toEqual([{ modules: MODULES, documents: { bcs: bundledSpecPath("bcs"), pca: bundledSpecPath("pca"), iam: bundledSpecPath("iam") } }]);
  });

  it("puts a gateway per service in front of its Prism URL, IAM open, sharing scenarios and records", async () => {
    const { mock, spy } = await launch({ accessKeyId: "AKFIXED", secretAccessKey: "sk-fixed" });
    expect(spy.gatewayOptions.map((o) => [o.service, o.open, o.upstream, o.accessKeyId, o.secretAccessKey])).toEqual([
      ["bcs", false, upstreamUrl, "AKFIXED", "sk-fixed"],
      ["pca", false, upstreamUrl, "AKFIXED", "sk-fixed"],
      ["iam", true, upstreamUrl, "AKFIXED", "sk-fixed"],
    ]);
    const [bcs, pca, iam] = spy.gatewayOptions;
    expect(bcs!.scenarios).toBe(pca!.scenarios);
    expect(pca!.recorder).toBe(iam!.recorder);
    expect(bcs!.document).not.toBe(pca!.document);
    expect(mock.endpoints).toEqual({ bcs: spy.gateways[0]!.url, pca: spy.gateways[1]!.url, iam: spy.gateways[2]!.url });
    expect(mock.pids).toEqual([4242]);
  });

  it("hands out the given credentials, a long token and fixed ids", async () => {
    const { mock } = await launch({ accessKeyId: "AKFIXED", secretAccessKey: "sk-fixed" });
    expect(mock.credentials).toEqual({
      accessKeyId: "AKFIXED",
      secretAccessKey: "sk-fixed",
      token: expect.stringMatching(/^mock-token-[0-9a-f]{32}$/),
      projectId: "0c3b9c1f4b00d5e72f8ac0093a11f0ba",
      domainId: "a5b3e2f1c0d94e8f9b7a6c5d4e3f2a1b",
    });
  });

  it("makes up random credentials when given none", async () => {
    const a = (await launch()).mock.credentials;
    const b = (await launch()).mock.credentials;
    expect(a.accessKeyId).toMatch(/^MOCKAK[0-9A-F]{14}$/);
    expect(a.secretAccessKey).toMatch(/^[A-Za-z0-9_-]{27}$/);
    expect(a.accessKeyId).not.toBe(b.accessKeyId);
    expect(a.secretAccessKey).not.toBe(b.secretAccessKey);
    expect(a.token).not.toBe(b.token);
  });

  it("refuses an unauthenticated call to BCS and PCA, lets it through to IAM, and records each by service and operation", async () => {
    const { mock } = await launch();
    expect((await fetch(mock.endpoints.bcs + "/v2/p/blockchains/b/orgs/o/usercert/u", { method: "POST" })).status).toBe(401);
    expect((await fetch(mock.endpoints.pca + "/v1/private-certificate-authorities/c/activate", { method: "POST" })).status).toBe(401);
    expect((await fetch(mock.endpoints.iam + "/v3/auth/tokens", { method: "POST" })).status).toBe(200);
    expect(mock.requests.map((r) => [r.service, r.operationId, r.status])).toEqual([
      ["bcs", "generateUserCertificate", 401],
      ["pca", "activateCertificateAuthority", 401],
      ["iam", "createUserTokenByPassword", 200],
    ]);
  });

  it("accepts scenarios for the operations of every document and refuses others", async () => {
    const { mock } = await launch();
    for (const operation of ["generateUserCertificate", "activateCertificateAuthority", "createUserTokenByPassword"] as OperationId[]) {
      expect(mock.scenario({ operation, respond: { status: 503 } }).remaining).toBe(1);
    }
    expect(() => mock.scenario({ operation: "nope" as OperationId, respond: {} })).toThrow(ConfigurationError);
    expect((await fetch(mock.endpoints.iam + "/v3/auth/tokens", { method: "POST" })).status).toBe(503);
  });

  it("clears requests, scenarios, or both", async () => {
    const { mock } = await launch();
    const call = () => fetch(mock.endpoints.iam + "/v3/auth/tokens", { method: "POST" }).then((r) => r.status);
    mock.scenario({ times: Infinity, respond: { status: 500 } });
    expect(await call()).toBe(500);
    mock.clearRequests();
    expect(mock.requests).toEqual([]);
    expect(await call()).toBe(500);
    mock.clearScenarios();
    expect(await call()).toBe(200);
    expect(mock.requests).toHaveLength(2);

    mock.scenario({ times: Infinity, respond: { status: 500 } });
    mock.reset();
    expect(mock.requests).toEqual([]);
    expect(await call()).toBe(200);
  });

  it("stops the gateways and Prism once, however often stop() is called, also through asyncDispose", async () => {
    const { mock, spy } = await launch();
    const first = mock.stop();
    expect(mock.stop()).toBe(first);
    await first;
    await mock[Symbol.asyncDispose]();
    expect(spy.closed).toBe(3);
    expect(spy.prismStops).toBe(1);
    await expect(fetch(mock.endpoints.bcs)).rejects.toThrow();
  });

  it("stops Prism and the gateways started so far when a gateway fails to start", async () => {
    let n = 0;
    const made = parts();
    const failing: MockParts["startGateway"] = async (options) => {
      if (++n === 2) throw new Error("gateway 2 failed");
      return made.parts.startGateway(options);
    };
    await expect(launchMock({}, { ...made.parts, startGateway: failing })).rejects.toThrow("gateway 2 failed");
    expect(made.spy.closed).toBe(1);
    expect(made.spy.prismStops).toBe(1);
  });

  it("starts no gateway when Prism fails to start", async () => {
    const made = parts();
    const failing = (async () => {
      throw new Error("no prism");
    }) as MockParts["startPrismProcess"];
    await expect(launchMock({}, { ...made.parts, startPrismProcess: failing })).rejects.toThrow("no prism");
    expect(made.spy.gatewayOptions).toEqual([]);
  });

  it("starts nothing when Prism's modules cannot be found", async () => {
    const made = parts();
    const missing = () => {
      throw new ConfigurationError("not installed");
    };
    await expect(launchMock({}, { ...made.parts, resolvePrismModules: missing })).rejects.toThrow("not installed");
    expect(made.spy.prismStarts).toEqual([]);
  });
});

describe("asyncDisposeOf", () => {
  it("is Symbol.asyncDispose where the runtime has it", () => {
    const own = Symbol("own");
    expect(asyncDisposeOf({ asyncDispose: own })).toBe(own);
  });

  it("falls back to the registered symbol TypeScript's helpers use", () => {
    expect(asyncDisposeOf({})).toBe(Symbol.for("Symbol.asyncDispose"));
  });
});
