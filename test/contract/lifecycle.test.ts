/**
 * Nothing the mock starts outlives it: not after stop() or `await using`, not after a start that
 * fails half-way, and not when the process that started it dies by SIGKILL (no code of its own
 * runs then: the Prism worker notices its stdin close). Processes are looked at from outside
 * (support/processes.ts), and a look that cannot be taken fails the test.
 */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigurationError, isConfigurationError } from "../../src/index.js";
import { asyncDisposeOf, launchMock, startMock, type MockParts } from "../../src/testing/mock.js";
import { resolvePrismModules } from "../../src/testing/prism-modules.js";
import { startPrismProcess } from "../../src/testing/prism-process.js";
import { startGateway } from "../../src/testing/gateway.js";
import { mockWorkerPids, processGone, stillRunningAfter } from "./support/processes.js";

const root = resolve(import.meta.dirname, "../..");
const realParts: MockParts = { resolvePrismModules, startPrismProcess, startGateway };

/** True when nothing answers at `url` any more (the connection is refused). */
async function refused(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return false;
  } catch (error) {
    return /ECONNREFUSED/.test(String((error as { cause?: unknown }).cause ?? error));
  }
}

describe("the mock's processes", () => {
  it("stop() ends the one Prism worker and closes every endpoint; a second stop() is harmless", async () => {
    const mock = await startMock();
    expect(mock.pids).toHaveLength(1);
    expect(mockWorkerPids()).toContain(mock.pids[0]);
    await mock.stop();
    await mock.stop();
    expect(mock.pids.filter((pid) => !processGone(pid))).toEqual([]);
    for (const url of Object.values(mock.endpoints)) expect(await refused(url), url).toBe(true);
  });

  it("`await using` stops it at the end of the block", async () => {
    let pids: readonly number[] = [];
    let endpoint = "";
    {
      await using mock = await startMock();
      pids = mock.pids;
      endpoint = mock.endpoints.pca;
      expect(processGone(pids[0]!)).toBe(false);
    }
    expect(pids.filter((pid) => !processGone(pid))).toEqual([]);
    expect(await refused(endpoint)).toBe(true);
  });

  it("disposes under Symbol.asyncDispose, or Symbol.for('Symbol.asyncDispose') where the runtime has none", () => {
    const own = Symbol("asyncDispose");
    expect(asyncDisposeOf({ asyncDispose: own })).toBe(own);
    expect(asyncDisposeOf({})).toBe(Symbol.for("Symbol.asyncDispose"));
  });

  it("a start that fails after Prism and one gateway are up leaves neither running", async () => {
    let prismPid: number | undefined;
    const gateways: string[] = [];
    const parts: MockParts = {
      ...realParts,
      startPrismProcess: async (options) => {
        const prism = await startPrismProcess(options);
        prismPid = prism.pid;
        return prism;
      },
      startGateway: async (options) => {
        if (gateways.length === 1) throw new Error("forced failure of the second gateway");
        const gateway = await startGateway(options);
        gateways.push(gateway.url);
        return gateway;
      },
    };
    await expect(launchMock({}, parts)).rejects.toThrow("forced failure of the second gateway");
    expect(prismPid).toBeDefined();
    expect(processGone(prismPid!)).toBe(true);
    expect(gateways).toHaveLength(1);
    expect(await refused(gateways[0]!)).toBe(true);
  });

  it("a Prism worker that fails to load a document is reported, and is gone", async () => {
    const before = new Set(mockWorkerPids());
    const start = startPrismProcess({ modules: resolvePrismModules(), documents: { bcs: join(root, "no-such-document.json") } });
    await expect(start).rejects.toThrow(/Prism failed to start: .*no-such-document\.json/);
    expect(mockWorkerPids().filter((pid) => !before.has(pid))).toEqual([]);
  });

  it("a worker that never gets ready is killed when the start-up time is over", async () => {
    const start = startPrismProcess({
      modules: resolvePrismModules(),
      documents: { bcs: "unused" },
      workerPath: join(import.meta.dirname, "fixtures/silent-worker.cjs"),
      startupTimeoutMs: 1_500,
    });
    const error = await start.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/not ready within 1500 ms/);
    const pid = Number(/silent worker pid (\d+)/.exec(error?.message ?? "")?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(processGone(pid)).toBe(true);
  });

  it("no worker survives the process that started it being killed with SIGKILL", async () => {
    // `node --import tsx`, not tsx's CLI: the CLI runs the file in a child of its own, which a
    // SIGKILL of the CLI would leave running.
    const parent = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "fixtures/mock-until-killed.ts")], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<void>((r) => parent.once("exit", () => r()));
    try {
      let output = "";
      const line = await new Promise<string>((resolveLine, reject) => {
        const timer = setTimeout(() => reject(new Error(`no mock within 60 s: ${output}`)), 60_000);
        parent.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("\n")) {
            clearTimeout(timer);
            resolveLine(output.slice(0, output.indexOf("\n")));
          }
        });
      });
      const { pids, endpoints } = JSON.parse(line) as { pids: number[]; endpoints: Record<string, string> };
      expect(pids).toHaveLength(1);
      expect(processGone(pids[0]!)).toBe(false);
      parent.kill("SIGKILL");
      await exited;
      const survivors = await stillRunningAfter(pids, 10_000);
      for (const pid of survivors) process.kill(pid, "SIGKILL"); // fail, but leave nothing behind
      expect(survivors).toEqual([]);
      expect(await refused(endpoints.bcs!)).toBe(true);
    } finally {
      parent.kill("SIGKILL");
    }
  });
});

describe("without Prism installed", () => {
  it("startMock() fails with a ConfigurationError naming the package to install, and starts nothing", async () => {
    const before = new Set(mockWorkerPids());
    const nowhere = new URL("file:///nonexistent-dir/for/resolution.js");
    const error = await launchMock({}, { ...realParts, resolvePrismModules: () => resolvePrismModules(nowhere) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain("npm install --save-dev @stoplight/prism-cli@5.14.2");
    expect(mockWorkerPids().filter((pid) => !before.has(pid))).toEqual([]);
  });
});
