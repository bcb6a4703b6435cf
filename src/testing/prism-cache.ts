/**
 * Where the Prism process keeps its reading of each bundled document between starts.
 *
 * Prism turns an OpenAPI document into its operation list (every $ref resolved) on every start;
 * for the Private CA's 46 operations that is about 100 ms of the mock's start. The list depends
 * only on the document and on the two libraries that read it (@stoplight/prism-http and
 * @stoplight/http-spec), so the worker stores it once, as JSON, and reads it back on later starts.
 *
 * The files go where build tools keep theirs, `node_modules/.cache/huaweicloud-cert-sdk/` of the
 * node_modules that holds Prism, so a reinstall clears them; each file's name carries a hash of
 * the document and both libraries' versions, so a changed document or library is read afresh,
 * never from a stale file. Where Prism is not under a node_modules directory there is no cache.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { PrismModules } from "./prism-modules.js";

/** Bump when what the worker writes changes shape. */
const CACHE_FORMAT = 1;

/** The directory of the package a module file belongs to, found by its node_modules segment. */
function packageDir(modulePath: string, name: string): string | undefined {
  const normal = modulePath.replaceAll("\\", "/");
  const marker = `/node_modules/${name}/`;
  const at = normal.lastIndexOf(marker);
  return at === -1 ? undefined : normal.slice(0, at + marker.length - 1);
}

function versionOf(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  try {
    return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * The cache file of each document (given with its text), or undefined when there is no place for
 * them or the libraries' versions cannot be read (then Prism reads the documents every time).
 */
export function prismCachePaths<Api extends string>(modules: PrismModules, texts: Readonly<Record<Api, string>>): Record<Api, string> | undefined {
  const httpDir = packageDir(modules.http, "@stoplight/prism-http");
  let specDir: string | undefined;
  try {
    specDir = packageDir(createRequire(modules.http).resolve("@stoplight/http-spec"), "@stoplight/http-spec");
  } catch {
    specDir = undefined;
  }
  const versions = [versionOf(httpDir), versionOf(specDir)];
  if (httpDir === undefined || versions.includes(undefined)) return undefined;
  const dir = join(httpDir.slice(0, httpDir.lastIndexOf("/node_modules/") + "/node_modules".length), ".cache", "huaweicloud-cert-sdk");
  const paths = {} as Record<Api, string>;
  for (const [api, text] of Object.entries(texts) as [Api, string][]) {
    const key = createHash("sha256").update(JSON.stringify([CACHE_FORMAT, versions, text])).digest("hex").slice(0, 24);
    paths[api] = join(dir, `prism-operations-${api}-${key}.json`);
  }
  return paths;
}
