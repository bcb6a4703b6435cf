/**
 * startPrism() (src/testing/prism.ts), the launcher of one `prism mock` CLI process, against a
 * stand-in: the launcher runs `process.execPath <prism-cli> mock ...`, so a test points
 * process.execPath at an executable stand-in script (support/stand-in-processes.ts) that behaves
 * as Prism would: listens on the port it is given, late or never, exits early, ignores SIGTERM.
 * The real CLI is started by the spec layer (test/spec/prism.test.ts). Every process is ended by
 * pid afterwards.
 */
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { resolve } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { freePort, prismCliPath, startPrism, type PrismServer } from "../../src/testing/prism.js";
import { eventually, gone, StandIns } from "./support/stand-in-processes.js";

const standIns = new StandIns();
const realExecPath = process.execPath;
const started: PrismServer[] = [];
const servers: Server[] = [];

afterEach(async () => {
  process.execPath = realExecPath;
  await Promise.allSettled(started.splice(0).map((p) => p.stop()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  standIns.reset();
});
afterAll(() => standIns.dispose());

/** The stand-in's view of its start: `prism mock <spec> -p <port> -h <host> -v warn`. */
const ARGS = `const args = process.argv.slice(2); const port = Number(args[args.indexOf("-p") + 1]); const host = args[args.indexOf("-h") + 1];`;
/** A Prism that listens at once and answers with what it was started with. */
const PRISM = `${ARGS}
process.on("SIGTERM", () => { log("SIGTERM"); process.exit(0); });
require("node:http").createServer((req, res) => {
  if (req.url === "/exit") setTimeout(() => process.exit(0), 10);
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ pid: process.pid, args, stdin: fs.fstatSync(0).isCharacterDevice() ? "null" : "other" }));
}).listen(port, host);`;

/** Points process.execPath at a stand-in running `body` and starts Prism "through" it. */
async function start(body: string, options: { port?: number; startupTimeoutMs?: number; spec?: string } = {}) {
  process.execPath = standIns.script(body, { executable: true });
  const prism = await startPrism({
    spec: options.spec ?? "spec/iam.yaml",
    ...(options.port === undefined ? {} : { port: options.port }),
    startupTimeoutMs: options.startupTimeoutMs ?? 10_000,
  });
  started.push(prism);
  return prism;
}

async function failure(body: string, options: { port?: number; startupTimeoutMs?: number } = {}): Promise<string> {
  const error = await start(body, options).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(Error);
  return error!.message;
}

async function info(url: string): Promise<{ pid: number; args: string[]; stdin: string }> {
  return (await (await fetch(url)).json()) as never;
}

const exitHooks = () => process.listeners("exit");

async function busyPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as { port: number }).port;
}

describe("freePort", () => {
  it("picks a free loopback port", async () => {
    const port = await freePort();
    expect(Number.isInteger(port) && port > 0).toBe(true);
    const server = createServer();
    servers.push(server);
    await expect(new Promise<void>((r, j) => server.once("error", j).listen(port, "127.0.0.1", r))).resolves.toBeUndefined();
  });

  it("given a free port, returns it", async () => {
    const port = await freePort();
    expect(await freePort(port)).toBe(port);
  });

  it("given a busy port, fails naming it", async () => {
    const port = await busyPort();
    await expect(freePort(port)).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
  });
});

describe("prismCliPath", () => {
  it("is the installed @stoplight/prism-cli's dist/index.js", () => {
    expect(prismCliPath()).toMatch(/[/\\]@stoplight[/\\]prism-cli[/\\]dist[/\\]index\.js$/);
    expect(existsSync(prismCliPath())).toBe(true);
  });
});

describe("startPrism: a Prism that answers", () => {
  it("runs `node <prism-cli> mock <absolute spec> -p <port> -h 127.0.0.1 -v warn`, stdin closed", async () => {
    const prism = await start(PRISM, { spec: "spec/iam.yaml" });
    const port = new URL(prism.url).port;
    const seen = await info(prism.url);
    expect(seen.args).toEqual([prismCliPath(), "mock", resolve("spec/iam.yaml"), "-p", port, "-h", "127.0.0.1", "-v", "warn"]);
    expect(seen.stdin).toBe("null");
    expect(seen.pid).toBe(prism.pid);
  });

  it("listens on the given port", async () => {
    const port = await freePort();
    const prism = await start(PRISM, { port });
    expect(prism.url).toBe(`http://127.0.0.1:${port}`);
  });

  it("refuses a given port that is busy, before starting anything", async () => {
    const port = await busyPort();
    const message = await failure(PRISM, { port });
    expect(message).toMatch(`cannot listen on 127.0.0.1:${port}`);
    expect(standIns.pids()).toEqual([]);
  });

  it("waits until Prism answers", async () => {
    await start(`${ARGS} setTimeout(() => require("node:http").createServer((q, s) => s.end()).listen(port, host, () => log("listening")), 500);`);
    expect(standIns.log()).toEqual(["listening"]);
  });

  it("takes any answer, even one without a body", async () => {
    const prism = await start(`${ARGS} require("node:http").createServer((q, s) => { s.statusCode = 204; s.end(); }).listen(port, host);`);
    expect(prism.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe("startPrism: stop()", () => {
  it("ends Prism with SIGTERM and resolves once it has exited", async () => {
    const prism = await start(PRISM);
    await prism.stop();
    expect(gone(prism.pid)).toBe(true);
    expect(standIns.log()).toEqual(["SIGTERM"]);
  });

  it("kills a Prism that ignores SIGTERM, after a grace period", async () => {
    const prism = await start(`${ARGS} process.on("SIGTERM", () => log("SIGTERM ignored")); require("node:http").createServer((q, s) => s.end()).listen(port, host);`);
    await prism.stop();
    expect(gone(prism.pid)).toBe(true);
    expect(standIns.log()).toEqual(["SIGTERM ignored"]);
  });

  it("returns the same promise when called again", async () => {
    const prism = await start(PRISM);
    const first = prism.stop();
    expect(prism.stop()).toBe(first);
    await first;
    expect(standIns.log()).toEqual(["SIGTERM"]);
  });

  it("does nothing to a Prism that has exited already, and removes the exit hook", async () => {
    const before = exitHooks().length;
    const prism = await start(PRISM);
    expect(exitHooks()).toHaveLength(before + 1);
    await fetch(`${prism.url}/exit`);
    expect(await eventually(() => gone(prism.pid) && exitHooks().length === before)).toBe(true);
    await prism.stop();
    expect(standIns.log()).toEqual([]);
    expect(exitHooks()).toHaveLength(before);
  });

  it("removes the exit hook", async () => {
    const before = exitHooks().length;
    const prism = await start(PRISM);
    await prism.stop();
    expect(exitHooks()).toHaveLength(before);
  });
});

describe("startPrism: the exit hook", () => {
  it("kills Prism when the caller's process exits", async () => {
    const before = new Set(exitHooks());
    const prism = await start(PRISM);
    const hook = exitHooks().find((listener) => !before.has(listener));
    expect(hook).toBeDefined();
    (hook as () => void)();
    expect(await eventually(() => gone(prism.pid))).toBe(true);
    expect(standIns.log()).toEqual([]); // SIGKILL, not SIGTERM
  });
});

describe("startPrism: a start that fails", () => {
  it("reports a Prism that exits before answering, with its exit code and what it printed on stdout", async () => {
    const message = await failure(`process.stdout.write("Error: cannot read spec/iam.yaml\\n", () => process.exit(2));`);
    expect(message).toBe("Prism exited before it was ready (exit 2).\nError: cannot read spec/iam.yaml\n");
  });

  it("quotes what it printed on stderr too", async () => {
    const message = await failure(`process.stderr.write("Unknown argument: x\\n", () => process.exit(1));`);
    expect(message).toBe("Prism exited before it was ready (exit 1).\nUnknown argument: x\n");
  });

  it("names the signal that ended it", async () => {
    const message = await failure(`process.kill(process.pid, "SIGKILL");`);
    expect(message).toBe("Prism exited before it was ready (exit SIGKILL).\n");
  });

  it("quotes only the last 4000 characters of its output", async () => {
    const message = await failure(`process.stdout.write("a".repeat(1000) + "b".repeat(4000), () => process.exit(1));`);
    expect(message).toBe(`Prism exited before it was ready (exit 1).\n${"b".repeat(4000)}`);
  });

  it("gives up on a Prism that does not answer in time, and leaves it stopped", async () => {
    const before = exitHooks().length;
    const message = await failure(`process.stdout.write("loading\\n"); setInterval(() => undefined, 60_000);`, { startupTimeoutMs: 300 });
    expect(message).toMatch(/^Prism did not answer on http:\/\/127\.0\.0\.1:\d+ within 300 ms\.\nloading\n$/);
    expect(standIns.pids()).toHaveLength(1);
    expect(standIns.pids().filter((pid) => !gone(pid))).toEqual([]);
    expect(exitHooks()).toHaveLength(before);
  });

  it("gives up on a Prism that accepts connections but never answers", async () => {
    const message = await failure(`${ARGS} require("node:net").createServer(() => undefined).listen(port, host);`, { startupTimeoutMs: 300 });
    expect(message).toMatch(/^Prism did not answer on http:\/\/127\.0\.0\.1:\d+ within 300 ms\.\n$/);
    expect(standIns.pids().filter((pid) => !gone(pid))).toEqual([]);
  });

  it("reports a Prism that cannot be spawned at all", async () => {
    const before = exitHooks().length;
    process.execPath = "/nonexistent/node";
    const error = await startPrism({ spec: "spec/iam.yaml", startupTimeoutMs: 10_000 }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe("Prism exited before it was ready (spawn /nonexistent/node ENOENT).\n");
    expect(exitHooks()).toHaveLength(before);
  });
});

