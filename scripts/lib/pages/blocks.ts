/**
 * What every layout parser produces from a page's text: the lines outside tables, in order, and
 * each table as a header plus rows of cells. The page reader (read-page.ts) works on these blocks
 * only, so it does not care how the page laid its tables out.
 */

export interface LineBlock {
  kind: "line";
  text: string;
}

export interface TableBlock {
  kind: "table";
  /** The column titles, e.g. ["Parameter", "Mandatory", "Type", "Description"]. */
  header: string[];
  /** Each row's cells, as many as the header has; a cell's own line breaks are kept as "\n". */
  rows: string[][];
}

export type Block = LineBlock | TableBlock;

/** Column titles that open a table on the Huawei pages. */
export const HEADER_TITLES = new Set(["Parameter", "Mandatory", "Type", "Description", "Status Code", "Error Code", "Error Message"]);

/** Lines of text, trimmed, without empty ones. */
export function textLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/\u00a0/g, " ").trim())
    .filter((line) => line !== "");
}

/** A Type cell as the pages write it: String, Integer, File, "Validity object", "Array of String", ... */
export const PAGE_TYPE = /^(String|Integer|Int|Long|Number|Float|Double|Boolean|File|Object|Array|[A-Z][A-Za-z0-9]* object|Array of .+|Map<.+>)$/;

/** Headings that end a table in layouts without pipes. */
export function isSectionBoundary(line: string): boolean {
  return (
    /^(Function|URI|Request Parameters|Response Parameters|Example Requests?|Example Responses?|Status Codes|Error Codes)$/.test(line) ||
    /^Table \d+\b/.test(line) ||
    /^Status code: \d{3}$/i.test(line)
  );
}
