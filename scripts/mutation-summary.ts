/**
 * npm run mutation:summary: Stryker's JSON report (reports/mutation/mutation.json) as the tables
 * MUTATION.md keeps: the score per file and folder, then every mutant that survived, had no
 * coverage or timed out, with its line and replacement. `--survivors-only` prints the list alone.
 * Given several reports (`npm run mutation:summary -- full.json partial.json`), a file's figures
 * come from the last report that has it.
 *
 * Score as Stryker counts it: (killed + timed out) / (killed + timed out + survived + no coverage);
 * compile and runtime errors and ignored mutants (static ones, and those marked equivalent) are left out of
 * both sides; the ignored (static, or marked equivalent) are counted in their own column.
 */
import { readFileSync } from "node:fs";

interface Mutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { readonly start: { readonly line: number } };
}
interface Report {
  readonly files: Record<string, { readonly mutants: readonly Mutant[]; readonly source: string }>;
}

// Several reports: a full run, then runs of a few files (`--mutate`) after tests were added for
// them; each later report's files replace the earlier ones' (a file's figures come from one run).
const paths = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const report: Report = { files: {} };
for (const path of paths.length > 0 ? paths : ["reports/mutation/mutation.json"]) {
  Object.assign(report.files, (JSON.parse(readFileSync(path, "utf8")) as Report).files);
}
const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

interface Tally {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  /** Ignored: static (ignoreStatic) or marked equivalent in the source (`// Stryker disable ...: reason`); in neither side of the score. */
  ignored: number;
}
const empty = (): Tally => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0 });
const add = (t: Tally, status: string) => {
  if (status === "Killed") t.killed++;
  else if (status === "Timeout") t.timeout++;
  else if (status === "Survived") t.survived++;
  else if (status === "NoCoverage") t.noCoverage++;
  else if (status === "Ignored") t.ignored++;
};
const score = (t: Tally) => {
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived + t.noCoverage;
  return valid === 0 ? "n/a" : `${((100 * detected) / valid).toFixed(2)} %`;
};
const line = (name: string, t: Tally) => `| ${name} | ${score(t)} | ${t.killed} | ${t.timeout} | ${t.survived} | ${t.noCoverage} | ${t.ignored} |`;

const files = Object.keys(report.files).sort();
const perFile = new Map(files.map((f) => [f, empty()]));
const perFolder = new Map<string, Tally>();
const total = empty();
for (const f of files) {
  const folder = f.split("/").slice(0, 2).join("/");
  if (!perFolder.has(folder)) perFolder.set(folder, empty());
  for (const m of report.files[f]!.mutants) {
    add(perFile.get(f)!, m.status);
    add(perFolder.get(folder)!, m.status);
    add(total, m.status);
  }
}

const out: string[] = [];
if (!process.argv.includes("--survivors-only")) {
  const header = ["| file | score | killed | timed out | survived | no coverage | ignored |", "|---|---|---|---|---|---|---|"];
  out.push(...header);
  for (const [folder, t] of [...perFolder].sort()) out.push(line(`**${folder}/**`, t));
  out.push(line("**all**", total), "");
  out.push(...header);
  for (const f of files) out.push(line(f, perFile.get(f)!));
  out.push("");
}
out.push("| where | status | mutator | replacement |", "|---|---|---|---|");
for (const f of files) {
  const mutants = [...report.files[f]!.mutants]
    .filter((m) => UNDETECTED.has(m.status) || (process.argv.includes("--with-timeouts") && DETECTED.has(m.status) && m.status === "Timeout"))
    .sort((a, b) => a.location.start.line - b.location.start.line);
  for (const m of mutants) {
    const replacement = (m.replacement ?? "").replace(/\s+/g, " ").slice(0, 60).replace(/\|/g, "\\|");
    out.push(`| ${f}:${m.location.start.line} | ${m.status} | ${m.mutatorName} | \`${replacement}\` |`);
  }
}
process.stdout.write(`${out.join("\n")}\n`);
