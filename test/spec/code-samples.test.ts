/**
 * Every operation has a TypeScript code sample for the reference docs, from
 * examples/samples/<operationId>.ts (which `npm run typecheck` compiles), and every sample belongs
 * to an operation. The docs build refuses an operation without one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { operationIds, sampleIds, sampleSource, withCodeSamples, type SampledDocument } from "../../scripts/lib/code-samples.js";

const root = resolve(import.meta.dirname, "../..");
const APIS = ["bcs", "pca", "iam"] as const;
const bundled = (api: string) => JSON.parse(readFileSync(join(root, "generated", `${api}.json`), "utf8")) as SampledDocument;
const allIds = APIS.flatMap((api) => operationIds(bundled(api)));

describe("code samples", () => {
  it("exist for every operation, and only for operations", () => {
    expect(allIds.length).toBeGreaterThan(0);
    expect(sampleIds().sort()).toEqual([...allIds].sort());
  });

  it.each(allIds)("%s: the sample calls the SDK by its package name", (id) => {
    const source = sampleSource(id);
    expect(source).toContain('from "huaweicloud-cert-sdk"');
    expect(source).not.toMatch(/src\/|\.\.\//);
    expect(source).not.toMatch(/^\/\*\*/);
  });

  it.each(APIS)("%s: every operation of the bundled spec gets its sample as x-codeSamples", (api) => {
    const doc = withCodeSamples(bundled(api));
    for (const item of Object.values(doc.paths ?? {})) {
      for (const op of Object.values(item)) {
        if (!op?.operationId) continue;
        expect(op["x-codeSamples"], op.operationId).toEqual([{ lang: "TypeScript", label: "TypeScript", source: sampleSource(op.operationId) }]);
      }
    }
  });

  it("the docs build fails, naming the operation, when a sample is missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "hw-cert-samples-"));
    try {
      writeFileSync(join(dir, "present.ts"), 'import { BcsClient } from "../../src/index.js";\n');
      const doc: SampledDocument = {
        paths: { "/a": { get: { operationId: "present" } }, "/b": { post: { operationId: "absent" } } },
      };
      expect(() => withCodeSamples(doc, dir)).toThrow(/operations without a code sample: absent\b/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
