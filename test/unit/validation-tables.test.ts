/**
 * Client-side validation, derived from the generated operation tables: for every constraint of
 * every parameter and body member, a value just inside the bound reaches fetch and a value just
 * outside it is a ValidationError raised before any I/O. Nothing here restates a limit from the
 * spec; the probes are computed from generated/*.operations.ts (support/operation-walker.ts).
 */
import { describe, expect, it } from "vitest";
import type { ConstraintSchema } from "../../src/core/request/operation-spec.js";
import { settle } from "./support/fakes.js";
import {
  services,
  harness,
  HANDLED_KEYWORDS,
  baseInput,
  withMember,
  operationProbes,
  expectSent,
  expectValidationError,
  operationLeaves,
  constraintsOf,
} from "./support/operation-walker.js";

describe("validation walks the generated operation tables", () => {
  for (const service of services) {
    for (const op of Object.values(service.table)) {
      describe(`${service.name}.${op.operationId}`, () => {
        const probes = operationProbes(service, op);
        const base = baseInput(service, op);

        it("has a failing probe for every constraint the operation's schemas hold", () => {
          const leaves = operationLeaves(service, op);
          const expected = constraintsOf(leaves);
          // An operation that takes no input has nothing to break but an unknown member.
          if (leaves.length === 0) expect(probes.every((p) => p.label.startsWith("unknown member"))).toBe(true);
          else expect(expected.size).toBeGreaterThan(0);
          const probed = new Set(probes.flatMap((p) => (p.expect === "ok" ? [] : [`${p.expect.parameter ?? p.path} ${p.expect.rule}`])));
          for (const constraint of expected) expect(probed.has(constraint), constraint).toBe(true);
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
