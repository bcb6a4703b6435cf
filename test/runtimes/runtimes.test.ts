/**
 * The runtime matrix: the smoke program (smoke.ts), from the installed tarball, under every
 * runtime the SDK claims. Each runtime comes from package.json (npm ci); one that cannot start
 * fails its test. The browser case serves a page from 127.0.0.1 and calls the mock on another
 * port, so every request is cross-origin (the gateway answers CORS for loopback origins).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import sparticuz from "@sparticuz/chromium";
import { chromium } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { type Outcome, expectSmokePassed } from "./expect-smoke.js";

const root = resolve(import.meta.dirname, "../..");
const { consumer, smoke } = inject("runtimes");
const config = JSON.stringify(smoke);

/** Runs a command in the consumer project; rejects with its stderr on failure or timeout. */
function runIn(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { cwd: consumer, timeout: 90_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")} failed: ${error.message}\n${stderr}`));
      else resolvePromise(stdout);
    });
  });
}

const lastLine = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1) ?? "null") as Outcome;
const bin = (path: string) => join(root, "node_modules", path);

interface CommandRuntime {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly version: RegExp;
}

const commandRuntimes: readonly CommandRuntime[] = [
  { name: "Node 20 (the machine's)", command: process.execPath, args: ["smoke.mjs"], version: /^node v20\./ },
  { name: "Node 22 (npm node@22)", command: bin("node22/bin/node"), args: ["smoke.mjs"], version: /^node v22\./ },
  { name: "Node 24 (npm node@24)", command: bin("node24/bin/node"), args: ["smoke.mjs"], version: /^node v24\./ },
  // Only network access to the loopback host: no read, env or other permission.
  { name: "Deno (npm deno)", command: bin(".bin/deno"), args: ["run", "--no-prompt", "--allow-net=127.0.0.1", "smoke.mjs"], version: /^deno 2\./ },
  { name: "Bun (npm bun)", command: bin(".bin/bun"), args: ["smoke.mjs"], version: /^bun 1\./ },
];

describe.concurrent("runtime matrix", () => {
  for (const runtime of commandRuntimes) {
    it(`${runtime.name}: all six operations with a token and with AK/SK, typed errors`, async () => {
      const outcome = lastLine(await runIn(runtime.command, [...runtime.args, config]));
      expect(outcome.runtime).toMatch(runtime.version);
      expectSmokePassed(outcome);
    });
  }

  it("Chromium (a real page on 127.0.0.1, calling the mock cross-origin)", async () => {
    const server = await servePage();
    const browser = await chromium.launch({
      executablePath: await sparticuz.executablePath(),
      args: [...sparticuz.args, "--disable-background-networking"],
      headless: true,
    });
    try {
      const page = await browser.newPage();
      const pageOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const origins = new Set<string>();
      const external: string[] = [];
      // Nothing but this machine: any other request is aborted and fails the test.
      await page.route("**/*", (route) => {
        const url = new URL(route.request().url());
        origins.add(url.origin);
        if (url.hostname !== "127.0.0.1") {
          external.push(url.href);
          return route.abort();
        }
        return route.continue();
      });
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${pageOrigin}/index.html#${encodeURIComponent(config)}`);
      const outcome = (await page.evaluate(async () => {
        for (let i = 0; i < 600 && !(window as { smoke?: unknown }).smoke; i++) await new Promise((r) => setTimeout(r, 50));
        return (window as { smoke?: Promise<unknown> }).smoke;
      })) as Outcome | { error: string } | undefined;
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
      if (!outcome || "error" in outcome) throw new Error(`the page's smoke failed: ${outcome?.error ?? "it never ran"}`);
      expect(outcome.runtime).toMatch(/HeadlessChrome|Chrome\//);
      expectSmokePassed(outcome, "browser");
      // The page and the mock are different origins: every call was a CORS request.
      expect([...origins].filter((o) => o !== pageOrigin).sort()).toEqual(
        [...new Set([smoke.endpoints.bcs, smoke.endpoints.pca].map((e) => new URL(e).origin))].sort(),
      );
    } finally {
      await browser.close();
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});

/** Serves the consumer's index.html and browser.js (nothing else) on 127.0.0.1. */
function servePage(): Promise<Server> {
  const files: Record<string, string> = { "/index.html": "text/html", "/browser.js": "text/javascript" };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const type = files[path];
    if (!type) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": type }).end(readFileSync(join(consumer, path.slice(1))));
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => done(server));
  });
}
