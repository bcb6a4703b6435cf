/**
 * npm run mutation:changed: Stryker over the files of src/core and src/testing that changed since
 * the last full run (the commit in mutation/baseline-commit, written with MUTATION.md's figures).
 * CI runs this (.ci/run): a full run takes about 95 minutes on 2 cores, a few changed files a few.
 *
 * Exit codes: 0 the changed files score at least the break threshold (stryker.config.json), 1 they
 * do not or Stryker failed, 3 nothing changed since the baseline (nothing was run), 4 the baseline
 * commit is not in this clone's history (cannot tell what changed).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const baseline = readFileSync("mutation/baseline-commit", "utf8").trim();
const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
try {
  git("cat-file", "-e", `${baseline}^{commit}`);
} catch {
  process.stderr.write(`mutation:changed: the baseline commit ${baseline} is not in this clone's history\n`);
  process.exit(4);
}
const changed = git("diff", "--name-only", baseline, "--", "src/core", "src/testing")
  .split("\n")
  .filter((f) => f.endsWith(".ts") && existsSync(f));
if (changed.length === 0) {
  process.stdout.write(`mutation:changed: no file of src/core or src/testing changed since ${baseline.slice(0, 10)}; nothing to run\n`);
  process.exit(3);
}
process.stdout.write(`mutation:changed: ${changed.length} file(s) changed since ${baseline.slice(0, 10)}: ${changed.join(", ")}\n`);
const result = spawnSync("npx", ["stryker", "run", "--mutate", changed.join(","), ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
