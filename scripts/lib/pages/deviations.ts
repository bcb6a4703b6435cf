/**
 * Splits findings into differences, accepted deviations and known edition differences.
 *
 * A finding is accepted when one of its spec nodes carries an `x-deviation` entry for the same
 * aspect whose `page` value equals what the page now says: the page still says what it said when
 * the deviation was decided. Otherwise it is a known edition difference when one of its nodes
 * carries an `x-edition` entry for the same aspect whose `page` value equals what the page says:
 * the page is an older edition than the one the spec follows, and says what that edition said.
 * If the page says anything else, no entry matches and the finding is a difference.
 */
import { jsonEqual } from "./equal.js";
import type { AcceptedDeviation, Difference, Finding, KnownEditionDifference } from "./findings.js";
import type { Node } from "./spec-doc.js";

interface DeviationEntry {
  aspect: string;
  page: unknown;
  reason: string;
}

interface EditionEntry extends DeviationEntry {
  edition: string;
  current: string;
}

function entries<T>(node: Node, key: "x-deviation" | "x-edition"): T[] {
  const list = node?.[key];
  return Array.isArray(list) ? list : [];
}

export interface Classified {
  differences: Difference[];
  accepted: AcceptedDeviation[];
  knownEditionDifferences: KnownEditionDifference[];
}

export function applyDeviations(findings: readonly Finding[]): Classified {
  const out: Classified = { differences: [], accepted: [], knownEditionDifferences: [] };
  for (const { nodes, ...finding } of findings) {
    const matches = (entry: DeviationEntry) => entry.aspect === finding.aspect && jsonEqual(entry.page ?? null, finding.page);
    const deviation = nodes.flatMap((node) => entries<DeviationEntry>(node, "x-deviation")).find(matches);
    const edition = deviation ? undefined : nodes.flatMap((node) => entries<EditionEntry>(node, "x-edition")).find(matches);
    if (deviation) out.accepted.push({ ...finding, reason: deviation.reason });
    else if (edition) out.knownEditionDifferences.push({ ...finding, edition: edition.edition, current: edition.current, reason: edition.reason });
    else out.differences.push(finding);
  }
  return out;
}
