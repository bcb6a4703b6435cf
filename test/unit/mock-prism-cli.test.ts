/**
 * The Prism CLI launcher (startPrism in src/testing/prism.ts) with node:child_process's spawn
 * pointed at a tiny stand-in script instead of the Prism CLI: the stand-in gets the same
 * arguments and listens (or not) on the port it is given, as `prism mock` would. So the readiness
 * polling, the startup errors, the timeout and stop() run for real without starting Prism. Every
 * stand-in writes its PID to a file, afterEach kills each one still alive, and each exits by
 * itself after 20 s.
 */
import type { SpawnOptions } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

const control = vi.hoisted(() => ({ script: "", command: undefined as string | undefined, calls: [] as { command: string; args: readonly string[]; options: SpawnOptions }[] }));

vi.mock("node:child_process", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:child_process")>();
  return {
    ...actual,
    spawn: (command: string, args: readonly string[], options: SpawnOptions) => {
      control.calls.push({ command, args, options });
      return actual.spawn(control.command ?? command, [control.script, ...args.slice(1)], options);
    },
  };
});

const { freePort, prismCliPath, startPrism } = await import("../../src/testing/prism.js");

let dir: string;
let pidFile: string;

const HEAD = `
const fs = require("node:fs");
fs.appendFileSync(__PIDFILE__, process.pid + "\\n");
setTimeout(() => process.exit(9), 20000);
const args = process.argv.slice(2);
const port = Number(args[args.indexOf("-p") + 1]);
const host = args[args.indexOf("-h") + 1];
`;

const SCRIPTS: Record<string, string> = {
  // Listens after a moment (so the launcher polls more than once) and answers 404 to everything.
  slow: `
setTimeout(() => require("node:http").createServer((q, s) => { s.writeHead(404); s.end("no route"); }).listen(port, host), 400);
`,
  never: `
process.stdout.write("loading the document\\n");
setInterval(() => undefined, 1000);
`,
  badSpec: `
process.stdout.write("[CLI] error: cannot parse the document\\n");
process.stderr.write("usage: prism mock <document>\\n");
setTimeout(() => process.exit(2), 20);
`,
  noisy: `
process.stdout.write("FIRST" + "o".repeat(3000));
process.stderr.write("e".repeat(3000) + "LAST");
setTimeout(() => process.exit(1), 50);
`,
  // Ignores SIGTERM: only SIGKILL ends it.
  stubborn: `
process.on("SIGTERM", () => undefined);
require("node:http").createServer((q, s) => s.end("ok")).listen(port, host);
`,
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mock-prism-cli-"));
  pidFile = join(dir, "pids");
  writeFileSync(pidFile, "");
  for (const [name, body] of Object.entries(SCRIPTS)) writeFileSync(join(dir, `${name}.cjs`), HEAD.replace("__PIDFILE__", JSON.stringify(pidFile)) + body);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const pids = () => readFileSync(pidFile, "utf8").split("\n").filter(Boolean).map(Number);

afterEach(() => {
  for (const pid of pids()) if (alive(pid)) process.kill(pid, "SIGKILL");
  writeFileSync(pidFile, "");
  control.calls.length = 0;
  control.command = undefined;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 60 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

function use(name: string): void {
  control.script = join(dir, `${name}.cjs`);
}

async function failure(options: Parameters<typeof startPrism>[0]): Promise<Error> {
  const error = await startPrism(options).then(
    () => new Error("started"),
    (e: unknown) => e as Error,
  );
  expect(error.message).not.toBe("started");
  return error;
}

describe("startPrism", () => {
  it("runs `node <prism-cli> mock <spec> -p PORT -h 127.0.0.1 -v warn` and resolves once anything answers", async () => {
    use("slow");
    const hooks = process.listenerCount("exit");
    const prism = await startPrism({ spec: "spec/bcs.yaml" });
    try {
      const [call] = control.calls;
      const port = new URL(prism.url).port;
      expect(prism.url).toBe(`http://127.0.0.1:${port}`);
      expect(call!.command).toBe(process.execPath);
      expect(call!.args).toEqual([prismCliPath(), "mock", resolve("spec/bcs.yaml"), "-p", port, "-h", "127.0.0.1", "-v", "warn"]);
      expect(call!.options.stdio).toEqual(["ignore", "pipe", "pipe"]);
      expect(prism.pid).toBe(pids()[0]);
      expect(process.listenerCount("exit")).toBe(hooks + 1);
      expect((await fetch(prism.url)).status).toBe(404);
    } finally {
      await prism.stop();
    }
    expect(await gone(prism.pid)).toBe(true);
    expect(process.listenerCount("exit")).toBe(hooks);
  });

  it("uses the port it is given", async () => {
    use("slow");
    const port = await freePort();
    const prism = await startPrism({ spec: "x.yaml", port });
    try {
      expect(prism.url).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await prism.stop();
    }
  });

  it("stop() is one promise, and resolves at once after Prism has exited", async () => {
    use("slow");
    const prism = await startPrism({ spec: "x.yaml" });
    const first = prism.stop();
    expect(prism.stop()).toBe(first);
    await first;
    expect(await gone(prism.pid)).toBe(true);
  });

  it("kills Prism with SIGKILL when SIGTERM does not end it", async () => {
    use("stubborn");
    const prism = await startPrism({ spec: "x.yaml" });
    const started = performance.now();
    await prism.stop();
    expect(performance.now() - started).toBeGreaterThanOrEqual(2900);
    expect(await gone(prism.pid)).toBe(true);
  });

  it("fails with the exit code and Prism's output when it exits before answering", async () => {
    use("badSpec");
    const hooks = process.listenerCount("exit");
    const error = await failure({ spec: "bad.yaml" });
    expect(error.message).toMatch(/^Prism exited before it was ready \(exit 2\)\.\n/);
    expect(error.message).toContain("[CLI] error: cannot parse the document\n");
    expect(error.message).toContain("usage: prism mock <document>\n");
    expect(process.listenerCount("exit")).toBe(hooks);
  });

  it("keeps only the last 4000 characters of Prism's output", async () => {
    use("noisy");
    const error = await failure({ spec: "x.yaml" });
    const tail = error.message.slice(error.message.indexOf("\n") + 1);
    expect(tail).toHaveLength(4000);
    expect(tail.endsWith("LAST")).toBe(true);
    expect(tail).not.toContain("FIRST");
  });

  it("fails when Prism does not answer in time, and stops it", async () => {
    use("never");
    const hooks = process.listenerCount("exit");
    const error = await failure({ spec: "x.yaml", startupTimeoutMs: 500 });
    expect(error.message).toMatch(/^Prism did not answer on http:\/\/127\.0\.0\.1:\d+ within 500 ms\.\nloading the document\n$/);
    expect(await gone(pids()[0]!)).toBe(true);
    expect(process.listenerCount("exit")).toBe(hooks);
  });

  it("fails with the spawn error when node cannot be run", async () => {
    use("slow");
    control.command = join(dir, "no-such-node");
    const error = await failure({ spec: "x.yaml" });
    expect(error.message).toMatch(/^Prism exited before it was ready \(spawn .*no-such-node ENOENT\)\.\n$/);
  });

  it("refuses a port that is taken before starting anything", async () => {
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
    const port = (busy.address() as { port: number }).port;
    try {
      const error = await failure({ spec: "x.yaml", port });
      expect(error.message).toMatch(new RegExp(`^cannot listen on 127\\.0\\.0\\.1:${port}: listen EADDRINUSE`));
      expect(control.calls).toEqual([]);
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  });
});

describe("freePort and prismCliPath", () => {
  it("gives a port that is free on 127.0.0.1", async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("gives back a free port it is asked about", async () => {
    const port = await freePort();
    expect(await freePort(port)).toBe(port);
  });

  it("points at the installed CLI's entry point", () => {
    expect(prismCliPath()).toMatch(/@stoplight[\\/]prism-cli[\\/]dist[\\/]index\.js$/);
  });
});
