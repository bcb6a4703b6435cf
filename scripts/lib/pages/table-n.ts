/**
 * The "table-n" layout: "Table N <title>" announces a table, then every cell is its own paragraph:
 * the column titles, then the rows. A description may run over several paragraphs ("Minimum: 1",
 * "Maximum: 32768", bullets), so a row is recognised by what follows its first cell: "Yes" or "No"
 * then a type where the table has a Mandatory column, a type where it has only Type, a three-digit
 * code in a status table. A heading or the next "Table N" ends the table.
 */
import { HEADER_TITLES, PAGE_TYPE, isSectionBoundary, textLines, type Block } from "./blocks.js";

const NAME = /^(-|[A-Za-z_][\w.\-[\]]*)$/;

function rowStartTest(header: readonly string[]): (lines: readonly string[], i: number) => boolean {
  if (header[0] === "Status Code") return (lines, i) => /^\d{3}$/.test(lines[i]!);
  if (header.includes("Mandatory")) {
    return (lines, i) => NAME.test(lines[i]!) && /^(Yes|No)$/.test(lines[i + 1] ?? "") && PAGE_TYPE.test(lines[i + 2] ?? "");
  }
  if (header.includes("Type")) return (lines, i) => NAME.test(lines[i]!) && PAGE_TYPE.test(lines[i + 1] ?? "");
  // Any other table (error code lists, ...): one line a cell.
  return () => true;
}

export function parseTableN(text: string): Block[] {
  const lines = textLines(text);
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!(HEADER_TITLES.has(lines[i]!) && HEADER_TITLES.has(lines[i + 1] ?? ""))) {
      blocks.push({ kind: "line", text: lines[i]! });
      i++;
      continue;
    }
    const header: string[] = [];
    while (i < lines.length && HEADER_TITLES.has(lines[i]!) && !header.includes(lines[i]!)) header.push(lines[i++]!);
    const startsRow = rowStartTest(header);
    // Only a last Description column runs over several lines; every other cell is one line.
    const freeText = header[header.length - 1] === "Description" && header.length > 1;
    const fixed = freeText ? header.length - 1 : header.length;
    const rows: string[][] = [];
    while (i + fixed <= lines.length && !isSectionBoundary(lines[i]!) && startsRow(lines, i)) {
      const row = lines.slice(i, i + fixed);
      i += fixed;
      if (freeText) {
        const rest: string[] = [];
        while (i < lines.length && !isSectionBoundary(lines[i]!) && !startsRow(lines, i)) rest.push(lines[i++]!);
        row.push(rest.join("\n"));
      }
      rows.push(row);
    }
    blocks.push({ kind: "table", header, rows });
  }
  return blocks;
}
