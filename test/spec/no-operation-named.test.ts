/**
 * No hand-written file of src/ (outside src/testing/) names an operation: every per-operation
 * line is generated from the spec.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { namedOperations, operationNames } from "../../scripts/lib/named-operations.js";

describe("operations named in hand-written src/", () => {
  it("knows every operation of the three documents, by both names", () => {
    const names = operationNames();
    expect(names).toEqual(expect.arrayContaining(["activateCertificateAuthority", "IssueCertificateAuthorityCertificate", "listProjects", "KeystoneListProjects"]));
    expect(names.length).toBeGreaterThanOrEqual(2 * 49);
  });

  it("are none", () => {
    expect(namedOperations()).toEqual([]);
  });

  it("would be found, in code or a comment, outside src/testing/ only", () => {
    const dir = mkdtempSync(join(tmpdir(), "hw-cert-named-"));
    try {
      mkdirSync(join(dir, "core"));
      writeFileSync(join(dir, "core", "a.ts"), "// calls revokeCertificateAuthority\n");
      writeFileSync(join(dir, "core", "b.ts"), "const x = 'ListCertificateAuthority';\nconst notOne = 'listCertificateAuthoritiesByTagsX';\n");
      const found = namedOperations(dir, ["revokeCertificateAuthority", "ListCertificateAuthority", "listCertificateAuthoritiesByTags"]);
      expect(found.map((f) => f.replace(/^.*core\//, "core/"))).toEqual(["core/a.ts: revokeCertificateAuthority", "core/b.ts: ListCertificateAuthority"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
