/** Prints docs:diff results: as text for a maintainer, or as JSON data (--json). */
import type { PageFailure, PageReport } from "./diff-page.js";
import type { Difference, KnownEditionDifference, NotCompared } from "./findings.js";

export type PageResult = PageReport | PageFailure;

export const isFailure = (result: PageResult): result is PageFailure => "error" in result;

export interface Summary {
  pages: number;
  differences: number;
  accepted: number;
  knownEditionDifferences: number;
  notCompared: number;
  unreadable: number;
}

export function summarise(results: readonly PageResult[]): Summary {
  const reports = results.filter((r): r is PageReport => !isFailure(r));
  const count = (pick: (r: PageReport) => readonly unknown[]) => reports.reduce((n, r) => n + pick(r).length, 0);
  return {
    pages: results.length,
    differences: count((r) => r.differences),
    accepted: count((r) => r.accepted),
    knownEditionDifferences: count((r) => r.knownEditionDifferences),
    notCompared: count((r) => r.notCompared),
    unreadable: results.length - reports.length,
  };
}

/**
 * 2 when a page could not be read, 1 when any page differs from the spec, 0 otherwise: accepted
 * deviations and known edition differences are not differences.
 */
export function exitCode(summary: Summary): 0 | 1 | 2 {
  if (summary.unreadable > 0) return 2;
  return summary.differences > 0 ? 1 : 0;
}

const show = (value: unknown) => (value === null || value === undefined ? "none" : JSON.stringify(value));

const describe = (d: Difference) => `${d.where}: ${d.aspect}: page ${show(d.page)}, spec ${show(d.spec)}`;

const describeEdition = (d: KnownEditionDifference) => [
  `  edition     ${describe(d)}`,
  `              the page is the ${d.edition} edition; the spec follows ${d.current}`,
  `              why: ${d.reason}`,
];

function describeSkip(n: NotCompared): string {
  if (n.aspect === "enum") return `${n.where}: enum: the page's option list is cut short ("${n.text}" and nothing after)`;
  if (n.aspect === "list") return `${n.where}: the page's list is cut short ("${n.text}" and nothing after)`;
  return `${n.where}: ${n.aspect}: ${n.text}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function summaryLine(summary: Summary): string {
  const parts = [
    summary.differences === 0 ? "no differences" : plural(summary.differences, "difference"),
    plural(summary.accepted, "accepted deviation"),
    plural(summary.notCompared, "item") + " not compared",
  ];
  // Named only when there are some: most runs hold current pages, which have none.
  if (summary.knownEditionDifferences > 0) parts.splice(2, 0, plural(summary.knownEditionDifferences, "known edition difference"));
  if (summary.unreadable > 0) parts.unshift(plural(summary.unreadable, "page") + " not readable");
  return `docs:diff: ${plural(summary.pages, "page")}: ${parts.join(", ")}`;
}

export function formatText(results: readonly PageResult[]): string {
  const out: string[] = [];
  for (const result of results) {
    if (isFailure(result)) {
      out.push(`${result.file}: cannot be read as an API page: ${result.error}`, "");
      continue;
    }
    const target = result.operation ? `${result.operation.api} ${result.operation.operationId}` : "no operation in the spec";
    out.push(`${result.file}: "${result.title}", ${result.page.method} ${result.page.path} -> ${target}`);
    for (const d of result.differences) out.push(`  DIFFERENCE  ${describe(d)}`);
    for (const d of result.accepted) out.push(`  accepted    ${describe(d)}`, `              why: ${d.reason}`);
    for (const d of result.knownEditionDifferences) out.push(...describeEdition(d));
    for (const n of result.notCompared) out.push(`  not compared  ${describeSkip(n)}`);
    out.push("");
  }
  out.push(summaryLine(summarise(results)));
  return out.join("\n") + "\n";
}

export function formatJson(results: readonly PageResult[]): string {
  return JSON.stringify({ pages: results, summary: summarise(results) }, null, 2) + "\n";
}
