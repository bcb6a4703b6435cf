/**
 * Once for the runtimes project (the runtime matrix and the consumer type-check matrix):
 *
 * 1. build and pack the package, and install the tarball into one fresh consumer project in a
 *    temp dir, shared by every runtime and every compiler setup;
 * 2. bundle the smoke program there with esbuild: smoke.mjs imports the installed package by name
 *    (Node, Deno, Bun), smoke.cjs require()s it (CommonJS), browser.js has it bundled in (the page);
 * 3. start one mock (Prism behind the signature-checking gateway) on 127.0.0.1.
 *
 * The teardown stops the mock, checks its processes by PID (and kills any that outlived it), and
 * removes the temp dir.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build, type Plugin } from "esbuild";
import type { TestProject } from "vitest/node";
import { startMock } from "../../src/testing/index.js";
import type { SmokeConfig } from "./smoke.js";

export interface RuntimesContext {
  /** The consumer project with the tarball installed (no peer dependencies). */
  readonly consumer: string;
  readonly tarball: string;
  readonly smoke: SmokeConfig;
  readonly mockPids: readonly number[];
}

declare module "vitest" {
  export interface ProvidedContext {
    runtimes: RuntimesContext;
  }
}

export const PACKAGE = "huaweicloud-cert-sdk";
const root = resolve(import.meta.dirname, "../..");

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 240_000 });

/** Points the smoke's `../../src/index.js` import at the installed package. */
function installedPackage(consumer: string, bundleIt: boolean): Plugin {
  return {
    name: "installed-package",
    setup(builder) {
      builder.onResolve({ filter: /\/src\/index\.js$/ }, async () => {
        if (!bundleIt) return { path: PACKAGE, external: true };
        const resolved = await builder.resolve(PACKAGE, { kind: "import-statement", resolveDir: consumer });
        if (resolved.errors.length > 0) throw new Error(`cannot resolve ${PACKAGE} from ${consumer}`);
        return { path: resolved.path };
      });
    },
  };
}

function devDependency(name: string): string {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const version = manifest.devDependencies[name];
  if (!version) throw new Error(`${name} is not a devDependency`);
  return version;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const work = mkdtempSync(join(tmpdir(), "hw-cert-runtimes-"));
  let stopMock: (() => Promise<void>) | undefined;
  let pids: readonly number[] = [];
  const teardown = async () => {
    await stopMock?.();
    for (const pid of pids) {
      try {
        process.kill(pid, 0);
        process.kill(pid, "SIGKILL"); // outlived stop(): not ours to leave running
      } catch {
        // gone, as it should be
      }
    }
    rmSync(work, { recursive: true, force: true });
  };
  try {
    // First, while the machine is quietest: Prism's start-up is the slowest, CPU-bound step.
    // Stateless: the smoke program sends the spec's examples, which name CAs no state holds.
    const mock = await startMock({ stateless: true });
    stopMock = () => mock.stop();
    // PIDs where the mock reports them (not part of its documented surface): checked at teardown.
    pids = [...((mock as { pids?: readonly number[] }).pids ?? [])];

    run("npm", ["run", "build", "--silent"], root);
    const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], root)) as { filename: string }[];
    const tarball = join(work, packed[0]!.filename);

    const consumer = join(work, "consumer");
    mkdirSync(consumer);
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    // @types/node for the consumer type checks (the testing entry's declarations use Node types).
    run("npm", ["install", tarball, `@types/node@${devDependency("@types/node")}`, "--no-audit", "--no-fund", "--prefer-offline", "--omit=peer"], consumer);

    for (const [entry, outfile, bundleIt, format] of [
      ["smoke-cli.ts", "smoke.mjs", false, "esm"],
      ["smoke-cli.ts", "smoke.cjs", false, "cjs"],
      ["smoke-browser.ts", "browser.js", true, "esm"],
    ] as const) {
      await build({
        entryPoints: [join(import.meta.dirname, entry)],
        outfile: join(consumer, outfile),
        bundle: true,
        format,
        platform: bundleIt ? "browser" : "neutral",
        target: "es2022",
        plugins: [installedPackage(consumer, bundleIt)],
        logLevel: "warning",
      });
    }
    writeFileSync(join(consumer, "index.html"), `<!doctype html><meta charset="utf-8"><title>smoke</title><script type="module" src="./browser.js"></script>\n`);
    cpSync(join(import.meta.dirname, "../consumers/fixtures"), join(consumer, "fixtures"), { recursive: true });

    const { endpoints, credentials } = mock;
    project.provide("runtimes", {
      consumer,
      tarball,
      smoke: { endpoints: { bcs: endpoints.bcs, pca: endpoints.pca }, credentials: { ...credentials } },
      mockPids: pids,
    });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
