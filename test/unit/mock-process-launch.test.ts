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
import type { Gateway, GatewayOptions, Upstream } from "../../src/testing/gateway.js";
import { PRISM_STOPPED_WARNING, asyncDisposeOf, bundledSpecPath, launchMock, startMock, type MockParts, type RunningMock } from "../../src/testing/mock.js";
import type { PrismModules } from "../../src/testing/prism-modules.js";
import type { PrismExit } from "../../src/testing/prism-process.js";
import type { RecordedRequest } from "../../src/testing/recording.js";
import { gone } from "./support/stand-in-processes.js";

const MODULES: PrismModules = { http: "/m/http.js", httpServer: "/m/server.js", core: "/m/core.js", faker: undefined, postman: undefined };
const UPSTREAMS = { bcs: "http://127.0.0.1:4010", pca: "http://127.0.0.1:4011", iam: "http://127.0.0.1:4012" };
/** What the second Prism process (after a restart) listens on. */
const RESTARTED = { bcs: "http://127.0.0.1:4020", pca: "http://127.0.0.1:4021", iam: "http://127.0.0.1:4022" };

/** Parts that start nothing and write down what they are asked, in order. */
function fakeParts(overrides: { failGateway?: number; failPrism?: Error; failPrismAt?: number; failClose?: boolean } = {}) {
  const events: string[] = [];
  const gatewayOptions: GatewayOptions[] = [];
  const prismOptions: unknown[] = [];
  /** Ends each started Prism process as if it had exited by itself. */
  const exits: ((exit: PrismExit) => void)[] = [];
  const parts: MockParts = {
    resolvePrismModules: () => {
      events.push("resolve");
      return MODULES;
    },
    startPrismProcess: async (options) => {
      events.push("prism start");
      const n = prismOptions.push(options);
      if (overrides.failPrism && (overrides.failPrismAt ?? 1) === n) throw overrides.failPrism;
      let exit!: (exit: PrismExit) => void;
      const exited = new Promise<PrismExit>((resolve) => (exit = resolve));
      exits.push(exit);
      return {
        urls: (n === 1 ? UPSTREAMS : RESTARTED) as never,
        pid: 4241 + n,
        stop: async () => {
          events.push("prism stop");
          exit({ status: "exit 0", output: "" });
        },
        exited,
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
  return { parts, events, gatewayOptions, prismOptions, exits };
}

/** Where a gateway forwards to now. */
const upstreamOf = (options: GatewayOptions): Upstream => (options.upstream as () => Upstream)();

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
  error: undefined,
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
    expect(fake.gatewayOptions.map((o) => [o.service, upstreamOf(o).url, o.open, o.accessKeyId, o.secretAccessKey])).toEqual([
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

describe("launchMock: a Prism process that stops by itself", () => {
  /** The warnings emitted while `run` runs. */
  async function warningsDuring(run: () => Promise<void>): Promise<Error[]> {
    const seen: Error[] = [];
    const listen = (warning: Error) => seen.push(warning);
    process.on("warning", listen);
    try {
      await run();
      // process.emitWarning delivers on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", listen);
    }
    return seen;
  }

  it("tells the gateways at once, with the exit status and the last output, and warns once", async () => {
    const fake = fakeParts();
    await launch(fake);
    const { stopped } = upstreamOf(fake.gatewayOptions[0]!);
    expect(stopped.aborted).toBe(false);
    const warnings = await warningsDuring(async () => {
      fake.exits[0]!({ status: "exit 1", output: "TypeError: Cannot read properties of undefined (reading 'trim')\n    at process\n\n" });
      await new Promise((resolve) => stopped.addEventListener("abort", resolve));
    });
    const reason =
      "the mock's Prism process stopped by itself (exit 1), so the mock cannot answer: call mock.restart(), or start a new mock. " +
      "Its last output:\nTypeError: Cannot read properties of undefined (reading 'trim')\n    at process";
    expect(stopped.reason).toBe(reason);
    for (const options of fake.gatewayOptions) expect(upstreamOf(options).stopped.reason).toBe(reason);
    expect(warnings.map((w) => [w.name, (w as { code?: string }).code, w.message])).toEqual([["Warning", PRISM_STOPPED_WARNING, reason]]);
  });

  it("says (none) when the process wrote nothing", async () => {
    const fake = fakeParts();
    await launch(fake);
    const { stopped } = upstreamOf(fake.gatewayOptions[1]!);
    await warningsDuring(async () => {
      fake.exits[0]!({ status: "SIGKILL", output: " \n" });
      await new Promise((resolve) => stopped.addEventListener("abort", resolve));
    });
    expect(stopped.reason).toBe(
      "the mock's Prism process stopped by itself (SIGKILL), so the mock cannot answer: call mock.restart(), or start a new mock. Its last output:\n(none)",
    );
  });

  it("does not warn when stop() ends it, and tells the gateways it was stopped", async () => {
    const fake = fakeParts();
    const mock = await launch(fake);
    const { stopped } = upstreamOf(fake.gatewayOptions[2]!);
    const warnings = await warningsDuring(() => mock.stop());
    expect(warnings).toEqual([]);
    expect(stopped.reason).toBe("the mock's Prism process was stopped (exit 0)");
  });

  it("restart() stops the old process and points every gateway at a new one, under the same endpoints", async () => {
    const fake = fakeParts();
    const mock = await launch(fake);
    const endpoints = { ...mock.endpoints };
    const old = upstreamOf(fake.gatewayOptions[0]!);
    fake.events.length = 0;
    const warnings = await warningsDuring(() => mock.restart());
    expect(warnings).toEqual([]);
    expect(fake.events).toEqual(["prism stop", "prism start"]);
    expect(old.stopped.reason).toBe("the mock's Prism process was stopped (exit 0)");
    expect(fake.gatewayOptions.map((o) => upstreamOf(o).url)).toEqual([RESTARTED.bcs, RESTARTED.pca, RESTARTED.iam]);
    expect(fake.gatewayOptions.every((o) => !upstreamOf(o).stopped.aborted)).toBe(true);
    expect(mock.pids).toEqual([4243]);
    expect(mock.endpoints).toEqual(endpoints);
    expect(fake.prismOptions[1]).toEqual(fake.prismOptions[0]);
  });

  it("restart() after a crash starts a new process; calls made together share one restart", async () => {
    const fake = fakeParts();
    const mock = await launch(fake);
    await warningsDuring(async () => fake.exits[0]!({ status: "exit 1", output: "" }));
    fake.events.length = 0;
    const first = mock.restart();
    expect(mock.restart()).toBe(first);
    await first;
    expect(fake.events).toEqual(["prism stop", "prism start"]);
    expect(upstreamOf(fake.gatewayOptions[0]!).url).toBe(RESTARTED.bcs);
    // Once done, a later restart is a new one.
    await mock.restart();
    expect(fake.events.filter((e) => e === "prism start")).toHaveLength(2);
  });

  it("restart() that fails to start Prism rejects with that failure, and may be tried again", async () => {
    const failure = new Error("Prism was not ready");
    const fake = fakeParts({ failPrism: failure, failPrismAt: 2 });
    const mock = await launch(fake);
    await expect(mock.restart()).rejects.toBe(failure);
    await mock.restart();
    expect(upstreamOf(fake.gatewayOptions[0]!).url).toBe(RESTARTED.bcs);
  });

  it("restart() after stop() is a ConfigurationError", async () => {
    const fake = fakeParts();
    const mock = await launch(fake);
    await mock.stop();
    fake.events.length = 0;
    await expect(mock.restart()).rejects.toThrow(new ConfigurationError("the mock was stopped: start a new one with startMock()"));
    expect(fake.events).toEqual([]);
  });
});

describe("launchMock: environment() and exportLines()", () => {
  it("points every region of both services, IAM and the credentials at the mock", async () => {
    const mock = await launch(fakeParts(), { accessKeyId: "AKTEST", secretAccessKey: "sk-test" });
    const { bcs, pca, iam } = mock.endpoints;
    expect(mock.environment()).toEqual({
      HUAWEICLOUD_SDK_REGION_BCS_CN_NORTH_1: bcs,
      HUAWEICLOUD_SDK_REGION_BCS_CN_NORTH_4: bcs,
      HUAWEICLOUD_SDK_REGION_BCS_CN_SOUTH_1: bcs,
      HUAWEICLOUD_SDK_REGION_BCS_CN_EAST_2: bcs,
      HUAWEICLOUD_SDK_REGION_CCM_CN_NORTH_4: pca,
      HUAWEICLOUD_SDK_REGION_CCM_AP_SOUTHEAST_3: pca,
      HUAWEICLOUD_SDK_REGION_CCM_EU_WEST_101: pca,
      HUAWEICLOUD_SDK_REGION_CCM_RU_MOSCOW_1: pca,
      HUAWEICLOUD_SDK_REGION_CCM_MY_KUALALUMPUR_1: pca,
      HUAWEICLOUD_SDK_REGION_CCM_SA_BRAZIL_1: pca,
      HUAWEICLOUD_SDK_IAM_ENDPOINT: iam,
      HUAWEICLOUD_SDK_AK: "AKTEST",
      HUAWEICLOUD_SDK_SK: "sk-test",
      HUAWEICLOUD_SDK_PROJECT_ID: "0c3b9c1f4b00d5e72f8ac0093a11f0ba",
      HUAWEICLOUD_SDK_DOMAIN_ID: "a5b3e2f1c0d94e8f9b7a6c5d4e3f2a1b",
    });
  });

  it("names only the given region, any region", async () => {
    const mock = await launch(fakeParts());
    expect(Object.keys(mock.environment("ap-southeast-1"))).toEqual([
      "HUAWEICLOUD_SDK_REGION_BCS_AP_SOUTHEAST_1",
      "HUAWEICLOUD_SDK_REGION_CCM_AP_SOUTHEAST_1",
      "HUAWEICLOUD_SDK_IAM_ENDPOINT",
      "HUAWEICLOUD_SDK_AK",
      "HUAWEICLOUD_SDK_SK",
      "HUAWEICLOUD_SDK_PROJECT_ID",
      "HUAWEICLOUD_SDK_DOMAIN_ID",
    ]);
  });

  it("prints them as export lines for a shell", async () => {
    const mock = await launch(fakeParts(), { accessKeyId: "AKTEST", secretAccessKey: "sk-test" });
    const { bcs, pca, iam } = mock.endpoints;
    expect(mock.exportLines("cn-north-4")).toBe(
      [
        `export HUAWEICLOUD_SDK_REGION_BCS_CN_NORTH_4='${bcs}'`,
        `export HUAWEICLOUD_SDK_REGION_CCM_CN_NORTH_4='${pca}'`,
        `export HUAWEICLOUD_SDK_IAM_ENDPOINT='${iam}'`,
        "export HUAWEICLOUD_SDK_AK='AKTEST'",
        "export HUAWEICLOUD_SDK_SK='sk-test'",
        "export HUAWEICLOUD_SDK_PROJECT_ID='0c3b9c1f4b00d5e72f8ac0093a11f0ba'",
        "export HUAWEICLOUD_SDK_DOMAIN_ID='a5b3e2f1c0d94e8f9b7a6c5d4e3f2a1b'",
      ].join("\n"),
    );
    expect(mock.exportLines().split("\n")).toHaveLength(15);
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
