/**
 * The Prism process's cache of its reading of each document (src/testing/prism-cache.ts names the
 * files, prism-worker.cjs reads and writes them), with the real Prism: a first start writes the
 * file, a later start serves what the file says (shown with a doctored one), a file that is not
 * JSON is read past and replaced, and the names change with the document and the libraries.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { prismCachePaths } from "../../src/testing/prism-cache.js";
import { resolvePrismModules, type PrismModules } from "../../src/testing/prism-modules.js";
import { startPrismProcess, type PrismProcess } from "../../src/testing/prism-process.js";
import { bundledSpecPath } from "../../src/testing/services.js";

const dir = mkdtempSync(join(tmpdir(), "hw-cert-prism-cache-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const started: PrismProcess<string>[] = [];
afterEach(async () => {
  await Promise.allSettled(started.splice(0).map((p) => p.stop()));
});

const modules = resolvePrismModules();
const bcs = bundledSpecPath("bcs");
const DOWNLOAD = "/v2/0123456789abcdef0123456789abcdef/blockchains/4b2d2c4e-7d84-4a1b-b8b3-0c1d2e3f4a5b/cert?org_name=org1&cert_type=user";

async function start(cache: string): Promise<PrismProcess<"bcs">> {
  const prism = await startPrismProcess({ modules, documents: { bcs }, caches: { bcs: cache } });
  started.push(prism);
  return prism;
}

async function status(prism: PrismProcess<"bcs">, path: string): Promise<number> {
  const response = await fetch(`${prism.urls.bcs}${path}`, { headers: { "X-Auth-Token": "t".repeat(40) } });
  await response.arrayBuffer();
  return response.status;
}

describe("the Prism process's cache", () => {
  it("is written by a first start, and what a later start serves", { timeout: 60_000 }, async () => {
    const cache = join(dir, "nested", "bcs.json");
    const first = await start(cache);
    expect(await status(first, DOWNLOAD)).toBe(200);
    const operations = JSON.parse(readFileSync(cache, "utf8")) as { method: string; path: string }[];
    expect(operations.map((op) => `${op.method} ${op.path}`)).toContain("get /v2/{project_id}/blockchains/{blockchain_id}/cert");
    expect(readdirSync(join(dir, "nested")), "no partial file left").toEqual(["bcs.json"]);
    await first.stop();

    // A doctored file without the download: the next start serves from the file, not the document.
    writeFileSync(cache, JSON.stringify(operations.filter((op) => op.method !== "get")));
    const second = await start(cache);
    expect(await status(second, DOWNLOAD)).toBe(404);
  });

  it("reads past a file that is not JSON, and replaces it", { timeout: 60_000 }, async () => {
    const cache = join(dir, "broken.json");
    writeFileSync(cache, "{ half a file");
    const prism = await start(cache);
    expect(await status(prism, DOWNLOAD)).toBe(200);
    expect(() => JSON.parse(readFileSync(cache, "utf8")) as unknown).not.toThrow();
  });

  it("starts without one when the file cannot be written", { timeout: 60_000 }, async () => {
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "");
    const prism = await start(join(blocker, "bcs.json")); // a directory that cannot be made
    expect(await status(prism, DOWNLOAD)).toBe(200);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

describe("prismCachePaths", () => {
  const texts = { bcs: readFileSync(bcs, "utf8"), pca: readFileSync(bundledSpecPath("pca"), "utf8") };

  it("names one file per document under node_modules/.cache/huaweicloud-cert-sdk of Prism's node_modules", () => {
    const paths = prismCachePaths(modules, texts)!;
    const root = modules.http.slice(0, modules.http.replaceAll("\\", "/").lastIndexOf("/node_modules/"));
    for (const api of ["bcs", "pca"] as const) {
      expect(paths[api]).toMatch(new RegExp(`^${root.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}/node_modules/\\.cache/huaweicloud-cert-sdk/prism-operations-${api}-[0-9a-f]{24}\\.json$`));
    }
    expect(prismCachePaths(modules, texts)).toEqual(paths);
  });

  it("changes a document's file when its text changes, and no other", () => {
    const before = prismCachePaths(modules, texts)!;
    const after = prismCachePaths(modules, { ...texts, pca: `${texts.pca} ` })!;
    expect(after.bcs).toBe(before.bcs);
    expect(after.pca).not.toBe(before.pca);
  });

  it("changes every file when either library's version changes", () => {
    // The two libraries as a made-up node_modules tree has them.
    const tree = join(dir, "tree", "node_modules", "@stoplight");
    const copy = (name: string, version?: string) => {
      const target = join(tree, name);
      mkdirSync(target, { recursive: true });
      writeFileSync(join(target, "package.json"), JSON.stringify({ name: `@stoplight/${name}`, version: version ?? "1.0.0", main: "index.js" }));
      writeFileSync(join(target, "index.js"), "");
      return target;
    };
    const forged = (httpVersion?: string, specVersion?: string): PrismModules => {
      rmSync(join(dir, "tree"), { recursive: true, force: true });
      const http = copy("prism-http", httpVersion);
      copy("http-spec", specVersion);
      return { ...modules, http: join(http, "index.js") };
    };
    const base = prismCachePaths(forged(), texts)!;
    const newHttp = prismCachePaths(forged("99.0.0"), texts)!;
    const newSpec = prismCachePaths(forged(undefined, "99.0.0"), texts)!;
    expect(base.bcs.startsWith(join(dir, "tree", "node_modules", ".cache", "huaweicloud-cert-sdk"))).toBe(true);
    expect(new Set([base.bcs, newHttp.bcs, newSpec.bcs]).size).toBe(3);
    expect(new Set([base.pca, newHttp.pca, newSpec.pca]).size).toBe(3);
  });

  it("gives none where Prism is not under node_modules or a version cannot be read", () => {
    expect(prismCachePaths({ ...modules, http: join(dir, "prism-http", "index.js") }, texts)).toBeUndefined();
    const lonely = join(dir, "lonely", "node_modules", "@stoplight", "prism-http");
    mkdirSync(lonely, { recursive: true });
    writeFileSync(join(lonely, "index.js"), "");
    expect(existsSync(join(lonely, "package.json"))).toBe(false);
    expect(prismCachePaths({ ...modules, http: join(lonely, "index.js") }, texts)).toBeUndefined();
  });
});
