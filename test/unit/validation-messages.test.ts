/**
 * validateValue and its helpers directly: the exact message of each rule (what the user reads:
 * the parameter, the rule's wording, the value), JSON Schema's rule that a keyword applies only
 * to values of its own type, the plain-object test, and the rarely used `null` and untyped schemas.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ValidationError } from "../../src/core/errors.js";
import type { ConstraintSchema } from "../../src/core/request/operation-spec.js";
import { isPlainObject, rejectUnknown, validatePathSegment, validateValue } from "../../src/core/request/validate.js";

const target = { operationId: "op" };

function message(schema: ConstraintSchema, value: unknown): string | undefined {
  try {
    validateValue(target, "p", schema, value);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
}

describe("the message of each rule", () => {
  it.each([
    ["type string", { type: "string" }, 5, "op: p must be a string (rule: type; got 5)"],
    ["type integer", { type: "integer" }, 1.5, "op: p must be an integer (rule: type; got 1.5)"],
    ["type object", { type: "object" }, [], "op: p must be an object (rule: type; got [])"],
    ["type array", { type: "array" }, "x", 'op: p must be an array (rule: type; got "x")'],
    ["type boolean", { type: "boolean" }, "true", 'op: p must be a boolean (rule: type; got "true")'],
    ["type number, a string", { type: "number" }, "5", 'op: p must be a number (rule: type; got "5")'],
    ["binary, a string", { type: "string", format: "binary" }, "cert.zip",
      `op: p must be file content: a Uint8Array, ArrayBuffer or Blob (a string is not accepted; read the file's bytes first) (rule: type; got "cert.zip")`],
    ["binary, a number", { type: "string", format: "binary" }, 5, "op: p must be file content: a Uint8Array, ArrayBuffer or Blob (rule: type; got 5)"],
    ["a lone surrogate", { type: "string" }, "a\uD800", 'op: p must be well-formed Unicode (it contains a lone UTF-16 surrogate) (rule: well-formed; got "a\\ud800")'],
    ["minLength", { type: "string", minLength: 3 }, "ab", 'op: p must be at least 3 characters long (rule: minLength; got "ab")'],
    ["maxLength", { type: "string", maxLength: 1 }, "ab", 'op: p must be at most 1 characters long (rule: maxLength; got "ab")'],
    ["pattern", { type: "string", pattern: "^[a-z]+$" }, "A", 'op: p must match ^[a-z]+$ (rule: pattern; got "A")'],
    ["minimum", { type: "integer", minimum: 2 }, 1, "op: p must be ≥ 2 (rule: minimum; got 1)"],
    ["maximum", { type: "integer", maximum: 2 }, 3, "op: p must be ≤ 2 (rule: maximum; got 3)"],
    ["int32", { type: "integer", format: "int32" }, 2 ** 31, "op: p must be a 32-bit integer (int32: -2147483648 to 2147483647) (rule: format; got 2147483648)"],
    ["minItems", { type: "array", minItems: 2 }, [1], "op: p must have at least 2 items (rule: minItems; got [1])"],
    ["maxItems", { type: "array", maxItems: 1 }, [1, 2], "op: p must have at most 1 items (rule: maxItems; got [1,2])"],
    ["a required member", { type: "object", required: ["a"] }, {}, "op: p.a is required (rule: required; got undefined)"],
  ] as const)("%s", (_name, schema, value, expected) => {
    expect(message(schema as ConstraintSchema, value)).toBe(expected);
  });

  it("a number type refuses Infinity and NaN", () => {
    for (const value of [Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(message({ type: "number" }, value)).toBe(`op: p must be a number (rule: type; got ${String(value)})`);
    }
  });

  it("int32 takes its lowest value and refuses one below", () => {
    expect(message({ type: "integer", format: "int32" }, -(2 ** 31))).toBeUndefined();
    expect(message({ type: "integer", format: "int32" }, -(2 ** 31) - 1)).toBe(
      "op: p must be a 32-bit integer (int32: -2147483648 to 2147483647) (rule: format; got -2147483649)",
    );
  });

  it("an unknown member lists the known ones, or says nothing more when there are none", () => {
    expect(() => rejectUnknown(target, "x", ["a", "b"], 1)).toThrow("op: x is not a parameter of this operation (known: a, b) (rule: unknown; got 1)");
    expect(message({ additionalProperties: false }, { x: 1 })).toBe("op: p.x is not a parameter of this operation (rule: unknown; got 1)");
  });

  it("a path segment that would change the path", () => {
    expect(() => validatePathSegment(target, { name: "ca_id", in: "path", required: true, schema: {} }, "..")).toThrow(
      'op: ca_id must not be empty, "." or ".." (it would change the request path) (rule: path-segment; got "..")',
    );
  });
});

describe("a keyword applies only to values of its own type (JSON Schema)", () => {
  it.each([
    ["minimum on a string", { minimum: 5 }, "3"],
    ["maximum on a string", { maximum: 1 }, "3"],
    ["exclusiveMinimum on a string", { exclusiveMinimum: 5 }, "3"],
    ["exclusiveMaximum on a string", { exclusiveMaximum: 1 }, "3"],
    ["minItems on a string", { minItems: 5 }, "abc"],
    ["maxItems on a string", { maxItems: 1 }, "abc"],
    ["items on a string", { items: { type: "integer" } }, "abc"],
    ["required on a string", { required: ["a"] }, "abc"],
    ["minLength on a number", { minLength: 5 }, 3],
  ] as const)("%s: no error", (_name, schema, value) => {
    expect(message(schema as ConstraintSchema, value)).toBeUndefined();
  });

  it("an untyped schema accepts any type, a null schema only null", () => {
    expect(message({}, Symbol.iterator)).toBeUndefined();
    expect(message({ type: "null" }, null)).toBeUndefined();
    expect(message({ type: "null" }, 0)).toBe("op: p must be a null (rule: type; got 0)");
  });
});

describe("isPlainObject", () => {
  it("is true for {} and an object without a prototype", () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
  });

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["an array", []],
    ["a string", "x"],
    ["a Date", new Date(0)],
    ["a class instance", new (class Thing {})()],
  ])("is false for %s", (_name, value) => {
    expect(isPlainObject(value)).toBe(false);
  });
});

describe("binary values where the runtime has no Blob", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("bytes are still accepted and a string still refused", () => {
    vi.stubGlobal("Blob", undefined);
    expect(message({ type: "string", format: "binary" }, new Uint8Array(2))).toBeUndefined();
    expect(message({ type: "string", format: "binary" }, 5)).toBe("op: p must be file content: a Uint8Array, ArrayBuffer or Blob (rule: type; got 5)");
  });
});
