/**
 * Starts the mock's one Prism process (prism-worker.cjs): Prism's HTTP libraries loaded once,
 * serving each given OpenAPI document on its own loopback port.
 *
 * It is a child process rather than a part of the caller's process so that Prism's dependencies
 * (about 700 modules) stay out of the user's test process and can be stopped by PID. It is never
 * left running: a failed start kills it, stop() ends it (stdin closed, then SIGKILL), an exit of
 * this process kills it, and when this process dies without running any code (SIGKILL) the child
 * sees its stdin close and exits by itself.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { PrismModules } from "./prism-modules.js";

export interface StartPrismProcessOptions<Api extends string> {
  readonly modules: PrismModules;
  /** The OpenAPI document (absolute path) each name is served from. */
  readonly documents: Readonly<Record<Api, string>>;
  /** Where the worker keeps its reading of each document between starts (a JSON file per document); none when absent. */
  readonly caches?: Readonly<Record<Api, string>> | undefined;
  /** Default 30 s. */
  readonly startupTimeoutMs?: number;
  /** The worker script; a test may point it at one that fails. */
  readonly workerPath?: string;
  /**
   * @internal How long `exited` waits, after the exit, for the output pipes to close (default
   * 1 s); tests set a long one, to see that the close, not the time, ends the wait.
   */
  readonly outputDrainMs?: number;
}

export interface PrismProcess<Api extends string> {
  /** Base URL of each document's Prism server, `http://127.0.0.1:PORT`. */
  readonly urls: Readonly<Record<Api, string>>;
  readonly pid: number;
  /** Resolves once the process has exited. Safe to call more than once. */
  stop(): Promise<void>;
  /**
   * Settles once the process has exited, however that came about (stop(), a crash, a signal from
   * outside): how it ended, and the last of what it wrote on stdout and stderr.
   */
  readonly exited: Promise<PrismExit>;
}

/** How the Prism process ended. */
export interface PrismExit {
  /** `exit 1`, `SIGKILL`, or the spawn error's message. */
  readonly status: string;
  /** The last 4000 characters it wrote (stdout and stderr as they came), "" when nothing. */
  readonly output: string;
}

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 2_000;
const KILL_WAIT_MS = 2_000;
const OUTPUT_TAIL_CHARS = 4_000;
const OUTPUT_DRAIN_MS = 1_000;

export const WORKER_PATH = fileURLToPath(new URL("./prism-worker.cjs", import.meta.url));

export async function startPrismProcess<Api extends string>(options: StartPrismProcessOptions<Api>): Promise<PrismProcess<Api>> {
  const input = JSON.stringify({ modules: options.modules, documents: options.documents, caches: options.caches });
  const child = spawn(process.execPath, [options.workerPath ?? WORKER_PATH, input], {
    // Stryker disable next-line ArrayDeclaration: spawn's default stdio is three pipes; said here for the reader
    stdio: ["pipe", "pipe", "pipe"],
    // No loaders of the caller's (tsx, a test runner's): the worker is plain CommonJS.
    env: { ...process.env, NODE_OPTIONS: "" },
  });

  const killOnExit = () => void child.kill("SIGKILL");
  process.on("exit", killOnExit);
  let exitStatus: string | undefined; // set once exited
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exitStatus = signal ?? `exit ${String(code)}`;
      process.off("exit", killOnExit);
      resolve();
    });
    // A spawn failure (e.g. ENOENT) emits "error" and possibly no "exit".
    child.once("error", (error) => {
      exitStatus ??= error.message;
      // Stryker disable next-line StringLiteral: a spawn failure is a failed start, whose catch calls stop(), which removes the same hook
      process.off("exit", killOnExit);
      resolve();
    });
  });
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  // Never let a write to a dead child's stdin throw in the caller's process.
  child.stdin.on("error", () => undefined);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitStatus === undefined && child.pid !== undefined) {
        child.stdin.end();
        if (!(await settlesWithin(exited, STOP_GRACE_MS))) {
          child.kill("SIGKILL");
          await settlesWithin(exited, KILL_WAIT_MS);
        }
      }
      process.off("exit", killOnExit);
      child.stdout.destroy();
      child.stderr.destroy();
    })();
    return stopping;
  };

  // stderr (Node's own fatal errors) is kept as a bounded tail for the startup error, and both
  // streams are drained for the child's whole life so that it never blocks on a full pipe.
  let tail = "";
  // Everything on stderr (an uncaught exception's stack) and on stdout after the ready line is
  // kept too, for the report of a process that stops while it serves.
  let lastOutput = "";
  const keep = (chunk: Buffer) => {
    lastOutput = (lastOutput + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stderr.on("data", (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
    keep(chunk);
  });
  let stdout = "";
  const firstLine = new Promise<string | undefined>((resolve) => {
    const onData = (chunk: Buffer) => {
      // The line end is looked for before the tail is cut: output right behind the ready line
      // in the same chunk (a worker logging at once) must not push the ready line out.
      const text = stdout + chunk.toString("utf8");
      const end = text.indexOf("\n");
      if (end === -1) {
        // Stryker disable next-line MethodExpression: only bounds memory while waiting; the line handed on is cut to the same tail below either way
        stdout = text.slice(-OUTPUT_TAIL_CHARS);
        return;
      }
      child.stdout.off("data", onData);
      keep(Buffer.from(text.slice(end + 1)));
      child.stdout.on("data", keep);
      // A first line is kept to the same bounded tail (with its line end, OUTPUT_TAIL_CHARS).
      resolve(text.slice(0, end).slice(-(OUTPUT_TAIL_CHARS - 1)));
    };
    child.stdout.on("data", onData);
    void exited.then(() => resolve(undefined));
  });

  const timeoutMs = options.startupTimeoutMs ?? STARTUP_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const line = await Promise.race([firstLine, timedOut]);
    if (line === "timeout") throw new Error(`Prism was not ready within ${timeoutMs} ms.\n${tail}`);
    if (line === undefined) throw new Error(`Prism exited before it was ready (${exitStatus ?? "unknown"}).\n${tail}`);
    const message = parse(line);
    if (message?.ready === undefined) throw new Error(`Prism failed to start: ${message?.error ?? line}\n${tail}`);
    if (child.pid === undefined) throw new Error("Prism started without a pid"); // unreachable
    // "close" comes once the output pipes are drained too ("exit" may come before their last bytes).
    const ended = exited
      .then(() => settlesWithin(closed, options.outputDrainMs ?? OUTPUT_DRAIN_MS))
      .then(() => ({ status: exitStatus!, output: lastOutput }));
    return { urls: message.ready as Record<Api, string>, pid: child.pid, stop, exited: ended };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function parse(line: string): { ready?: Record<string, string>; error?: string } | undefined {
  try {
    return JSON.parse(line) as { ready?: Record<string, string>; error?: string };
    // Stryker disable next-line BlockStatement: an empty catch returns undefined too
  } catch {
    return undefined;
  }
}

/** Waits for `promise` at most `ms`; true when it settled in time. Leaves no timer behind. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
