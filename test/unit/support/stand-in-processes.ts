/**
 * Stand-in child processes for the tests of the mock's process lifecycle (prism-process.ts,
 * prism.ts): tiny Node scripts, written to a temporary directory, that behave as the Prism worker
 * or the Prism CLI would (listen on 127.0.0.1, print a ready line, exit early, never get ready).
 * Each stand-in appends its pid to `<dir>/pids`, so that cleanUp() can end, by pid, every one a
 * test started, even one whose start failed; it only kills processes running a script of `dir`.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class StandIns {
  readonly dir = mkdtempSync(join(tmpdir(), "mock-process-"));
  #count = 0;

  /**
   * Writes a stand-in script and returns its path. `body` runs after a preamble that records the
   * pid and defines `log(line)` (appends to `<dir>/log`) and `serve(answer)` (an HTTP server on
   * 127.0.0.1:0 answering `answer(path)` as JSON; resolves with its URL).
   * `executable`: a `#!node` script that can stand in for process.execPath.
   */
  script(body: string, options: { executable?: boolean } = {}): string {
    mkdirSync(this.dir, { recursive: true }); // again, should a rerun of the file find it removed
    const path = join(this.dir, `stand-in-${++this.#count}.cjs`);
    const preamble = [
      options.executable ? `#!${process.execPath}` : "",
      `"use strict";`,
      `const fs = require("node:fs");`,
      `const http = require("node:http");`,
      `fs.appendFileSync(${JSON.stringify(join(this.dir, "pids"))}, process.pid + "\\n");`,
      `const log = (line) => fs.appendFileSync(${JSON.stringify(join(this.dir, "log"))}, line + "\\n");`,
      `const serve = (answer) => new Promise((resolve) => {`,
      `  const server = http.createServer((req, res) => { res.setHeader("content-type", "application/json"); res.end(JSON.stringify(answer(req.url))); });`,
      `  server.listen(0, "127.0.0.1", () => resolve("http://127.0.0.1:" + server.address().port));`,
      `});`,
    ].join("\n");
    writeFileSync(path, `${preamble}\n${body}\n`);
    if (options.executable) chmodSync(path, 0o755);
    return path;
  }

  /** What the stand-ins wrote with log(), one entry a line. */
  log(): string[] {
    try {
      return readFileSync(join(this.dir, "log"), "utf8").split("\n").filter(Boolean);
    } catch {
      return [];
    }
  }

  /** Pids of every stand-in started so far. */
  pids(): number[] {
    try {
      return readFileSync(join(this.dir, "pids"), "utf8").split("\n").filter(Boolean).map(Number);
    } catch {
      return [];
    }
  }

  /** SIGKILLs every stand-in still running (by pid, and only processes running a script of dir); returns their pids. */
  killSurvivors(): number[] {
    const killed: number[] = [];
    for (const pid of this.pids()) {
      let cmdline = "";
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      } catch {
        continue; // gone
      }
      if (!cmdline.includes(this.dir)) continue; // the pid was reused by something else
      try {
        process.kill(pid, "SIGKILL");
        killed.push(pid);
      } catch {
        // gone meanwhile
      }
    }
    return killed;
  }

  /** Kills survivors and forgets the pids and the log (between tests). */
  reset(): void {
    this.killSurvivors();
    rmSync(join(this.dir, "pids"), { force: true });
    rmSync(join(this.dir, "log"), { force: true });
  }

  /** Kills survivors and removes the directory. */
  dispose(): void {
    this.killSurvivors();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** True when no process has this pid (`process.kill(pid, 0)` throws ESRCH). */
export function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return true;
    throw error;
  }
}

/** Waits, at most `ms`, for `check()` to hold; returns whether it did. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

