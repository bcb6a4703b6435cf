/** The "pipe-table" layout: one row a line, `| cell | cell |`, a `|---|` line under the header. */
import { HEADER_TITLES, textLines, type Block } from "./blocks.js";

const SEPARATOR = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  // A cell's own line breaks are written as <br> in this layout.
  return inner.split("|").map((cell) => cell.replace(/<br\s*\/?>/gi, "\n").trim());
}

/** A header row (its first cell a column title) with the separator line under it. */
function headerAt(lines: readonly string[], i: number): string[] | undefined {
  const line = lines[i]!;
  const header = line.startsWith("|") ? cells(line) : [];
  return header.length >= 2 && HEADER_TITLES.has(header[0]!) && SEPARATOR.test(lines[i + 1] ?? "") ? header : undefined;
}

export function parsePipeTables(text: string): Block[] {
  const lines = textLines(text);
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = headerAt(lines, i);
    if (header !== undefined) {
      const rows: string[][] = [];
      let j = i + 2;
      // Rows run until a line that is not a row, or the header of the next table.
      for (; j < lines.length && lines[j]!.startsWith("|") && !SEPARATOR.test(lines[j]!) && headerAt(lines, j) === undefined; j++) {
        const row = cells(lines[j]!);
        while (row.length < header.length) row.push("");
        rows.push(row.slice(0, header.length));
      }
      blocks.push({ kind: "table", header, rows });
      i = j - 1;
    } else {
      blocks.push({ kind: "line", text: line });
    }
  }
  return blocks;
}
