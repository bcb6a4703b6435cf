/**
 * The docs:diff command line, as a function so that the tests can run it in-process:
 * `[--json] [--spec FILE.json ...] PAGE...` -> the report on `out`, the exit status returned.
 */
import { join } from "node:path";
import { diffPage } from "./diff-page.js";
import { exitCode, formatJson, formatText, summarise } from "./report.js";
import { loadSpecs } from "./spec-doc.js";

export const USAGE = "usage: npm run docs:diff -- [--json] [--spec FILE.json ...] PAGE...\n";

interface Args {
  json: boolean;
  specs: string[];
  pages: string[];
}

function parseArgs(argv: readonly string[]): Args | undefined {
  const out: Args = { json: false, specs: [], pages: [] };
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

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs docs:diff; `root` is the repository, whose generated/*.json are the default specs. */
export function runDocsDiff(argv: readonly string[], root: string, io: Output): 0 | 1 | 2 {
  const args = parseArgs(argv);
  if (args === undefined) {
    io.err(USAGE);
    return 2;
  }
  const specFiles = args.specs.length > 0 ? args.specs : ["bcs", "pca", "iam"].map((api) => join(root, "generated", `${api}.json`));
  const specs = loadSpecs(specFiles);
  const results = args.pages.map((file) => diffPage(file, specs));
  io.out(args.json ? formatJson(results) : formatText(results));
  return exitCode(summarise(results));
}
