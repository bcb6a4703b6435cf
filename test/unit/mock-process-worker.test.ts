/**
 * startPrismProcess() (src/testing/prism-process.ts) against stand-in workers: the ready line,
 * what the worker is started with, the start-up failures and their messages, stop(), and the
 * exit hook. The stand-ins are written per test (support/stand-in-processes.ts); every one is
 * ended by pid afterwards, and each is checked from outside (process.kill(pid, 0)).
 */
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import type { PrismModules } from "../../src/testing/prism-modules.js";
import { settlesWithin, startPrismProcess, WORKER_PATH, type PrismProcess } from "../../src/testing/prism-process.js";
import { eventually, gone, StandIns } from "./support/stand-in-processes.js";

const standIns = new StandIns();
const modules: PrismModules = { http: "/m/http.js", httpServer: "/m/server.js", core: "/m/core.js", faker: "/m/faker.js", postman: undefined };
const started: PrismProcess<string>[] = [];
const savedEnv = { NODE_OPTIONS: process.env.NODE_OPTIONS, MOCK_PROCESS_MARKER: process.env.MOCK_PROCESS_MARKER };
const realExecPath = process.execPath;

afterEach(async () => {
  vi.restoreAllMocks();
  process.execPath = realExecPath;
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await Promise.allSettled(started.splice(0).map((p) => p.stop()));
  standIns.reset();
});
afterAll(() => standIns.dispose());

/** A worker like the real one: a server per document, a ready line, and an exit when stdin closes. */
const READY_WORKER = `
const input = JSON.parse(process.argv[2]);
process.stdin.on("end", () => { log("stdin closed"); process.exit(0); });
process.stdin.resume();
(async () => {
  const ready = {};
  for (const name of Object.keys(input.documents)) {
    ready[name] = await serve((path) => {
      if (path === "/exit") setTimeout(() => process.exit(0), 10);
      return { pid: process.pid, argv: process.argv.slice(2), nodeOptions: process.env.NODE_OPTIONS ?? null, marker: process.env.MOCK_PROCESS_MARKER ?? null, stdin: fs.fstatSync(0).isSocket() ? "pipe" : "other" };
    });
  }
  process.stdout.write(JSON.stringify({ ready }) + "\\n");
})();
`;

async function start(body: string, options: { documents?: Record<string, string>; startupTimeoutMs?: number } = {}) {
  const prism = await startPrismProcess({
    modules,
    documents: options.documents ?? { bcs: "/specs/bcs.json" },
    workerPath: standIns.script(body),
    startupTimeoutMs: options.startupTimeoutMs ?? 10_000,
    // exited settles when the output pipes close, not after this wait (a test would time out).
    outputDrainMs: 600_000,
  });
  started.push(prism);
  return prism;
}

/** The start's rejection message (the test fails when it resolves). */
async function failure(body: string, options: { startupTimeoutMs?: number } = {}): Promise<string> {
  const error = await start(body, options).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(Error);
  return error!.message;
}

async function info(url: string): Promise<{ pid: number; argv: string[]; nodeOptions: string | null; marker: string | null; stdin: string }> {
  const response = await fetch(url);
  return (await response.json()) as never;
}

/** Watches setTimeout and clearTimeout from now on (restored after the test). */
function timersSet() {
  const set = vi.spyOn(globalThis, "setTimeout");
  const clear = vi.spyOn(globalThis, "clearTimeout");
  return {
    /** True when every timer of `ms` set since was cleared. */
    cleared(ms: number): boolean {
      const handles = set.mock.calls.flatMap((call, i) => (call[1] === ms ? [set.mock.results[i]!.value as unknown] : []));
      return handles.length > 0 && handles.every((handle) => clear.mock.calls.some((call) => call[0] === handle));
    },
  };
}

const exitHooks = () => process.listeners("exit");

describe("startPrismProcess: a worker that gets ready", () => {
  it("resolves with the URL of each document's server and the worker's pid", async () => {
    const prism = await start(READY_WORKER, { documents: { bcs: "/specs/bcs.json", pca: "/specs/pca.json" } });
    expect(Object.keys(prism.urls).sort()).toEqual(["bcs", "pca"]);
    expect(prism.urls.bcs).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(prism.urls.pca).not.toBe(prism.urls.bcs);
    expect((await info(prism.urls.bcs!)).pid).toBe(prism.pid);
  });

  it("hands the worker the module paths and the documents as one JSON argument", async () => {
    const prism = await start(READY_WORKER, { documents: { iam: "/specs/iam.json" } });
    const { argv } = await info(prism.urls.iam!);
    expect(argv).toHaveLength(1);
    expect(JSON.parse(argv[0]!)).toEqual({ modules, documents: { iam: "/specs/iam.json" } });
  });

  it("starts the worker with the caller's environment but without its NODE_OPTIONS, stdin a pipe", async () => {
    process.env.NODE_OPTIONS = "--no-deprecation";
    process.env.MOCK_PROCESS_MARKER = "passed through";
    const prism = await start(READY_WORKER);
    const seen = await info(prism.urls.bcs!);
    expect(seen.nodeOptions).toBe("");
    expect(seen.marker).toBe("passed through");
    expect(seen.stdin).toBe("pipe");
  });

  it("puts together a ready line that arrives in pieces", async () => {
    const prism = await start(`
      process.stdin.on("end", () => process.exit(0)).resume();
      process.stdout.write('{"ready":{"bcs":"http://127.0.0.1:');
      setTimeout(() => process.stdout.write('4010"}}\\n'), 150);
    `);
    expect(prism.urls).toEqual({ bcs: "http://127.0.0.1:4010" });
  });

  it("keeps reading the worker's stdout after the ready line, so that the worker never blocks on it", async () => {
    const prism = await start(`
      let flushed = false;
      process.stdin.on("end", () => process.exit(0)).resume();
      serve(() => ({ flushed })).then((url) => {
        process.stdout.write(JSON.stringify({ ready: { bcs: url } }) + "\\n");
        process.stdout.write("x".repeat(1 << 20) + "\\n", () => { flushed = true; });
      });
    `);
    const flushed = await eventually(async () => ((await (await fetch(prism.urls.bcs!)).json()) as { flushed: boolean }).flushed);
    expect(flushed).toBe(true);
  });

  it("finds the ready line when more output follows it in the same write", async () => {
    const prism = await start(`
      process.stdin.on("end", () => process.exit(0)).resume();
      serve(() => ({ ok: true })).then((url) => {
        process.stdout.write(JSON.stringify({ ready: { bcs: url } }) + "\\n" + "x".repeat(5000) + "\\n");
      });
    `);
    expect(await (await fetch(prism.urls.bcs!)).json()).toEqual({ ok: true });
  });

  it("clears its 30 s start-up timer once the worker is ready", async () => {
    const timers = timersSet();
    const prism = await startPrismProcess({ modules, documents: { bcs: "/specs/bcs.json" }, workerPath: standIns.script(READY_WORKER) });
    started.push(prism);
    expect(timers.cleared(30_000)).toBe(true);
  });

  it("runs the package's prism-worker.cjs unless told otherwise", () => {
    expect(WORKER_PATH).toBe(fileURLToPath(new URL("../../src/testing/prism-worker.cjs", import.meta.url)));
  });
});

describe("startPrismProcess: stop()", () => {
  it("closes the worker's stdin, and resolves once the worker has exited", async () => {
    const prism = await start(READY_WORKER);
    expect(gone(prism.pid)).toBe(false);
    await prism.stop();
    expect(gone(prism.pid)).toBe(true);
    expect(standIns.log()).toEqual(["stdin closed"]);
  });

  it("kills a worker that ignores its stdin closing, after a grace period", async () => {
    const prism = await start(`
      process.stdout.write('{"ready":{"bcs":"http://127.0.0.1:1"}}\\n');
      setInterval(() => undefined, 60_000);
    `);
    await prism.stop();
    expect(gone(prism.pid)).toBe(true);
  });

  it("returns the same promise when called again", async () => {
    const prism = await start(READY_WORKER);
    const first = prism.stop();
    expect(prism.stop()).toBe(first);
    await first;
    expect(gone(prism.pid)).toBe(true);
  });

  it("removes the hook that kills the worker when the caller's process exits", async () => {
    const before = exitHooks().length;
    const prism = await start(READY_WORKER);
    expect(exitHooks()).toHaveLength(before + 1);
    await prism.stop();
    expect(exitHooks()).toHaveLength(before);
  });
});

describe("startPrismProcess: the exit hook", () => {
  it("kills the worker when the caller's process exits", async () => {
    const before = new Set(exitHooks());
    const prism = await start(READY_WORKER);
    const hook = exitHooks().find((listener) => !before.has(listener));
    expect(hook).toBeDefined();
    (hook as () => void)();
    expect(await eventually(() => gone(prism.pid))).toBe(true);
    expect(standIns.log()).toEqual([]); // killed, not stopped through its stdin
  });

  it("is removed when the worker exits by itself", async () => {
    const before = exitHooks().length;
    const prism = await start(READY_WORKER);
    await fetch(`${prism.urls.bcs!}/exit`);
    expect(await eventually(() => gone(prism.pid) && exitHooks().length === before)).toBe(true);
    await prism.stop();
  });
});

describe("startPrismProcess: exited", () => {
  it("reports a worker that dies while serving: its exit status and what it wrote after the ready line, both streams", async () => {
    const prism = await start(`
      process.stdin.resume();
      process.stderr.write("before ready\\n");
      serve(() => ({})).then((url) => {
        process.stdout.write(JSON.stringify({ ready: { bcs: url } }) + "\\nsame write\\n");
        setTimeout(() => process.stdout.write("later stdout\\n"), 20);
        setTimeout(() => process.stdout.write("even later\\n"), 40);
        setTimeout(() => { throw new TypeError("Cannot read properties of undefined (reading 'trim')"); }, 80);
      });
    `);
    const exit = await prism.exited;
    expect(exit.status).toBe("exit 1");
    // Each piece once, in order (stdout after the ready line is kept by one listener only).
    expect(exit.output).toMatch(/^before ready\nsame write\nlater stdout\neven later\n[^]*TypeError: Cannot read properties of undefined \(reading 'trim'\)/);
    for (const piece of ["same write", "later stdout", "even later"]) expect(exit.output.split(piece), piece).toHaveLength(2);
  });

  it("keeps the last 4000 characters of that output", async () => {
    const prism = await start(`
      process.stdin.resume();
      process.stdout.write('{"ready":{"bcs":"http://127.0.0.1:1"}}\\n');
      setTimeout(() => { process.stdout.write("a" + "x".repeat(4000)); process.exit(3); }, 20);
    `);
    expect(await prism.exited).toEqual({ status: "exit 3", output: "x".repeat(4000) });
  });

  it("names the signal that ended it, with no output as empty", async () => {
    const prism = await start(`
      process.stdin.resume();
      process.stdout.write('{"ready":{"bcs":"http://127.0.0.1:1"}}\\n');
    `);
    process.kill(prism.pid, "SIGKILL");
    expect(await prism.exited).toEqual({ status: "SIGKILL", output: "" });
  });

  it("settles after stop() too", async () => {
    const prism = await start(READY_WORKER);
    await prism.stop();
    expect(await prism.exited).toEqual({ status: "exit 0", output: "" });
  });
});

describe("startPrismProcess: a start that fails", () => {
  it("reports a worker that exits before it is ready, with its exit code and its stderr", async () => {
    const message = await failure(`process.stderr.write("cannot load Prism\\n"); process.exit(3);`);
    expect(message).toBe("Prism exited before it was ready (exit 3).\ncannot load Prism\n");
  });

  it("names the signal that ended a worker before it was ready", async () => {
    const message = await failure(`process.kill(process.pid, "SIGKILL");`);
    expect(message).toBe("Prism exited before it was ready (SIGKILL).\n");
  });

  it("quotes the last 4000 characters of the worker's stderr", async () => {
    const message = await failure(`process.stderr.write("a".repeat(1000) + "b".repeat(4000), () => process.exit(1));`);
    expect(message).toBe(`Prism exited before it was ready (exit 1).\n${"b".repeat(4000)}`);
  });

  it("reports the worker's error line, and leaves the worker stopped", async () => {
    const before = exitHooks().length;
    const message = await failure(`
      process.stdin.on("end", () => { log("stdin closed"); process.exit(0); }).resume();
      process.stderr.write("warning: slow disk\\n");
      process.stdout.write(JSON.stringify({ error: "cannot read /specs/bcs.json" }) + "\\n");
    `);
    expect(message).toBe("Prism failed to start: cannot read /specs/bcs.json\nwarning: slow disk\n");
    expect(standIns.pids().filter((pid) => !gone(pid))).toEqual([]);
    expect(standIns.log()).toEqual(["stdin closed"]);
    expect(exitHooks()).toHaveLength(before);
  });

  it("quotes a first line that is not JSON", async () => {
    const message = await failure(`process.stdout.write("Segmentation fault\\n"); process.stdin.on("end", () => process.exit(0)).resume();`);
    expect(message).toBe("Prism failed to start: Segmentation fault\n");
    expect(standIns.pids().filter((pid) => !gone(pid))).toEqual([]);
  });

  it("quotes a JSON line that is neither ready nor an error", async () => {
    const message = await failure(`process.stdout.write('{"status":"loading"}\\n'); process.stdin.on("end", () => process.exit(0)).resume();`);
    expect(message).toBe('Prism failed to start: {"status":"loading"}\n');
  });

  it("keeps only the last 4000 characters of stdout while waiting for the first line", async () => {
    const message = await failure(`process.stdout.write("x".repeat(5000)); setTimeout(() => process.stdout.write("y".repeat(10) + "\\n"), 100); process.stdin.on("end", () => process.exit(0)).resume();`);
    expect(message).toBe(`Prism failed to start: ${"x".repeat(3989)}${"y".repeat(10)}\n`);
  });

  it("gives up on a worker that is not ready in time, and leaves it stopped", async () => {
    const message = await failure(`process.stderr.write("still loading\\n"); process.stdin.on("end", () => process.exit(0)).resume();`, { startupTimeoutMs: 300 });
    expect(message).toBe("Prism was not ready within 300 ms.\nstill loading\n");
    expect(standIns.pids()).toHaveLength(1);
    expect(standIns.pids().filter((pid) => !gone(pid))).toEqual([]);
  });

  it("reports a worker that cannot be spawned at all", async () => {
    const before = exitHooks().length;
    process.execPath = "/nonexistent/node";
    const message = await failure(READY_WORKER);
    expect(message).toBe("Prism exited before it was ready (spawn /nonexistent/node ENOENT).\n");
    expect(exitHooks()).toHaveLength(before);
  });
});

describe("settlesWithin", () => {
  it("is true for a promise that settles in time", async () => {
    expect(await settlesWithin(Promise.resolve("done"), 1_000)).toBe(true);
  });

  it("is false for one that does not", async () => {
    expect(await settlesWithin(new Promise(() => undefined), 20)).toBe(false);
  });

  it("clears its timer when the promise settles first", async () => {
    const timers = timersSet();
    await settlesWithin(Promise.resolve(), 60_000);
    expect(timers.cleared(60_000)).toBe(true);
  });
});
