/**
 * Client-side validation, derived from the generated operation tables: for every constraint of
 * every parameter and body member, a value just inside the bound reaches fetch and a value just
 * outside it is a ValidationError raised before any I/O. Nothing here restates a limit from the
 * spec; the probes are computed from generated/*.operations.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { operations as bcsOperations } from "../../generated/bcs.operations.js";
import { operations as pcaOperations } from "../../generated/pca.operations.js";
import type { ConstraintSchema, OperationSpec } from "../../src/core/request/operation-spec.js";
import { BcsClient, PcaClient, isValidationError } from "../../src/index.js";
import {
  type FakeClock,
  type RecordedCall,
  type ScriptedFetch,
  bytesResponse,
  decode,
  emptyResponse,
  fakeClock,
  jsonResponse,
  scriptedFetch,
  settle,
  zipBytes, CA_ID, activation } from "./support/fakes.js";

// ---------------------------------------------------------------------------------------------
// Services and a generic way to call any operation of their tables.

type Table = Readonly<Record<string, OperationSpec>>;

interface Service {
  readonly name: string;
  readonly table: Table;
  /** Parameters the client fills from its options. */
  readonly fixed: Readonly<Record<string, string>>;
  make(fetch: typeof globalThis.fetch, clock: FakeClock): object;
}

const PROJECT_ID = "proj1";

/** The spec bounds the X-Auth-Token header; a token of the smallest accepted length. */
function tokenFor(table: Table): string {
  const schema = tokenSchema(table);
  return "t".repeat(Math.max(schema?.minLength ?? 1, 1));
}
function tokenSchema(table: Table): ConstraintSchema | undefined {
  return Object.values(table)
    .flatMap((op) => op.parameters)
    .find((p) => p.in === "header" && p.name === "X-Auth-Token")?.schema;
}
const BCS_TOKEN = tokenFor(bcsOperations);
const PCA_TOKEN = tokenFor(pcaOperations);
const services: readonly Service[] = [
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
function successResponse(op: OperationSpec): Response {
  const success = op.responses[String(op.successStatus)];
  if (op.successStatus === 204 || success?.mediaType === null) return emptyResponse(op.successStatus, { "X-Request-Id": "req-ok" });
  if (success?.binary) return bytesResponse(new Uint8Array([1, 2, 3]), { "X-Request-Id": "req-ok" });
  return jsonResponse(op.successStatus, { result: "ok" }, { "X-Request-Id": "req-ok" });
}

interface Harness {
  readonly fetch: ScriptedFetch;
  readonly clock: FakeClock;
  call(input: unknown): Promise<unknown>;
}

function harness(service: Service, op: OperationSpec): Harness {
  const clock = fakeClock();
  const fetch = scriptedFetch([successResponse(op)], clock);
  const client = service.make(fetch.fetch, clock) as Record<string, (input: unknown) => Promise<unknown>>;
  const method = client[op.operationId];
  if (typeof method !== "function") throw new Error(`${service.name} has no method ${op.operationId}`);
  return { fetch, clock, call: (input) => method.call(client, input) };
}

// ---------------------------------------------------------------------------------------------
// Values built from schemas.

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const FILLERS = ["a", "x", "z", "0", "A"];
const HANDLED_KEYWORDS = new Set([
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
]);
const HANDLED_FORMATS = new Set([undefined, "binary", "int32", "int64"]);

const codePoints = (s: string) => [...s].length;
const isBinarySchema = (schema: ConstraintSchema) => schema.type === "string" && schema.format === "binary";

function patternOf(schema: ConstraintSchema): RegExp | undefined {
  return schema.pattern === undefined ? undefined : new RegExp(schema.pattern, "u");
}

/** A string of exactly `n` code points that matches the schema's pattern. */
function stringOf(schema: ConstraintSchema, n: number): string {
  const re = patternOf(schema);
  for (const filler of FILLERS) {
    const s = filler.repeat(n);
    if (!re || re.test(s)) return s;
  }
  throw new Error(`test setup: no filler string of length ${n} matches ${schema.pattern}`);
}

/** The length of a typical valid string for the schema. */
function typicalLength(schema: ConstraintSchema): number {
  const min = schema.minLength ?? 1;
  const max = schema.maxLength ?? Math.max(min, 8);
  return Math.min(Math.max(min, 8), max);
}

/** A valid value for a schema, with every optional member present. */
function validValue(schema: ConstraintSchema): unknown {
  if (schema.enum !== undefined) return schema.enum[0];
  switch (schema.type) {
    case "string":
      return isBinarySchema(schema) ? zipBytes(64) : stringOf(schema, typicalLength(schema));
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
    default:
      throw new Error(`test setup: no valid value for type ${schema.type}`);
  }
}

/** The flat input of an operation: path and query parameters and body members, all valid. */
function baseInput(service: Service, op: OperationSpec): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const p of op.parameters) {
    if ((p.in === "path" || p.in === "query") && !(p.name in service.fixed)) input[p.name] = validValue(p.schema);
  }
  const body = op.requestBody?.schema;
  if (body) Object.assign(input, validValue(body));
  return input;
}

/** Copies plain objects, keeps everything else (Blobs, byte arrays) by reference. */
function cloneInput<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cloneInput(v);
  return out as T;
}

const REMOVE = Symbol("remove");

/** The input with the member at `path` (dotted) set to `value`, or removed. */
function withMember(base: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
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

type UploadForm = "Uint8Array" | "ArrayBuffer" | "Blob";
function asUpload(bytes: Uint8Array<ArrayBuffer>, form: UploadForm): Uint8Array | ArrayBuffer | Blob {
  if (form === "Uint8Array") return bytes;
  if (form === "ArrayBuffer") return bytes.slice().buffer;
  return new Blob([bytes.slice()]);
}

// ---------------------------------------------------------------------------------------------
// Probes: one value just inside or just outside one constraint.

interface Probe {
  /** Dotted path of the input member the probe sets. */
  readonly path: string;
  readonly label: string;
  readonly value: unknown;
  /** "ok", or the ValidationError expected (parameter defaults to `path`). */
  readonly expect: "ok" | { readonly rule: string; readonly parameter?: string };
}

function wrongTypeValues(schema: ConstraintSchema): unknown[] {
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
    default:
      return [];
  }
}

/** What the schema (only the schema) says about a string, in the validator's order. */
function stringRule(schema: ConstraintSchema, s: string): string | undefined {
  if (schema.enum !== undefined && !schema.enum.includes(s)) return "enum";
  if (schema.minLength !== undefined && codePoints(s) < schema.minLength) return "minLength";
  if (schema.maxLength !== undefined && codePoints(s) > schema.maxLength) return "maxLength";
  if (patternOf(schema)?.test(s) === false) return "pattern";
  return undefined;
}

function probesFor(schema: ConstraintSchema, path: string, required: boolean, isPath: boolean): Probe[] {
  for (const keyword of Object.keys(schema)) {
    if (!HANDLED_KEYWORDS.has(keyword)) throw new Error(`test walker: unhandled keyword ${keyword} at ${path}`);
  }
  if (!HANDLED_FORMATS.has(schema.format)) throw new Error(`test walker: unhandled format ${schema.format} at ${path}`);

  const probes: Probe[] = [];
  const ok = (label: string, value: unknown) => probes.push({ path, label, value, expect: "ok" });
  const bad = (label: string, value: unknown, rule: string) => probes.push({ path, label, value, expect: { rule } });

  ok("valid", validValue(schema));
  if (required) {
    bad("missing", REMOVE, "required");
    bad("undefined", undefined, "required");
  } else {
    ok("omitted", REMOVE);
  }
  for (const value of wrongTypeValues(schema)) bad(`type: ${show(value)}`, value, "type");

  if (schema.enum !== undefined) {
    for (const value of schema.enum) ok(`enum ${JSON.stringify(value)}`, value);
    const near = new Set<string>();
    for (const value of schema.enum) {
      if (typeof value !== "string") continue;
      near.add(value.toLowerCase()).add(` ${value}`).add(`${value} `).add(value.slice(0, -1));
    }
    near.add("");
    for (const value of near) if (!schema.enum.includes(value)) bad(`enum miss ${JSON.stringify(value)}`, value, "enum");
  }

  if (schema.type === "string" && !isBinarySchema(schema) && schema.enum === undefined) {
    const min = schema.minLength;
    const max = schema.maxLength;
    if (min !== undefined) {
      ok(`minLength ${min}`, stringOf(schema, min));
      if (min > 0) bad(`minLength ${min} - 1`, stringOf(schema, min - 1), "minLength");
    }
    if (max !== undefined) {
      ok(`maxLength ${max}`, stringOf(schema, max));
      bad(`maxLength ${max} + 1`, stringOf(schema, max + 1), "maxLength");
    }
    if (schema.pattern === undefined) {
      // Lengths count code points: an astral character is one character, two UTF-16 units.
      if (max !== undefined) ok(`maxLength ${max} astral code points`, "😀".repeat(max));
      if (min !== undefined && min > 1) bad(`minLength ${min} - 1 astral code points`, "😀".repeat(min - 1), "minLength");
    } else {
      const re = patternOf(schema)!;
      const base = stringOf(schema, typicalLength(schema));
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

  if (schema.type === "integer" || schema.type === "number") {
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
  return probes;
}

/**
 * Unknown members, including names an object literal inherits from Object.prototype. The spec
 * decides: an object with `additionalProperties: false` refuses them; an open one (as the pages'
 * bodies are: the real API accepts more fields than they list) sends them; an operation without
 * a body has nowhere to put them.
 */
function unknownMemberProbes(prefix: string, schema: ConstraintSchema | undefined): Probe[] {
  const refused = schema === undefined || schema.additionalProperties === false;
  return ["zz_unknown", "constructor", "toString", "hasOwnProperty", "__proto__"].map((name) => ({
    path: `${prefix}${name}`,
    label: `unknown member ${name}`,
    value: "x",
    expect: refused ? { rule: "unknown" } : "ok",
  }));
}

function show(value: unknown): string {
  if (value instanceof DataView) return "DataView";
  if (value instanceof Date) return "Date";
  return typeof value === "number" || value === null || typeof value === "boolean" ? String(value) : JSON.stringify(value);
}

/** Every probe of an operation: each parameter and each body member. */
function operationProbes(service: Service, op: OperationSpec): Probe[] {
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

function templateSegments(op: OperationSpec): string[] {
  return op.path.split("/");
}

/** The value the request carried for an input member, in its wire form. */
async function sentValue(op: OperationSpec, call: RecordedCall, path: string): Promise<unknown> {
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

async function expectSent(op: OperationSpec, call: RecordedCall, path: string, value: unknown): Promise<void> {
  const sent = await sentValue(op, call, path);
  if (value === REMOVE || value === undefined) return expect(sent).toBeUndefined();
  if (value instanceof Uint8Array || value instanceof ArrayBuffer || value instanceof Blob) {
    const bytes = value instanceof Blob ? new Uint8Array(await value.arrayBuffer()) : new Uint8Array(value);
    expect(sent).toBeInstanceOf(Blob);
    expect(new Uint8Array(await (sent as Blob).arrayBuffer())).toEqual(bytes);
    return;
  }
  if (typeof value === "object" && value !== null) return expect(sent).toEqual(value);
  expect(sent).toEqual(op.requestBody?.mediaType === "application/json" && !isParam(op, path) ? value : String(value));
}

const isParam = (op: OperationSpec, path: string) => op.parameters.some((p) => p.name === path.split(".")[0]);

async function expectValidationError(
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

describe("validation walks the generated operation tables", () => {
  for (const service of services) {
    for (const op of Object.values(service.table)) {
      describe(`${service.name}.${op.operationId}`, () => {
        const probes = operationProbes(service, op);
        const base = baseInput(service, op);

        it("has probes for every constraint", () => {
          expect(probes.length).toBeGreaterThan(10);
        });

        it.each(probes.map((p) => [`${p.path}: ${p.label}`, p] as const))("%s", async (_, probe) => {
          const h = harness(service, op);
          const input = withMember(base, probe.path, probe.value);
          if (probe.expect === "ok") {
            const outcome = await settle(h.call(input));
            if (!outcome.ok) throw outcome.error;
            expect(h.fetch.calls).toHaveLength(1);
            await expectSent(op, h.fetch.calls[0]!, probe.path, probe.value);
          } else {
            await expectValidationError(h.call(input), h.fetch, {
              parameter: probe.expect.parameter ?? probe.path,
              rule: probe.expect.rule,
            });
          }
        });
      });
    }
  }

  it("covers every keyword that occurs in the tables", () => {
    const seen = new Set<string>();
    const visit = (schema: ConstraintSchema) => {
      for (const k of Object.keys(schema)) seen.add(k);
      for (const member of Object.values(schema.properties ?? {})) visit(member);
      if (schema.items) visit(schema.items);
    };
    for (const service of services) {
      for (const op of Object.values(service.table)) {
        for (const p of op.parameters) visit(p.schema);
        if (op.requestBody) visit(op.requestBody.schema);
      }
    }
    for (const k of seen) expect(HANDLED_KEYWORDS.has(k), k).toBe(true);
    // The tables do constrain lengths, patterns, enums, ranges and uploads: the walk is not empty.
    for (const k of ["minLength", "maxLength", "pattern", "enum", "minimum", "maximum", "required", "x-max-bytes"]) {
      expect(seen.has(k), k).toBe(true);
    }
  });
});

describe("the X-Auth-Token header parameter bounds the token", () => {
  for (const service of services) {
    const schema = tokenSchema(service.table);
    const op = Object.values(service.table)[0]!;
    const cases: Array<[string, number | undefined, string]> = [
      ["maxLength", schema?.maxLength, "ok"],
      ["maxLength + 1", schema?.maxLength === undefined ? undefined : schema.maxLength + 1, "maxLength"],
      ["minLength", schema?.minLength, "ok"],
      ["minLength - 1", schema?.minLength === undefined ? undefined : schema.minLength - 1, "minLength"],
    ];
    it.each(cases)(`${service.name}: a token of %s (%s characters)`, async (_, length, outcome) => {
      expect(length).toBeDefined();
      const token = "k".repeat(length!);
      const clock = fakeClock();
      const fetch = scriptedFetch([successResponse(op)], clock);
      const withToken: Service = { ...service, make: (f, c) => rebuild(service, f, c, token) };
      const client = withToken.make(fetch.fetch, clock) as Record<string, (input: unknown) => Promise<unknown>>;
      const call = client[op.operationId]!.call(client, baseInput(service, op));
      if (outcome === "ok") {
        await call;
        expect(fetch.calls).toHaveLength(1);
        expect(fetch.calls[0]!.headers.get("X-Auth-Token")).toBe(token);
      } else {
        const result = await settle(call);
        const error = result.ok ? undefined : result.error;
        if (!isValidationError(error)) throw new Error(`expected a ValidationError, got ${String(error)}`);
        expect(error.parameter).toBe("X-Auth-Token");
        expect(error.rule).toBe(outcome);
        expect(error.value).toBe("<redacted>");
        expect(error.message).toContain("X-Auth-Token");
        expect(error.message).toContain(`rule: ${outcome}`);
        if (token.length > 2) expect(error.message).not.toContain(token);
        expect(fetch.calls).toHaveLength(0);
      }
    });
  }
});

function rebuild(service: Service, fetch: typeof globalThis.fetch, clock: FakeClock, token: string): object {
  return service.name === "BcsClient"
    ? new BcsClient({ endpoint: "https://bcs.example.test", projectId: PROJECT_ID, credentials: { token }, fetch, clock, env: {} })
    : new PcaClient({ endpoint: "https://ccm.example.test", credentials: { token }, fetch, clock, env: {} });
}

// ---------------------------------------------------------------------------------------------
// Specific behaviours.

function bcs(steps = [jsonResponse(200, { result: "ok" }, { "X-Request-Id": "r1" })]) {
  const clock = fakeClock();
  const fetch = scriptedFetch(steps, clock);
  const client = new BcsClient({ endpoint: "https://bcs.example.test", projectId: PROJECT_ID, credentials: { token: BCS_TOKEN }, fetch: fetch.fetch, clock, env: {} });
  return { client, fetch, clock };
}

function pca(steps = [emptyResponse(204, { "X-Request-Id": "r1" })]) {
  const clock = fakeClock();
  const fetch = scriptedFetch(steps, clock);
  const client = new PcaClient({ endpoint: "https://ccm.example.test", credentials: { token: PCA_TOKEN }, fetch: fetch.fetch, clock, env: {} });
  return { client, fetch, clock };
}


describe("input shape", () => {
  it.each([null, "x", [], 42, new Map()])("rejects a non-object input %s before I/O", async (input) => {
    const { client, fetch } = bcs();
    await expectValidationError(client.freezeUserCertificate(input as never), fetch, { parameter: "input", rule: "type" });
  });

  it("sends members the open body schemas do not name (the current API has more fields than the pages)", async () => {
    const { client, fetch } = pca();
    await client.activateCertificateAuthority({ ...activation, key_algorithm: "EC256", validity: { ...activation.validity, unit: "y" } } as never);
    expect(fetch.calls).toHaveLength(1);
    expect(JSON.parse(new TextDecoder().decode(fetch.calls[0]!.body))).toMatchObject({ key_algorithm: "EC256", validity: { unit: "y" } });
  });

  it("rejects members an operation without a body has nowhere to put", async () => {
    const { client, fetch } = bcs();
    await expectValidationError(
      client.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "user", colour: "red" } as never),
      fetch,
      { parameter: "colour", rule: "unknown" },
    );
  });

  it("never sends X-Auth-Token from the input in a body", async () => {
    const { client, fetch } = pca();
    await expectValidationError(client.revokeCertificateAuthority({ ca_id: CA_ID, "X-Auth-Token": "leak" } as never), fetch, {
      parameter: "X-Auth-Token",
      rule: "unknown",
    });
  });

  it("rejects project_id in the input: the client fills it", async () => {
    const { client, fetch } = bcs();
    await expectValidationError(
      client.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "user", project_id: "other" } as never),
      fetch,
      { parameter: "project_id", rule: "unknown" },
    );
  });

  it("rejects a header parameter passed as input", async () => {
    const { client, fetch } = bcs();
    await expectValidationError(
      client.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "user", "X-Auth-Token": "x" } as never),
      fetch,
      { parameter: "X-Auth-Token", rule: "unknown" },
    );
  });
});

describe("path and query values cannot change the request", () => {
  const tricky = ["a/b", "a?b=1", "a#frag", "100%", "%2e%2e", ".%2e", "...", "ü", "😀", "a b", "a\\b", "$&$'", "{user_name}"];

  it.each(tricky)("blockchain_id and org_name %j are one percent-encoded segment each", async (value) => {
    const { client, fetch } = bcs();
    await client.freezeUserCertificate({ blockchain_id: value, org_name: value, user_name: "alice" });
    expect(fetch.calls).toHaveLength(1);
    const url = fetch.calls[0]!.url;
    const enc = encodeURIComponent(value);
    expect(url.origin).toBe("https://bcs.example.test");
    expect(url.pathname).toBe(`/v2/${PROJECT_ID}/blockchains/${enc}/orgs/${enc}/usercert/alice/freeze`);
    expect(url.search).toBe("");
    expect(url.hash).toBe("");
    const segments = url.pathname.split("/");
    expect(segments).toHaveLength(templateSegments(bcsOperations.freezeUserCertificate).length);
    expect(decodeURIComponent(segments[4]!)).toBe(value);
  });

  it.each(tricky)("ca_id %j padded to a valid length stays one segment", async (value) => {
    const { client, fetch } = pca();
    // Padded by code points, as the spec's lengths count them (an emoji is one, not two).
    const caId = value + "x".repeat(36 - [...value].length);
    expect([...caId]).toHaveLength(36);
    await client.revokeCertificateAuthority({ ca_id: caId });
    const url = fetch.calls[0]!.url;
    expect(url.pathname).toBe(`/v1/private-certificate-authorities/${encodeURIComponent(caId)}/revoke`);
    expect(url.search).toBe("");
  });

  it.each(["", ".", ".."])("path value %j is rejected before I/O", async (value) => {
    for (const member of ["blockchain_id", "org_name"] as const) {
      const { client, fetch } = bcs();
      const input = { blockchain_id: "b", org_name: "o", user_name: "alice", [member]: value };
      await expectValidationError(client.unfreezeUserCertificate(input), fetch, { parameter: member, rule: "path-segment" });
    }
  });

  it.each(tricky)("query value org_name %j arrives intact and adds no parameter", async (value) => {
    const { client, fetch } = bcs([bytesResponse(new Uint8Array([1]))]);
    await client.downloadCertificates({ blockchain_id: "b", org_name: `${value}&cert_type=ca`, cert_type: "user" });
    const url = fetch.calls[0]!.url;
    expect(url.searchParams.getAll("org_name")).toEqual([`${value}&cert_type=ca`]);
    expect(url.searchParams.getAll("cert_type")).toEqual(["user"]);
    expect(url.hash).toBe("");
  });
});

describe("uploads for freeze and unfreeze", () => {
  const maxBytes = bcsOperations.freezeUserCertificate.requestBody.schema.properties.file["x-max-bytes"];

  for (const operation of ["freezeUserCertificate", "unfreezeUserCertificate"] as const) {
    it.each(["Uint8Array", "ArrayBuffer", "Blob"] as const)(`${operation} sends a %s as the file part file.zip`, async (form) => {
      const { client, fetch } = bcs();
      const bytes = zipBytes(100);
      bytes[50] = 7;
      const result = await client[operation]({ blockchain_id: "b", org_name: "o", user_name: "alice", file: asUpload(bytes, form) });
      expect(result).toEqual({ result: "ok", requestId: "r1" });
      expect(fetch.calls).toHaveLength(1);
      const call = fetch.calls[0]!;
      expect(call.method).toBe("POST");
      const contentType = call.headers.get("content-type") ?? "";
      expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
      const text = decode(call.body);
      expect(text).toMatch(/Content-Disposition: form-data; name="file"; filename="file\.zip"/);
      expect(text).toMatch(/Content-Type: application\/zip/);
      const formData = await new Response(call.body, { headers: { "content-type": contentType } }).formData();
      expect([...formData.keys()]).toEqual(["file"]);
      const file = formData.get("file") as File;
      expect(file.name).toBe("file.zip");
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    });

    it(`${operation} sends only the bytes of a Uint8Array view`, async () => {
      const { client, fetch } = bcs();
      const backing = new Uint8Array(200).fill(9);
      backing.set([0x50, 0x4b, 0x03, 0x04], 10);
      const view = backing.subarray(10, 60);
      await client[operation]({ blockchain_id: "b", org_name: "o", user_name: "alice", file: view });
      const contentType = fetch.calls[0]!.headers.get("content-type")!;
      const formData = await new Response(fetch.calls[0]!.body, { headers: { "content-type": contentType } }).formData();
      expect(new Uint8Array(await (formData.get("file") as File).arrayBuffer())).toEqual(new Uint8Array(view));
    });

    it(`${operation} rejects more than x-max-bytes and non-zip content before I/O`, async () => {
      for (const form of ["Uint8Array", "ArrayBuffer", "Blob"] as const) {
        const big = bcs();
        await expectValidationError(
          big.client[operation]({ blockchain_id: "b", org_name: "o", user_name: "alice", file: asUpload(zipBytes(maxBytes + 1), form) }),
          big.fetch,
          { parameter: "file", rule: "x-max-bytes" },
        );
        const notZip = bcs();
        await expectValidationError(
          notZip.client[operation]({ blockchain_id: "b", org_name: "o", user_name: "alice", file: asUpload(new TextEncoder().encode("hello"), form) }),
          notZip.fetch,
          { parameter: "file", rule: "zip" },
        );
      }
    });
  }

  it("x-max-bytes is the page's \"less than 30 KB\": at most 30719 bytes", () => {
    expect(maxBytes).toBe(30 * 1024 - 1);
  });
});

describe("bodies", () => {
  it("start_from accepts a Date and sends epoch milliseconds", async () => {
    const { client, fetch } = pca();
    const start = new Date(Date.UTC(2030, 5, 1, 12, 30, 15, 250));
    await client.activateCertificateAuthority({ ...activation, validity: { ...activation.validity, start_from: start } });
    const body = JSON.parse(decode(fetch.calls[0]!.body));
    expect(body.validity.start_from).toBe(start.getTime());
    expect(body.validity).toEqual({ type: "YEAR", value: 1, start_from: 1906547415250 });
  });

  it("start_from accepts a number and sends it as given", async () => {
    const { client, fetch } = pca();
    await client.activateCertificateAuthority({ ...activation, validity: { ...activation.validity, start_from: 1_900_000_000_000 } });
    expect(JSON.parse(decode(fetch.calls[0]!.body)).validity.start_from).toBe(1_900_000_000_000);
  });

  it("start_from rejects an invalid Date before I/O", async () => {
    const { client, fetch } = pca();
    await expectValidationError(
      client.activateCertificateAuthority({ ...activation, validity: { ...activation.validity, start_from: new Date(Number.NaN) } }),
      fetch,
      { parameter: "validity.start_from", rule: "date" },
    );
  });

  it("activate sends exactly the given members as JSON", async () => {
    const { client, fetch } = pca();
    const result = await client.activateCertificateAuthority(activation);
    expect(result).toEqual({ requestId: "r1" });
    const call = fetch.calls[0]!;
    expect(call.url.pathname).toBe(`/v1/private-certificate-authorities/${CA_ID}/activate`);
    expect(call.headers.get("content-type")).toBe("application/json");
    const { ca_id: _, ...body } = activation;
    expect(JSON.parse(decode(call.body))).toEqual(body);
  });

  it.each([[{ ca_id: CA_ID }], [{ ca_id: CA_ID, reason: undefined }]])("revoke without a reason sends exactly {} (%j)", async (input) => {
    const { client, fetch } = pca();
    await client.revokeCertificateAuthority(input as { ca_id: string });
    expect(decode(fetch.calls[0]!.body)).toBe("{}");
    expect(fetch.calls[0]!.headers.get("content-type")).toBe("application/json");
  });

  it("revoke with a reason sends it", async () => {
    const { client, fetch } = pca();
    await client.revokeCertificateAuthority({ ca_id: CA_ID, reason: "KEY_COMPROMISE" });
    expect(decode(fetch.calls[0]!.body)).toBe('{"reason":"KEY_COMPROMISE"}');
  });

  it("generate without security_mode sends exactly {}", async () => {
    const { client, fetch } = bcs([bytesResponse(new Uint8Array([1, 2]), { "X-Request-Id": "g1" })]);
    const result = await client.generateUserCertificate({ blockchain_id: "b", org_name: "o", user_name: "alice" });
    expect(result.data).toEqual(new Uint8Array([1, 2]));
    expect(result.requestId).toBe("g1");
    expect(decode(fetch.calls[0]!.body)).toBe("{}");
    expect(fetch.calls[0]!.headers.get("content-type")).toBe("application/json");
  });

  it("generate with security_mode sends it", async () => {
    const { client, fetch } = bcs([bytesResponse(new Uint8Array([1]))]);
    await client.generateUserCertificate({ blockchain_id: "b", org_name: "o", user_name: "alice", security_mode: false });
    expect(decode(fetch.calls[0]!.body)).toBe('{"security_mode":false}');
  });
});

// ---------------------------------------------------------------------------------------------
// Property: around each constraint, either a ValidationError and no fetch, or exactly one fetch.

interface Leaf {
  readonly service: Service;
  readonly op: OperationSpec;
  readonly path: string;
  readonly schema: ConstraintSchema;
  readonly required: boolean;
  readonly isPath: boolean;
}

function leaves(): Leaf[] {
  const out: Leaf[] = [];
  for (const service of services) {
    for (const op of Object.values(service.table)) {
      const add = (path: string, schema: ConstraintSchema, required: boolean, isPath: boolean) => {
        out.push({ service, op, path, schema, required, isPath });
        const req = new Set(schema.required ?? []);
        for (const [name, member] of Object.entries(schema.properties ?? {})) add(`${path}.${name}`, member, req.has(name), false);
      };
      for (const p of op.parameters) {
        if ((p.in === "path" || p.in === "query") && !(p.name in service.fixed)) add(p.name, p.schema, p.required, p.in === "path");
      }
      const body = op.requestBody?.schema;
      const req = new Set(body?.required ?? []);
      for (const [name, member] of Object.entries(body?.properties ?? {})) add(name, member, req.has(name), false);
    }
  }
  return out;
}

const CHARS = ["a", "b", "z", "0", "9", "A", "-", "_", ".", "/", "?", "#", "%", " ", "é", "😀"];

function around(n: number | undefined): number[] {
  return n === undefined ? [] : [n - 2, n - 1, n, n + 1, n + 2];
}

interface Generated {
  readonly value: unknown;
  /** The bytes behind an upload, for the oracle (a Blob cannot be read synchronously). */
  readonly bytes?: Uint8Array;
}

function valueArbitrary(leaf: Leaf): fc.Arbitrary<Generated> {
  const { schema } = leaf;
  const plain = (arb: fc.Arbitrary<unknown>) => arb.map((value): Generated => ({ value }));
  const misc = plain(fc.constantFrom<unknown>(undefined, null, 42, 1.5, true, "x", "", [], {}));
  if (isBinarySchema(schema)) {
    const max = schema["x-max-bytes"] ?? 1024;
    const size = fc.oneof(fc.constantFrom(0, 3, 4, 5, ...around(max).filter((n) => n >= 0)), fc.integer({ min: 0, max: max + 8 }));
    const upload = fc.tuple(size, fc.boolean(), fc.constantFrom<UploadForm>("Uint8Array", "ArrayBuffer", "Blob")).map(([n, zip, form]): Generated => {
      const bytes = zip ? zipBytes(Math.max(n, 0)) : new Uint8Array(n).fill(0x41);
      if (zip && n < 4) bytes.set([0x50, 0x4b, 0x03, 0x04].slice(0, n));
      return { value: asUpload(bytes, form), bytes };
    });
    return fc.oneof({ arbitrary: upload, weight: 4 }, { arbitrary: misc, weight: 1 });
  }
  switch (schema.type) {
    case "string": {
      const lengths = [0, 1, ...around(schema.minLength), ...around(schema.maxLength)].filter((n) => n >= 0);
      const maxLen = (schema.maxLength ?? 40) + 3;
      const length = fc.oneof(fc.constantFrom(...lengths), fc.integer({ min: 0, max: maxLen }));
      const filled = fc.tuple(length, fc.constantFrom(...FILLERS)).map(([n, c]) => c.repeat(n));
      const mixed = length.chain((n) => fc.array(fc.constantFrom(...CHARS), { minLength: n, maxLength: n }).map((cs) => cs.join("")));
      const edited = fc.tuple(filled, fc.constantFrom(...CHARS), fc.nat()).map(([s, c, i]) => {
        const cps = [...s];
        if (cps.length > 0) cps[i % cps.length] = c;
        return cps.join("");
      });
      const options: fc.Arbitrary<unknown>[] = [filled, mixed, edited, fc.constantFrom("", ".", "..")];
      if (schema.enum) {
        const values = schema.enum.filter((v): v is string => typeof v === "string");
        options.push(fc.constantFrom(...values), fc.constantFrom(...values.flatMap((v) => [v.toLowerCase(), `${v} `, v.slice(1)])));
      }
      return fc.oneof(...options.map((a) => ({ arbitrary: plain(a), weight: 3 })), { arbitrary: misc, weight: 1 });
    }
    case "integer":
    case "number": {
      const edges = [
        0,
        ...around(schema.minimum),
        ...around(schema.maximum),
        INT32_MIN - 1,
        INT32_MIN,
        INT32_MAX,
        INT32_MAX + 1,
        Number.MAX_SAFE_INTEGER,
        Number.MAX_SAFE_INTEGER + 1,
        -Number.MAX_SAFE_INTEGER - 1,
      ];
      return fc.oneof(
        plain(fc.constantFrom(...edges)),
        plain(fc.integer({ min: -20, max: 20 })),
        plain(fc.integer()),
        plain(fc.double()),
        plain(fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, "1", null)),
        misc,
      );
    }
    case "boolean":
      return fc.oneof(plain(fc.boolean()), plain(fc.constantFrom("true", 0, 1, null)), misc);
    case "object": {
      const valid = validValue(schema) as Record<string, unknown>;
      const dropped = (schema.required ?? []).map((name) => withMember(valid, name, REMOVE));
      return fc.oneof(plain(fc.constantFrom<unknown>(valid, ...dropped, {}, [], "x", null)), misc);
    }
    default:
      return misc;
  }
}

/** The failures the schema predicts (parameter and rule); empty when the value is valid. */
function predictedFailures(leaf: Leaf, generated: Generated): Array<{ parameter: string; rule: string }> {
  const { schema, path } = leaf;
  const { value } = generated;
  const fail = (rule: string, parameter = path) => [{ parameter, rule }];
  if (value === undefined) return leaf.required ? fail("required") : [];
  if (isBinarySchema(schema)) {
    const isUpload = value instanceof Uint8Array || value instanceof ArrayBuffer || value instanceof Blob;
    if (!isUpload) return fail("type");
    const bytes = generated.bytes!;
    const maxBytes = schema["x-max-bytes"];
    if (maxBytes !== undefined && bytes.byteLength > maxBytes) return fail("x-max-bytes");
    const zip = [0x50, 0x4b, 0x03, 0x04].every((b, i) => bytes[i] === b);
    if (schema.contentMediaType === "application/zip" && !zip) return fail("zip");
    return [];
  }
  switch (schema.type) {
    case "string": {
      if (typeof value !== "string") return fail("type");
      const rule = stringRule(schema, value);
      if (rule) return fail(rule);
      if (leaf.isPath && (value === "" || value === "." || value === "..")) return fail("path-segment");
      return [];
    }
    case "integer":
    case "number": {
      if (schema.type === "integer" ? !Number.isSafeInteger(value) : !(typeof value === "number" && Number.isFinite(value))) {
        return fail("type");
      }
      const n = value as number;
      if (schema.minimum !== undefined && n < schema.minimum) return fail("minimum");
      if (schema.maximum !== undefined && n > schema.maximum) return fail("maximum");
      if (schema.format === "int32" && (n < INT32_MIN || n > INT32_MAX)) return fail("format");
      return [];
    }
    case "boolean":
      return typeof value === "boolean" ? [] : fail("type");
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("type");
      const record = value as Record<string, unknown>;
      const missing = (schema.required ?? []).filter((name) => record[name] === undefined);
      return missing.map((name) => ({ parameter: `${path}.${name}`, rule: "required" }));
    }
    default:
      return [];
  }
}

describe("property: validation and I/O never mix", () => {
  const all = leaves();
  const bases = new Map(all.map((leaf) => [leaf.op, baseInput(leaf.service, leaf.op)]));

  it("throws a ValidationError without fetch, or calls fetch exactly once", async () => {
    const sample = fc.constantFrom(...all).chain((leaf) => valueArbitrary(leaf).map((generated) => ({ leaf, generated })));
    let validations = 0;
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(sample, async ({ leaf, generated }) => {
        const h = harness(leaf.service, leaf.op);
        const input = withMember(bases.get(leaf.op)!, leaf.path, generated.value === undefined ? REMOVE : generated.value);
        const outcome = await settle(h.call(input));
        const calls = h.fetch.calls.length;
        const predicted = predictedFailures(leaf, generated);
        if (!outcome.ok && isValidationError(outcome.error)) {
          validations++;
          expect(calls).toBe(0);
          expect(predicted).toContainEqual({ parameter: outcome.error.parameter, rule: outcome.error.rule });
        } else {
          sent++;
          expect(calls).toBe(1);
          if (!outcome.ok) throw outcome.error;
          expect(predicted).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
    // Both sides of the bounds were exercised.
    expect(validations).toBeGreaterThan(40);
    expect(sent).toBeGreaterThan(40);
  });
});
