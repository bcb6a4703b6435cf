/**
 * Holds a read page against the operation it documents, aspect by aspect: parameters (added or
 * removed, Mandatory, type, limits, enumerations), body fields with nested objects, status codes,
 * response bodies (a file or fields with their limits) and the example bodies. Each disagreement
 * is a Finding; lists the page cuts short are noted as not compared instead.
 */
import { jsonEqual, sameSet } from "./equal.js";
import type { Aspect, Finding, NotCompared } from "./findings.js";
import type { ApiPage, FieldType, PageField } from "./page-model.js";
import { resolve, type Match, type Node, type SpecOperation } from "./spec-doc.js";

const LIMITS = ["minLength", "maxLength", "minimum", "maximum"] as const;

/** A format the page's type names: "Long" is a 64-bit integer, "Float" and "Double" are numbers. */
const PAGE_FORMATS: Record<string, string> = { Long: "int64", Float: "float", Double: "double" };

class Comparison {
  readonly findings: Finding[] = [];
  readonly notCompared: NotCompared[] = [];

  constructor(readonly doc: Node) {}

  differ(where: string, aspect: Aspect, page: unknown, spec: unknown, nodes: Node[]): void {
    this.findings.push({ where, aspect, page, spec, nodes });
  }

  resolve(node: Node): Node {
    return node === undefined ? undefined : resolve(this.doc, node);
  }
}

function specType(schema: Node): FieldType | null {
  if (schema === undefined || schema === null) return null;
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  if (type === "string" && schema.format === "binary") return "file";
  if (type === undefined && schema.properties !== undefined) return "object";
  return type ?? null;
}

function specLimit(schema: Node, aspect: (typeof LIMITS)[number]): unknown {
  if (aspect === "maxLength" && specType(schema) === "file") return schema["x-max-bytes"] ?? schema.maxLength ?? null;
  return schema?.[aspect] ?? null;
}

/** Type, limits, enumeration, pattern and format of one parameter or field, then its members. */
function compareConstraints(c: Comparison, where: string, page: PageField, schema: Node, nodes: Node[]): void {
  const type = specType(schema);
  if (page.type !== type) c.differ(where, "type", page.type, type, nodes);
  for (const aspect of LIMITS) {
    const pageValue = page[aspect] ?? null;
    const specValue = specLimit(schema, aspect);
    if (!jsonEqual(pageValue, specValue)) c.differ(where, aspect, pageValue, specValue, nodes);
  }
  if (page.cutShort) {
    c.notCompared.push({ where, aspect: page.cutShort.aspect, text: page.cutShort.text });
  }
  if (page.cutShort?.aspect !== "enum") {
    const pageEnum = page.enum ?? null;
    const specEnum: unknown[] | null = schema?.enum ?? null;
    const same = pageEnum === null || specEnum === null ? pageEnum === specEnum : sameSet(pageEnum, specEnum);
    if (!same) c.differ(where, "enum", pageEnum, specEnum, nodes);
  }
  // The pages state no patterns, only rules in words; a pattern in the spec is the spec's own.
  if (schema?.pattern !== undefined) c.differ(where, "pattern", null, schema.pattern, nodes);
  const pageFormat = PAGE_FORMATS[page.typeText];
  if (pageFormat !== undefined && schema?.format !== pageFormat) c.differ(where, "format", pageFormat, schema?.format ?? null, nodes);

  if (page.type === "object" || page.type === "array") {
    const members = page.type === "array" ? c.resolve(schema?.items) : schema;
    if (page.fields !== undefined) compareFields(c, `${where}.`, page.fields, members, page.mandatory !== undefined);
    else if (page.type === "object") c.notCompared.push({ where, aspect: "field", text: `the page lists no members of "${page.typeText}"` });
  }
}

/**
 * Where a property's deviations and editions may be recorded: on its schema, and, when the
 * property refers to a shared schema, beside that `$ref` (OpenAPI 3.1 allows it), which is the
 * place for what concerns this use of the schema only.
 */
function propertyNodes(c: Comparison, raw: Node): { schema: Node; nodes: Node[] } {
  const schema = c.resolve(raw);
  return { schema, nodes: raw === schema ? [schema] : [raw, schema] };
}

/** The fields of an object: added or removed, Mandatory (where the page has the column), constraints. */
function compareFields(c: Comparison, prefix: string, fields: readonly PageField[], objectSchema: Node, withRequired: boolean): void {
  const properties: Record<string, Node> = objectSchema?.properties ?? {};
  const required: string[] = objectSchema?.required ?? [];
  for (const field of fields) {
    const where = `${prefix}${field.name}`;
    const raw = properties[field.name];
    if (raw === undefined) {
      c.differ(where, "field", field.name, null, [objectSchema]);
      continue;
    }
    const { schema, nodes } = propertyNodes(c, raw);
    if (withRequired && field.mandatory !== undefined && field.mandatory !== required.includes(field.name)) {
      c.differ(where, "required", field.mandatory, required.includes(field.name), nodes);
    }
    compareConstraints(c, where, field, schema, nodes);
  }
  for (const name of Object.keys(properties)) {
    if (!fields.some((f) => f.name === name)) c.differ(`${prefix}${name}`, "field", null, name, propertyNodes(c, properties[name]).nodes);
  }
}

/** Header names are case-insensitive; other parameter names are not. */
const parameterKey = (where: string, name: string) => `${where} ${where === "header" ? name.toLowerCase() : name}`;

/**
 * A header the spec declares as an apiKey security scheme rather than a parameter (a token
 * header): "required" when every security alternative of the operation uses that scheme.
 */
function schemeParameter(c: Comparison, op: SpecOperation, name: string): Node | undefined {
  const schemes: Record<string, Node> = op.doc.components?.securitySchemes ?? {};
  const entry = Object.entries(schemes)
    .map(([key, raw]) => [key, c.resolve(raw)] as const)
    .find(([, scheme]) => scheme?.type === "apiKey" && scheme.in === "header" && String(scheme.name).toLowerCase() === name.toLowerCase());
  if (entry === undefined) return undefined;
  const [key, scheme] = entry;
  const alternatives: Record<string, unknown>[] = op.node.security ?? op.doc.security ?? [];
  const used = alternatives.some((alt) => key in alt);
  if (!used) return undefined;
  return { name: scheme.name, in: "header", required: alternatives.every((alt) => key in alt), schema: { type: "string" }, node: scheme };
}

function compareParameters(c: Comparison, page: ApiPage, op: SpecOperation): void {
  const pathItem = op.doc.paths[op.path];
  const declared = new Map<string, Node>();
  for (const raw of [...(pathItem.parameters ?? []), ...(op.node.parameters ?? [])]) {
    const param = c.resolve(raw);
    declared.set(parameterKey(param.in, param.name), param);
  }
  for (const field of page.parameters) {
    const where = `${field.in} ${field.name}`;
    const param = declared.get(parameterKey(field.in, field.name));
    const scheme = param === undefined && field.in === "header" ? schemeParameter(c, op, field.name) : undefined;
    if (param === undefined && scheme === undefined) {
      c.differ(where, "field", field.name, null, [op.node]);
      continue;
    }
    // Deviations of a scheme-declared header are recorded on the security scheme.
    const node = param ?? scheme.node;
    const declaredParam = param ?? scheme;
    const required = declaredParam.required === true;
    if (field.mandatory !== undefined && field.mandatory !== required) c.differ(where, "required", field.mandatory, required, [node]);
    const schema = c.resolve(declaredParam.schema);
    compareConstraints(c, where, field, schema, [node, schema]);
  }
  for (const [key, param] of declared) {
    if (!page.parameters.some((p) => parameterKey(p.in, p.name) === key)) c.differ(`${param.in} ${param.name}`, "field", null, param.name, [param]);
  }
}

interface SpecExample {
  name: string;
  value: unknown;
  node: Node;
}

function examplesOf(c: Comparison, media: Node): SpecExample[] {
  if (media === undefined) return [];
  const named = Object.entries((media.examples ?? {}) as Record<string, Node>).map(([name, raw]) => {
    const node = c.resolve(raw);
    return { name, value: node?.value, node };
  });
  return media.example === undefined ? named : [...named, { name: "example", value: media.example, node: media }];
}

/**
 * The page's examples against the spec's. One changed example (one on each side that matches
 * nothing on the other) is one difference; otherwise each unmatched example is its own.
 */
function compareExamples(c: Comparison, where: string, pageValues: readonly unknown[], spec: readonly SpecExample[], nodes: Node[]): void {
  const pageOnly = pageValues.filter((value) => !spec.some((s) => jsonEqual(s.value, value)));
  const specOnly = spec.filter((s) => !pageValues.some((value) => jsonEqual(value, s.value)));
  if (pageOnly.length === 1 && specOnly.length === 1) {
    c.differ(where, "example", pageOnly[0], specOnly[0]!.value, [...nodes, specOnly[0]!.node]);
    return;
  }
  for (const value of pageOnly) c.differ(where, "example", value, null, nodes);
  for (const s of specOnly) c.differ(`${where} example ${s.name}`, "example", null, s.value, [s.node]);
}

function firstMedia(container: Node): { mediaType: string; media: Node } | undefined {
  const entry = Object.entries((container?.content ?? {}) as Record<string, Node>)[0];
  return entry === undefined ? undefined : { mediaType: entry[0], media: entry[1] };
}

function compareBody(c: Comparison, page: ApiPage, op: SpecOperation): void {
  const body = c.resolve(op.node.requestBody);
  const content = firstMedia(body);
  if (page.body !== undefined && content === undefined) {
    c.differ("body", "field", page.body.map((f) => f.name), null, [op.node]);
  } else if (page.body === undefined && content !== undefined) {
    const names = Object.keys(c.resolve(content.media.schema)?.properties ?? {});
    c.differ("body", "field", null, names.length > 0 ? names : content.mediaType, [body]);
  } else if (page.body !== undefined && content !== undefined) {
    compareFields(c, "body ", page.body, c.resolve(content.media.schema), true);
  }
  compareExamples(c, "body", page.requestExamples, examplesOf(c, content?.media), body === undefined ? [op.node] : [body, content?.media]);
}

function compareResponses(c: Comparison, page: ApiPage, op: SpecOperation): void {
  const declared = (op.node.responses ?? {}) as Record<string, Node>;
  for (const response of page.responses) {
    const where = `response ${response.status}`;
    const raw = declared[String(response.status)];
    if (raw === undefined) {
      c.differ(where, "status", response.status, null, [op.node]);
      continue;
    }
    const spec = c.resolve(raw);
    const content = firstMedia(spec);
    const schema = c.resolve(content?.media.schema);
    const nodes = [spec, content?.media];
    if (response.body?.kind === "file") {
      if (specType(schema) !== "file") c.differ(where, "type", "file", specType(schema), nodes);
    } else if (response.body?.kind === "fields") {
      if (schema === undefined) c.differ(where, "field", response.body.fields.map((f) => f.name), null, nodes);
      else if (specType(schema) === "file") c.differ(where, "type", "object", "file", nodes);
      else compareFields(c, `${where} `, response.body.fields, schema, false);
    } else if (content !== undefined) {
      c.differ(where, "field", null, content.mediaType, nodes);
    }
    compareExamples(c, where, response.examples, examplesOf(c, content?.media), nodes);
  }
  for (const status of Object.keys(declared)) {
    if (status === "default" || page.responses.some((r) => String(r.status) === status)) continue;
    c.differ(`response ${status}`, "status", null, Number(status), [c.resolve(declared[status])]);
  }
}

export interface Compared {
  findings: Finding[];
  notCompared: NotCompared[];
}

export function comparePage(page: ApiPage, match: Match): Compared {
  if (match.kind === "none") {
    return { findings: [{ where: "operation", aspect: "path", page: `${page.method} ${page.path}`, spec: null, nodes: [] }], notCompared: [] };
  }
  const op = match.operation;
  const c = new Comparison(op.doc);
  if (page.method !== op.method) c.differ("operation", "method", page.method, op.method, [op.node]);
  if (page.path !== op.path) c.differ("operation", "path", page.path, op.path, [op.node]);
  compareParameters(c, page, op);
  compareBody(c, page, op);
  compareResponses(c, page, op);
  for (const item of page.unreadable) c.notCompared.push({ ...item });
  return { findings: c.findings, notCompared: c.notCompared };
}
