/**
 * npm run docs:diff -- [--json] [--spec FILE.json ...] PAGE...
 *
 * Holds Huawei API reference pages (plain text copied from the site, in any of the layouts the
 * pages use) against the bundled specs (generated/bcs.json, pca.json, iam.json, or the --spec
 * files), and prints every difference, the deviations the spec records as deliberate
 * (`x-deviation`), and what a page does not let it compare (cut-short option lists).
 *
 * Exit status: 0 when no page differs, 1 when one does, 2 when a page cannot be read as an API
 * page (or the arguments are wrong).
 */
import { join, resolve } from "node:path";
import { diffPage } from "./lib/pages/diff-page.js";
import { exitCode, formatJson, formatText, summarise } from "./lib/pages/report.js";
import { loadSpecs } from "./lib/pages/spec-doc.js";

const root = resolve(import.meta.dirname, "..");
const USAGE = "usage: npm run docs:diff -- [--json] [--spec FILE.json ...] PAGE...\n";

function parseArgs(argv: readonly string[]): { json: boolean; specs: string[]; pages: string[] } | undefined {
  const out = { json: false, specs: [] as string[], pages: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") out.json = true;
    else if (arg === "--spec") {
      const file = argv[++i];
      if (file === undefined) return undefined;
      out.specs.push(file);
    } else if (arg.startsWith("-")) return undefined;
    else out.pages.push(arg);
  }
  return out.pages.length > 0 ? out : undefined;
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  if (args === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  const specFiles = args.specs.length > 0 ? args.specs : ["bcs", "pca", "iam"].map((api) => join(root, "generated", `${api}.json`));
  const specs = loadSpecs(specFiles);
  const results = args.pages.map((file) => diffPage(file, specs));
  process.stdout.write(args.json ? formatJson(results) : formatText(results));
  return exitCode(summarise(results));
}

process.exitCode = main();
