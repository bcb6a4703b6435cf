/**
 * Reads an API reference page: detects its layout, turns its text into blocks, then walks the
 * sections every Huawei API page has (URI, Request Parameters, Response Parameters, Example
 * Requests, Example Responses, Status Codes) and collects the data docs:diff compares.
 *
 * Tables are told apart by their "Table N" title where the layout has one; otherwise by position:
 * before "Request Parameters" the URI's parameters (path when the URI names them, query
 * otherwise); after it a table of header names (`X-Auth-Token`, `Content-Type`) is the headers,
 * the next one the body, and any further one the members of an object field, in order.
 */
import type { Block, TableBlock } from "./blocks.js";
import { cellConstraints, fieldType, objectTypeName } from "./cell-facts.js";
import { parseCellPerLine } from "./cell-per-line.js";
import { jsonValues } from "./examples.js";
import { detectLayout, type Layout } from "./layout.js";
import type { ApiPage, PageField, PageParameter, PageResponse } from "./page-model.js";
import { parsePipeTables } from "./pipe-table.js";
import { parseTableN } from "./table-n.js";

/** The text is not an API reference page docs:diff can read. */
export class NotAnApiPageError extends Error {
  override name = "NotAnApiPageError";
}

const PARSERS: Record<Layout, (text: string) => Block[]> = {
  "pipe-table": parsePipeTables,
  "cell-per-line": parseCellPerLine,
  "table-n": parseTableN,
  plain: (text) => parseTableN(text),
};

const HEADER_NAME = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)+$/;
const REQUEST_LINE = /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(\S+)$/;

type Section = "start" | "uri" | "request" | "response" | "example-requests" | "example-responses" | "status-codes" | "other";

const SECTION_TITLES: Record<string, Section> = {
  Function: "other",
  URI: "uri",
  "Request Parameters": "request",
  "Response Parameters": "response",
  "Example Requests": "example-requests",
  "Example Request": "example-requests",
  "Example Responses": "example-responses",
  "Example Response": "example-responses",
  "Status Codes": "status-codes",
  "Error Codes": "other",
};

function column(table: TableBlock, row: readonly string[], title: string): string | undefined {
  const index = table.header.indexOf(title);
  return index === -1 ? undefined : row[index];
}

function fieldsOf(table: TableBlock): PageField[] {
  return table.rows.map((row) => {
    const typeText = (column(table, row, "Type") ?? "").trim();
    const type = fieldType(typeText);
    const mandatory = column(table, row, "Mandatory");
    const field: PageField = {
      name: (column(table, row, "Parameter") ?? row[0] ?? "").trim(),
      type,
      typeText,
      ...cellConstraints(type, column(table, row, "Description") ?? ""),
    };
    if (mandatory !== undefined) field.mandatory = mandatory.trim() === "Yes";
    return field;
  });
}

/** Object fields waiting for the table of their members, in the order the page lists them. */
class NestedTables {
  private readonly pending: PageField[] = [];

  constructor(fields: readonly PageField[]) {
    this.add(fields);
  }

  private add(fields: readonly PageField[]): void {
    this.pending.push(...fields.filter((f) => (f.type === "object" || f.type === "array") && objectTypeName(f.typeText) !== undefined));
  }

  /** Gives the table to the field whose type it names, or else to the first one waiting. */
  attach(label: string | undefined, fields: PageField[]): boolean {
    const named = label === undefined ? -1 : this.pending.findIndex((f) => objectTypeName(f.typeText) === label.trim());
    const index = named === -1 ? 0 : named;
    const owner = this.pending[index];
    if (owner === undefined) return false;
    this.pending.splice(index, 1);
    owner.fields = fields;
    this.add(fields);
    return true;
  }
}

export function readPage(text: string): ApiPage {
  const blocks = PARSERS[detectLayout(text)](text);
  const lines = blocks.filter((b) => b.kind === "line").map((b) => b.text);
  const title = lines.find((line) => !/^Updated on\b/.test(line));
  if (title === undefined) throw new NotAnApiPageError("the page is empty");

  let method: string | undefined;
  let path: string | undefined;
  const parameters: PageParameter[] = [];
  let body: PageField[] | undefined;
  let bodyNested: NestedTables | undefined;
  const requestExampleLines: string[] = [];
  const responses = new Map<number, PageResponse & { nested?: NestedTables }>();
  const exampleLines = new Map<number, string[]>();
  const unreadable: ApiPage["unreadable"] = [];

  const response = (status: number) => {
    let entry = responses.get(status);
    if (entry === undefined) responses.set(status, (entry = { status, examples: [] }));
    return entry;
  };

  let section: Section = "start";
  let label: string | undefined;
  let status: number | undefined;

  for (const block of blocks) {
    if (block.kind === "line") {
      const line = block.text;
      const next = SECTION_TITLES[line];
      if (next !== undefined) {
        section = next;
        status = undefined;
        label = undefined;
        continue;
      }
      const tableTitle = /^Table \d+\s*(.*)$/.exec(line);
      if (tableTitle) {
        label = tableTitle[1];
        continue;
      }
      const statusLine = /^Status code: (\d{3})$/i.exec(line);
      if (statusLine && (section === "response" || section === "example-responses")) {
        status = Number(statusLine[1]);
        response(status);
        continue;
      }
      const request = REQUEST_LINE.exec(line);
      if (section === "uri" && request && method === undefined && request[2]!.startsWith("/")) {
        method = request[1]!;
        path = request[2]!;
      } else if (section === "example-requests" && !request) {
        requestExampleLines.push(line);
      } else if (section === "example-responses" && status !== undefined) {
        exampleLines.set(status, [...(exampleLines.get(status) ?? []), line]);
      }
      continue;
    }

    const table = block;
    const tableLabel = label;
    label = undefined;
    if (table.header[0] === "Status Code") {
      for (const row of table.rows) if (/^\d{3}$/.test(row[0] ?? "")) response(Number(row[0]));
      continue;
    }
    if (!table.header.includes("Parameter")) continue;
    const fields = fieldsOf(table);

    if (section === "uri" || section === "start") {
      const placeholders = new Set([...(path ?? "").matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
      for (const f of fields) {
        const where = /query/i.test(tableLabel ?? "") ? "query" : /path/i.test(tableLabel ?? "") ? "path" : placeholders.has(f.name) ? "path" : "query";
        parameters.push({ ...f, in: where });
      }
    } else if (section === "request") {
      const headers = /header/i.test(tableLabel ?? "") || (tableLabel === undefined && fields.every((f) => HEADER_NAME.test(f.name)));
      if (headers) {
        for (const f of fields) parameters.push({ ...f, in: "header" });
      } else if (body === undefined && (tableLabel === undefined || /body/i.test(tableLabel))) {
        body = fields;
        bodyNested = new NestedTables(fields);
      } else if (!bodyNested?.attach(tableLabel, fields)) {
        unreadable.push({ where: "body", aspect: "field", text: `a table${tableLabel ? ` "${tableLabel}"` : ""} that belongs to no object field` });
      }
    } else if (section === "response" && status !== undefined) {
      if (/header/i.test(tableLabel ?? "")) continue;
      const entry = response(status);
      if (entry.body === undefined) {
        const file = fields.length === 1 && fields[0]!.name === "-" && fields[0]!.type === "file";
        entry.body = file ? { kind: "file" } : { kind: "fields", fields };
        entry.nested = new NestedTables(fields);
      } else if (!entry.nested?.attach(tableLabel, fields)) {
        unreadable.push({ where: `response ${status}`, aspect: "field", text: `a table${tableLabel ? ` "${tableLabel}"` : ""} that belongs to no object field` });
      }
    }
  }

  if (method === undefined || path === undefined) {
    throw new NotAnApiPageError('no "METHOD /path" line under "URI"');
  }

  const request = jsonValues(requestExampleLines);
  for (const text of request.unreadable) unreadable.push({ where: "body", aspect: "example", text: `not JSON: ${text}` });
  for (const [code, linesOf] of exampleLines) {
    const found = jsonValues(linesOf);
    response(code).examples.push(...found.values);
    for (const text of found.unreadable) unreadable.push({ where: `response ${code}`, aspect: "example", text: `not JSON: ${text}` });
  }

  const page: ApiPage = {
    title,
    method,
    path,
    parameters,
    requestExamples: request.values,
    responses: [...responses.values()].map(({ nested: _nested, ...r }) => r).sort((a, b) => a.status - b.status),
    unreadable,
  };
  if (body !== undefined) page.body = body;
  return page;
}
