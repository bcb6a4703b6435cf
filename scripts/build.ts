/**
 * npm run build: the package as published, one bundled file per entry point and module format,
 * with declarations for both.
 *
 *   dist/index.js, dist/index.cjs                   "."          (Web APIs only: Node, Deno, Bun, edge runtimes)
 *   dist/index.browser.js                           "." under the "browser" condition: the same, with
 *                                                   the server-only providers (profile file, ECS
 *                                                   metadata) replaced by their .browser.ts twins
 *   dist/testing/index.js, dist/testing/index.cjs   "./testing"  (Node-only: its node: imports stay external)
 *   dist/types/**\/*.d.ts and *.d.cts               declarations (tsc), the .d.cts importing .cjs siblings
 *   dist/testing/*.cjs|mjs|js|json (other than index) files src/testing loads beside itself, copied
 *
 * The client entry bundles openapi-fetch, so it has no runtime dependency to resolve (a browser
 * or Deno import needs none). The testing entry finds the bundled specs at
 * `new URL("../../generated/<api>.json", import.meta.url)`, the same place relative to
 * dist/testing/ as to src/testing/, so generated/*.json ships at the package root; in the CJS
 * file `import.meta.url` is its file URL.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build, type BuildOptions } from "esbuild";
import { browserTwins } from "./lib/browser-build.js";

const root = resolve(import.meta.dirname, "..");
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });

interface Entry {
  readonly source: string;
  readonly out: string;
  readonly platform: "neutral" | "node";
  /** Also build `<out>.browser.js` (ESM) for the "browser" export condition. */
  readonly browser?: true;
}
const entries: readonly Entry[] = [
  { source: "src/index.ts", out: "index", platform: "neutral", browser: true },
  { source: "src/testing/index.ts", out: "testing/index", platform: "node" },
];

const CJS_IMPORT_META_URL = "__importMetaUrl";

for (const entry of entries) {
  const common: BuildOptions = {
    entryPoints: [join(root, entry.source)],
    bundle: true,
    platform: entry.platform,
    target: "es2022",
    // Neutral has no default main fields; openapi-fetch names its files in "exports" and "main".
    mainFields: ["module", "main"],
    // The optional Prism peer is found at run time by createRequire, never bundled.
    external: ["@stoplight/prism-cli"],
    legalComments: "none",
    logLevel: "warning",
    sourcemap: false,
  };
  await build({ ...common, format: "esm", outfile: join(dist, `${entry.out}.js`) });
  if (entry.browser) {
    await build({ ...common, format: "esm", outfile: join(dist, `${entry.out}.browser.js`), plugins: [browserTwins] });
  }
  await build({
    ...common,
    format: "cjs",
    outfile: join(dist, `${entry.out}.cjs`),
    ...(entry.platform === "node"
      ? {
          define: { "import.meta.url": CJS_IMPORT_META_URL },
          banner: { js: `const ${CJS_IMPORT_META_URL} = require("node:url").pathToFileURL(__filename).href;` },
        }
      : {}),
  });
}

// Files the testing entry loads beside itself at run time (a worker script, by a path relative
// to import.meta.url): copied as they are, since the bundle cannot hold them.
for (const name of readdirSync(join(root, "src/testing"))) {
  if (/\.(cjs|mjs|js|json)$/.test(name)) copyFileSync(join(root, "src/testing", name), join(dist, "testing", name));
}

// Declarations: one tsc run, then a CommonJS twin of every file (.d.cts whose relative imports
// name .cjs files), so that `require` resolves to types of the CommonJS format in node16/nodenext.
execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
  cwd: root,
  stdio: "inherit",
});
for (const file of walk(join(dist, "types"))) {
  if (!file.endsWith(".d.ts")) continue;
  const text = readFileSync(file, "utf8").replace(/(from\s+|import\s*\(\s*)(["'])(\.{1,2}\/[^"']*?)\.js\2/g, "$1$2$3.cjs$2");
  writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), text);
}
process.stdout.write("built dist/\n");

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
