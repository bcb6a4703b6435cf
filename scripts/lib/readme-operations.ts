/**
 * The README's list of operations, written by `npm run generate` from the bundled documents
 * between two markers: for each client operation its method, official SDK name, HTTP request,
 * what it answers, whether it pages and whether it is retried on an unknown outcome, and every
 * status it declares. `generate --check` fails when the README's list differs.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const BEGIN = "<!-- operations:begin (written by npm run generate from spec/; do not edit) -->";
export const END = "<!-- operations:end -->";

interface TableOp {
  readonly operationId: string;
  readonly sdkOperation: string | null;
  readonly summary: string;
  readonly method: string;
  readonly path: string;
  readonly result: string;
  readonly idempotent: boolean;
  readonly pagination: JsonObject | null;
  readonly responses: Record<string, unknown>;
}

interface Service {
  /** The aggregated client, e.g. PcaClient. */
  readonly client: string;
  readonly title: string;
  readonly tags: readonly { readonly name: string; readonly title: string }[];
  /** The operations, each with its first tag. */
  readonly operations: readonly (TableOp & { readonly tag: string })[];
}

const ANSWERS: Record<string, string> = { json: "JSON", file: "a file", none: "no body", mixed: "JSON, or a zip file" };

function row(op: TableOp): string {
  const answer = ANSWERS[op.result] ?? op.result;
  const notes = [op.pagination ? "pages" : "", op.idempotent ? "retried" : ""].filter(Boolean).join(", ");
  const statuses = Object.keys(op.responses).join(", ");
  return `| \`${op.operationId}\` | ${op.sdkOperation ?? ""} | \`${op.method} ${op.path}\` | ${answer} | ${notes} | ${statuses} |`;
}

export function operationsList(services: readonly Service[]): string {
  const lines: string[] = [BEGIN, ""];
  for (const service of services) {
    lines.push(`**${service.client}** (${service.title}): ${service.operations.length} operations.`, "");
    for (const tag of service.tags) {
      const ops = service.operations.filter((op) => op.tag === tag.name);
      if (ops.length === 0) continue;
      lines.push(`<details><summary>${tag.title} (${ops.length})</summary>`, "");
      lines.push("| method | official name | request | answer | | statuses |", "|---|---|---|---|---|---|");
      for (const op of ops) lines.push(row(op));
      lines.push("", "</details>", "");
    }
  }
  lines.push(END);
  return lines.join("\n");
}

/** The README with its list replaced; throws when the markers are missing. */
export function withOperationsList(readme: string, list: string): string {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin === -1 || end === -1 || end < begin) throw new Error(`README.md needs the markers ${BEGIN} and ${END}`);
  return readme.slice(0, begin) + list + readme.slice(end + END.length);
}

/** A service's entry from its bundled document and table. */
export function serviceOf(client: string, doc: JsonObject, table: Record<string, TableOp>): Service {
  const info = doc.info as JsonObject;
  const tags = ((doc.tags as JsonObject[] | undefined) ?? []).map((t) => ({ name: String(t.name), title: String(t["x-displayName"] ?? t.name) }));
  const tagOf = new Map<string, string>();
  for (const item of Object.values(doc.paths as JsonObject)) {
    for (const op of Object.values(item as JsonObject)) {
      const node = op as JsonObject;
      if (typeof node?.operationId === "string") tagOf.set(node.operationId, String((node.tags as Json[] | undefined)?.[0] ?? ""));
    }
  }
  return {
    client,
    title: String(info.title),
    tags,
    operations: Object.values(table).map((op) => ({ ...op, tag: tagOf.get(op.operationId) ?? "" })),
  };
}
