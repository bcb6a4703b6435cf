/**
 * Puts every constraint of the spec into the JSDoc of the generated types, so an editor's hover
 * shows the limits where a user types a value.
 *
 * openapi-typescript writes a JSDoc block per property and parameter from its `description`,
 * `format`, `default`, `example` and `enum`, but not from bounds, lengths, patterns or
 * required-ness. `withConstraintDocs` returns a copy of the bundled document in which each
 * schema, parameter and header that openapi-typescript documents has those constraints appended
 * to its description as JSDoc block tags (`@minimum 0`, `@maxLength 36`, `@pattern ^[a-z]...$`,
 * `@required`). The copy only feeds the type generator: the bundled JSON and the operation tables
 * are written from the untouched document.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Schema keywords shown as a tag of the same name, in this order. */
const TAGGED_KEYWORDS = [
  "minimum",
  "exclusiveMinimum",
  "maximum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "contentMediaType",
] as const;

/** The JSDoc tags for one schema's own constraints (not its members'). */
export function constraintTags(schema: unknown, required: boolean): string[] {
  const tags: string[] = [];
  if (required) tags.push("@required");
  if (!isObject(schema)) return tags;
  for (const keyword of TAGGED_KEYWORDS) {
    const value = schema[keyword];
    if (value !== undefined && value !== null) tags.push(`@${keyword} ${String(value)}`);
  }
  if (typeof schema["x-max-bytes"] === "number") tags.push(`@maxBytes ${schema["x-max-bytes"]}`);
  if (schema.additionalProperties === false) tags.push("@additionalProperties false");
  return tags;
}

/** Appends tags to a node's description (a description made of tags only when it has none). */
function describe(node: JsonObject, tags: readonly string[]): void {
  if (tags.length === 0) return;
  const text = typeof node.description === "string" ? node.description.trimEnd() : "";
  node.description = text === "" ? tags.join("\n") : `${text}\n${tags.join("\n")}`;
}

/** Walks a schema that openapi-typescript documents itself (a component or a property). */
function documentSchema(schema: Json | undefined, required: boolean, self: boolean): void {
  if (!isObject(schema)) return;
  if (self) describe(schema, constraintTags(schema, required));
  const requiredMembers = Array.isArray(schema.required) ? schema.required : [];
  if (isObject(schema.properties)) {
    for (const [name, member] of Object.entries(schema.properties)) {
      documentSchema(member, requiredMembers.includes(name), true);
    }
  }
  // Array items and combinator branches get no JSDoc block of their own: their members do.
  for (const key of ["items", "additionalProperties"] as const) documentSchema(schema[key], false, false);
  for (const key of ["allOf", "anyOf", "oneOf"] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) for (const branch of branches) documentSchema(branch, false, false);
  }
}

/** A parameter's or header's block is written from the parameter: its schema's limits go there. */
function documentParameter(parameter: Json | undefined): void {
  if (!isObject(parameter) || typeof parameter.$ref === "string") return;
  describe(parameter, constraintTags(parameter.schema, parameter.required === true));
  documentSchema(parameter.schema, false, false);
}

function documentContent(content: Json | undefined): void {
  if (!isObject(content)) return;
  for (const media of Object.values(content)) if (isObject(media)) documentSchema(media.schema, false, false);
}

function documentResponse(response: Json | undefined): void {
  if (!isObject(response) || typeof response.$ref === "string") return;
  if (isObject(response.headers)) for (const header of Object.values(response.headers)) documentParameter(header);
  documentContent(response.content);
}

/** A copy of the document whose descriptions carry every constraint as JSDoc tags. */
export function withConstraintDocs<T>(document: T): T {
  const doc = structuredClone(document) as unknown as JsonObject;
  const components = isObject(doc.components) ? doc.components : {};
  for (const schema of Object.values(isObject(components.schemas) ? components.schemas : {})) documentSchema(schema, false, true);
  for (const parameter of Object.values(isObject(components.parameters) ? components.parameters : {})) documentParameter(parameter);
  for (const header of Object.values(isObject(components.headers) ? components.headers : {})) documentParameter(header);
  for (const response of Object.values(isObject(components.responses) ? components.responses : {})) documentResponse(response);
  for (const body of Object.values(isObject(components.requestBodies) ? components.requestBodies : {})) {
    if (isObject(body)) documentContent(body.content);
  }
  for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const parameter of shared) documentParameter(parameter);
    for (const operation of Object.values(item)) {
      if (!isObject(operation)) continue;
      if (Array.isArray(operation.parameters)) for (const parameter of operation.parameters) documentParameter(parameter);
      if (isObject(operation.requestBody)) documentContent(operation.requestBody.content);
      if (isObject(operation.responses)) for (const response of Object.values(operation.responses)) documentResponse(response);
    }
  }
  return doc as unknown as T;
}

/** Every tag name constraintTags writes. */
const TAG_NAMES = ["required", ...TAGGED_KEYWORDS, "maxBytes", "additionalProperties"];

/**
 * Tidies the printed types: openapi-typescript prints a description as `@description <text>` with
 * continuation lines indented, so appended tags would read `@description @minimum 0` (when there
 * is no other text) or sit indented under the text. Both parse as tags; this puts them at the
 * start of their line, as a reader expects.
 */
export function tidyConstraintTags(source: string): string {
  const names = TAG_NAMES.join("|");
  return source
    .replace(new RegExp(`@description (@(?:${names})\\b)`, "g"), "$1")
    .replace(new RegExp(`^(\\s*)\\* {5}(@(?:${names})\\b)`, "gm"), "$1* $2");
}
