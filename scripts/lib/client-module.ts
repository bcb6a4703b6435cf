/**
 * Writes `generated/<api>.client.ts` for a document with `x-sdk-client`: for each operation a
 * function (`createCertificateAuthority(client, params, options)`), its parameter and result
 * types and its documentation (summary, description, every top-level input with its rules, the
 * official SDK's name, the page, retries, paging and a sample), then the service's two clients:
 *
 *   <Name>BareClient  the template with the service's settings and no discovery: with the
 *                     operation functions, a bundle carries only the operations it imports
 *   <Name>Client      the same plus discovery (default credentials, IAM id lookup) and every
 *                     operation as a method calling its function
 *
 * Nothing here knows a service or an operation: everything comes from the document.
 */
import { descriptorName } from "./operations-module.js";
import { type OpenApiDocument, resolveRef } from "./operation-table.js";
import { callExpression, type SampleContext } from "./samples.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** x-sdk-client on the document root. */
export interface ClientSpec {
  /** The aggregated client's class name, e.g. PcaClient. */
  readonly name: string;
  /** project: the project id (in the paths and X-Project-Id); domain: the account id (X-Domain-Id). */
  readonly scope: "project" | "domain";
  /** The path parameter the client fills with the project id. */
  readonly scopeParameter?: string;
}

export function clientSpecOf(doc: OpenApiDocument): ClientSpec | undefined {
  const raw = (doc as unknown as JsonObject)["x-sdk-client"];
  if (raw === undefined) return undefined;
  if (!isObject(raw) || typeof raw.name !== "string" || !/^[A-Z]\w*Client$/.test(raw.name) || (raw.scope !== "project" && raw.scope !== "domain")) {
    throw new Error("x-sdk-client: needs name (…Client) and scope (project or domain)");
  }
  return raw as unknown as ClientSpec;
}

const pascal = (id: string) => id[0]!.toUpperCase() + id.slice(1);
const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

interface TableOp {
  operationId: string;
  sdkOperation: string | null;
  summary: string;
  method: string;
  path: string;
  parameters: { name: string; in: string; required: boolean; schema: JsonObject }[];
  requestBody: { required: boolean; mediaType: string; schema: JsonObject } | null;
  result: "json" | "file" | "none" | "mixed";
  idempotent: boolean;
  pagination: JsonObject | null;
  fileWhen: { member: string; value: Json } | null;
}

/** The operation objects of the document, by operationId, with their path and method. */
function sourceOperations(doc: OpenApiDocument): Map<string, { node: JsonObject; path: string; method: string }> {
  const found = new Map<string, { node: JsonObject; path: string; method: string }>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const node = (item as JsonObject)[method];
      if (isObject(node) && typeof node.operationId === "string") found.set(node.operationId, { node, path, method });
    }
  }
  return found;
}

/** The dotted places of a request schema that hold epoch milliseconds (x-epoch-milliseconds). */
function epochPaths(schema: JsonObject, prefix: string): string[] {
  if (schema["x-epoch-milliseconds"] === true) return [prefix];
  const out: string[] = [];
  if (isObject(schema.properties)) {
    for (const [name, sub] of Object.entries(schema.properties)) if (isObject(sub)) out.push(...epochPaths(sub, prefix ? `${prefix}.${name}` : name));
  }
  if (isObject(schema.items)) out.push(...epochPaths(schema.items, `${prefix}[]`));
  return out;
}

/** The X-Auth-Token header parameter's schema (the first operation that declares one): it bounds a token's length. */
export function tokenSchemaOf(table: Readonly<Record<string, { parameters: readonly { name: string; in: string; schema: JsonObject }[] }>>): JsonObject | undefined {
  return Object.values(table)
    .flatMap((op) => op.parameters)
    .find((p) => p.in === "header" && p.name === "X-Auth-Token")?.schema;
}

/** One rule list for a member: "required; 36 characters; one of SHA256, SHA384". */
export function rulesOf(schema: JsonObject, required: boolean): string {
  const rules: string[] = [];
  rules.push(required ? "required" : "optional");
  const { minLength, maxLength, minimum, maximum, minItems, maxItems } = schema as Record<string, number | undefined>;
  if (minLength !== undefined && minLength === maxLength) rules.push(`${minLength} characters`);
  else if (minLength !== undefined || maxLength !== undefined) rules.push(`${minLength ?? 0} to ${maxLength ?? "any number of"} characters`);
  if (minimum !== undefined || maximum !== undefined) rules.push(`${minimum ?? "any"} to ${maximum ?? "any"}`);
  if (minItems !== undefined || maxItems !== undefined) rules.push(`${minItems ?? 0} to ${maxItems ?? "any number of"} items`);
  if (Array.isArray(schema.enum)) rules.push(`one of ${schema.enum.map((v) => String(v)).join(", ")}`);
  if (typeof schema.pattern === "string") rules.push(`matching \`${schema.pattern}\``);
  if (typeof schema["x-max-bytes"] === "number") rules.push(`at most ${schema["x-max-bytes"]} bytes`);
  if (schema["x-epoch-milliseconds"] === true) rules.push("epoch milliseconds or a Date");
  if (schema.type === "object" && isObject(schema.properties)) rules.push("an object (see its type)");
  if (schema.type === "array") rules.push("a list");
  return rules.join("; ");
}

/** A JSDoc block from lines (an empty line is a paragraph break); `*\/` cannot occur inside. */
function jsdoc(lines: readonly string[], indent = ""): string {
  const body = lines.flatMap((line) => line.replaceAll("*/", "*\\/").split("\n"));
  return `${indent}/**\n${body.map((line) => `${indent} *${line ? ` ${line}` : ""}`).join("\n")}\n${indent} */\n`;
}

interface OpText {
  readonly id: string;
  readonly paramsType: string;
  readonly resultType: string;
  /** The TypeScript signatures of the function, after `(client: C, ` (or the method, after `(`). */
  readonly overloads: readonly { params: string; options: string; returns: string; optionalOptions: boolean }[];
  readonly doc: string[];
}

export function clientModule(header: string, api: string, doc: OpenApiDocument, table: Record<string, TableOp>, servers: readonly { regions: readonly string[] }[]): string {
  const spec = clientSpecOf(doc)!;
  const source = sourceOperations(doc);
  const name = spec.name;
  const base = name.replace(/Client$/, "");
  const bare = `${base}BareClient`;
  const like = `${base}ClientLike`;
  const variable = api;
  const resolve = (node: unknown): unknown => resolveRef(doc, node);
  const sample: SampleContext = { client: variable, scopeParameter: spec.scopeParameter ?? null, resolve };
  const regionCounts = new Map<string, number>();
  for (const server of servers) for (const region of server.regions) regionCounts.set(region, (regionCounts.get(region) ?? 0) + 1);
  const failover = [...regionCounts.values()].some((count) => count > 1);
  const tokenSchema = tokenSchemaOf(table);

  const ops: OpText[] = [];
  const typeBlocks: string[] = [];
  for (const [id, op] of Object.entries(table)) {
    const src = source.get(id)!;
    const Id = pascal(id);
    const wire = `paths[${JSON.stringify(src.path)}][${JSON.stringify(src.method)}]`;
    const media = op.requestBody ? JSON.stringify(op.requestBody.mediaType) : "never";
    const filled = spec.scopeParameter && op.parameters.some((p) => p.name === spec.scopeParameter) ? `, ${JSON.stringify(spec.scopeParameter)}` : "";
    let paramsType = `OperationInput<${wire}, ${media}${filled}>`;
    const dates = [
      ...op.parameters.filter((p) => p.in !== "header").flatMap((p) => epochPaths(p.schema, p.name)),
      ...(op.requestBody ? epochPaths(op.requestBody.schema, "") : []),
    ];
    for (const place of dates) paramsType = `WithDateAt<${paramsType}, ${JSON.stringify(place)}>`;
    const status = Object.keys((src.node.responses as JsonObject) ?? {}).find((s) => s.startsWith("2"))!;
    const jsonBody = `NonNullable<${wire}["responses"][${status}]["content"]>["application/json"]`;
    const resultTypeName = `${Id}Result`;
    const paramsTypeName = `${Id}Params`;
    let resultType: string;
    if (op.result === "none") resultType = "NoContentResult";
    else if (op.result === "file") resultType = "FileResult";
    else resultType = `JsonResult<${op.result === "mixed" ? jsonBody.replace('["application/json"]', `[${JSON.stringify(jsonMediaOf(src.node, status, resolve))}]`) : jsonBody}>`;
    typeBlocks.push(
      jsdoc([`Parameters of {@link ${id}}${filled ? ` (the ${spec.scopeParameter} comes from the client)` : ""}.`]) +
        `export type ${paramsTypeName} = ${paramsType};\n` +
        jsdoc([op.result === "file" ? `The file {@link ${id}} answers with (read into memory; \`stream: true\` gives a {@link FileStreamResult}).` : `What {@link ${id}} resolves to.`]) +
        `export type ${resultTypeName} = ${resultType};\n`,
    );
    const items = op.pagination ? `NonNullable<${resultTypeName}[${JSON.stringify(op.pagination.items)}]>[number]` : undefined;
    const overloads: OpText["overloads"][number][] = [];
    const fileOverloads = (params: string) => {
      overloads.push({ params, options: "FileCallOptions & { readonly stream?: false }", returns: "Promise<FileResult>", optionalOptions: true });
      overloads.push({ params, options: "FileCallOptions & { readonly stream: true }", returns: "Promise<FileStreamResult>", optionalOptions: false });
    };
    if (op.result === "file") {
      fileOverloads(paramsTypeName);
    } else if (op.result === "mixed") {
      fileOverloads(`${paramsTypeName} & { readonly ${op.fileWhen!.member}: ${JSON.stringify(op.fileWhen!.value)} }`);
      overloads.push({ params: paramsTypeName, options: "CallOptions", returns: `Promise<${resultTypeName}>`, optionalOptions: true });
    } else if (items) {
      overloads.push({ params: paramsTypeName, options: "CallOptions", returns: `PagePromise<${resultTypeName}, ${items}>`, optionalOptions: true });
    } else {
      overloads.push({ params: paramsTypeName, options: "CallOptions", returns: `Promise<${resultTypeName}>`, optionalOptions: true });
    }
    ops.push({ id, paramsType: paramsTypeName, resultType: resultTypeName, overloads, doc: operationDoc(op, src.node, sample, items !== undefined) });
  }

  const optionalParams = (op: OpText) => {
    const t = table[op.id]!;
    const required = t.parameters.some((p) => p.required && p.in !== "header" && p.name !== spec.scopeParameter) || (t.requestBody?.required === true && Array.isArray(t.requestBody.schema.required) && t.requestBody.schema.required.length > 0);
    return !required;
  };
  /** The call an operation's function makes: by its kind (file, paged, other), with its body encoder. */
  const callOf = (op: OpText, client: string) => {
    const t = table[op.id]!;
    const fn = t.result === "file" || t.result === "mixed" ? "callFile" : t.pagination ? "callPaged" : "callOperation";
    const encoder = t.requestBody && t.requestBody.mediaType === "multipart/form-data" ? ", multipartBody" : "";
    return `${fn}(${client}, ${descriptorName(op.id)}, params, options${encoder})`;
  };
  const functionText = (op: OpText) => {
    const optional = optionalParams(op);
    const sigs = op.overloads.map(
      (o) => `export function ${op.id}(client: ${like}, params${optional && o.params === op.paramsType ? "?" : ""}: ${o.params}, options${o.optionalOptions ? "?" : ""}: ${o.options}): ${o.returns};`,
    );
    return (
      jsdoc(op.doc) +
      sigs.join("\n") +
      `\nexport function ${op.id}(client: ${like}, params: unknown = {}, options?: AnyCallOptions): unknown {\n` +
      `  return ${callOf(op, "client")};\n}\n`
    );
  };
  const methodText = (op: OpText) => {
    const optional = optionalParams(op);
    const sigs = op.overloads.map((o) => `  ${op.id}(params${optional && o.params === op.paramsType ? "?" : ""}: ${o.params}, options${o.optionalOptions ? "?" : ""}: ${o.options}): ${o.returns};`);
    return jsdoc(op.doc, "  ") + sigs.join("\n") + `\n  ${op.id}(params: unknown = {}, options?: AnyCallOptions): unknown {\n    return ${callOf(op, "this")};\n  }\n`;
  };

  const idOption = spec.scope === "project" ? "projectId" : "domainId";
  const idDoc =
    spec.scope === "project"
      ? "The IAM project id of the region (BCS paths hold it; AK/SK signatures carry it as X-Project-Id)."
      : "The account (domain) id, sent as X-Domain-Id with AK/SK; a token needs none.";
  const scopeMembers = (discovering: boolean) =>
    jsdoc([
      `The ${spec.scope === "project" ? "project" : "account"} id requests are scoped to: as given${discovering ? ", or once found (profile file, IAM lookup)" : ", or once a credentials provider gave it"}.`,
    ], "  ") +
    `  get ${idOption}(): string | undefined {\n    return coreOf(this).scopeId();\n  }\n` +
    (spec.scope === "project"
      ? jsdoc([`The project id, looked up on first use when the client was built without one.`], "  ") +
        `  resolveProjectId(options?: { readonly signal?: AbortSignal | undefined }): Promise<string> {\n    return coreOf(this).resolveScope(options?.signal ?? new AbortController().signal);\n  }\n`
      : "");

  const imports = [
    `import { ${Object.keys(table).map(descriptorName).join(", ")}, servers } from "./${api}.operations.js";`,
    `import type { paths } from "./${api}.types.js";`,
    `import { ServiceClient, akSkSigning, callFile, callOperation, callPaged, coreOf, discovery, type AnyCallOptions, type ClientFeatures, type ClientOptions, type JsonResult, type NoContentResult, type PagePromise, type ServiceDescriptor } from "../src/core/client/index.js";`,
    `import type { Credentials } from "../src/core/auth/credentials.js";`,
    `import type { FileResult, FileStreamResult } from "../src/core/http/file-response.js";`,
    `import { multipartBody } from "../src/core/request/multipart.js";`,
    `import type { CallOptions, FileCallOptions } from "../src/core/operation.js";`,
    `import type { OperationInput, WithDateAt } from "../src/core/types.js";`,
    ...(failover ? [`import { createFailover } from "../src/core/http/failover.js";`] : []),
  ];

  const descriptor = {
    client: name,
    key: api,
    servers: "servers",
    scope: spec.scope,
    scopeParameter: spec.scopeParameter ?? null,
    tokenSchema: tokenSchema ?? null,
  };
  const features = failover ? "{ failover: createFailover }" : "{}";

  const body =

    jsdoc([`A region with a ${base.toUpperCase()} endpoint in the spec; any other needs \`endpoint\`.`]) +
    `export type ${base}Region = (typeof servers)[number]["regions"][number];\n\n` +
    jsdoc([`Options of a {@link ${name}}.`]) +
    `export interface ${name}Options extends ClientOptions<${base}Region> {\n` +
    jsdoc([idDoc, "", `Default ${spec.scope === "project" ? "HUAWEICLOUD_SDK_PROJECT_ID" : "HUAWEICLOUD_SDK_DOMAIN_ID"}, then the credentials provider's (a profile's ${spec.scope === "project" ? "project_id" : "domain_id"}), then (with a region) IAM.`], "  ") +
    `  readonly ${idOption}?: string | undefined;\n}\n\n` +
    jsdoc([`Options of a {@link ${bare}}: those of {@link ${name}Options}, with \`credentials\` required (a bare client has no default chain).`]) +
    `export interface ${bare}Options extends ${name}Options {\n` +
    jsdoc(["A token, AK/SK or a provider of either (AK/SK needs the `akSkSigning` plugin)."], "  ") +
    `  readonly credentials: Credentials;\n` +
    jsdoc(["What the client carries beyond tokens: `akSkSigning` (AK/SK), `discovery` (credentials and ids found by themselves)."], "  ") +
    `  readonly plugins?: readonly ClientFeatures[] | undefined;\n}\n\n` +
    `const service: ServiceDescriptor = ${JSON.stringify(descriptor, null, 2).replace('"servers": "servers"', '"servers": servers')};\n` +
    `const features = ${features};\n\n` +
    jsdoc([`Any client of this service: the operation functions accept a {@link ${bare}} or a {@link ${name}}.`]) +
    `export type ${like} = ServiceClient<${JSON.stringify(api)}>;\n\n` +
    typeBlocks.join("\n") +
    "\n" +
    ops.map(functionText).join("\n") +
    "\n" +
    jsdoc([
      `A client of ${String((doc as unknown as { info: { title: string } }).info.title)} without discovery: pass its credentials${spec.scope === "project" ? " and project id" : " (and, for AK/SK, the account id)"}, and call operations with the functions of this module, e.g. \`${Object.keys(table)[0]}(${variable}, { ... })\`. A bundler keeps only the operations you import.`,
      "",
      `{@link ${name}} has every operation as a method, and finds credentials and ids by itself.`,
    ]) +
    `export class ${bare} extends ServiceClient<${JSON.stringify(api)}> {\n` +
    jsdoc(["Throws a {@link ConfigurationError} for bad options, missing credentials or a missing id."], "  ") +
    `  constructor(options: ${bare}Options) {\n    super(options, service, features);\n  }\n\n` +
    scopeMembers(false) +
    `}\n\n` +
    jsdoc([
      `A client of ${String((doc as unknown as { info: { title: string } }).info.title)}, with every operation as a method.`,
      "",
      `Without \`credentials\` it reads HUAWEICLOUD_SDK_AK / _SK, then the profile file, then the ECS metadata service; without the ${spec.scope === "project" ? "project" : "account"} id it asks IAM (with a region). For a smaller bundle, use {@link ${bare}} and the operation functions.`,
    ]) +
    `export class ${name} extends ServiceClient<${JSON.stringify(api)}> {\n` +
    jsdoc(["Throws a {@link ConfigurationError} for bad options, missing credentials or a missing id."], "  ") +
    `  constructor(options: ${name}Options = {}) {\n    super(options, service, { ...discovery, ...akSkSigning, ...features });\n  }\n\n` +
    scopeMembers(true) +
    "\n" +
    ops.map(methodText).join("\n") +
    `}\n`;
  return header + pruneImports(imports, body).join("\n") + "\n\n" + body;

  function operationDoc(op: TableOp, node: JsonObject, context: SampleContext, paged: boolean): string[] {
    const lines: string[] = [op.summary + ".", ""];
    if (typeof node.description === "string") lines.push(...node.description.trim().split("\n"), "");
    const members = [
      ...op.parameters.filter((p) => p.in !== "header" && p.name !== spec.scopeParameter).map((p) => `- \`${p.name}\` (${p.in}): ${rulesOf(p.schema, p.required)}`),
      ...Object.entries(isObject(op.requestBody?.schema.properties) ? (op.requestBody!.schema.properties as JsonObject) : {}).map(
        ([key, sub]) => `- \`${key}\`: ${rulesOf(sub as JsonObject, Array.isArray(op.requestBody!.schema.required) && op.requestBody!.schema.required.includes(key))}`,
      ),
    ];
    if (members.length) lines.push("Parameters:", ...members, "");
    const facts: string[] = [];
    facts.push(`\`${op.method} ${op.path}\``);
    if (op.sdkOperation) facts.push(`official SDK name \`${op.sdkOperation}\``);
    facts.push(op.idempotent ? "retried on any transient failure (idempotent)" : "retried only where the service cannot have acted (connection refused, 429, 503) unless `retryStateChanging`");
    lines.push(`${facts.join("; ")}.`);
    if (paged) lines.push("", "Await it for the first result page; iterate it (`for await`) for every item of every result page.");
    const docsUrl = isObject(node.externalDocs) && typeof node.externalDocs.url === "string" ? node.externalDocs.url : undefined;
    if (docsUrl) lines.push("", `@see ${docsUrl}`);
    lines.push("", "@example", "```ts", ...callExpression(op as never, node, context).split("\n"), "```");
    return lines;
  }
}

/** The imports with only the names `body` uses (TypeScript refuses unused ones). */
function pruneImports(imports: readonly string[], body: string): string[] {
  const used = (name: string) => new RegExp(`\\b${name}\\b`).test(body);
  return imports.flatMap((line) => {
    const match = /^import (type )?\{ (.*) \} from (.*);$/.exec(line);
    if (!match) return [line];
    const names = match[2]!.split(", ").filter((entry) => used(entry.replace(/^type /, "")));
    return names.length === 0 ? [] : [`import ${match[1] ?? ""}{ ${names.join(", ")} } from ${match[3]};`];
  });
}

/** The JSON media type of a success answer that also has a file one. */
function jsonMediaOf(node: JsonObject, status: string, resolve: (node: unknown) => unknown): string {
  const response = resolve((node.responses as JsonObject)[status]) as JsonObject;
  return Object.keys((response.content as JsonObject) ?? {}).find((m) => /json/i.test(m)) ?? "application/json";
}
