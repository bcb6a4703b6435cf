/**
 * The mock's Prism process handling (src/testing/prism-process.ts) against tiny stand-in workers
 * (plain `node` scripts written to a temporary folder) that print what prism-worker.cjs prints,
 * or fail the ways it can: the ready line, an error line, a silent start, an early exit, a child
 * that ignores stdin closing. No Prism is started. Every worker writes its PID to a file and
 * afterEach kills each one still alive, whatever the code under test did; each also exits by
 * itself after 20 s.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PrismModules } from "../../src/testing/prism-modules.js";
import { WORKER_PATH, settlesWithin, startPrismProcess } from "../../src/testing/prism-process.js";

const MODULES: PrismModules = { http: "/m/http", httpServer: "/m/server", core: "/m/core", faker: undefined, postman: "/m/postman" };
const DOCUMENTS = { bcs: "/docs/bcs.json", pca: "/docs/pca.json" };

let dir: string;
let pidFile: string;

/** The common head of every worker: record the PID, never outlive the test run. */
const HEAD = `
const fs = require("node:fs");
fs.appendFileSync(${"__PIDFILE__"}, process.pid + "\\n");
setTimeout(() => process.exit(9), 20000);
`;

const WORKERS: Record<string, string> = {
  // Prints the ready line (echoing what it was given) and exits when its stdin closes.
  ready: `
const input = JSON.parse(process.argv[2]);
const urls = Object.fromEntries(Object.keys(input.documents).map((k, i) => [k, "http://127.0.0.1:" + (4010 + i)]));
process.stdout.write(JSON.stringify({ ready: urls }) + "\\n");
process.stdin.on("data", () => undefined);
process.stdin.on("end", () => process.exit(0));
`,
  // The ready line in two pieces, then more output.
  split: `
process.stdout.write('{"ready":');
setTimeout(() => process.stdout.write('{"bcs":"http://127.0.0.1:1"}}\\nsecond line\\n'), 30);
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
`,
  silent: `
process.stderr.write("still loading\\n");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
`,
  // Ignores its stdin closing: only SIGKILL ends it.
  stubborn: `
process.stdout.write(JSON.stringify({ ready: { bcs: "http://127.0.0.1:1" } }) + "\\n");
process.stdin.resume();
process.stdin.on("end", () => undefined);
setInterval(() => undefined, 1000);
`,
  crash: `
process.stderr.write("boom: cannot load\\n");
process.exit(3);
`,
  signal: `
process.kill(process.pid, "SIGTERM");
setInterval(() => undefined, 1000);
`,
  error: `
process.stdout.write(JSON.stringify({ error: "document not found" }) + "\\n");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
`,
  garbage: `
process.stdout.write("not json at all\\n");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
`,
  noisyStderr: `
process.stderr.write("FIRST" + "e".repeat(6000) + "LAST");
setTimeout(() => process.exit(4), 50);
`,
  longLine: `
process.stdout.write("S" + "a".repeat(5000) + "E\\n");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
`,
  // Ready, then exits by itself a moment later.
  leaves: `
process.stdout.write(JSON.stringify({ ready: { bcs: "http://127.0.0.1:1" } }) + "\\n");
setTimeout(() => process.exit(0), 50);
`,
};

const worker = (name: string) => join(dir, `${name}.cjs`);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mock-prism-process-"));
  pidFile = join(dir, "pids");
  writeFileSync(pidFile, "");
  for (const [name, body] of Object.entries(WORKERS)) {
    writeFileSync(worker(name), HEAD.replace("__PIDFILE__", JSON.stringify(pidFile)) + body);
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterEach(() => {
  for (const line of readFileSync(pidFile, "utf8").split("\n")) {
    const pid = Number(line);
    if (pid > 0 && alive(pid)) process.kill(pid, "SIGKILL");
  }
  writeFileSync(pidFile, "");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Waits (bounded, 3 s) until `pid` is gone. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 60 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

const recordedPids = () => readFileSync(pidFile, "utf8").split("\n").filter(Boolean).map(Number);

async function failure(name: string, startupTimeoutMs?: number): Promise<Error> {
  const error = await startPrismProcess({ modules: MODULES, documents: DOCUMENTS, workerPath: worker(name), ...(startupTimeoutMs ? { startupTimeoutMs } : {}) }).then(
    () => new Error("started"),
    (e: unknown) => e as Error,
  );
  expect(error.message).not.toBe("started");
  return error;
}

describe("startPrismProcess", () => {
  it("gives the worker's URLs and pid, and leaves it running until stopped", async () => {
    const prism = await startPrismProcess({ modules: MODULES, documents: DOCUMENTS, workerPath: worker("ready") });
    try {
      expect(prism.urls).toEqual({ bcs: "http://127.0.0.1:4010", pca: "http://127.0.0.1:4011" });
      expect(prism.pid).toBe(recordedPids()[0]);
      expect(alive(prism.pid)).toBe(true);
    } finally {
      await prism.stop();
    }
  });

  it("passes the worker its input as one JSON argument and clears NODE_OPTIONS", async () => {
    writeFileSync(
      worker("echo"),
      HEAD.replace("__PIDFILE__", JSON.stringify(pidFile)) +
        `process.stdout.write(JSON.stringify({ ready: { input: process.argv[2], argc: String(process.argv.length), nodeOptions: String(process.env.NODE_OPTIONS) } }) + "\\n");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));`,
    );
    const before = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = "--no-warnings";
    const prism = await startPrismProcess({ modules: MODULES, documents: DOCUMENTS, workerPath: worker("echo") }).finally(() => {
      if (before === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = before;
    });
    try {
      const ready = prism.urls as unknown as { input: string; argc: string; nodeOptions: string };
      expect(JSON.parse(ready.input)).toEqual({ modules: MODULES, documents: DOCUMENTS });
      expect(ready.argc).toBe("3");
      expect(ready.nodeOptions).toBe("");
    } finally {
      await prism.stop();
    }
  });

  it("stops the worker by closing its stdin, and stop() is the same promise every time", async () => {
    const prism = await startPrismProcess({ modules: MODULES, documents: DOCUMENTS, workerPath: worker("ready") });
    const first = prism.stop();
    expect(prism.stop()).toBe(first);
    await first;
    expect(await gone(prism.pid)).toBe(true);
    await expect(prism.stop()).resolves.toBeUndefined();
  });

  it("reads a ready line that arrives in pieces", async () => {
    const prism = await startPrismProcess({ modules: MODULES, documents: DOCUMENTS, workerPath: worker("split") });
    try {
      expect(prism.urls).toEqual({ bcs: "http://127.0.0.1:1" });
    } finally {
      await prism.stop();
    }
  });

  it("kills a worker that does not exit when its stdin closes", async () => {
    const prism = await startPrismProcess({ modules: MODULES, documents: DOCUMENTS, workerPath: worker("stubborn") });
    const started = performance.now();
    await prism.stop();
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
    expect(await gone(prism.pid)).toBe(true);
  });

  it("removes its exit hook when stopped, and when the worker exits by itself", async () => {
    const hooks = process.listenerCount("exit");
    const prism = await startPrismProcess({ modules: MODULES, documents: DOCUMENTS, workerPath: worker("ready") });
    expect(process.listenerCount("exit")).toBe(hooks + 1);
    await prism.stop();
    expect(process.listenerCount("exit")).toBe(hooks);

    const leaving = await startPrismProcess({ modules: MODULES, documents: DOCUMENTS, workerPath: worker("leaves") });
    expect(await gone(leaving.pid)).toBe(true);
    for (let i = 0; i < 40 && process.listenerCount("exit") > hooks; i++) await new Promise((r) => setTimeout(r, 25));
    expect(process.listenerCount("exit")).toBe(hooks);
    await leaving.stop();
  });

  it("fails when the worker says nothing in time, with its stderr, and stops it", async () => {
    const hooks = process.listenerCount("exit");
    const error = await failure("silent", 300);
    expect(error.message).toBe("Prism was not ready within 300 ms.\nstill loading\n");
    const [pid] = recordedPids();
    expect(await gone(pid!)).toBe(true);
    expect(process.listenerCount("exit")).toBe(hooks);
  });

  it("fails when the worker exits before it is ready, with the exit code and stderr", async () => {
    const error = await failure("crash");
    expect(error.message).toBe("Prism exited before it was ready (exit 3).\nboom: cannot load\n");
  });

  it("names the signal a worker died of", async () => {
    const error = await failure("signal");
    expect(error.message).toMatch(/^Prism exited before it was ready \(SIGTERM\)\.\n/);
  });

  it("fails with a worker that does not exist", async () => {
    const error = await failure("missing");
    expect(error.message).toMatch(/^Prism exited before it was ready \(exit 1\)\.\n[\s\S]*Cannot find module/);
  });

  it("fails with the worker's error line, and stops it", async () => {
    const error = await failure("error");
    expect(error.message).toBe("Prism failed to start: document not found\n");
    expect(await gone(recordedPids()[0]!)).toBe(true);
  });

  it("fails with a first line that is not JSON, quoting it", async () => {
    const error = await failure("garbage");
    expect(error.message).toBe("Prism failed to start: not json at all\n");
  });

  it("keeps only the last 4000 characters of stderr", async () => {
    const error = await failure("noisyStderr");
    const tail = error.message.slice(error.message.indexOf("\n") + 1);
    expect(tail).toHaveLength(4000);
    expect(tail.endsWith("LAST")).toBe(true);
  });

  it("keeps only the last 4000 characters of stdout while waiting for a line", async () => {
    const error = await failure("longLine");
    const line = error.message.slice("Prism failed to start: ".length, error.message.lastIndexOf("\n"));
    expect(line).toHaveLength(3999);
    expect(line.endsWith("aE")).toBe(true);
  });

  it("points at prism-worker.cjs next to it by default", () => {
    expect(WORKER_PATH).toMatch(/src[\\/]testing[\\/]prism-worker\.cjs$/);
  });
});

describe("settlesWithin", () => {
  it("is true for a promise that settles in time", async () => {
    expect(await settlesWithin(Promise.resolve(1), 1000)).toBe(true);
    expect(await settlesWithin(new Promise((r) => setTimeout(r, 10)), 1000)).toBe(true);
  });

  it("is false for one that does not", async () => {
    expect(await settlesWithin(new Promise(() => undefined), 20)).toBe(false);
  });
});
