/**
 * The names of the Prism cache files (src/testing/prism-cache.ts), over stand-in packages in a
 * temporary node_modules: where they go, what their names carry, that a changed document or a
 * changed version of either library gives a new name, and that there is no cache when Prism is not
 * under node_modules or a version cannot be read. (test/contract/prism-cache.test.ts runs the real
 * Prism against these files.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prismCachePaths } from "../../src/testing/prism-cache.js";
import type { PrismModules } from "../../src/testing/prism-modules.js";

const root = mkdtempSync(join(tmpdir(), "hw-cert-prism-paths-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
/** A node_modules with @stoplight/prism-http and @stoplight/http-spec at the given package.json texts. */
function install(http: string | undefined, spec: string | undefined, under = join(root, `project-${count++}`)): { modules: PrismModules; nodeModules: string } {
  const nodeModules = join(under, "node_modules");
  const httpDir = join(nodeModules, "@stoplight", "prism-http");
  mkdirSync(join(httpDir, "dist"), { recursive: true });
  writeFileSync(join(httpDir, "dist", "index.js"), "");
  if (http !== undefined) writeFileSync(join(httpDir, "package.json"), http);
  if (spec !== undefined) {
    const specDir = join(nodeModules, "@stoplight", "http-spec");
    mkdirSync(specDir, { recursive: true });
    writeFileSync(join(specDir, "index.js"), "");
    writeFileSync(join(specDir, "package.json"), spec);
  }
  const http_ = join(httpDir, "dist", "index.js");
  return { modules: { http: http_, httpServer: http_, core: http_, faker: undefined, postman: undefined }, nodeModules };
}
const version = (v: string) => JSON.stringify({ name: "x", version: v, main: "index.js" });

describe("prismCachePaths", () => {
  it("names one file per document in node_modules/.cache/huaweicloud-cert-sdk, by api and a 24-digit hash", () => {
    const { modules, nodeModules } = install(version("5.0.0"), version("7.0.0"));
    const paths = prismCachePaths(modules, { pca: "openapi: 3.1.0", bcs: "openapi: 3.0.0" });
    const dir = join(nodeModules, ".cache", "huaweicloud-cert-sdk");
    expect(Object.keys(paths!)).toEqual(["pca", "bcs"]);
    expect(paths!.pca).toMatch(new RegExp(`^${dir.replaceAll("/", "\\/")}\\/prism-operations-pca-[0-9a-f]{24}\\.json$`));
    expect(paths!.bcs).toMatch(/\/prism-operations-bcs-[0-9a-f]{24}\.json$/);
    expect(paths!.pca.slice(-29)).not.toBe(paths!.bcs.slice(-29));
  });

  it("gives the same names for the same documents and versions, wherever installed", () => {
    const a = prismCachePaths(install(version("5.0.0"), version("7.0.0")).modules, { pca: "text" })!;
    const b = prismCachePaths(install(version("5.0.0"), version("7.0.0")).modules, { pca: "text" })!;
    expect(a.pca.split("/").at(-1)).toBe(b.pca.split("/").at(-1));
    expect(a.pca).not.toBe(b.pca);
  });

  it("gives a new name when the document, prism-http's version or http-spec's version changes", () => {
    const name = (http: string, spec: string, text: string) => prismCachePaths(install(version(http), version(spec)).modules, { pca: text })!.pca.split("/").at(-1);
    const base = name("5.0.0", "7.0.0", "text");
    expect(name("5.0.0", "7.0.0", "text2")).not.toBe(base);
    expect(name("5.0.1", "7.0.0", "text")).not.toBe(base);
    expect(name("5.0.0", "7.0.1", "text")).not.toBe(base);
  });

  it("is undefined when a library's version cannot be read, or http-spec cannot be found", () => {
    expect(prismCachePaths(install(version("5.0.0"), JSON.stringify({ main: "index.js" })).modules, { pca: "t" })).toBeUndefined();
    expect(prismCachePaths(install("not json", version("7.0.0")).modules, { pca: "t" })).toBeUndefined();
    expect(prismCachePaths(install(undefined, version("7.0.0")).modules, { pca: "t" })).toBeUndefined();
    expect(prismCachePaths(install(version("5.0.0"), undefined).modules, { pca: "t" })).toBeUndefined();
  });

  it("is undefined when Prism is not under a node_modules directory", () => {
    const dir = join(root, "loose", "prism-http");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "index.js"), "");
    writeFileSync(join(dir, "package.json"), version("5.0.0"));
    const file = join(dir, "index.js");
    expect(prismCachePaths({ http: file, httpServer: file, core: file, faker: undefined, postman: undefined }, { pca: "t" })).toBeUndefined();
  });

  it("puts the cache beside the innermost node_modules of a nested install", () => {
    const outer = install(version("5.0.0"), version("7.0.0"));
    const inner = install(version("5.0.0"), version("7.0.0"), join(outer.nodeModules, "some-tool"));
    const paths = prismCachePaths(inner.modules, { pca: "t" })!;
    expect(paths.pca.startsWith(join(inner.nodeModules, ".cache", "huaweicloud-cert-sdk") + "/")).toBe(true);
  });
});
