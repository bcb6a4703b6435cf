/** The "pipe-table" layout: one row a line, `| cell | cell |`, a `|---|` line under the header. */
import { HEADER_TITLES, textLines, type Block } from "./blocks.js";

const SEPARATOR = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  // A cell's own line breaks are written as <br> in this layout.
  return inner.split("|").map((cell) => cell.replace(/<br\s*\/?>/gi, "\n").trim());
}

export function parsePipeTables(text: string): Block[] {
  const lines = textLines(text);
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = line.startsWith("|") ? cells(line) : [];
    if (header.length >= 2 && HEADER_TITLES.has(header[0]!) && SEPARATOR.test(lines[i + 1] ?? "")) {
      const rows: string[][] = [];
      let j = i + 2;
      for (; j < lines.length && lines[j]!.startsWith("|"); j++) {
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
