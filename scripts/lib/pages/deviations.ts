/**
 * Splits findings into differences and accepted deviations. A finding is accepted when one of its
 * spec nodes carries an `x-deviation` entry for the same aspect whose `page` value equals what the
 * page now says: the page still says what it said when the deviation was decided. If the page
 * changes, the entry no longer matches and the finding is a difference again.
 */
import { jsonEqual } from "./equal.js";
import type { AcceptedDeviation, Difference, Finding } from "./findings.js";
import type { Node } from "./spec-doc.js";

interface DeviationEntry {
  aspect: string;
  page: unknown;
  reason: string;
}

function entries(node: Node): DeviationEntry[] {
  const list = node?.["x-deviation"];
  return Array.isArray(list) ? list : [];
}

export function applyDeviations(findings: readonly Finding[]): { differences: Difference[]; accepted: AcceptedDeviation[] } {
  const differences: Difference[] = [];
  const accepted: AcceptedDeviation[] = [];
  for (const { nodes, ...finding } of findings) {
    const entry = nodes.flatMap(entries).find((d) => d.aspect === finding.aspect && jsonEqual(d.page ?? null, finding.page));
    if (entry) accepted.push({ ...finding, reason: entry.reason });
    else differences.push(finding);
  }
  return { differences, accepted };
}
