/**
 * The "cell-per-line" layout: every cell ends with `|`, one cell a line, though a cell's text may
 * run over several lines before its pipe; a lone `|` may open a row and a `---|---|` line ends
 * the header. A table ends where a row is complete and the next line cannot start a new one.
 */
import { HEADER_TITLES, textLines, type Block } from "./blocks.js";

const SEPARATOR = /^\|?\s*-{3,}(\s*\|\s*-{3,})*\s*\|?$/;

/** The cell text of a line closed by a pipe, or undefined when the line is not closed. */
function closedCell(line: string): string | undefined {
  const match = /^(.*?)\s*\|$/.exec(line);
  return match ? match[1]! : undefined;
}

/** A header cell, on its own line: `Parameter |`. */
const headerCell = (line: string | undefined) => line !== undefined && HEADER_TITLES.has(closedCell(line) ?? "");

/** Lines from `start` are header cells (lone pipes allowed) up to a separator line. */
function startsTable(lines: readonly string[], start: number): boolean {
  let cells = 0;
  for (let i = start; i < lines.length && i < start + 16; i++) {
    const line = lines[i]!;
    if (SEPARATOR.test(line)) return cells >= 2;
    if (line === "|") continue;
    if (!headerCell(line)) return false;
    cells++;
  }
  return false;
}

export function parseCellPerLine(text: string): Block[] {
  const lines = textLines(text);
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!startsTable(lines, i)) {
      blocks.push({ kind: "line", text: line });
      i++;
      continue;
    }
    const header: string[] = [];
    for (; i < lines.length && !SEPARATOR.test(lines[i]!); i++) {
      const cell = closedCell(lines[i]!);
      if (cell !== undefined && cell !== "") header.push(cell);
    }
    i++; // the separator
    const rows: string[][] = [];
    let row: string[] = [];
    let pending: string[] = [];
    while (i < lines.length) {
      const current = lines[i]!;
      if (row.length === 0 && pending.length === 0) {
        // Between rows: only a lone pipe or a one-line first cell continues the table.
        if (current === "|") {
          i++;
          continue;
        }
        if (closedCell(current) === undefined || SEPARATOR.test(current) || startsTable(lines, i)) break;
      }
      const cell = closedCell(current);
      if (cell === undefined) {
        pending.push(current);
      } else {
        row.push([...pending, cell].join("\n").trim());
        pending = [];
        if (row.length === header.length) {
          rows.push(row);
          row = [];
        }
      }
      i++;
    }
    if (pending.length > 0) row.push(pending.join("\n"));
    if (row.length > 0) {
      while (row.length < header.length) row.push("");
      rows.push(row);
    }
    blocks.push({ kind: "table", header, rows });
  }
  return blocks;
}
