/**
 * Child processes of a bench section: the loopback server, and one-off measured processes. Every
 * child is stopped by its PID when the section ends.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { bundle } from "./bundle.js";

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

export interface LoopbackServer {
  readonly origin: string;
  stop(): Promise<void>;
}

export async function startLoopbackServer(args: readonly string[] = []): Promise<LoopbackServer> {
  // One bundled file run by plain node: quick to start, nothing of the measured process inside.
  const { file } = await bundle("loopback-server", { entry: "bench/lib/loopback-server.ts" }, { minify: false, platform: "node" });
  const child = spawn(process.execPath, [file, ...args], { stdio: ["pipe", "pipe", "inherit"] });
  children.add(child);
  const port = await new Promise<number>((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) resolve(Number(text.trim()));
    });
    child.once("exit", (code) => reject(new Error(`loopback server exited (${code})`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      if (child.exitCode === null) await once(child, "exit");
      clearTimeout(timer);
      children.delete(child);
    },
  };
}

/** Runs a process to its end; resolves with its stdout, rejects on a non-zero exit. */
export async function run(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: env ?? process.env });
  children.add(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  children.delete(child);
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${code}: ${err.trim()}`);
  return out;
}
