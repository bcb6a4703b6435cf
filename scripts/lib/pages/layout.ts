/**
 * Which of the layouts a copied page uses. Text copied from the Huawei site comes out in one of
 * three shapes, depending on the browser and the page's age:
 *
 * - "pipe-table": Markdown-like rows, one table row a line: `| name | Yes | String | ... |`.
 * - "cell-per-line": one cell a line, each cell ending in ` |` (a cell's text may run over
 *   several lines before its `|`), rows sometimes opened by a lone `|`.
 * - "table-n": tables announced by "Table N <title>" and one cell a paragraph, no pipes.
 *
 * "plain" is a page without tables.
 */
import { textLines } from "./blocks.js";

export type Layout = "pipe-table" | "cell-per-line" | "table-n" | "plain";

const SEPARATOR = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

/** A row with at least two cells on one line, such as `| a | b |`. */
function isPipeRow(line: string): boolean {
  if (SEPARATOR.test(line)) return false;
  return /^\|.*\|$/.test(line) && line.split("|").filter((cell) => cell.trim() !== "").length >= 2;
}

/** A cell on its own line, closed by a pipe: `Parameter |`. */
function isClosedCell(line: string): boolean {
  return /[^|\s]\s*\|$/.test(line) && !line.startsWith("|");
}

export function detectLayout(text: string): Layout {
  const lines = textLines(text);
  if (lines.some(isPipeRow)) return "pipe-table";
  if (lines.some(isClosedCell)) return "cell-per-line";
  if (lines.some((line) => /^Table \d+\b/.test(line))) return "table-n";
  return "plain";
}
