/**
 * Writes `generated/<api>.operations.ts`: one exported constant per operation (its descriptor,
 * what the runtime reads), the `operations` record of all of them, and the servers.
 *
 * Each descriptor is its own top-level constant so that a bundler keeps only the ones an app
 * imports: a program calling one operation carries one descriptor, not the API's table. Schemas
 * that several descriptors share (a CA's distinguished name, the token header) are written once,
 * as constants of their own, and referenced.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is { [key: string]: Json } => typeof value === "object" && value !== null && !Array.isArray(value);

/** The constant name of an operation's descriptor. */
export const descriptorName = (operationId: string) => `${operationId}Operation`;

/** Objects written once and referenced: those that occur more than once and are not tiny. */
function sharedObjects(roots: readonly Json[]): Set<string> {
  const counts = new Map<string, number>();
  const visit = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    const key = JSON.stringify(node);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    for (const value of Object.values(node)) visit(value);
  };
  roots.forEach(visit);
  return new Set([...counts].filter(([key, count]) => count > 1 && key.length > 24).map(([key]) => key));
}

/**
 * What the runtime reads of an operation: the table without the members only the generator and
 * the docs use (summary, official name, security schemes, role) and without the error answers
 * (their bodies are parsed leniently, in either Huawei shape, whatever the status).
 */
export function runtimeDescriptor(op: Json): Json {
  const { summary: _s, sdkOperation: _o, security: _c, role: _r, responses, ...rest } = op as Record<string, Json>;
  const success = Object.fromEntries(Object.entries(responses as Record<string, Json>).filter(([status]) => status.startsWith("2")));
  return { ...rest, responses: success };
}

export function operationsModule(header: string, api: string, table: Record<string, Json>, servers: Json): string {
  const operations = Object.fromEntries(Object.entries(table).map(([id, op]) => [id, runtimeDescriptor(op)]));
  const shared = sharedObjects(Object.values(operations));
  const names = new Map<string, string>();
  const constants: string[] = [];

  // Writes a value as TypeScript, a shared object by its constant's name (declared before first use).
  const write = (node: Json, indent: string, top = false): string => {
    if (Array.isArray(node)) {
      if (node.every((item) => !isObject(item) && !Array.isArray(item))) return JSON.stringify(node);
      return `[\n${node.map((item) => `${indent}  ${write(item, `${indent}  `)}`).join(",\n")}\n${indent}]`;
    }
    if (!isObject(node)) return JSON.stringify(node);
    const key = JSON.stringify(node);
    if (shared.has(key) && !top) {
      let name = names.get(key);
      if (name === undefined) {
        // Its own shared members first, so each constant is declared before it is used.
        const text = write(node, "", true);
        name = `shared${names.size + 1}`;
        names.set(key, name);
        constants.push(`const ${name} = ${text};`);
      }
      return name;
    }
    const members = Object.entries(node).map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${write(v, `${indent}  `)}`);
    return members.length === 0 ? "{}" : `{\n${members.join(",\n")}\n${indent}}`;
  };

  const descriptors = Object.entries(operations).map(([id, op]) => {
    const body = write(op, "", true);
    return `/** ${(table[id] as { summary?: string }).summary ?? id} (${id}). */\nexport const ${descriptorName(id)}: OperationSpec = ${body};`;
  });

  return (
    header +
    `import type { OperationSpec } from "../src/core/request/operation-spec.js";\n\n` +
    (constants.length ? `// Schemas several operations share, written once.\n${constants.join("\n")}\n\n` : "") +
    descriptors.join("\n\n") +
    `\n\n/** Every operation of the ${api.toUpperCase()} OpenAPI document, keyed by operationId (for tests, the mock and tools; the clients import each descriptor alone). */\n` +
    `export const operations = {\n${Object.keys(operations)
      .map((id) => `  ${id}: ${descriptorName(id)},`)
      .join("\n")}\n};\n\n` +
    `/** The document's servers, with the region ids each one serves. */\n` +
    `export const servers = ${JSON.stringify(servers, null, 2)} as const;\n`
  );
}
