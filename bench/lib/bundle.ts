/**
 * esbuild bundles of the package's entry points, built from src/ (so the numbers do not depend
 * on how the package build is set up), for the size and cold-import sections.
 */
import { build, type Metafile } from "esbuild";
import { browserTwins } from "../../scripts/lib/browser-build.js";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const OUT = `${ROOT}bench/.out/`;

export interface Bundle {
  readonly file: string;
  readonly code: Uint8Array;
  readonly metafile: Metafile;
}

/**
 * Bundles `contents` (an entry module's source, resolved from the repository root), or with
 * `{ entry }` a file as it is (a program: the package's sideEffects: false would drop it as a bare import).
 */
export async function bundle(
  name: string,
  contents: string | { entry: string },
  options: { minify: boolean; platform: "browser" | "node"; node?: boolean },
): Promise<Bundle> {
  mkdirSync(OUT, { recursive: true });
  const file = `${OUT}${name}.mjs`;
  const result = await build({
    ...(typeof contents === "string"
      ? { stdin: { contents, resolveDir: ROOT, sourcefile: `${name}.ts`, loader: "ts" as const } }
      : { entryPoints: [`${ROOT}${contents.entry}`] }),
    bundle: true,
    format: "esm",
    platform: options.platform,
    minify: options.minify,
    target: "es2022",
    outfile: file,
    metafile: true,
    // A browser bundle of src/ gets what the package's "browser" condition gets (dist/index.browser.js):
    // the server-only modules replaced by their .browser.ts twins; `node: true` keeps them (the Node build).
    plugins: options.platform === "browser" && options.node !== true ? [browserTwins] : [],
    write: true,
    logLevel: "silent",
  });
  const { readFileSync } = await import("node:fs");
  return { file, code: readFileSync(file), metafile: result.metafile };
}
