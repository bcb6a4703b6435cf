/**
 * The bundled OpenAPI documents docs:diff holds a page against (generated/<api>.json by default),
 * and finding the operation a page documents by the method and URI printed on it.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";

// A bundled document is untyped JSON.
export type Node = any;

export interface SpecDocument {
  /** The document's name, e.g. "bcs" for generated/bcs.json. */
  api: string;
  doc: Node;
}

export interface SpecOperation {
  api: string;
  doc: Node;
  method: string;
  path: string;
  operationId: string;
  /** The operation object, references unresolved. */
  node: Node;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

export function loadSpecs(files: readonly string[]): SpecDocument[] {
  return files.map((file) => ({ api: basename(file).replace(/\.json$/, ""), doc: JSON.parse(readFileSync(file, "utf8")) }));
}

/** Follows local `$ref`s until a node that is not a reference. */
export function resolve(doc: Node, node: Node): Node {
  let current = node;
  for (let hops = 0; current !== null && typeof current === "object" && typeof current.$ref === "string"; hops++) {
    const ref: string = current.$ref;
    if (!ref.startsWith("#/") || hops > 32) throw new Error(`unresolvable $ref ${ref}`);
    current = ref
      .slice(2)
      .split("/")
      .map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce((at: Node, key) => (at === undefined || at === null ? undefined : at[key]), doc);
    if (current === undefined) throw new Error(`dangling $ref ${ref}`);
  }
  return current;
}

function operations(specs: readonly SpecDocument[]): SpecOperation[] {
  return specs.flatMap(({ api, doc }) =>
    Object.entries((doc.paths ?? {}) as Record<string, Node>).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m] !== undefined).map((m) => ({
        api,
        doc,
        method: m.toUpperCase(),
        path,
        operationId: String(item[m].operationId ?? `${m} ${path}`),
        node: item[m],
      })),
    ),
  );
}

/** `/a/{x}/b/{y}` and `/a/{p}/b/{q}` are the same path with other names. */
const shape = (path: string) => path.replace(/\{[^}]+\}/g, "{}");

export type Match =
  | { kind: "exact"; operation: SpecOperation }
  /** The page's method and path name no operation; this one is the nearest (same path, or same page title). */
  | { kind: "near"; operation: SpecOperation }
  | { kind: "none" };

export function findOperation(specs: readonly SpecDocument[], method: string, path: string, title: string): Match {
  const all = operations(specs);
  const exact = all.find((op) => op.method === method && op.path === path);
  if (exact) return { kind: "exact", operation: exact };
  const near =
    all.find((op) => op.path === path) ??
    all.find((op) => op.method === method && shape(op.path) === shape(path)) ??
    all.find((op) => [op.node["x-source"]].flat().some((source: Node) => source?.page === title));
  return near ? { kind: "near", operation: near } : { kind: "none" };
}
