/**
 * Looking for processes from outside: the mock's Prism workers of this checkout, and whether a
 * pid is gone. A check that cannot look throws; it never reads as "none left".
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../..");
/** What startMock() runs: `node <root>/src/testing/prism-worker.cjs ...`. */
export const WORKER_SCRIPT = `${root}/src/testing/prism-worker.cjs`;

/** Pids of every mock worker of this checkout (other checkouts have other paths). */
export function mockWorkerPids(): number[] {
  const result = spawnSync("pgrep", ["-f", WORKER_SCRIPT], { encoding: "utf8" });
  if (result.error) throw new Error(`cannot list processes: pgrep failed to run (${result.error.message})`);
  // pgrep: 0 = some matched, 1 = none matched, anything else = it could not look.
  if (result.status === 1) return [];
  if (result.status !== 0) throw new Error(`cannot list processes: pgrep exited ${String(result.status)}: ${result.stderr}`);
  return result.stdout.trim().split("\n").filter(Boolean).map(Number);
}

/** True when `pid` no longer runs: no such process, or only a zombie waiting to be reaped. */
export function processGone(pid: number): boolean {
  let stat: string | undefined;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") throw new Error(`cannot look at pid ${pid}: ${String(code)}`);
    // No /proc at all (not Linux): ask the kernel directly.
    try {
      readFileSync("/proc/self/stat");
    } catch {
      return signalZeroSaysGone(pid);
    }
    return true;
  }
  // The state follows the parenthesised command name: "pid (comm) S ...".
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state === "Z" || state === "X";
}

function signalZeroSaysGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ESRCH") return true;
    if (code === "EPERM") return false;
    throw error;
  }
}

/** Waits (bounded) for every pid to be gone; returns the ones still running. */
export async function stillRunningAfter(pids: readonly number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let running = pids.filter((pid) => !processGone(pid));
  while (running.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    running = running.filter((pid) => !processGone(pid));
  }
  return running;
}
