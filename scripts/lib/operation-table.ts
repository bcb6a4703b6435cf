/**
 * Builds the operation table from a bundled OpenAPI document: for every operation its method,
 * path, media types, servers and the resolved constraint schema of each parameter and body.
 *
 * The SDK validates requests against these schemas, and its validator (src/core/request/validate.ts)
 * understands only the keywords in VALIDATION_KEYWORDS. A schema using any other keyword that
 * constrains values (allOf, oneOf, const, ...) fails generation here rather than being silently
 * ignored at run time.
 */

export type OpenApiDocument = {
  openapi: string;
  servers?: { url: string; variables?: Record<string, { default: string; enum?: string[] }>; "x-region-ids"?: string[] }[];
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Keywords the validator enforces, kept in the table. */
export const VALIDATION_KEYWORDS = [
  "type",
  "format",
  "enum",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "required",
  "properties",
  "additionalProperties",
  "items",
  "minItems",
  "maxItems",
  "contentMediaType",
  "x-max-bytes",
] as const;

/** Keywords that only document and are dropped from the table. */
const ANNOTATION_KEYWORDS = new Set(["description", "example", "examples", "title", "summary", "x-displayName", "x-deviation", "x-edition", "x-source", "x-epoch-milliseconds", "default", "deprecated", "readOnly", "writeOnly"]);

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows internal `#/...` references (a bundled document has no other kind). */
function resolveRef(doc: OpenApiDocument, value: unknown): unknown {
  let current = value;
  for (let hops = 0; isObject(current) && typeof current.$ref === "string"; hops++) {
    if (hops > 32) throw new Error(`reference cycle at ${current.$ref}`);
    const ref = current.$ref;
    if (!ref.startsWith("#/")) throw new Error(`unbundled reference ${ref}`);
    current = ref
      .slice(2)
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), doc);
    if (current === undefined) throw new Error(`dangling reference ${ref}`);
  }
  return current;
}

/** Resolves a schema and keeps only its validation keywords, recursively. */
function constraintSchema(doc: OpenApiDocument, raw: unknown, where: string): JsonObject {
  const schema = resolveRef(doc, raw);
  if (!isObject(schema)) throw new Error(`${where}: schema is not an object`);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATION_KEYWORDS.has(key)) continue;
    if (!(VALIDATION_KEYWORDS as readonly string[]).includes(key)) {
      throw new Error(`${where}: schema keyword "${key}" is not supported by the SDK validator`);
    }
    if (key === "properties") {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(value as JsonObject)) {
        props[name] = constraintSchema(doc, sub, `${where}.${name}`);
      }
      out.properties = props;
    } else if (key === "additionalProperties") {
      if (typeof value !== "boolean") throw new Error(`${where}: only a boolean additionalProperties is supported`);
      out.additionalProperties = value;
    } else if (key === "items") {
      out.items = constraintSchema(doc, value, `${where}[]`);
    } else {
      out[key] = value as Json;
    }
  }
  return out;
}

function parameterEntry(doc: OpenApiDocument, raw: unknown, where: string): JsonObject {
  const param = resolveRef(doc, raw);
  if (!isObject(param) || typeof param.name !== "string" || typeof param.in !== "string") {
    throw new Error(`${where}: malformed parameter`);
  }
  const schema = constraintSchema(doc, param.schema, `${where} ${param.name}`);
  // OpenAPI forbids an empty query value unless allowEmptyValue is true (Prism treats `name=` as
  // missing): for a string, that is a minimum length of 1.
  if (param.in === "query" && param.allowEmptyValue !== true && schema.type === "string" && !((schema.minLength as number) >= 1)) {
    schema.minLength = 1;
  }
  return {
    name: param.name,
    in: param.in,
    required: param.required === true,
    schema,
  };
}

function requestBodyEntry(doc: OpenApiDocument, raw: unknown, where: string): Json {
  if (raw === undefined) return null;
  const body = resolveRef(doc, raw);
  if (!isObject(body) || !isObject(body.content)) throw new Error(`${where}: malformed requestBody`);
  const mediaTypes = Object.keys(body.content);
  if (mediaTypes.length !== 1) throw new Error(`${where}: expected exactly one request media type`);
  const mediaType = mediaTypes[0]!;
  const content = body.content[mediaType] as JsonObject;
  return {
    required: body.required === true,
    mediaType,
    schema: constraintSchema(doc, content.schema, `${where} body`),
  };
}

function responsesEntry(doc: OpenApiDocument, raw: unknown, where: string): JsonObject {
  if (!isObject(raw)) throw new Error(`${where}: no responses`);
  const out: JsonObject = {};
  for (const [status, value] of Object.entries(raw)) {
    const response = resolveRef(doc, value) as JsonObject;
    const content = isObject(response.content) ? response.content : {};
    const mediaType = Object.keys(content)[0] ?? null;
    const raw = mediaType ? (content[mediaType] as JsonObject).schema : undefined;
    const schema = raw === undefined ? null : constraintSchema(doc, raw, `${where} response ${status}`);
    // The SDK checks a 2xx JSON body against this schema (error bodies are parsed leniently, in
    // either Huawei shape, so theirs is not kept); a file's schema says only "binary".
    const success = Number(status) >= 200 && Number(status) < 300;
    out[status] = { mediaType, binary: schema?.format === "binary", schema: success && mediaType?.includes("json") ? schema : null };
  }
  return out;
}

function serversEntry(doc: OpenApiDocument): Json[] {
  return (doc.servers ?? []).map((server) => {
    const region = server.variables?.region;
    const regions = server["x-region-ids"] ?? region?.enum ?? [];
    return { url: server.url, regions, defaultRegion: region?.default ?? null };
  });
}

export function buildOperationTable(doc: OpenApiDocument): { operations: JsonObject; servers: Json[] } {
  const operations: JsonObject = {};
  const rootSecurity = doc.security ?? [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const id = op.operationId;
      if (typeof id !== "string") throw new Error(`${method} ${path}: no operationId`);
      const params = [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])];
      const statuses = Object.keys(op.responses as JsonObject);
      const success = statuses.map(Number).filter((s) => s >= 200 && s < 300);
      if (success.length !== 1) throw new Error(`${id}: expected exactly one 2xx response`);
      const security = (op.security as Record<string, string[]>[] | undefined) ?? rootSecurity;
      operations[id] = {
        operationId: id,
        sdkOperation: (op["x-huaweicloud-sdk-operation"] as string | undefined) ?? null,
        summary: (op.summary as string | undefined) ?? id,
        method: method.toUpperCase(),
        path,
        parameters: params.map((p, i) => parameterEntry(doc, p, `${id} parameter ${i}`)),
        requestBody: requestBodyEntry(doc, op.requestBody, id),
        successStatus: success[0]!,
        responses: responsesEntry(doc, op.responses, id),
        security: security.flatMap((requirement) => Object.keys(requirement)),
      };
    }
  }
  return { operations, servers: serversEntry(doc) };
}
