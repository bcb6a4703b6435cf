/**
 * The spec holds the whole Private CA: every operation of the official SDKs (pca-catalogue.ts),
 * with its method, URI and official name, and nothing else.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { PCA_OPERATIONS } from "./pca-catalogue.js";

const root = resolve(import.meta.dirname, "../..");
const doc = JSON.parse(readFileSync(join(root, "generated", "pca.json"), "utf8")) as {
  paths: Record<string, Record<string, { operationId?: string; "x-huaweicloud-sdk-operation"?: string }>>;
};
const declared = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([, op]) => typeof op?.operationId === "string")
    .map(([method, op]) => ({ operationId: op.operationId!, official: op["x-huaweicloud-sdk-operation"], method, path })),
);

describe("the Private CA spec", () => {
  it("has all 46 operations of the official SDKs and no other", () => {
    expect(PCA_OPERATIONS).toHaveLength(46);
    expect(declared.map((d) => d.operationId).sort()).toEqual(PCA_OPERATIONS.map((o) => o.operationId).sort());
  });

  it.each(PCA_OPERATIONS)("$operationId is $method $path, officially $official", (expected) => {
    expect(declared.find((d) => d.operationId === expected.operationId)).toEqual(expected);
  });
});
