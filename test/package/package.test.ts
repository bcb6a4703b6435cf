/**
 * The package as a user gets it: built, linted by publint and attw, packed, installed into a
 * fresh consumer, and imported from both entry points.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const bin = (pkg: string) => join(root, "node_modules", ".bin", pkg);
const run = (cmd: string, args: string[], cwd = root) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });

let work: string;
let tarball: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "hw-cert-package-"));
  run("npm", ["run", "build", "--silent"]);
  const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work])) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, packed[0]!.filename);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the published package", () => {
  it("passes publint", () => {
    expect(run(bin("publint"), ["--strict"])).toContain("All good");
  });

  it("has types that resolve in every resolution mode, node10 included, for both entry points (attw)", () => {
    // attw exits non-zero on any problem; the default profile checks node10, node16 from CJS,
    // node16 from ESM and bundler.
    const output = run(bin("attw"), [tarball, "--format", "json"]);
    const report = JSON.parse(output) as {
      problems?: unknown;
      analysis: { entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName?: string } }> }> };
    };
    expect(Object.keys(report.problems ?? {})).toEqual([]);
    const entrypoints = report.analysis.entrypoints;
    expect(Object.keys(entrypoints).sort()).toEqual([".", "./package.json", "./testing"]);
    for (const name of [".", "./testing"]) {
      const types = Object.fromEntries(
        Object.entries(entrypoints[name]!.resolutions).map(([mode, r]) => [mode, r.resolution?.fileName?.replace(/^.*\/dist\//, "dist/")]),
      );
      const base = name === "." ? "index" : "testing/index";
      expect(types).toEqual({
        node10: `dist/types/src/${base}.d.cts`,
        "node16-cjs": `dist/types/src/${base}.d.cts`,
        "node16-esm": `dist/types/src/${base}.d.ts`,
        bundler: `dist/types/src/${base}.d.ts`,
      });
    }
  });

  it("ships one bundled file per entry point and format, and no runtime dependency", () => {
    const packed = JSON.parse(run("npm", ["pack", "--dry-run", "--json"])) as { files: { path: string }[] }[];
    const js = packed[0]!.files.map((f) => f.path).filter((p) => /\.(c?js)$/.test(p)).sort();
    // Besides the five bundles (the main entry also as its browser build), only the mock's Prism
    // worker, which runs as its own process.
    expect(js).toEqual([
      "dist/index.browser.js",
      "dist/index.cjs",
      "dist/index.js",
      "dist/testing/index.cjs",
      "dist/testing/index.js",
      "dist/testing/prism-worker.cjs",
    ]);
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it("has no script that runs, or that npm lists as an install script, where a consumer installs it", () => {
    const manifest = JSON.parse(run("tar", ["-xzOf", tarball, "package/package.json"])) as { scripts?: Record<string, string> };
    const lifecycle = ["preinstall", "install", "postinstall", "prepare", "preprepare", "postprepare"];
    expect(Object.keys(manifest.scripts ?? {}).filter((name) => lifecycle.includes(name))).toEqual([]);
    // The checkout's own link repair is the `dependencies` script, which npm runs only where it installs.
    expect(manifest.scripts?.dependencies).toBe("tsx scripts/bin-links.ts");
  });

  it("installs into a fresh project and works from both entry points", () => {
    const consumer = join(work, "consumer");
    run("mkdir", ["-p", consumer]);
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    run("npm", ["install", tarball, "--no-audit", "--no-fund", "--prefer-offline", "--omit=peer"], consumer);
    writeFileSync(
      join(consumer, "smoke.mjs"),
      `
      import { BcsClient, isValidationError } from "huaweicloud-cert-sdk";
      import { startMock } from "huaweicloud-cert-sdk/testing";
      const sent = [];
      const bcs = new BcsClient({
        endpoint: "https://bcs.example.test", projectId: "p", credentials: { token: "t" },
        fetch: async (url) => { sent.push(String(url)); return new Response("cert", { headers: { "x-request-id": "r1" } }); },
      });
      const file = await bcs.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "ca" });
      let rejected = false;
      try { await bcs.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "nope" }); }
      catch (e) { rejected = isValidationError(e); }
      console.log(JSON.stringify({ sent, text: new TextDecoder().decode(file.data), requestId: file.requestId, rejected, startMock: typeof startMock }));
      `,
    );
    const result = JSON.parse(run(process.execPath, ["smoke.mjs"], consumer)) as Record<string, unknown>;
    expect(result).toEqual({
      sent: ["https://bcs.example.test/v2/p/blockchains/b/cert?org_name=o&cert_type=ca"],
      text: "cert",
      requestId: "r1",
      rejected: true,
      startMock: "function",
    });
  });

  /** A consumer with the tarball and the optional Prism peer installed, and mock.mjs in it. */
  const withPrism = () => {
    const consumer = join(work, "consumer-with-prism");
    if (existsSync(join(consumer, "mock.mjs"))) return consumer;
    run("mkdir", ["-p", consumer]);
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer-with-prism", private: true, type: "module" }));
    run("npm", ["install", tarball, "@stoplight/prism-cli@5.14.2", "--no-audit", "--no-fund", "--prefer-offline"], consumer);
    writeFileSync(
      join(consumer, "mock.mjs"),
      `
      import { startMock } from "huaweicloud-cert-sdk/testing";
      import { BcsClient } from "huaweicloud-cert-sdk";
      const mock = await startMock();
      try {
        const { endpoints, credentials } = mock;
        const bcs = new BcsClient({
          endpoint: endpoints.bcs, projectId: credentials.projectId,
          credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
        });
        const file = await bcs.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "ca" });
        console.log(JSON.stringify({ bytes: file.data.byteLength, requestId: file.requestId, pids: mock.pids }));
      } finally {
        await mock.stop();
      }
      `,
    );
    return consumer;
  };

  // The README's claim for huaweicloud-cert-sdk/testing: Node, and Deno and Bun too (their
  // node:child_process runs the Prism worker), each from the devDependencies' pinned binaries.
  it.each([
    ["Node", process.execPath, ["mock.mjs"]],
    ["Deno", bin("deno"), ["run", "--no-prompt", "--allow-read", "--allow-net=127.0.0.1", "--allow-env", "--allow-run", "mock.mjs"]],
    ["Bun", bin("bun"), ["mock.mjs"]],
  ])("runs startMock() from the installed package under %s, with the optional Prism peer installed", (_name, command, args) => {
    const result = JSON.parse(run(command, args, withPrism()).trim().split("\n").at(-1)!) as { bytes: number; requestId: string; pids: number[] };
    expect(result.bytes).toBeGreaterThan(0);
    expect(result.requestId).toMatch(/^mock-/);
    expect(result.pids).toHaveLength(1); // one Prism process serves every document
    for (const pid of result.pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
