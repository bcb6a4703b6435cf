/**
 * The validator's keywords that no operation table uses today (exclusive bounds, minItems,
 * maxItems, array items, a list of types), checked directly against synthetic schemas so that a
 * spec adopting them gets what JSON Schema means by them: the bound itself is outside an
 * exclusive range, an array's items are validated one by one under their index, and a value
 * meets a list of types when it meets one.
 */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/index.js";
import type { ConstraintSchema } from "../../src/core/request/operation-spec.js";
import { validateValue } from "../../src/core/request/validate.js";

const target = { operationId: "syntheticOperation" };

/** The ValidationError `value` raises under `schema`, or undefined when it passes. */
function verdict(schema: ConstraintSchema, value: unknown, name = "x"): { parameter: string; rule: string; message: string } | undefined {
  try {
    validateValue(target, name, schema, value);
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { parameter: error.parameter, rule: error.rule, message: error.message };
  }
}

describe("exclusiveMinimum and exclusiveMaximum", () => {
  const schema: ConstraintSchema = { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 10 };

  it.each([0.5, 1, 5, 9, 9.999])("%s is inside (0, 10)", (value) => {
    expect(verdict(schema, value)).toBeUndefined();
  });

  it.each([
    [0, "exclusiveMinimum"],
    [-1, "exclusiveMinimum"],
    [10, "exclusiveMaximum"],
    [11, "exclusiveMaximum"],
  ] as const)("%s breaks %s", (value, rule) => {
    expect(verdict(schema, value)).toMatchObject({ parameter: "x", rule });
  });

  it("the message names the bound", () => {
    expect(verdict(schema, 0)?.message).toContain("must be > 0");
    expect(verdict(schema, 10)?.message).toContain("must be < 10");
  });

  it("inclusive bounds keep the bound itself", () => {
    const inclusive: ConstraintSchema = { type: "integer", minimum: 1, maximum: 3 };
    expect(verdict(inclusive, 1)).toBeUndefined();
    expect(verdict(inclusive, 3)).toBeUndefined();
    expect(verdict(inclusive, 0)).toMatchObject({ rule: "minimum" });
    expect(verdict(inclusive, 4)).toMatchObject({ rule: "maximum" });
  });
});

describe("minItems and maxItems", () => {
  const schema: ConstraintSchema = { type: "array", minItems: 2, maxItems: 3 };

  it.each([[["a", "b"]], [["a", "b", "c"]]])("%j has an accepted length", (value) => {
    expect(verdict(schema, value)).toBeUndefined();
  });

  it.each([
    [[], "minItems"],
    [["a"], "minItems"],
    [["a", "b", "c", "d"], "maxItems"],
  ] as const)("%j breaks %s", (value, rule) => {
    expect(verdict(schema, value)).toMatchObject({ parameter: "x", rule });
  });

  it("the messages name the counts", () => {
    expect(verdict(schema, ["a"])?.message).toContain("at least 2 items");
    expect(verdict(schema, ["a", "b", "c", "d"])?.message).toContain("at most 3 items");
  });
});

describe("array items", () => {
  const schema: ConstraintSchema = { type: "array", items: { type: "string", maxLength: 3 } };

  it("every item meeting its schema passes", () => {
    expect(verdict(schema, ["a", "bb", "ccc"])).toBeUndefined();
    expect(verdict(schema, [])).toBeUndefined();
  });

  it("the first failing item is named by its index, with the item's rule", () => {
    expect(verdict(schema, ["a", "toolong", 3], "names")).toMatchObject({ parameter: "names[1]", rule: "maxLength" });
    expect(verdict(schema, ["a", "bb", 3], "names")).toMatchObject({ parameter: "names[2]", rule: "type" });
  });

  it("objects inside arrays are validated with their dotted path", () => {
    const nested: ConstraintSchema = {
      type: "array",
      items: { type: "object", required: ["id"], properties: { id: { type: "integer", exclusiveMinimum: 0 } } },
    };
    expect(verdict(nested, [{ id: 1 }, { id: 2 }], "list")).toBeUndefined();
    expect(verdict(nested, [{ id: 1 }, {}], "list")).toMatchObject({ parameter: "list[1].id", rule: "required" });
    expect(verdict(nested, [{ id: 0 }], "list")).toMatchObject({ parameter: "list[0].id", rule: "exclusiveMinimum" });
  });
});

describe("a list of types (OpenAPI 3.1)", () => {
  // A CA's issuer_id: a string of 36 characters, or null for a root CA.
  const schema: ConstraintSchema = { type: ["string", "null"], minLength: 36, maxLength: 36 };

  it("a value of any listed type passes, and the other keywords still apply to it", () => {
    expect(verdict(schema, null)).toBeUndefined();
    expect(verdict(schema, "c718fe5f-d44a-467f-80f1-948348ff4132")).toBeUndefined();
    expect(verdict(schema, "short")).toMatchObject({ rule: "minLength" });
  });

  it("a value of no listed type breaks the rule type, and the message names every listed type", () => {
    expect(verdict(schema, 7)).toMatchObject({ parameter: "x", rule: "type" });
    expect(verdict(schema, 7)?.message).toContain("must be a string or a null");
    expect(verdict({ type: ["integer", "array"] }, "x")?.message).toContain("must be an integer or an array");
    expect(verdict(schema, undefined)).toMatchObject({ rule: "type" });
  });

  it("a one-type list is that type", () => {
    expect(verdict({ type: ["boolean"] }, true)).toBeUndefined();
    expect(verdict({ type: ["boolean"] }, "true")?.message).toContain("must be a boolean");
  });
});
