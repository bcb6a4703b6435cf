/** One page against the specs: read it, find its operation, compare, apply the recorded deviations and editions. */
import { readFileSync } from "node:fs";
import { comparePage } from "./compare.js";
import { applyDeviations } from "./deviations.js";
import type { AcceptedDeviation, Difference, KnownEditionDifference, NotCompared } from "./findings.js";
import { NotAnApiPageError, readPage } from "./read-page.js";
import { findOperation, type SpecDocument } from "./spec-doc.js";

export interface PageReport {
  file: string;
  title: string;
  /** The page's method and URI. */
  page: { method: string; path: string };
  /** The operation compared with, or null when no operation matches. */
  operation: { api: string; operationId: string; method: string; path: string } | null;
  differences: Difference[];
  accepted: AcceptedDeviation[];
  /** Differences an older edition of the page explains (`x-edition`); they do not fail the run. */
  knownEditionDifferences: KnownEditionDifference[];
  notCompared: NotCompared[];
}

/** A file docs:diff could not read as an API page. */
export interface PageFailure {
  file: string;
  error: string;
}

export function diffPage(file: string, specs: readonly SpecDocument[]): PageReport | PageFailure {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return { file, error: `cannot read the file: ${(error as Error).message}` };
  }
  let page;
  try {
    page = readPage(text);
  } catch (error) {
    if (error instanceof NotAnApiPageError) return { file, error: error.message };
    throw error;
  }
  const match = findOperation(specs, page.method, page.path, page.title);
  const { findings, notCompared } = comparePage(page, match);
  const { differences, accepted, knownEditionDifferences } = applyDeviations(findings);
  const operation =
    match.kind === "none"
      ? null
      : { api: match.operation.api, operationId: match.operation.operationId, method: match.operation.method, path: match.operation.path };
  return {
    file,
    title: page.title,
    page: { method: page.method, path: page.path },
    operation,
    differences,
    accepted,
    knownEditionDifferences,
    notCompared,
  };
}
