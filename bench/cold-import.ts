/**
 * Cold import: whole fresh node processes that import one thing and exit, interleaved: bare node
 * (nothing), an empty ES module file (the loader's own floor), the package (src/ bundled into one
 * file with esbuild, as it is and minified, and dist/ when built), openapi-fetch alone, and the
 * official @huaweicloud/huaweicloud-sdk-core. Each child reports
 * its own time from process start to after the import, so spawning costs do not count.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { bundle, OUT, ROOT } from "./lib/bundle.js";
import { atMost, emit, row, smoke, type Row, type Target } from "./lib/output.js";
import { run } from "./lib/processes.js";
import { pairedDifference, summarize, type Summary } from "./lib/stats.js";

const main = await bundle("cold-main", `export * from "./src/index.ts";`, { minify: false, platform: "node" });
const minified = await bundle("cold-main-min", `export * from "./src/index.ts";`, { minify: true, platform: "node" });
// The floor any ES module file pays (the loader reads, resolves and links it): an empty one.
const empty = `${OUT}cold-empty.mjs`;
writeFileSync(empty, "export {};\n");
const specifiers: Record<string, string | undefined> = {
  "bare node": undefined,
  "an empty ES module file": pathToFileURL(empty).href,
  "package (src bundled, one file)": pathToFileURL(main.file).href,
  "package (src bundled and minified, one file)": pathToFileURL(minified.file).href,
  "openapi-fetch alone": "openapi-fetch",
  "official huaweicloud-sdk-core": "@huaweicloud/huaweicloud-sdk-core",
};
// The package as built, when there is a build: the file its "import" condition names.
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { exports?: Record<string, Record<string, { default?: string } | string>> };
const condition = pkg.exports?.["."]?.["import"];
const built = typeof condition === "string" ? condition : condition?.default;
if (built && existsSync(`${ROOT}${built}`)) specifiers["package as built (dist/)"] = pathToFileURL(`${ROOT}${built}`).href;

function script(specifier: string | undefined): string {
  const load = specifier === undefined ? "" : `await import(${JSON.stringify(specifier)});`;
  return `${load} const u = process.cpuUsage(); process.stdout.write(JSON.stringify({ wall: performance.now(), cpu: (u.user + u.system) / 1000 }));`;
}

const rounds = smoke ? 2 : 21;
const wall: Record<string, number[]> = Object.fromEntries(Object.keys(specifiers).map((n) => [n, []]));
const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(specifiers).map((n) => [n, []]));
const names = Object.keys(specifiers);
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(round + k) % names.length]!;
    const out = await run(process.execPath, ["--input-type=module", "-e", script(specifiers[name])]);
    const { wall: w, cpu: c } = JSON.parse(out) as { wall: number; cpu: number };
    wall[name]!.push(w);
    cpu[name]!.push(c);
  }
}
const rows: Row[] = [];
const targets: Target[] = [];
const bare = { wall: summarize(wall["bare node"]!), cpu: summarize(cpu["bare node"]!) };
for (const name of names) {
  const w: Summary = summarize(wall[name]!);
  const c: Summary = summarize(cpu[name]!);
  rows.push(row(`${name}: process start to imported`, "wall ms", w));
  rows.push(row(`${name}: CPU`, "CPU ms", c));
  if (name !== "bare node") {
    rows.push(row(`${name}: over bare node`, "wall ms", pairedDifference(w, bare.wall)));
    rows.push(row(`${name}: over bare node, CPU`, "CPU ms", pairedDifference(c, bare.cpu)));
  }
}
const over = pairedDifference(summarize(wall["package (src bundled, one file)"]!), bare.wall);
targets.push(atMost("cold import of the package over bare node (src bundled, one file)", over.median, 15, "ms"));
if (specifiers["package as built (dist/)"]) {
  targets.push(atMost("cold import of the package as built (dist/) over bare node", pairedDifference(summarize(wall["package as built (dist/)"]!), bare.wall).median, 15, "ms"));
}
emit("cold-import", rows, targets);
