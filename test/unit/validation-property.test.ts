/**
 * Property: around each constraint, either a ValidationError and no fetch, or exactly one fetch;
 * seeded, run per leaf, and checked to break every rule of every leaf (support/operation-walker.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidationError } from "../../src/index.js";
import { settle, zipBytes } from "./support/fakes.js";
import {
  services,
  harness,
  INT32_MIN,
  INT32_MAX,
  isBinarySchema,
  validValue,
  baseInput,
  REMOVE,
  withMember,
  type UploadForm,
  asUpload,
  stringRule,
  type Leaf,
  operationLeaves,
  FILLERS,
  constraintsOf,
  isEpochSchema,
  parameterOf,
} from "./support/operation-walker.js";

const CHARS = ["a", "b", "z", "0", "9", "A", "-", "_", ".", "/", "?", "#", "%", " ", "é", "😀"];

function around(n: number | undefined): number[] {
  return n === undefined ? [] : [n - 2, n - 1, n, n + 1, n + 2];
}

interface Generated {
  readonly value: unknown;
  /** The bytes behind an upload, for the oracle (a Blob cannot be read synchronously). */
  readonly bytes?: Uint8Array;
}

/** Values around a leaf's constraints; one in ten is `undefined` (the member left out), for `required`. */
function valueArbitrary(leaf: Leaf): fc.Arbitrary<Generated> {
  return fc.oneof({ arbitrary: aroundConstraints(leaf), weight: 9 }, { arbitrary: fc.constant<Generated>({ value: undefined }), weight: 1 });
}

function aroundConstraints(leaf: Leaf): fc.Arbitrary<Generated> {
  const { schema } = leaf;
  const plain = (arb: fc.Arbitrary<unknown>) => arb.map((value): Generated => ({ value }));
  if (isEpochSchema(schema)) {
    // A Date stands for its milliseconds; an invalid one is refused as such.
    const dates = plain(fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms)), fc.constant(new Date(Number.NaN))));
    return fc.oneof({ arbitrary: dates, weight: 1 }, { arbitrary: numberArbitrary(leaf), weight: 3 });
  }
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
      // The edges weigh most: a random length rarely lands on a bound.
      const length = fc.oneof({ arbitrary: fc.constantFrom(...lengths), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: maxLen }), weight: 1 });
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
      return fc.oneof(...options.map((a) => ({ arbitrary: plain(a), weight: 3 })), { arbitrary: misc, weight: 2 });
    }
    case "integer":
    case "number":
      return numberArbitrary(leaf);
    case "boolean":
      return fc.oneof(plain(fc.boolean()), plain(fc.constantFrom("true", 0, 1, null)), misc);
    case "object": {
      const valid = validValue(schema) as Record<string, unknown>;
      const dropped = (schema.required ?? []).map((name) => withMember(valid, name, REMOVE));
      return fc.oneof(plain(fc.constantFrom<unknown>(valid, ...dropped, {}, [], "x", null)), misc);
    }
    case "array": {
      const item = validValue(schema.items ?? {});
      const lengths = [0, 1, ...around(schema.minItems), ...around(schema.maxItems)].filter((n) => n >= 0);
      const list = fc.constantFrom(...lengths).map((n) => Array.from({ length: n }, () => structuredClone(item)));
      return fc.oneof({ arbitrary: plain(list), weight: 3 }, { arbitrary: misc, weight: 1 });
    }
    default:
      return misc;
  }
}

function numberArbitrary(leaf: Leaf): fc.Arbitrary<Generated> {
  const { schema } = leaf;
  const plain = (arb: fc.Arbitrary<unknown>) => arb.map((value): Generated => ({ value }));
  const misc = plain(fc.constantFrom<unknown>(undefined, null, 42, 1.5, true, "x", "", [], {}));
  {
    {
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
        // The edges weigh most: a random integer rarely lands on a bound.
        { arbitrary: plain(fc.constantFrom(...edges)), weight: 4 },
        { arbitrary: plain(fc.integer({ min: -20, max: 20 })), weight: 1 },
        { arbitrary: plain(fc.integer()), weight: 1 },
        { arbitrary: plain(fc.double()), weight: 1 },
        { arbitrary: plain(fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, "1", null)), weight: 1 },
        { arbitrary: misc, weight: 1 },
      );
    }
  }
}

/** The failures the schema predicts (parameter and rule); empty when the value is valid. */
function predictedFailures(leaf: Leaf, generated: Generated): Array<{ parameter: string; rule: string }> {
  const { schema } = leaf;
  const path = parameterOf(leaf.path);
  let { value } = generated;
  const fail = (rule: string, parameter = path) => [{ parameter, rule }];
  if (value === undefined) return leaf.required ? fail("required") : [];
  if (isEpochSchema(schema) && value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail("date");
    value = value.getTime();
  }
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
      if (schema.enum !== undefined) return schema.enum.includes(n) ? [] : fail("enum");
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
    case "array": {
      if (!Array.isArray(value)) return fail("type");
      if (schema.minItems !== undefined && value.length < schema.minItems) return fail("minItems");
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return fail("maxItems");
      return [];
    }
    default:
      return [];
  }
}

describe("property: validation and I/O never mix", () => {
  // Seeded, so a run is reproducible; every leaf gets its own runs, so a rare leaf is not left to
  // chance. One test per operation: each stays well inside the unit timeout (also under mutation
  // testing's instrumentation), and a failure names its operation.
  const SEED = 20_240_115;
  const RUNS_PER_LEAF = 50;
  const operations = services.flatMap((service) => Object.values(service.table).map((op) => ({ service, op })));

  it.each(operations.map((entry) => [entry.op.operationId, entry] as const))(
    "%s: throws a ValidationError without fetch, or calls fetch exactly once; the generators reach every rule",
    async (_id, { service, op }) => {
      const base = baseInput(service, op);
      const opLeaves = operationLeaves(service, op);
      // The valid base input alone is sent, once (for an operation without members, this is the test).
      const plain = harness(service, op);
      const sentAlone = await settle(plain.call(base));
      if (!sentAlone.ok) throw sentAlone.error;
      expect(plain.fetch.calls).toHaveLength(1);
      /** "parameter rule" → how many generated values broke it. */
      const hits = new Map<string, number>();
      let sent = 0;
      for (const [index, leaf] of opLeaves.entries()) {
        await fc.assert(
          fc.asyncProperty(valueArbitrary(leaf), async (generated) => {
            const h = harness(leaf.service, leaf.op);
            const input = withMember(base, leaf.path, generated.value === undefined ? REMOVE : generated.value);
            const outcome = await settle(h.call(input));
            const calls = h.fetch.calls.length;
            const predicted = predictedFailures(leaf, generated);
            if (!outcome.ok && isValidationError(outcome.error)) {
              const key = `${outcome.error.parameter} ${outcome.error.rule}`;
              hits.set(key, (hits.get(key) ?? 0) + 1);
              expect(calls).toBe(0);
              expect(predicted).toContainEqual({ parameter: outcome.error.parameter, rule: outcome.error.rule });
            } else {
              sent++;
              expect(calls).toBe(1);
              if (!outcome.ok) throw outcome.error;
              expect(predicted).toEqual([]);
            }
          }),
          { numRuns: RUNS_PER_LEAF, seed: SEED + index },
        );
      }
      // Every rule of every leaf was broken by some generated value, and valid values were sent.
      for (const rule of constraintsOf(opLeaves)) expect(hits.get(rule) ?? 0, rule).toBeGreaterThan(0);
      expect(sent).toBeGreaterThanOrEqual(opLeaves.length);
    },
  );
});
