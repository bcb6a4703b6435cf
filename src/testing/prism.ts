/**
 * Starts a Prism mock server (@stoplight/prism-cli) from an OpenAPI document, for tests, the
 * project's mock server and `npm start`.
 *
 * Prism runs as `node <prism-cli>/dist/index.js mock ...`: killing an `npx prism` PID would leave
 * the real server running. At `-v warn` Prism prints no "listening" line, so readiness is
 * detected by polling over HTTP until any answer comes back. The child is never leaked: a
 * failed start kills it, `stop()` kills it (SIGTERM, then SIGKILL), and a process exit with a
 * server still running kills it too.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { resolve as resolvePath } from "node:path";
import { settlesWithin } from "./prism-process.js";

/** Options of {@link startPrism}. */
export interface StartPrismOptions {
  /** Path to the OpenAPI document (YAML or JSON), relative to the working directory or absolute. */
  spec: string;
  /** Loopback port to listen on; a free one is picked when omitted. */
  port?: number;
  /** How long to wait for Prism's first HTTP answer before giving up (default 20 s). */
  startupTimeoutMs?: number;
}

/** A started Prism mock server. */
export interface PrismServer {
  /** Base URL, `http://127.0.0.1:PORT`. */
  url: string;
  /** PID of the Prism process. */
  pid: number;
  /** Stops Prism; resolves once the process has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";
const STARTUP_TIMEOUT_MS = 20_000;
const POLL_INTERVAL_MS = 150;
const POLL_REQUEST_TIMEOUT_MS = 1_000;
const STOP_GRACE_MS = 3_000;
const KILL_WAIT_MS = 2_000;
const OUTPUT_TAIL_CHARS = 4_000;

/** The CLI entry point of the installed @stoplight/prism-cli (the package declares no exports map). */
export function prismCliPath(): string {
  return createRequire(import.meta.url).resolve("@stoplight/prism-cli/dist/index.js");
}

/**
 * Asks the OS for a free TCP port on the loopback interface, or, given a port, checks that it is
 * free (so that an unrelated server on it is not mistaken for a ready Prism).
 */
export function freePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", (error) => reject(new Error(`cannot listen on ${HOST}:${port}: ${error.message}`)));
    server.listen(port, HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("no free port assigned"))));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts Prism (`@stoplight/prism-cli`, an optional peer dependency) mocking one OpenAPI document
 * on 127.0.0.1, and resolves once it answers HTTP.
 */
export async function startPrism(options: StartPrismOptions): Promise<PrismServer> {
  const port = await freePort(options.port);
  const url = `http://${HOST}:${port}`;
  const args = [prismCliPath(), "mock", resolvePath(options.spec), "-p", String(port), "-h", HOST, "-v", "warn"];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });

  // Prism prints fatal errors (a bad document, a busy port) on stdout, usage on stderr: keep a
  // bounded tail of both for the startup error, and keep draining them so that Prism never blocks.
  let tail = "";
  const keepTail = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout.on("data", keepTail);
  child.stderr.on("data", keepTail);

  const killOnExit = () => {
    child.kill("SIGKILL");
  };
  process.on("exit", killOnExit);
  let exitCode: number | string | null | undefined; // undefined while running
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exitCode = code ?? signal;
      process.off("exit", killOnExit);
      resolve();
    });
  });
  // A spawn failure (e.g. ENOENT) emits "error" and possibly no "exit".
  let spawnError: Error | undefined;
  child.once("error", (error) => {
    spawnError = error;
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitCode !== undefined || child.pid === undefined) {
        process.off("exit", killOnExit);
        return;
      }
      child.kill("SIGTERM");
      if (!(await settlesWithin(exited, STOP_GRACE_MS))) {
        child.kill("SIGKILL");
        await settlesWithin(exited, KILL_WAIT_MS);
      }
      process.off("exit", killOnExit);
    })();
    return stopping;
  };

  const startupTimeoutMs = options.startupTimeoutMs ?? STARTUP_TIMEOUT_MS;
  const deadline = Date.now() + startupTimeoutMs;
  for (;;) {
    if (spawnError !== undefined || exitCode !== undefined) {
      await stop();
      throw new Error(
        `Prism exited before it was ready (${spawnError?.message ?? `exit ${String(exitCode)}`}).\n${tail}`,
      );
    }
    if (await answers(url)) break;
    if (Date.now() >= deadline) {
      await stop();
      throw new Error(`Prism did not answer on ${url} within ${startupTimeoutMs} ms.\n${tail}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }

  if (child.pid === undefined) throw new Error("Prism started without a pid"); // unreachable
  return { url, pid: child.pid, stop };
}

/** True when anything answers HTTP at `url` (any status counts). */
async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(POLL_REQUEST_TIMEOUT_MS) });
    await response.body?.cancel();
    return true;
    // Stryker disable next-line BlockStatement: an empty catch returns undefined, which the only caller reads as false too
  } catch {
    return false;
  }
}
