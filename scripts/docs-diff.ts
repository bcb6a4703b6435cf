/**
 * npm run docs:diff -- [--json] [--spec FILE.json ...] PAGE...
 *
 * Holds Huawei API reference pages (plain text copied from the site, in any of the layouts the
 * pages use) against the bundled specs (generated/bcs.json, pca.json, iam.json, or the --spec
 * files), and prints every difference, the deviations the spec records as deliberate
 * (`x-deviation`), the known edition differences (an older edition of the page, whose values the
 * spec records in `x-edition`), and what a page does not let it compare (cut-short option lists).
 *
 * Exit status: 0 when no page differs (deviations and edition differences are not differences),
 * 1 when one does, 2 when a page cannot be read as an API page (or the arguments are wrong).
 */
import { resolve } from "node:path";
import { runDocsDiff } from "./lib/pages/cli.js";

process.exitCode = runDocsDiff(process.argv.slice(2), resolve(import.meta.dirname, ".."), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
