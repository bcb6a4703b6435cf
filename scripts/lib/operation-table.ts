/**
 * Builds the operation table from a bundled OpenAPI document: for every operation its method,
 * path, media types, servers, the resolved constraint schema of each parameter and body, and the
 * behaviour its extensions declare (spec/README.md): how its result is read (JSON, a file, no
 * body, or a file only for some requests: `x-file-when`), whether it may be repeated
 * (`x-idempotent`), how it pages (`x-pagination`) and the role the SDK gives it (`x-sdk-role`).
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
  "x-epoch-milliseconds",
] as const;

/** Keywords that only document and are dropped from the table. */
const ANNOTATION_KEYWORDS = new Set(["description", "example", "examples", "title", "summary", "x-displayName", "x-deviation", "x-edition", "x-source", "default", "deprecated", "readOnly", "writeOnly"]);

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows internal `#/...` references (a bundled document has no other kind). */
export function resolveRef(doc: OpenApiDocument, value: unknown): unknown {
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

const isJsonMedia = (mediaType: string) => /^application\/([\w.+-]+\+)?json\b/i.test(mediaType);

function responsesEntry(doc: OpenApiDocument, raw: unknown, where: string): JsonObject {
  if (!isObject(raw)) throw new Error(`${where}: no responses`);
  const out: JsonObject = {};
  for (const [status, value] of Object.entries(raw)) {
    const response = resolveRef(doc, value) as JsonObject;
    const content = isObject(response.content) ? response.content : {};
    const success = Number(status) >= 200 && Number(status) < 300;
    const mediaTypes = Object.keys(content);
    if (!success || mediaTypes.length <= 1) {
      const mediaType = mediaTypes[0] ?? null;
      const raw = mediaType ? (content[mediaType] as JsonObject).schema : undefined;
      const schema = raw === undefined ? null : constraintSchema(doc, raw, `${where} response ${status}`);
      // The SDK checks a 2xx JSON body against this schema (error bodies are parsed leniently, in
      // either Huawei shape, so theirs is not kept); a file's schema says only "binary".
      out[status] = { mediaType, binary: schema?.format === "binary", schema: success && mediaType && isJsonMedia(mediaType) ? schema : null };
      continue;
    }
    // A success that is JSON for some requests and a file for others (x-file-when): the JSON
    // media type and its schema, and the file's media type.
    const json = mediaTypes.filter(isJsonMedia);
    const files = mediaTypes.filter((m) => !isJsonMedia(m));
    if (json.length !== 1 || files.length !== 1) throw new Error(`${where} response ${status}: two media types must be one JSON and one file`);
    const schema = constraintSchema(doc, (content[json[0]!] as JsonObject).schema, `${where} response ${status}`);
    const file = constraintSchema(doc, (content[files[0]!] as JsonObject).schema, `${where} response ${status} file`);
    if (file.format !== "binary") throw new Error(`${where} response ${status}: ${files[0]} must be format: binary`);
    out[status] = { mediaType: json[0]!, binary: false, schema, fileMediaType: files[0]! };
  }
  return out;
}

/** How the SDK reads the success answer: its members, a file, nothing, or (x-file-when) a file for some requests. */
function resultKind(success: JsonObject, fileWhen: Json, where: string): string {
  if (success.fileMediaType !== undefined) {
    if (fileWhen === null) throw new Error(`${where}: a JSON and a file success answer need x-file-when`);
    return "mixed";
  }
  if (fileWhen !== null) throw new Error(`${where}: x-file-when needs a JSON and a file media type on the success answer`);
  if (success.binary === true) return "file";
  if (success.mediaType === null) return "none";
  const schema = success.schema as JsonObject | null;
  if (schema === null) throw new Error(`${where}: the success answer is ${String(success.mediaType)}, neither JSON nor a file (format: binary)`);
  if (schema.type !== "object") throw new Error(`${where}: a JSON success answer must be an object (its members become the result)`);
  return "json";
}

/** The request member (parameter or body property) named by an extension. */
function requestMember(params: JsonObject[], body: Json, name: unknown, where: string): JsonObject {
  if (typeof name !== "string") throw new Error(`${where}: must name a request member`);
  const param = params.find((p) => p.name === name && (p.in === "query" || p.in === "path"));
  if (param) return param.schema as JsonObject;
  const property = isObject(body) && isObject(body.schema) && isObject(body.schema.properties) ? body.schema.properties[name] : undefined;
  if (isObject(property)) return property;
  throw new Error(`${where}: "${name}" is no query parameter or body member of the operation`);
}

function responseMember(success: JsonObject, name: unknown, where: string, type?: string): void {
  const schema = success.schema as JsonObject | null;
  const member = typeof name === "string" && schema && isObject(schema.properties) ? schema.properties[name] : undefined;
  if (!isObject(member)) throw new Error(`${where}: "${String(name)}" is no member of the success answer`);
  if (type !== undefined && member.type !== type) throw new Error(`${where}: "${name}" must be of type ${type}`);
}

const PAGINATION_KEYS: Record<string, readonly string[]> = {
  offset: ["style", "offset", "limit", "items", "total"],
  marker: ["style", "marker", "limit", "items", "next"],
};

/** x-pagination, checked against the operation's request and answer. */
function paginationEntry(raw: unknown, params: JsonObject[], body: Json, success: JsonObject, where: string): Json {
  if (raw === undefined) return null;
  if (!isObject(raw) || typeof raw.style !== "string" || !PAGINATION_KEYS[raw.style]) {
    throw new Error(`${where} x-pagination: style must be offset or marker`);
  }
  const allowed = PAGINATION_KEYS[raw.style]!;
  for (const key of Object.keys(raw)) if (!allowed.includes(key)) throw new Error(`${where} x-pagination: unknown member "${key}"`);
  const position = raw.style === "offset" ? "offset" : "marker";
  requestMember(params, body, raw[position], `${where} x-pagination.${position}`);
  if (raw.limit !== undefined) requestMember(params, body, raw.limit, `${where} x-pagination.limit`);
  responseMember(success, raw.items, `${where} x-pagination.items`, "array");
  if (raw.total !== undefined) responseMember(success, raw.total, `${where} x-pagination.total`);
  if (raw.next !== undefined) responseMember(success, raw.next, `${where} x-pagination.next`);
  return raw;
}

/** x-file-when: `{ member: value }`, the request that gets the file answer. */
function fileWhenEntry(raw: unknown, params: JsonObject[], body: Json, where: string): Json {
  if (raw === undefined) return null;
  if (!isObject(raw) || Object.keys(raw).length !== 1) throw new Error(`${where} x-file-when: must be one { member: value }`);
  const [member, value] = Object.entries(raw)[0]!;
  const schema = requestMember(params, body, member, `${where} x-file-when`);
  if (schema.type !== typeof value && !(schema.type === "integer" && typeof value === "number")) {
    throw new Error(`${where} x-file-when: ${member} is ${String(schema.type)}, the value is ${typeof value}`);
  }
  return { member, value };
}

/** Whether a call may be repeated when its outcome is unknown: x-idempotent, else GET and HEAD. */
function idempotentEntry(raw: unknown, method: string, where: string): boolean {
  if (raw === undefined) return method === "get" || method === "head";
  if (typeof raw !== "boolean") throw new Error(`${where} x-idempotent: must be true or false`);
  return raw;
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
      const parameters = params.map((p, i) => parameterEntry(doc, p, `${id} parameter ${i}`));
      const requestBody = requestBodyEntry(doc, op.requestBody, id);
      const responses = responsesEntry(doc, op.responses, id);
      const successResponse = responses[String(success[0])] as JsonObject;
      const fileWhen = fileWhenEntry(op["x-file-when"], parameters, requestBody, id);
      const role = op["x-sdk-role"];
      if (role !== undefined && typeof role !== "string") throw new Error(`${id} x-sdk-role: must be a string`);
      operations[id] = {
        operationId: id,
        sdkOperation: (op["x-huaweicloud-sdk-operation"] as string | undefined) ?? null,
        summary: (op.summary as string | undefined) ?? id,
        method: method.toUpperCase(),
        path,
        parameters,
        requestBody,
        successStatus: success[0]!,
        responses,
        security: security.flatMap((requirement) => Object.keys(requirement)),
        result: resultKind(successResponse, fileWhen, id),
        idempotent: idempotentEntry(op["x-idempotent"], method, id),
        pagination: paginationEntry(op["x-pagination"], parameters, requestBody, successResponse, id),
        fileWhen,
        role: role ?? null,
      };
    }
  }
  return { operations, servers: serversEntry(doc) };
}
