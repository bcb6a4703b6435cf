/**
 * Code samples from the spec's own examples: each operation's call, written with the values of
 * its parameter and request body examples (the ones Prism serves and the tests send), for the
 * generated method's `@example` and for `generated/samples/<operationId>.ts`, the program the
 * reference docs show (type-checked by `npm run typecheck`). An operation whose required input has
 * no example cannot be generated: the spec must show one.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

export interface SampleContext {
  /** The client variable, e.g. `pca`. */
  readonly client: string;
  /** The parameter the client fills itself (project_id), left out of the call. */
  readonly scopeParameter: string | null;
  /** Follows `#/...` references of the bundled document. */
  readonly resolve?: (node: unknown) => unknown;
}

interface SampleOp {
  readonly operationId: string;
  readonly result: "json" | "file" | "none" | "mixed";
  readonly pagination: { readonly items: string } | null;
  readonly requestBody: { readonly mediaType: string; readonly schema: JsonObject } | null;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A JSON value as a TypeScript literal, keys unquoted where they can be. */
function literal(value: Json, indent: string, binary: (key: string) => string | undefined): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const inner = value.map((v) => literal(v, `${indent}  `, () => undefined));
    const flat = `[${inner.join(", ")}]`;
    return flat.length <= 72 && !flat.includes("\n") ? flat : `[\n${inner.map((v) => `${indent}  ${v}`).join(",\n")},\n${indent}]`;
  }
  if (!isObject(value)) return JSON.stringify(value);
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const members = entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${binary(k) ?? literal(v, `${indent}  `, () => undefined)}`);
  const flat = `{ ${members.join(", ")} }`;
  if (flat.length <= 72 && !flat.includes("\n")) return flat;
  return `{\n${members.map((m) => `${indent}  ${m}`).join(",\n")},\n${indent}}`;
}

function firstExample(node: JsonObject, resolve: (node: unknown) => unknown): Json | undefined {
  if (node.example !== undefined) return node.example;
  if (isObject(node.examples)) {
    const first = resolve(Object.values(node.examples)[0]);
    if (isObject(first) && first.value !== undefined) return first.value;
  }
  return undefined;
}

/** The input of the sample: every parameter example, then the body example's members. */
export function exampleInput(op: SampleOp, node: JsonObject, context: SampleContext): { input: JsonObject; binary: string[] } {
  const resolve = context.resolve ?? ((n: unknown) => n);
  const input: JsonObject = {};
  for (const raw of (node.parameters as Json[] | undefined) ?? []) {
    const param = resolve(raw) as JsonObject;
    if (param.in === "header" || param.name === context.scopeParameter) continue;
    const schema = resolve(param.schema) as JsonObject | undefined;
    const value = firstExample(param, resolve) ?? (schema ? firstExample(schema, resolve) : undefined);
    if (value === undefined) {
      if (param.required === true) throw new Error(`${op.operationId}: required parameter ${String(param.name)} has no example`);
      continue;
    }
    input[String(param.name)] = value;
  }
  const binary: string[] = [];
  const body = node.requestBody === undefined ? undefined : (resolve(node.requestBody) as JsonObject);
  if (body && op.requestBody) {
    const media = (body.content as JsonObject)[op.requestBody.mediaType] as JsonObject;
    const example = firstExample(media, resolve);
    if (example === undefined && body.required === true) throw new Error(`${op.operationId}: the request body has no example`);
    if (isObject(example)) Object.assign(input, example);
    for (const [name, schema] of Object.entries(op.requestBody.schema.properties ?? {})) {
      if (isObject(schema) && schema.format === "binary") binary.push(name);
    }
  }
  return { input, binary };
}

/** The call and what it prints, as a user writes it. */
export function callExpression(op: SampleOp, node: JsonObject, context: SampleContext): string {
  const { input, binary } = exampleInput(op, node, context);
  for (const name of binary) input[name] ??= null;
  const args = Object.keys(input).length === 0 ? "" : literal(input, "", (key) => (binary.includes(key) ? `await readFile("${key}.zip")` : undefined));
  const call = `${context.client}.${op.operationId}(${args})`;
  switch (op.result) {
    case "none":
      return `const { requestId } = await ${call};\nconsole.log(requestId);`;
    case "file":
      return `const file = await ${call};\nconsole.log(file.fileName, file.data.byteLength, file.requestId);`;
    case "mixed":
      return `const result = await ${call};\nconsole.log(result);`;
    default:
      return op.pagination
        ? `const page = await ${call};\nconsole.log(page.${op.pagination.items}, page.requestId);\n\n// Every item of every page:\nfor await (const item of ${call}) console.log(item);`
        : `const result = await ${call};\nconsole.log(result);`;
  }
}

/** `generated/samples/<operationId>.ts`: a whole program around the call. */
export function sampleProgram(header: string, op: SampleOp, node: JsonObject, context: SampleContext & { readonly clientClass: string; readonly region: string; readonly scope: "project" | "domain" }): string {
  const call = callExpression(op, node, context);
  const needsFile = call.includes("await readFile(");
  return (
    header +
    (needsFile ? `import { readFile } from "node:fs/promises";\n` : "") +
    `import { ${context.clientClass} } from "../../src/index.js";\n\n` +
    `// AK/SK from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the ${context.scope === "project" ? "project id from HUAWEICLOUD_SDK_PROJECT_ID" : "account id from HUAWEICLOUD_SDK_DOMAIN_ID"}.\n` +
    `const ${context.client} = new ${context.clientClass}({ region: ${JSON.stringify(context.region)} });\n\n` +
    call +
    "\n"
  );
}
