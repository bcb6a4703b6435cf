/**
 * How docs:diff sorts what it finds (scripts/lib/pages/deviations.ts): a finding matched by an
 * `x-deviation` entry is accepted, else one matched by an `x-edition` entry is a known edition
 * difference, else it is a difference. An entry matches on the aspect and on the page's value,
 * on any of the finding's nodes.
 */
import { describe, expect, it } from "vitest";
import { applyDeviations } from "../../scripts/lib/pages/deviations.js";
import type { Finding } from "../../scripts/lib/pages/findings.js";

const edition = (aspect: string, page: unknown) => ({ aspect, page, edition: "2022-12-22", current: "https://example.com/now (2025-11-28)", reason: "changed" });
const deviation = (aspect: string, page: unknown) => ({ aspect, page, reason: "on purpose" });
const finding = (nodes: object[], aspect: Finding["aspect"] = "required", page: unknown = true): Finding => ({ where: "body x", aspect, page, spec: false, nodes });

describe("applyDeviations with x-edition entries", () => {
  it("an x-edition entry of the same aspect and page value makes a known edition difference, carrying the entry", () => {
    const out = applyDeviations([finding([{ "x-edition": [edition("required", true)] }])]);
    expect(out).toEqual({
      differences: [],
      accepted: [],
      knownEditionDifferences: [
        { where: "body x", aspect: "required", page: true, spec: false, edition: "2022-12-22", current: "https://example.com/now (2025-11-28)", reason: "changed" },
      ],
    });
  });

  it("another page value or another aspect does not match: a difference", () => {
    const out = applyDeviations([
      finding([{ "x-edition": [edition("required", false)] }]),
      finding([{ "x-edition": [edition("maximum", true)] }]),
    ]);
    expect(out.knownEditionDifferences).toEqual([]);
    expect(out.differences).toHaveLength(2);
  });

  it("an x-deviation for the same value wins over an x-edition", () => {
    const out = applyDeviations([finding([{ "x-edition": [edition("required", true)] }, { "x-deviation": [deviation("required", true)] }])]);
    expect(out.accepted).toEqual([{ where: "body x", aspect: "required", page: true, spec: false, reason: "on purpose" }]);
    expect(out.knownEditionDifferences).toEqual([]);
  });

  it("the entry may sit on any node of the finding (a $ref's sibling, or the shared schema); a missing page value is null", () => {
    const out = applyDeviations([finding([{ $ref: "#/components/schemas/S" }, { "x-edition": [{ ...edition("field", undefined) }] }], "field", null)]);
    expect(out.knownEditionDifferences).toHaveLength(1);
    expect(out.differences).toEqual([]);
  });
});
