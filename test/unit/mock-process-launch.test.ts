/**
 * launchMock() (src/testing/mock.ts) with its parts replaced: what it starts the Prism process and
 * each gateway with, what the running mock hands out, how stop() ends things, and that a start
 * failing half-way leaves nothing running. One test starts the real mock (startMock()) and checks
 * from outside that stop() ends its Prism worker.
 */
import { operations as bcsOperations } from "../../generated/bcs.operations.js";
import { operations as iamOperations } from "../../generated/iam.operations.js";
import { operations as pcaOperations } from "../../generated/pca.operations.js";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/index.js";
import type { Gateway, GatewayOptions } from "../../src/testing/gateway.js";
import { asyncDisposeOf, bundledSpecPath, launchMock, startMock, type MockParts, type RunningMock } from "../../src/testing/mock.js";
import type { PrismModules } from "../../src/testing/prism-modules.js";
import type { RecordedRequest } from "../../src/testing/recording.js";
import { gone } from "./support/stand-in-processes.js";

const MODULES: PrismModules = { http: "/m/http.js", httpServer: "/m/server.js", core: "/m/core.js", faker: undefined, postman: undefined };
const UPSTREAMS = { bcs: "http://127.0.0.1:4010", pca: "http://127.0.0.1:4011", iam: "http://127.0.0.1:4012" };

/** Parts that start nothing and write down what they are asked, in order. */
function fakeParts(overrides: { failGateway?: number; failPrism?: Error; failClose?: boolean } = {}) {
  const events: string[] = [];
  const gatewayOptions: GatewayOptions[] = [];
  const prismOptions: unknown[] = [];
  const parts: MockParts = {
    resolvePrismModules: () => {
      events.push("resolve");
      return MODULES;
    },
    startPrismProcess: async (options) => {
      events.push("prism start");
      prismOptions.push(options);
      if (overrides.failPrism) throw overrides.failPrism;
      return {
        urls: UPSTREAMS as never,
        pid: 4242,
        stop: async () => {
          events.push("prism stop");
        },
      };
    },
    startGateway: async (options): Promise<Gateway> => {
      const n = gatewayOptions.push(options);
      if (n === overrides.failGateway) throw new Error(`gateway ${n} failed`);
      events.push(`gateway ${options.service} start`);
      return {
        url: `http://127.0.0.1:${5000 + n}`,
        close: async () => {
          events.push(`gateway ${options.service} close`);
          if (overrides.failClose) throw new Error("close failed");
        },
      };
    },
  };
  return { parts, events, gatewayOptions, prismOptions };
}

const mocks: RunningMock[] = [];
afterEach(async () => {
  await Promise.allSettled(mocks.splice(0).map((m) => m.stop()));
});
async function launch(fake: ReturnType<typeof fakeParts>, options: Parameters<typeof launchMock>[0] = {}) {
  const mock = await launchMock(options, fake.parts);
  mocks.push(mock);
  return mock;
}

const record = (operationId: string): RecordedRequest => ({
  service: "iam",
  operationId: operationId as RecordedRequest["operationId"],
  method: "GET",
  path: "/v3/auth/projects",
  query: {},
  auth: { kind: "none" } as unknown as RecordedRequest["auth"],
  body: undefined,
  parts: undefined,
  status: 200,
  requestId: "r-1",
  scenario: false,
});

describe("launchMock: what it starts", () => {
  it("starts one Prism process with the resolved modules and every bundled document", async () => {
    const fake = fakeParts();
    await launch(fake);
    expect(fake.prismOptions).toEqual([{ modules: MODULES, documents: { bcs: bundledSpecPath("bcs"), pca: bundledSpecPath("pca"), iam: bundledSpecPath("iam") } }]);
  });

  it("puts a gateway in front of each service's Prism server; only IAM's is open", async () => {
    const fake = fakeParts();
    const mock = await launch(fake, { accessKeyId: "AKTEST", secretAccessKey: "sk-test" });
    expect(fake.gatewayOptions.map((o) => [o.service, o.upstream, o.open, o.accessKeyId, o.secretAccessKey])).toEqual([
      ["bcs", UPSTREAMS.bcs, false, "AKTEST", "sk-test"],
      ["pca", UPSTREAMS.pca, false, "AKTEST", "sk-test"],
      ["iam", UPSTREAMS.iam, true, "AKTEST", "sk-test"],
    ]);
    expect(mock.endpoints).toEqual({ bcs: "http://127.0.0.1:5001", pca: "http://127.0.0.1:5002", iam: "http://127.0.0.1:5003" });
  });

  it("hands each gateway its service's document, and one scenario queue and one recorder for all", async () => {
    const fake = fakeParts();
    await launch(fake);
    for (const options of fake.gatewayOptions) {
      expect(options.document).toEqual(JSON.parse(readFileSync(bundledSpecPath(options.service!), "utf8")));
    }
    const [bcs, pca, iam] = fake.gatewayOptions;
    expect(bcs!.scenarios).toBeDefined();
    expect(pca!.scenarios).toBe(bcs!.scenarios);
    expect(iam!.scenarios).toBe(bcs!.scenarios);
    expect(bcs!.recorder).toBeDefined();
    expect(pca!.recorder).toBe(bcs!.recorder);
    expect(iam!.recorder).toBe(bcs!.recorder);
  });
});

describe("launchMock: the running mock", () => {
  it("accepts the given keys", async () => {
    const mock = await launch(fakeParts(), { accessKeyId: "AKTEST", secretAccessKey: "sk-test" });
    expect(mock.credentials.accessKeyId).toBe("AKTEST");
    expect(mock.credentials.secretAccessKey).toBe("sk-test");
  });

  it("makes up random keys when none are given: an AK of MOCKAK and 14 upper-case hex digits, a 27-character base64url SK", async () => {
    const first = await launch(fakeParts());
    const second = await launch(fakeParts());
    expect(first.credentials.accessKeyId).toMatch(/^MOCKAK[0-9A-F]{14}$/);
    expect(first.credentials.secretAccessKey).toMatch(/^[A-Za-z0-9_-]{27}$/);
    expect(second.credentials.accessKeyId).not.toBe(first.credentials.accessKeyId);
    expect(second.credentials.secretAccessKey).not.toBe(first.credentials.secretAccessKey);
  });

  it("hands out a token, a project id and a domain id the services accept", async () => {
    const mock = await launch(fakeParts());
    expect(mock.credentials.token).toMatch(/^mock-token-[0-9a-f]{32}$/);
    expect(mock.credentials.projectId).toBe("0c3b9c1f4b00d5e72f8ac0093a11f0ba");
    expect(mock.credentials.domainId).toBe("a5b3e2f1c0d94e8f9b7a6c5d4e3f2a1b");
  });

  it("names the Prism process's pid", async () => {
    expect((await launch(fakeParts())).pids).toEqual([4242]);
  });

  it("scenario() adds to the queue the gateways take from, for any operation of the three documents", async () => {
    const fake = fakeParts();
    const mock = await launch(fake);
    const queue = fake.gatewayOptions[0]!.scenarios!;
    mock.scenario({ operation: "listProjects", respond: { status: 503 } });
    mock.scenario({ operation: "generateUserCertificate", respond: { status: 500 } });
    mock.scenario({ operation: "revokeCertificateAuthority", respond: { status: 409 } });
    expect(queue.take("listProjects")).toEqual({ status: 503 });
    expect(queue.take("generateUserCertificate")).toEqual({ status: 500 });
    expect(queue.take("revokeCertificateAuthority")).toEqual({ status: 409 });
  });

  it("scenario() refuses an operation none of the documents has, listing the ones they have", async () => {
    const mock = await launch(fakeParts());
    // Every operation of the three documents, in their order (BCS, PCA, IAM).
    const known = [bcsOperations, pcaOperations, iamOperations].flatMap((table) => Object.keys(table));
    expect(known).toContain("activateCertificateAuthority");
    let message = "";
    try {
      mock.scenario({ operation: "noSuchOperation" as never, respond: { status: 500 } });
    } catch (error) {
      message = (error as Error).message;
    }
    const listed = /^scenario operation "noSuchOperation" is not an operation of the mock \((.*)\)$/.exec(message)?.[1]?.split(", ");
    expect(listed?.sort()).toEqual(known.sort());
  });

  it("clearScenarios() empties the queue", async () => {
    const fake = fakeParts();
    const mock = await launch(fake);
    mock.scenario({ respond: { status: 500 }, times: 2 });
    mock.clearScenarios();
    expect(fake.gatewayOptions[0]!.scenarios!.take("listProjects")).toBeUndefined();
  });

  it("requests lists what the gateways recorded; clearRequests() forgets it", async () => {
    const fake = fakeParts();
    const mock = await launch(fake);
    fake.gatewayOptions[2]!.recorder!.add(record("listProjects"));
    expect(mock.requests.map((r) => r.operationId)).toEqual(["listProjects"]);
    mock.clearRequests();
    expect(mock.requests).toEqual([]);
  });

  it("reset() forgets both the requests and the scenarios", async () => {
    const fake = fakeParts();
    const mock = await launch(fake);
    fake.gatewayOptions[0]!.recorder!.add(record("listProjects"));
    mock.scenario({ respond: { status: 500 } });
    mock.reset();
    expect(mock.requests).toEqual([]);
    expect(fake.gatewayOptions[0]!.scenarios!.take("listProjects")).toBeUndefined();
  });
});

describe("launchMock: stop()", () => {
  it("closes every gateway, then stops the Prism process", async () => {
    const fake = fakeParts();
    const mock = await launch(fake);
    fake.events.length = 0;
    await mock.stop();
    expect(fake.events).toEqual(["gateway bcs close", "gateway pca close", "gateway iam close", "prism stop"]);
  });

  it("does it once, however often it is called, also through Symbol.asyncDispose", async () => {
    const fake = fakeParts();
    const mock = await launch(fake);
    fake.events.length = 0;
    const first = mock.stop();
    expect(mock.stop()).toBe(first);
    await first;
    await mock[asyncDisposeOf(Symbol)]();
    expect(fake.events.filter((e) => e === "prism stop")).toHaveLength(1);
    expect(fake.events).toHaveLength(4);
  });

  it("stops the Prism process even when a gateway fails to close", async () => {
    const fake = fakeParts({ failClose: true });
    const mock = await launch(fake);
    await expect(mock.stop()).resolves.toBeUndefined();
    expect(fake.events).toContain("prism stop");
  });
});

describe("launchMock: a start that fails half-way", () => {
  it("a gateway that fails to start: the gateways already up are closed, Prism is stopped, and the error is the gateway's", async () => {
    const fake = fakeParts({ failGateway: 2 });
    await expect(launchMock({}, fake.parts)).rejects.toThrow("gateway 2 failed");
    expect(fake.events).toEqual(["resolve", "prism start", "gateway bcs start", "gateway bcs close", "prism stop"]);
  });

  it("a Prism process that fails to start: its error, and no gateway started", async () => {
    const failure = new Error("Prism was not ready within 30000 ms.");
    const fake = fakeParts({ failPrism: failure });
    await expect(launchMock({}, fake.parts)).rejects.toBe(failure);
    expect(fake.events).toEqual(["resolve", "prism start"]);
  });

  it("Prism not installed: the ConfigurationError, and nothing started", async () => {
    const fake = fakeParts();
    const missing = new ConfigurationError("startMock() needs the optional peer dependency @stoplight/prism-cli");
    const parts: MockParts = {
      ...fake.parts,
      resolvePrismModules: () => {
        throw missing;
      },
    };
    await expect(launchMock({}, parts)).rejects.toBe(missing);
    expect(fake.events).toEqual([]);
  });
});

describe("asyncDisposeOf", () => {
  it("is Symbol.asyncDispose, or the registered fallback where the runtime has none", () => {
    const own = Symbol("asyncDispose");
    expect(asyncDisposeOf({ asyncDispose: own })).toBe(own);
    expect(asyncDisposeOf({})).toBe(Symbol.for("Symbol.asyncDispose"));
  });
});

describe("startMock(): the real thing, once", () => {
  it("starts the Prism worker behind the gateways; stop() ends the worker", async () => {
    const mock = await startMock();
    mocks.push(mock);
    const [pid] = mock.pids;
    expect(gone(pid!)).toBe(false);
    const response = await fetch(`${mock.endpoints.iam}/v3/projects`, { headers: { "X-Auth-Token": mock.credentials.token } });
    await response.body?.cancel();
    expect(response.status).toBe(200);
    await mock.stop();
    expect(gone(pid!)).toBe(true);
  });
});
