/**
 * The generator: --check catches drift, and a schema keyword the SDK validator does not
 * understand stops generation instead of being ignored at run time.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildOperationTable, type OpenApiDocument } from "../../scripts/lib/operation-table.js";

const root = resolve(import.meta.dirname, "../..");
const out = mkdtempSync(join(tmpdir(), "hw-cert-generate-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function generate(...args: string[]): { status: number; output: string } {
  try {
    const stdout = execFileSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "scripts/generate.ts"), ...args], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    });
    return { status: 0, output: stdout };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { status: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

describe("npm run generate", () => {
  it("writes the files that generated/ holds, samples included, identical to the committed ones", () => {
    expect(generate("--out", out).status).toBe(0);
    const list = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();
    const names = list(out);
    expect(names).toEqual(list(join(root, "generated")));
    expect(names).toEqual(expect.arrayContaining(["pca.client.ts", "bcs.client.ts", "iam.roles.ts", "samples"]));
    for (const name of names.filter((n) => n.endsWith(".ts") || n.endsWith(".json"))) {
      expect(readFileSync(join(out, name), "utf8"), name).toBe(readFileSync(join(root, "generated", name), "utf8"));
    }
  });

  it("--check passes on a fresh output and fails, naming the file, once it drifts", () => {
    expect(generate("--check", "--out", out).status).toBe(0);
    const file = join(out, "pca.operations.ts");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, original.replace('"maxLength": 36', '"maxLength": 37'));
    const drifted = generate("--check", "--out", out);
    expect(drifted.status).toBe(1);
    expect(drifted.output).toContain("pca.operations.ts");
    writeFileSync(file, original);
    // A sample of an operation the spec no longer has is drift too.
    writeFileSync(join(out, "samples", "goneOperation.ts"), "");
    const extra = generate("--check", "--out", out);
    expect(extra.status).toBe(1);
    expect(extra.output).toContain("samples/goneOperation.ts");
  });
});

describe("the operation table", () => {
  const doc = (schema: unknown): OpenApiDocument => ({
    openapi: "3.1.0",
    paths: {
      "/x/{id}": {
        get: {
          operationId: "getX",
          parameters: [{ name: "id", in: "path", required: true, schema }],
          responses: { "200": { description: "ok" } },
        },
      },
    },
  });

  it.each([
    ["not", { type: "string", not: { const: "a" } }],
    ["oneOf", { oneOf: [{ type: "string" }, { type: "integer" }] }],
    ["const", { const: "a" }],
    ["an object additionalProperties", { type: "object", additionalProperties: { type: "string" } }],
  ])("refuses a schema using %s, which the SDK validator would ignore", (_name, schema) => {
    expect(() => buildOperationTable(doc(schema))).toThrow(/not supported|only a boolean/);
  });

  it("keeps the keywords it supports", () => {
    const table = buildOperationTable(doc({ type: "string", minLength: 2, pattern: "^a", description: "dropped" }));
    expect(table.operations.getX).toMatchObject({ parameters: [{ name: "id", schema: { type: "string", minLength: 2, pattern: "^a" } }] });
  });
});
