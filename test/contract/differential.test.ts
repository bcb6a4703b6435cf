/**
 * Differential: the SDK's client-side validator against Prism, for every operation.
 *
 * fast-check generates parameter sets around every constraint of the generated operation tables
 * (enum values and near-misses, string lengths at and around minLength/maxLength, pattern-
 * conforming and violating strings, integers around minimum/maximum and their format's range,
 * fractions, missing required members, wrong JSON types). For each one:
 *
 * - SDK verdict: the call through the public client, with a fetch that only records whether a
 *   request went out. "invalid" = ValidationError and nothing sent; "valid" = a request was sent.
 * - Prism verdict: the status of the answer to that request or, when the SDK sent nothing, to the
 *   same request built by hand. 2xx without `sl-violations` = "valid"; 400 with `sl-violations`
 *   = "invalid"; anything else fails the run.
 *
 * The two must agree on every run. Inputs are restricted to what the wire can express equally;
 * each exclusion is named where it is made (search for "EXCLUDED").
 */
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { operations as bcsOperations } from "../../generated/bcs.operations.js";
import { operations as pcaOperations } from "../../generated/pca.operations.js";
import type { ConstraintSchema, OperationSpec, ParameterSpec } from "../../src/core/request/operation-spec.js";
import { BcsClient, PcaClient, type Upload, isValidationError } from "../../src/index.js";

const mock = inject("mock");

/** Per operation; 50 operations make about 5000 requests through the gateway and Prism. */
const NUM_RUNS = Math.max(100, Number(process.env.DIFFERENTIAL_RUNS ?? 100));
/** Fixed so CI is reproducible; set DIFFERENTIAL_SEED to explore (fast-check prints it on failure). */
const SEED = Number(process.env.DIFFERENTIAL_SEED ?? 20_240_611);
/** Per operation: 200 runs take 1 to 2 s here; fail rather than run on if Prism stalls. */
const TIME_LIMIT_MS = 45_000;
const REQUEST_TIMEOUT_MS = 10_000;

type Api = "bcs" | "pca";
type Verdict = "valid" | "invalid";
type Input = Record<string, unknown>;

const tables: Record<Api, Readonly<Record<string, OperationSpec>>> = { bcs: bcsOperations, pca: pcaOperations };

/**
 * Path values the client fills from its options (BcsClient: project_id). They are not operation
 * input (the SDK rejects them as input), so they are not generated.
 */
const CLIENT_FILLED: Record<Api, Readonly<Record<string, string>>> = {
  bcs: { project_id: mock.credentials.projectId },
  pca: {},
};

// ---------------------------------------------------------------------------------------------
// Generators, derived from the constraint schemas of the operation tables.
//
// Every schema yields two arms: `good` values meant to satisfy it (bounds included) and `bad`
// near-misses (just outside a bound, off-pattern, off-enum, another JSON type, a missing required
// member). Each member takes its bad arm with weight 1 against `spread` (the operation's number
// of members that have one), so about a third of the inputs break no rule and the rest break one
// or a few: both sides of every constraint are probed.

/** A member left out of the input (and so of the wire). */
const ABSENT = Symbol("absent");
type Maybe = unknown;

/** Where a value travels: a path segment or query value (always a string), or JSON. */
type Wire = "path" | "query" | "json";

interface Arms {
  readonly good: fc.Arbitrary<Maybe>;
  /** Undefined when nothing wire-expressible can break the schema. */
  readonly bad: fc.Arbitrary<Maybe> | undefined;
}

/** Code points to build strings from; astral ones count 1 code point and 2 UTF-16 units. */
const CHARSETS: readonly (readonly string[])[] = [
  [..."abcdefghijklmnopqrstuvwxyz0123456789"],
  [..."0123456789abcdef-"],
  [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"],
  [..." !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~abcXYZ019"],
  [..."éüßЖ中文ñ\u00a0\u200b"],
  [..."😀𝒜𠀀🇺a"],
];
const charsetArb = fc.constantFrom(...CHARSETS);
/** Code points that break most patterns when swapped in. */
const INTRUDERS = [..."A Z_-.é😀0/%"];

function codePoints(s: string): string[] {
  return [...s];
}

/** A string of exactly `length` code points from one charset. */
function stringOfLength(length: number): fc.Arbitrary<string> {
  return charsetArb.chain((chars) =>
    fc.array(fc.constantFrom(...chars), { minLength: length, maxLength: length }).map((a) => a.join("")),
  );
}

/**
 * Stretches or cuts a pattern-conforming string to `length` code points by repeating it, when the
 * result still conforms (true of the usual `^[x][y]*$` shapes); otherwise keeps it as it is.
 */
function fitToLength(s: string, length: number, re: RegExp): string {
  const points = codePoints(s);
  if (points.length === 0) return s;
  const stretched = Array.from({ length }, (_, i) => points[i % points.length]).join("");
  return re.test(stretched) ? stretched : s;
}

/**
 * Strings longer than this are not generated. EXCLUDED: the upper bounds of the PEM members
 * (certificate chains up to 2097152 characters): a few megabytes a request through the gateway
 * and Prism two hundred times would take minutes for what the unit walker checks in memory.
 */
const LONGEST = 65_536;

/** Lengths inside the bounds (the bounds and their inner neighbours often), and just outside. */
function lengthsOf(schema: ConstraintSchema): { inside: fc.Arbitrary<number>; outside: fc.Arbitrary<number> | undefined } {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? Math.max(min, 8) + 24, LONGEST);
  const inner = [min, min + 1, max - 1, max].filter((n) => n >= min && n <= max);
  const outer = [...(min > 0 ? [min - 1] : []), ...(schema.maxLength !== undefined && schema.maxLength < LONGEST ? [max + 1] : [])];
  return {
    // Long strings at the edges only: random lengths up to 256.
    inside: fc.oneof(fc.constantFrom(...inner), fc.integer({ min, max: Math.min(max, Math.max(min, 256)) })),
    outside: outer.length > 0 ? fc.constantFrom(...outer) : undefined,
  };
}

/** EXCLUDED for path values: "", "." and ".." change which URL is requested (the SDK's path-segment rule). */
function wireExpressible(wire: Wire, value: Maybe): boolean {
  return wire !== "path" || (value !== "" && value !== "." && value !== "..");
}

function oneOrNone(arbs: readonly fc.Arbitrary<Maybe>[]): fc.Arbitrary<Maybe> | undefined {
  return arbs.length === 0 ? undefined : fc.oneof(...arbs);
}

/**
 * Values of another JSON type. EXCLUDED for path and query values: the URL carries only text, so
 * the SDK's type rule there has no wire equivalent (5 and "5" are the same segment).
 */
function wrongTypes(wire: Wire, values: readonly unknown[]): fc.Arbitrary<Maybe>[] {
  return wire === "json" ? [fc.constantFrom(...values)] : [];
}

function stringArms(schema: ConstraintSchema, wire: Wire): Arms {
  const bad: fc.Arbitrary<Maybe>[] = [];
  let good: fc.Arbitrary<Maybe>;
  if (schema.enum !== undefined) {
    const values = schema.enum.filter((v): v is string => typeof v === "string");
    good = fc.constantFrom(...values);
    // Near-misses: case changes, padding, truncation, an extra character, empty, unknown.
    const near = fc.constantFrom(...values).chain((v) =>
      fc.constantFrom(
        v.toLowerCase(),
        v.toUpperCase(),
        v.charAt(0).toUpperCase() + v.slice(1).toLowerCase(),
        ` ${v}`,
        `${v} `,
        v.slice(0, -1),
        `${v}x`,
        `${v}_${v}`,
        "",
        "UNKNOWN",
      ),
    );
    bad.push(near.filter((v) => !values.includes(v)));
  } else {
    const { inside, outside } = lengthsOf(schema);
    if (schema.pattern !== undefined) {
      const re = new RegExp(schema.pattern, "u");
      const conforming = (lengths: fc.Arbitrary<number>) =>
        fc.tuple(fc.stringMatching(re, { size: "medium" }), lengths).map(([s, n]) => fitToLength(s, n, re));
      good = conforming(inside);
      if (outside) bad.push(conforming(outside));
      // One code point swapped for an intruder: usually breaks the pattern, keeps the length.
      const swapped = fc.tuple(good, fc.nat(), fc.constantFrom(...INTRUDERS)).map(([s, i, c]) => {
        const points = codePoints(s as string);
        if (points.length === 0) return c;
        points[i % points.length] = c;
        return points.join("");
      });
      bad.push(swapped, inside.chain(stringOfLength));
    } else {
      good = inside.chain(stringOfLength);
      if (outside) bad.push(outside.chain(stringOfLength));
    }
  }
  bad.push(...wrongTypes(wire, [0, 1, true, null, [], {}]));
  const expressible = (v: Maybe) => wireExpressible(wire, v);
  return { good: good.filter(expressible), bad: oneOrNone(bad)?.filter(expressible) };
}

function integerArms(schema: ConstraintSchema, wire: Wire = "json"): Arms {
  if (schema.enum !== undefined) {
    // The enum holds the only valid integers: near ones are not.
    const values = schema.enum.filter((v): v is number => typeof v === "number");
    const near = values.flatMap((v) => [v - 1, v + 1]).filter((v) => !values.includes(v));
    return {
      good: fc.constantFrom(...values),
      bad: fc.oneof(fc.constantFrom(...near), ...wrongTypes(wire, [String(values[0]), null, true])),
    };
  }
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : undefined);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : undefined);
  // The range of the format. The SDK refuses integers beyond ±(2^53 - 1), which a JS number cannot
  // hold exactly; Prism bounds int64 (and int32) inside that range too, so with either format they
  // are generated. EXCLUDED: such integers for a schema without one (none today), where the SDK's
  // rule would be client-only.
  const sized = schema.format === "int32" || schema.format === "int64";
  const range =
    schema.format === "int32" ? { lo: -(2 ** 31), hi: 2 ** 31 - 1 } : { lo: Number.MIN_SAFE_INTEGER, hi: Number.MAX_SAFE_INTEGER };
  const lo = Math.max(min ?? range.lo, range.lo);
  const hi = Math.min(max ?? range.hi, range.hi);
  const edgesIn = [lo, lo + 1, hi - 1, hi, 0, 1, -1].filter((n) => n >= lo && n <= hi);
  // 2^53 and beyond are exact in a double and in JSON, but not safe integers.
  const unsafe = sized ? [2 ** 53, -(2 ** 53), 2 ** 60, 2 ** 63, -(2 ** 63), 1e21] : [];
  const outside = (ns: number[]) => ns.filter((n) => Number.isSafeInteger(n) && (n < lo || n > hi));
  const justOutside = outside([lo - 1, hi + 1]);
  const farOutside = outside([range.lo - 1, range.hi + 1, range.lo, range.hi]).concat(unsafe);
  const fraction = fc.constantFrom(...edgesIn).map((n) => n + 0.5);
  return {
    good: fc.oneof(fc.constantFrom(...edgesIn), fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31 - 1) }), fc.integer({ min: lo, max: hi })),
    bad: fc.oneof(
      ...(justOutside.length > 0 ? [{ arbitrary: fc.constantFrom(...justOutside), weight: 4 }] : []),
      ...(farOutside.length > 0 ? [{ arbitrary: fc.constantFrom(...farOutside), weight: 2 }] : []),
      { arbitrary: fraction, weight: 1 },
      ...wrongTypes(wire, [String(lo), "1", true, null, [], {}]).map((arbitrary) => ({ arbitrary, weight: 1 })),
    ),
  };
}

function booleanArms(): Arms {
  return { good: fc.boolean(), bad: wrongTypes("json", ["true", "false", 0, 1, null])[0] };
}

/**
 * An object's members by its schema, sometimes with a member the schema does not name: both
 * sides must accept it where the schema is open (the pages' bodies are: the real API accepts more
 * fields than they list) and refuse it under `additionalProperties: false`.
 */
function objectArms(schema: ConstraintSchema, spread: number): Arms {
  return { good: membersArb(schema, spread), bad: wrongTypes("json", ["x", 1, null, [], true])[0] };
}

/**
 * A JSON array by its items' schema and its item counts: good items within the counts; bad, one
 * bad item among good ones, one item too many or too few, or another JSON type.
 */
function arrayArms(schema: ConstraintSchema, spread: number): Arms {
  const item = arms(schema.items ?? {}, "json", spread);
  const min = schema.minItems ?? 0;
  const max = Math.min(schema.maxItems ?? min + 3, min + 3);
  const bad: fc.Arbitrary<Maybe>[] = [];
  if (item.bad) {
    const badItem = item.bad.filter((v) => v !== ABSENT);
    bad.push(fc.tuple(fc.array(item.good, { minLength: Math.max(0, min - 1), maxLength: Math.max(0, max - 1) }), badItem).map(([items, wrong]) => [...items, wrong]));
  }
  if (schema.maxItems !== undefined) bad.push(fc.array(item.good, { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 1 }));
  if (min > 0) bad.push(fc.array(item.good, { minLength: min - 1, maxLength: min - 1 }));
  bad.push(...wrongTypes("json", ["x", 1, true, null, {}]));
  return { good: fc.array(item.good, { minLength: min, maxLength: max }), bad: oneOrNone(bad) };
}

function arms(schema: ConstraintSchema, wire: Wire, spread: number): Arms {
  switch (schema.type) {
    case "string":
      return stringArms(schema, wire);
    case "integer":
      return integerArms(schema);
    case "boolean":
      return booleanArms();
    case "object":
      return objectArms(schema, spread);
    case "array":
      return arrayArms(schema, spread);
    default:
      throw new Error(`no generator for schema type ${String(schema.type)}: extend the differential test`);
  }
}

/**
 * A member's value: good, or with weight 1 against `spread` bad. A required member's bad arm
 * includes leaving it out; an optional member is left out as often as not among the good ones.
 */
function memberArb({ good, bad }: Arms, required: boolean, spread: number): fc.Arbitrary<Maybe> {
  const fine = required ? good : fc.oneof(good, fc.constant(ABSENT));
  const broken = required ? (bad ? fc.oneof(bad, fc.constant(ABSENT)) : fc.constant(ABSENT)) : bad;
  return broken ? fc.oneof({ arbitrary: fine, weight: spread }, { arbitrary: broken, weight: 1 }) : fine;
}

function compact(record: Record<string, Maybe>): Input {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== ABSENT));
}

function membersArb(schema: ConstraintSchema, spread: number): fc.Arbitrary<Input> {
  const required = new Set(schema.required ?? []);
  const members: Record<string, fc.Arbitrary<Maybe>> = {};
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    members[name] = memberArb(arms(sub, "json", spread), required.has(name), spread);
  }
  return withExtraMember(fc.record(members).map(compact), schema);
}

/** A ZIP local file header signature padded with zeros to `size` bytes. */
function zipOfSize(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set([0x50, 0x4b, 0x03, 0x04].slice(0, size));
  return bytes;
}

/**
 * A multipart part: a Uint8Array, an ArrayBuffer or a Blob (typed or not; Prism does not check a
 * part's Content-Type). Multipart has no types on the wire (every field is text or a file), so
 * only absent or a well-formed upload is expressible. EXCLUDED: non-binary values (the SDK's type
 * rule, invisible once sent as a text part), files over x-max-bytes and files without the ZIP
 * signature (client-only rules Prism cannot see: format binary accepts any bytes).
 */
function uploadArms(schema: ConstraintSchema): Arms {
  const max = schema["x-max-bytes"] ?? 1024;
  const bytes = fc.oneof(fc.constantFrom(4, 22, max - 1, max), fc.integer({ min: 4, max })).map(zipOfSize);
  const types = ["", schema.contentMediaType ?? "", "application/octet-stream", "text/plain"];
  const forms = fc.tuple(bytes, fc.constantFrom("Uint8Array", "ArrayBuffer", ...types)).map(([b, form]): Upload =>
    form === "Uint8Array" ? b : form === "ArrayBuffer" ? b.buffer : new Blob([b], form === "" ? {} : { type: form }),
  );
  return { good: forms, bad: undefined };
}

/** How many members (at any depth) have a bad arm: the odds against breaking each one. */
function spreadOf(op: OperationSpec): number {
  let count = 0;
  const walk = (schema: ConstraintSchema) => {
    count++;
    for (const sub of Object.values(schema.properties ?? {})) walk(sub);
    if (schema.items) walk(schema.items);
  };
  for (const param of op.parameters) if (param.in === "query" || (param.in === "path" && constrained(param.schema))) count++;
  if (op.requestBody?.mediaType === "application/json") for (const sub of Object.values(op.requestBody.schema.properties ?? {})) walk(sub);
  return Math.max(1, count);
}

/** Whether a path or query string can be broken on the wire (it has a rule besides its type). */
function constrained(schema: ConstraintSchema): boolean {
  return schema.enum !== undefined || schema.minLength !== undefined || schema.maxLength !== undefined || schema.pattern !== undefined;
}

/**
 * The flat input of an operation: its path and query parameters and its body members.
 * EXCLUDED: header parameters (X-Auth-Token is a credential set by the authenticator from the
 * client options, not call input; the gateway answers an empty one 401 and Node's HTTP server
 * rejects one near maxLength with 431, so Prism never sees its bounds); missing path parameters
 * (a missing segment changes the URL, like "").
 */
function inputArb(api: Api, op: OperationSpec): fc.Arbitrary<Input> {
  const spread = spreadOf(op);
  const members: Record<string, fc.Arbitrary<Maybe>> = {};
  for (const param of op.parameters) {
    if (param.in === "header" || CLIENT_FILLED[api][param.name] !== undefined) continue;
    if (param.in !== "path" && param.in !== "query") throw new Error(`${op.operationId}: ${param.in} parameters not covered`);
    // EXCLUDED for a query integer: another JSON type (the URL carries text only).
    const typed = param.schema.type === "integer" ? integerArms(param.schema, param.in) : stringArms(param.schema, param.in);
    // EXCLUDED: an empty value of an optional query parameter. Prism reads `name=` as the
    // parameter left out; the SDK refuses "" (the service would get an empty value), as it does
    // for a required one, where both agree.
    const nonEmpty = (v: Maybe) => v !== "";
    const a = param.in === "query" && !param.required ? { good: typed.good.filter(nonEmpty), bad: typed.bad?.filter(nonEmpty) } : typed;
    members[param.name] =
      param.in === "path"
        ? a.bad
          ? fc.oneof({ arbitrary: a.good, weight: spread }, { arbitrary: a.bad, weight: 1 })
          : a.good
        : memberArb(a, param.required, spread);
  }
  const body = op.requestBody;
  if (body !== null) {
    for (const [name, sub] of Object.entries(body.schema.properties ?? {})) {
      const required = (body.schema.required ?? []).includes(name);
      const a = body.mediaType === "multipart/form-data" ? uploadArms(sub) : arms(sub, "json", spread);
      members[name] = memberArb(a, required, spread);
    }
  }
  // EXCLUDED: extra members of an operation without a body (the SDK refuses them: they have no
  // place on the wire, and OpenAPI cannot forbid unknown query parameters), and extra parts of a
  // multipart form (the spec closes the form, but Prism does not validate multipart parts at all).
  const plain = fc.record(members).map(compact);
  return body?.mediaType === "application/json" ? withExtraMember(plain, body.schema) : plain;
}

/** Sometimes adds a member the schema does not name (refused only under additionalProperties: false). */
function withExtraMember(input: fc.Arbitrary<Input>, schema: ConstraintSchema): fc.Arbitrary<Input> {
  const names = ["zz_extra", "key_algorithm", "colour"].filter((n) => !Object.hasOwn(schema.properties ?? {}, n));
  const extra = fc.option(fc.constantFrom(...names), { nil: undefined, freq: 3 });
  return fc.tuple(input, extra).map(([value, name]) => (name === undefined ? value : { ...value, [name]: "x" }));
}

/**
 * Whether any generated input can break a rule Prism sees: a query parameter, a constrained path
 * parameter or a JSON body. (Freeze and unfreeze have none: free-form path strings and an upload.)
 */
function canBeInvalid(op: OperationSpec): boolean {
  return (
    op.parameters.some((p) => p.in === "query" || (p.in === "path" && constrained(p.schema))) ||
    op.requestBody?.mediaType === "application/json"
  );
}

// ---------------------------------------------------------------------------------------------
// The two verdicts.

interface Answer {
  status: number;
  violations: string | null;
}

function prismVerdict(answer: Answer): Verdict | string {
  if (answer.status >= 200 && answer.status < 300 && answer.violations === null) return "valid";
  if (answer.status === 400 && answer.violations !== null) return "invalid";
  return `unexpected answer ${answer.status} (sl-violations: ${answer.violations ?? "none"})`;
}

/** The request the SDK should send for `input`, built by hand, sent to Prism through the gateway. */
async function sendRaw(api: Api, op: OperationSpec, input: Input): Promise<Answer> {
  let path = op.path;
  const query: string[] = [];
  const params = new Set<string>();
  for (const param of op.parameters as readonly ParameterSpec[]) {
    params.add(param.name);
    const value = CLIENT_FILLED[api][param.name] ?? input[param.name];
    if (param.in === "path") path = path.replace(`{${param.name}}`, encodeURIComponent(String(value)));
    if (param.in === "query" && value !== undefined) query.push(`${param.name}=${encodeURIComponent(String(value))}`);
  }
  const headers = new Headers({ "X-Auth-Token": mock.credentials.token });
  let body: string | FormData | undefined;
  const bodyMembers = Object.fromEntries(Object.entries(input).filter(([name]) => !params.has(name)));
  if (op.requestBody?.mediaType === "application/json") {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(bodyMembers);
  } else if (op.requestBody?.mediaType === "multipart/form-data" && Object.keys(bodyMembers).length > 0) {
    const form = new FormData();
    for (const [name, value] of Object.entries(bodyMembers)) {
      const upload = value as Upload;
      const given = upload instanceof Blob ? upload.type : "";
      const type = given || (op.requestBody.schema.properties?.[name]?.contentMediaType ?? "application/octet-stream");
      form.append(name, new Blob([upload instanceof Uint8Array ? new Uint8Array(upload) : upload], { type }), `${name}.zip`);
    }
    body = form;
  }
  const url = `${mock.endpoints[api]}${path}${query.length > 0 ? `?${query.join("&")}` : ""}`;
  const response = await fetch(url, {
    method: op.method,
    headers,
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  await response.arrayBuffer();
  return { status: response.status, violations: response.headers.get("sl-violations") };
}

/** What the recording fetch saw during one SDK call. */
let seen: Answer[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  seen.push({ status: response.status, violations: response.headers.get("sl-violations") });
  return response;
};

const common = { credentials: { token: mock.credentials.token }, fetch: recordingFetch, maxRetries: 0, timeoutMs: REQUEST_TIMEOUT_MS };
const bcs = new BcsClient({ ...common, endpoint: mock.endpoints.bcs, projectId: mock.credentials.projectId });
const pca = new PcaClient({ ...common, endpoint: mock.endpoints.pca });

const clientsByApi: Record<Api, object> = { bcs, pca };
/** Every operation through its client's method of the same name: none is listed by hand. */
function sdkCall(api: Api, op: OperationSpec, input: Input): Promise<unknown> {
  const method = (clientsByApi[api] as Record<string, (input: Input) => Promise<unknown>>)[op.operationId];
  if (typeof method !== "function") throw new Error(`${api} client has no method ${op.operationId}`);
  return method.call(clientsByApi[api], input);
}

interface Outcome {
  sdk: Verdict;
  prism: Verdict | string;
  /** Prism's verdict on the hand-built request, also for inputs the SDK sent (checks the builder). */
  raw: Verdict | string;
  detail: string;
}

async function judge(api: Api, op: OperationSpec, input: Input): Promise<Outcome> {
  seen = [];
  let error: unknown;
  try {
    await sdkCall(api, op, input);
  } catch (e) {
    error = e;
  }
  const raw = await sendRaw(api, op, input);
  const rawVerdict = prismVerdict(raw);
  const sent = seen[0];
  if (seen.length > 1) throw new Error(`the SDK sent ${seen.length} requests`);
  if (sent === undefined) {
    if (!isValidationError(error)) throw new Error(`nothing sent, yet no ValidationError: ${String(error)}`);
    return { sdk: "invalid", prism: rawVerdict, raw: rawVerdict, detail: `SDK: ${error.message}; Prism: ${raw.violations ?? raw.status}` };
  }
  return { sdk: "valid", prism: prismVerdict(sent), raw: rawVerdict, detail: `Prism: ${sent.violations ?? sent.status}` };
}

function isUpload(v: unknown): v is Upload {
  return v instanceof Uint8Array || v instanceof ArrayBuffer || v instanceof Blob;
}

function describeUpload(v: Upload): string {
  if (v instanceof Blob) return `<Blob ${v.size} bytes, type "${v.type}">`;
  return `<${v.constructor.name} ${v.byteLength} bytes>`;
}

// ---------------------------------------------------------------------------------------------

const all = (Object.keys(tables) as Api[]).flatMap((api) => Object.values(tables[api]).map((op) => ({ api, op })));

describe("the SDK validator and Prism agree on every generated input", () => {
  it("covers every operation of the BCS and PCA documents, each a method of its client", () => {
    expect(all.length).toBe(Object.keys(bcsOperations).length + Object.keys(pcaOperations).length);
    for (const { api, op } of all) expect(typeof (clientsByApi[api] as Record<string, unknown>)[op.operationId], op.operationId).toBe("function");
  });

  it.each(all.map(({ api, op }, i) => [op.operationId, api, op, i] as const))(
    "%s",
    async (_id, api, op, index) => {
      const counts = { valid: 0, invalid: 0 };
      await fc.assert(
        fc.asyncProperty(inputArb(api, op), async (input) => {
          const outcome = await judge(api, op, input);
          const shown = `${JSON.stringify(input, (_k, v: unknown) => (isUpload(v) ? describeUpload(v) : v))}\n${outcome.detail}`;
          expect(outcome.prism, shown).toBe(outcome.sdk);
          expect(outcome.raw, `hand-built request disagrees: ${shown}`).toBe(outcome.sdk);
          counts[outcome.sdk]++;
        }),
        { numRuns: NUM_RUNS, seed: SEED + index, plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS, { failOnInterrupt: true })] },
      );
      // The generators must probe both sides of the constraints, not only one.
      expect(counts.valid, JSON.stringify(counts)).toBeGreaterThanOrEqual(NUM_RUNS / 10);
      if (canBeInvalid(op)) expect(counts.invalid, JSON.stringify(counts)).toBeGreaterThanOrEqual(NUM_RUNS / 10);
      else expect(counts.invalid, JSON.stringify(counts)).toBe(0);
    },
    60_000,
  );
});
