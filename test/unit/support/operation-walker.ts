/**
 * The validation tests' walker over the generated operation tables: a client per service and a
 * generic way to call any operation, a valid value for any schema, the probes around each
 * constraint (a value just inside and just outside every bound), the leaves (every input an
 * operation takes) and the rules each can break, read from the schemas alone. Nothing here
 * restates a limit from the spec.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { operations as bcsOperations } from "../../../generated/bcs.operations.js";
import { operations as pcaOperations } from "../../../generated/pca.operations.js";
import type { ConstraintSchema, OperationSpec } from "../../../src/core/request/operation-spec.js";
import { BcsClient, PcaClient, isValidationError } from "../../../src/index.js";
import { type FakeClock, type RecordedCall, type ScriptedFetch, bytesResponse, decode, emptyResponse, fakeClock, jsonResponse, scriptedFetch, settle, zipBytes } from "./fakes.js";

// ---------------------------------------------------------------------------------------------
// Services and a generic way to call any operation of their tables.

export type Table = Readonly<Record<string, OperationSpec>>;

export interface Service {
  readonly name: string;
  readonly table: Table;
  /** Parameters the client fills from its options. */
  readonly fixed: Readonly<Record<string, string>>;
  make(fetch: typeof globalThis.fetch, clock: FakeClock): object;
}

export const PROJECT_ID = "proj1";

/** The spec bounds the X-Auth-Token header; a token of the smallest accepted length. */
export function tokenFor(table: Table): string {
  const schema = tokenSchema(table);
  return "t".repeat(Math.max(schema?.minLength ?? 1, 1));
}
export function tokenSchema(table: Table): ConstraintSchema | undefined {
  return Object.values(table)
    .flatMap((op) => op.parameters)
    .find((p) => p.in === "header" && p.name === "X-Auth-Token")?.schema;
}
export const BCS_TOKEN = tokenFor(bcsOperations);
export const PCA_TOKEN = tokenFor(pcaOperations);
export const services: readonly Service[] = [
  {
    name: "BcsClient",
    table: bcsOperations,
    fixed: { project_id: PROJECT_ID },
    make: (fetch, clock) =>
      new BcsClient({ endpoint: "https://bcs.example.test", projectId: PROJECT_ID, credentials: { token: BCS_TOKEN }, fetch, clock, env: {} }),
  },
  {
    name: "PcaClient",
    table: pcaOperations,
    fixed: {},
    make: (fetch, clock) => new PcaClient({ endpoint: "https://ccm.example.test", credentials: { token: PCA_TOKEN }, fetch, clock, env: {} }),
  },
];

/** The answer a successful call gets, from the table's success response. */
export function successResponse(op: OperationSpec): Response {
  const success = op.responses[String(op.successStatus)];
  if (op.successStatus === 204 || success?.mediaType === null) return emptyResponse(op.successStatus, { "X-Request-Id": "req-ok" });
  if (success?.binary) return bytesResponse(new Uint8Array([1, 2, 3]), { "X-Request-Id": "req-ok" });
  return jsonResponse(op.successStatus, { result: "ok" }, { "X-Request-Id": "req-ok" });
}

export interface Harness {
  readonly fetch: ScriptedFetch;
  readonly clock: FakeClock;
  call(input: unknown): Promise<unknown>;
}

export function harness(service: Service, op: OperationSpec): Harness {
  const clock = fakeClock();
  const fetch = scriptedFetch([successResponse(op)], clock);
  const client = service.make(fetch.fetch, clock) as Record<string, (input: unknown) => Promise<unknown>>;
  const method = client[op.operationId];
  if (typeof method !== "function") throw new Error(`${service.name} has no method ${op.operationId}`);
  return { fetch, clock, call: (input) => method.call(client, input) };
}

// ---------------------------------------------------------------------------------------------
// Values built from schemas.

export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;
export const FILLERS = ["a", "x", "z", "0", "A"];
export const HANDLED_KEYWORDS = new Set([
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
  "contentMediaType",
  "x-max-bytes",
  "items",
  "minItems",
  "maxItems",
  "x-epoch-milliseconds",
]);
// `password` only masks the value in messages (iam-secrets.test.ts); its lengths are probed like any string's.
export const HANDLED_FORMATS = new Set([undefined, "binary", "int32", "int64", "password"]);

export const codePoints = (s: string) => [...s].length;
/** The name a ValidationError gives a member at a dotted path: array indexes in brackets (`tags.0.key` is `tags[0].key`). */
export const parameterOf = (path: string) => path.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
export const isEpochSchema = (schema: ConstraintSchema) => schema["x-epoch-milliseconds"] === true;
export const isBinarySchema = (schema: ConstraintSchema) => schema.type === "string" && schema.format === "binary";

export function patternOf(schema: ConstraintSchema): RegExp | undefined {
  return schema.pattern === undefined ? undefined : new RegExp(schema.pattern, "u");
}

/**
 * Strings the pattern itself generates (a fixed seed, so every run sees the same), for patterns no
 * filler repeat matches (a two-letter country code, a day count, "all" or an ID).
 */
function generatedMatches(re: RegExp): string[] {
  return fc.sample(fc.stringMatching(re), { numRuns: 500, seed: 20_240_611 });
}

/** A string of exactly `n` code points that matches the schema's pattern, or undefined when none is found. */
export function matchingString(schema: ConstraintSchema, n: number): string | undefined {
  const re = patternOf(schema);
  for (const filler of FILLERS) {
    const s = filler.repeat(n);
    if (!re || re.test(s)) return s;
  }
  return re ? generatedMatches(re).find((s) => codePoints(s) === n) : undefined;
}

/** A string of exactly `n` code points that matches the schema's pattern. */
export function stringOf(schema: ConstraintSchema, n: number): string {
  const s = matchingString(schema, n);
  if (s === undefined) throw new Error(`test setup: no string of length ${n} matches ${schema.pattern}`);
  return s;
}

/**
 * A string `n` code points long for a probe that breaks a length rule: one that matches the
 * pattern where one exists, else any (the length rules are checked before the pattern).
 */
export function lengthMiss(schema: ConstraintSchema, n: number): string {
  return matchingString(schema, n) ?? FILLERS[0]!.repeat(n);
}

/** The length of a typical valid string for the schema. */
export function typicalLength(schema: ConstraintSchema): number {
  const min = schema.minLength ?? 1;
  const max = schema.maxLength ?? Math.max(min, 8);
  return Math.min(Math.max(min, 8), max);
}

/** A typical valid string: of the typical length, or of any length the schema allows when the pattern fixes the lengths. */
export function typicalString(schema: ConstraintSchema): string {
  const s = matchingString(schema, typicalLength(schema));
  if (s !== undefined) return s;
  const re = patternOf(schema);
  const fits = (t: string) => codePoints(t) >= (schema.minLength ?? 0) && codePoints(t) <= (schema.maxLength ?? Infinity);
  const any = re ? generatedMatches(re).find(fits) : undefined;
  if (any === undefined) throw new Error(`test setup: no string matches ${schema.pattern} within the lengths`);
  return any;
}

/** A valid value for a schema, with every optional member present. */
export function validValue(schema: ConstraintSchema): unknown {
  if (schema.enum !== undefined) return schema.enum[0];
  switch (schema.type) {
    case "string":
      return isBinarySchema(schema) ? zipBytes(64) : typicalString(schema);
    case "integer":
    case "number":
      return schema.minimum ?? schema.maximum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case "boolean":
      return true;
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(schema.properties ?? {})) out[name] = validValue(member);
      return out;
    }
    case "array":
      return Array.from({ length: Math.min(Math.max(schema.minItems ?? 1, 1), schema.maxItems ?? 1) }, () => validValue(schema.items ?? {}));
    default:
      throw new Error(`test setup: no valid value for type ${schema.type}`);
  }
}

/** The flat input of an operation: path and query parameters and body members, all valid. */
export function baseInput(service: Service, op: OperationSpec): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const p of op.parameters) {
    if ((p.in === "path" || p.in === "query") && !(p.name in service.fixed)) input[p.name] = validValue(p.schema);
  }
  const body = op.requestBody?.schema;
  if (body) Object.assign(input, validValue(body));
  return input;
}

/** Copies plain objects and arrays, keeps everything else (Blobs, byte arrays, Dates) by reference. */
export function cloneInput<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneInput) as T;
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cloneInput(v);
  return out as T;
}

export const REMOVE = Symbol("remove");

/** The input with the member at `path` (dotted) set to `value`, or removed. */
export function withMember(base: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const input = cloneInput(base);
  const keys = path.split(".");
  let target = input;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === REMOVE) delete target[last];
  // defineProperty, so that a key like "__proto__" becomes an own member, as JSON.parse makes it.
  else Object.defineProperty(target, last, { value, enumerable: true, writable: true, configurable: true });
  return input;
}

export type UploadForm = "Uint8Array" | "ArrayBuffer" | "Blob";
export function asUpload(bytes: Uint8Array<ArrayBuffer>, form: UploadForm): Uint8Array | ArrayBuffer | Blob {
  if (form === "Uint8Array") return bytes;
  if (form === "ArrayBuffer") return bytes.slice().buffer;
  return new Blob([bytes.slice()]);
}

// ---------------------------------------------------------------------------------------------
// Probes: one value just inside or just outside one constraint.

export interface Probe {
  /** Dotted path of the input member the probe sets. */
  readonly path: string;
  readonly label: string;
  readonly value: unknown;
  /** "ok", or the ValidationError expected (parameter defaults to `path`). */
  readonly expect: "ok" | { readonly rule: string; readonly parameter?: string };
}

export function wrongTypeValues(schema: ConstraintSchema): unknown[] {
  if (isBinarySchema(schema)) return ["PK\u0003\u0004", 42, [0x50, 0x4b, 3, 4], new DataView(zipBytes(8).buffer)];
  switch (schema.type) {
    case "string":
      return [42, true, null, ["a"], {}];
    case "integer":
      return [1.5, "1", Number.NaN, Number.POSITIVE_INFINITY, null, true];
    case "number":
      return ["1", Number.NaN, null];
    case "boolean":
      return ["true", 1, null];
    case "object":
      return ["x", [], null, 1, new Date(0)];
    case "array":
      return ["x", {}, null, 1];
    default:
      return [];
  }
}

/** What the schema (only the schema) says about a string, in the validator's order. */
export function stringRule(schema: ConstraintSchema, s: string): string | undefined {
  if (schema.enum !== undefined && !schema.enum.includes(s)) return "enum";
  if (schema.minLength !== undefined && codePoints(s) < schema.minLength) return "minLength";
  if (schema.maxLength !== undefined && codePoints(s) > schema.maxLength) return "maxLength";
  if (patternOf(schema)?.test(s) === false) return "pattern";
  return undefined;
}

export function probesFor(schema: ConstraintSchema, path: string, required: boolean | "item", isPath: boolean): Probe[] {
  for (const keyword of Object.keys(schema)) {
    if (!HANDLED_KEYWORDS.has(keyword)) throw new Error(`test walker: unhandled keyword ${keyword} at ${path}`);
  }
  if (!HANDLED_FORMATS.has(schema.format)) throw new Error(`test walker: unhandled format ${schema.format} at ${path}`);

  const probes: Probe[] = [];
  const parameter = parameterOf(path);
  const ok = (label: string, value: unknown) => probes.push({ path, label, value, expect: "ok" });
  const bad = (label: string, value: unknown, rule: string) =>
    probes.push({ path, label, value, expect: parameter === path ? { rule } : { rule, parameter } });

  ok("valid", validValue(schema));
  // An array's item is always there; a member may be left out.
  if (required === true) {
    bad("missing", REMOVE, "required");
    bad("undefined", undefined, "required");
  } else if (required === false) {
    ok("omitted", REMOVE);
  }
  if (isEpochSchema(schema)) {
    ok("a Date", new Date(Date.UTC(2030, 0, 2, 3, 4, 5)));
    bad("an invalid Date", new Date(Number.NaN), "date");
  }
  for (const value of wrongTypeValues(schema)) bad(`type: ${show(value)}`, value, "type");

  if (schema.enum !== undefined) {
    for (const value of schema.enum) ok(`enum ${JSON.stringify(value)}`, value);
    // Near misses of the enum's own type (another type is a type error, checked first).
    const near = new Set<unknown>();
    for (const value of schema.enum) {
      if (typeof value === "string") near.add(value.toLowerCase()).add(` ${value}`).add(`${value} `).add(value.slice(0, -1)).add("");
      if (typeof value === "number") near.add(value + 1).add(value - 1);
    }
    for (const value of near) if (!schema.enum.includes(value as never)) bad(`enum miss ${JSON.stringify(value)}`, value, "enum");
  }

  if (schema.type === "string" && !isBinarySchema(schema) && schema.enum === undefined) {
    const min = schema.minLength;
    const max = schema.maxLength;
    if (min !== undefined) {
      ok(`minLength ${min}`, stringOf(schema, min));
      if (min > 0) bad(`minLength ${min} - 1`, lengthMiss(schema, min - 1), "minLength");
    }
    if (max !== undefined) {
      ok(`maxLength ${max}`, stringOf(schema, max));
      bad(`maxLength ${max} + 1`, lengthMiss(schema, max + 1), "maxLength");
    }
    if (schema.pattern === undefined) {
      // Lengths count code points: an astral character is one character, two UTF-16 units.
      if (max !== undefined) ok(`maxLength ${max} astral code points`, "😀".repeat(max));
      if (min !== undefined && min > 1) bad(`minLength ${min} - 1 astral code points`, "😀".repeat(min - 1), "minLength");
    } else {
      const re = patternOf(schema)!;
      const base = typicalString(schema);
      ok("pattern match", base);
      const mutations = ["0", "A", "-", "_", " ", "é", "😀", "/", "."].flatMap((c) => [c + base.slice(1), base.slice(0, -1) + c]);
      const { pattern: _pattern, ...unpatterned } = schema;
      const misses = mutations.filter((s) => !re.test(s) && stringRule(unpatterned, s) === undefined);
      if (misses.length === 0) throw new Error(`test walker: cannot build a near miss of ${schema.pattern}`);
      for (const s of misses.slice(0, 4)) bad(`pattern miss ${JSON.stringify(s)}`, s, "pattern");
    }
    if (isPath) {
      for (const s of ["", ".", ".."]) {
        const rule = stringRule(schema, s) ?? "path-segment";
        bad(`path segment ${JSON.stringify(s)}`, s, rule);
      }
    }
  }

  // An enum holds the only valid numbers: ranges and formats cannot be broken apart from it.
  if ((schema.type === "integer" || schema.type === "number") && schema.enum === undefined) {
    const step = schema.type === "integer" ? 1 : 0.5;
    const inRange = (n: number) =>
      (schema.minimum === undefined || n >= schema.minimum) &&
      (schema.maximum === undefined || n <= schema.maximum) &&
      (schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum) &&
      (schema.exclusiveMaximum === undefined || n < schema.exclusiveMaximum);
    if (schema.minimum !== undefined) {
      ok(`minimum ${schema.minimum}`, schema.minimum);
      bad(`minimum ${schema.minimum} - ${step}`, schema.minimum - step, "minimum");
    }
    if (schema.maximum !== undefined) {
      ok(`maximum ${schema.maximum}`, schema.maximum);
      bad(`maximum ${schema.maximum} + ${step}`, schema.maximum + step, "maximum");
    }
    if (schema.exclusiveMinimum !== undefined) {
      ok(`exclusiveMinimum ${schema.exclusiveMinimum} + ${step}`, schema.exclusiveMinimum + step);
      bad(`exclusiveMinimum ${schema.exclusiveMinimum}`, schema.exclusiveMinimum, "exclusiveMinimum");
    }
    if (schema.exclusiveMaximum !== undefined) {
      ok(`exclusiveMaximum ${schema.exclusiveMaximum} - ${step}`, schema.exclusiveMaximum - step);
      bad(`exclusiveMaximum ${schema.exclusiveMaximum}`, schema.exclusiveMaximum, "exclusiveMaximum");
    }
    if (schema.format === "int32") {
      for (const n of [INT32_MAX, INT32_MIN]) if (inRange(n)) ok(`int32 edge ${n}`, n);
      for (const n of [INT32_MAX + 1, INT32_MIN - 1]) if (inRange(n)) bad(`int32 overflow ${n}`, n, "format");
    }
    if (schema.format === "int64" || (schema.type === "integer" && schema.format === undefined)) {
      // int64 reaches past what a JS number holds exactly: the SDK accepts safe integers only.
      for (const n of [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) if (inRange(n)) ok(`safe integer edge ${n}`, n);
      for (const n of [Number.MAX_SAFE_INTEGER + 1, Number.MIN_SAFE_INTEGER - 1]) if (inRange(n)) bad(`unsafe integer ${n}`, n, "type");
    }
  }

  if (isBinarySchema(schema)) {
    const maxBytes = schema["x-max-bytes"];
    const zip = schema.contentMediaType === "application/zip";
    for (const form of ["Uint8Array", "ArrayBuffer", "Blob"] as const) {
      ok(`${form} upload`, asUpload(zipBytes(64), form));
      if (maxBytes !== undefined) {
        ok(`${form} of x-max-bytes ${maxBytes}`, asUpload(zipBytes(maxBytes), form));
        bad(`${form} of x-max-bytes ${maxBytes} + 1`, asUpload(zipBytes(maxBytes + 1), form), "x-max-bytes");
      }
      if (zip) {
        bad(`${form} without a ZIP signature`, asUpload(new TextEncoder().encode("not a zip archive"), form), "zip");
        bad(`${form} of 3 bytes "PK\\x03"`, asUpload(new Uint8Array([0x50, 0x4b, 0x03]), form), "zip");
        bad(`${form} empty`, asUpload(new Uint8Array(0), form), "zip");
        bad(`${form} end-of-central-directory only`, asUpload(new Uint8Array([0x50, 0x4b, 0x05, 0x06, 0, 0]), form), "zip");
      }
    }
  }

  if (schema.type === "object") {
    const requiredMembers = new Set(schema.required ?? []);
    for (const [name, member] of Object.entries(schema.properties ?? {})) {
      probes.push(...probesFor(member, `${path}.${name}`, requiredMembers.has(name), false));
    }
    probes.push(...unknownMemberProbes(`${path}.`, schema));
  }

  if (schema.type === "array") {
    const item = validValue(schema.items ?? {});
    const list = (n: number) => Array.from({ length: n }, () => cloneInput(item));
    if (schema.minItems !== undefined) {
      ok(`minItems ${schema.minItems}`, list(schema.minItems));
      if (schema.minItems > 0) bad(`minItems ${schema.minItems} - 1`, list(schema.minItems - 1), "minItems");
    }
    if (schema.maxItems !== undefined) {
      ok(`maxItems ${schema.maxItems}`, list(schema.maxItems));
      bad(`maxItems ${schema.maxItems} + 1`, list(schema.maxItems + 1), "maxItems");
    }
    if (schema.items) probes.push(...probesFor(schema.items, `${path}.0`, "item", false));
  }
  return probes;
}

/**
 * Unknown members, including names an object literal inherits from Object.prototype. The spec
 * decides: an object with `additionalProperties: false` refuses them; an open one (as the pages'
 * bodies are: the real API accepts more fields than they list) sends them; an operation without
 * a body has nowhere to put them.
 */
export function unknownMemberProbes(prefix: string, schema: ConstraintSchema | undefined): Probe[] {
  const refused = schema === undefined || schema.additionalProperties === false;
  return ["zz_unknown", "constructor", "toString", "hasOwnProperty", "__proto__"].map((name) => {
    const path = `${prefix}${name}`;
    const parameter = parameterOf(path);
    return {
      path,
      label: `unknown member ${name}`,
      value: "x",
      expect: refused ? (parameter === path ? { rule: "unknown" } : { rule: "unknown", parameter }) : "ok",
    };
  });
}

export function show(value: unknown): string {
  if (value instanceof DataView) return "DataView";
  if (value instanceof Date) return "Date";
  return typeof value === "number" || value === null || typeof value === "boolean" ? String(value) : JSON.stringify(value);
}

/** Every probe of an operation: each parameter and each body member. */
export function operationProbes(service: Service, op: OperationSpec): Probe[] {
  const probes: Probe[] = [];
  for (const p of op.parameters) {
    if (p.in !== "path" && p.in !== "query") continue;
    if (p.name in service.fixed) {
      probes.push({ path: p.name, label: "filled by the client", value: "other", expect: { rule: "unknown" } });
      continue;
    }
    probes.push(...probesFor(p.schema, p.name, p.required, p.in === "path"));
  }
  const body = op.requestBody?.schema;
  if (body) {
    const requiredMembers = new Set(body.required ?? []);
    for (const [name, member] of Object.entries(body.properties ?? {})) {
      probes.push(...probesFor(member, name, requiredMembers.has(name), false));
    }
  }
  probes.push(...unknownMemberProbes("", op.requestBody?.schema));
  return probes;
}

// ---------------------------------------------------------------------------------------------
// What arrived at fetch.

export function templateSegments(op: OperationSpec): string[] {
  return op.path.split("/");
}

/** The value the request carried for an input member, in its wire form. */
export async function sentValue(op: OperationSpec, call: RecordedCall, path: string): Promise<unknown> {
  const [top, ...rest] = path.split(".");
  const param = op.parameters.find((p) => p.name === top);
  if (param?.in === "path") {
    const index = templateSegments(op).indexOf(`{${param.name}}`);
    const segment = call.url.pathname.split("/")[index];
    return segment === undefined ? undefined : decodeURIComponent(segment);
  }
  if (param?.in === "query") return call.url.searchParams.get(param.name) ?? undefined;
  const media = op.requestBody?.mediaType;
  if (media === "multipart/form-data") {
    if (call.body === undefined) return undefined;
    const type = call.headers.get("content-type") ?? "";
    const form = await new Response(call.body ?? new Uint8Array(0), { headers: { "content-type": type } }).formData();
    return form.get(top!) ?? undefined;
  }
  let value: unknown = JSON.parse(decode(call.body));
  for (const key of [top!, ...rest]) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

export async function expectSent(op: OperationSpec, call: RecordedCall, path: string, value: unknown): Promise<void> {
  const sent = await sentValue(op, call, path);
  if (value === REMOVE || value === undefined) return expect(sent).toBeUndefined();
  // A Date where the spec holds epoch milliseconds goes as its getTime().
  if (value instanceof Date) return expect(sent).toEqual(isParam(op, path) ? String(value.getTime()) : value.getTime());
  if (value instanceof Uint8Array || value instanceof ArrayBuffer || value instanceof Blob) {
    const bytes = value instanceof Blob ? new Uint8Array(await value.arrayBuffer()) : new Uint8Array(value);
    expect(sent).toBeInstanceOf(Blob);
    expect(new Uint8Array(await (sent as Blob).arrayBuffer())).toEqual(bytes);
    return;
  }
  if (typeof value === "object" && value !== null) return expect(sent).toEqual(value);
  expect(sent).toEqual(op.requestBody?.mediaType === "application/json" && !isParam(op, path) ? value : String(value));
}

export const isParam = (op: OperationSpec, path: string) => op.parameters.some((p) => p.name === path.split(".")[0]);

export async function expectValidationError(
  promise: Promise<unknown>,
  fetch: ScriptedFetch,
  expected: { parameter: string; rule: string },
): Promise<void> {
  const outcome = await settle(promise);
  expect(outcome.ok, "the call should have failed").toBe(false);
  const error = outcome.ok ? undefined : outcome.error;
  if (!isValidationError(error)) throw new Error(`expected a ValidationError, got ${String(error)}`);
  expect({ parameter: error.parameter, rule: error.rule }).toEqual(expected);
  expect(error.message).toContain(expected.parameter);
  expect(error.message).toContain(`rule: ${expected.rule}`);
  expect(fetch.calls).toHaveLength(0);
}


// ---------------------------------------------------------------------------------------------
// Property: around each constraint, either a ValidationError and no fetch, or exactly one fetch.

export interface Leaf {
  readonly service: Service;
  readonly op: OperationSpec;
  readonly path: string;
  readonly schema: ConstraintSchema;
  readonly required: boolean;
  readonly isPath: boolean;
}

/** Every input an operation takes: path and query parameters (not those the client fills) and body members, nested. */
export function operationLeaves(service: Service, op: OperationSpec): Leaf[] {
  const out: Leaf[] = [];
  const add = (path: string, schema: ConstraintSchema, required: boolean, isPath: boolean) => {
    out.push({ service, op, path, schema, required, isPath });
    const req = new Set(schema.required ?? []);
    for (const [name, member] of Object.entries(schema.properties ?? {})) add(`${path}.${name}`, member, req.has(name), false);
    // An array's first item stands for all of them (its index is always there: never "required").
    if (schema.type === "array" && schema.items) add(`${path}.0`, schema.items, false, false);
  };
  for (const p of op.parameters) {
    if ((p.in === "path" || p.in === "query") && !(p.name in service.fixed)) add(p.name, p.schema, p.required, p.in === "path");
  }
  const body = op.requestBody?.schema;
  const req = new Set(body?.required ?? []);
  for (const [name, member] of Object.entries(body?.properties ?? {})) add(name, member, req.has(name), false);
  return out;
}

export function leaves(): Leaf[] {
  return services.flatMap((service) => Object.values(service.table).map((op) => operationLeaves(service, op))).flat();
}

/**
 * The rules a value can break at each leaf, as "parameter rule", read from the schemas alone
 * (apart from the probe builder and the generators, which are checked against it): a rule
 * another rule always fires first for (the enum before lengths; a length before "." as a path
 * segment; a maximum below int32's edge) is not one a value can break.
 */
export function constraintsOf(leaves: readonly Leaf[]): Set<string> {
  const out = new Set<string>();
  for (const { path, schema, required, isPath } of leaves) {
    const add = (rule: string) => out.add(`${parameterOf(path)} ${rule}`);
    if (isEpochSchema(schema)) add("date");
    if (schema.minItems !== undefined && schema.minItems > 0) add("minItems");
    if (schema.maxItems !== undefined) add("maxItems");
    if (required) add("required");
    if (schema.type !== undefined) add("type");
    if (isBinarySchema(schema)) {
      if (schema["x-max-bytes"] !== undefined) add("x-max-bytes");
      if (schema.contentMediaType === "application/zip") add("zip");
      continue;
    }
    if (schema.enum !== undefined) add("enum");
    else if (schema.type === "string") {
      if (schema.minLength !== undefined && schema.minLength > 0) add("minLength");
      if (schema.maxLength !== undefined) add("maxLength");
      if (schema.pattern !== undefined) add("pattern");
      if (isPath && ["", ".", ".."].some((s) => stringRule(schema, s) === undefined)) add("path-segment");
    }
    if (schema.enum !== undefined) continue;
    for (const rule of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const) if (schema[rule] !== undefined) add(rule);
    if (schema.format === "int32") {
      const over = (n: number) => (schema.minimum === undefined || n >= schema.minimum) && (schema.maximum === undefined || n <= schema.maximum);
      if (over(INT32_MAX + 1) || over(INT32_MIN - 1)) add("format");
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Specific behaviours.

export function bcs(steps = [jsonResponse(200, { result: "ok" }, { "X-Request-Id": "r1" })]) {
  const clock = fakeClock();
  const fetch = scriptedFetch(steps, clock);
  const client = new BcsClient({ endpoint: "https://bcs.example.test", projectId: PROJECT_ID, credentials: { token: BCS_TOKEN }, fetch: fetch.fetch, clock, env: {} });
  return { client, fetch, clock };
}

export function pca(steps = [emptyResponse(204, { "X-Request-Id": "r1" })]) {
  const clock = fakeClock();
  const fetch = scriptedFetch(steps, clock);
  const client = new PcaClient({ endpoint: "https://ccm.example.test", credentials: { token: PCA_TOKEN }, fetch: fetch.fetch, clock, env: {} });
  return { client, fetch, clock };
}
