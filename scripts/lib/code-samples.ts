/**
 * The code samples of the reference docs: `examples/samples/<operationId>.ts`, one program per
 * operation, which `npm run typecheck` compiles like any other source, so a sample cannot show
 * code that no longer compiles. `npm run docs` puts each one into its operation as Redoc's
 * `x-codeSamples`, with the package imported by name, and fails when an operation has none.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const samplesDir = resolve(import.meta.dirname, "../../examples/samples");

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

interface Operation {
  operationId?: string;
  "x-codeSamples"?: unknown;
}
export interface SampledDocument {
  paths?: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
}

/** A Redoc code sample. */
export interface CodeSample {
  lang: "TypeScript";
  label: string;
  source: string;
}

/** Every operationId of a document, in document order. */
export function operationIds(doc: SampledDocument): string[] {
  return Object.values(doc.paths ?? {}).flatMap((item) => METHODS.flatMap((m) => item[m]?.operationId ?? []));
}

/** The operationIds that have a sample file. */
export function sampleIds(dir = samplesDir): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".ts"))
    .map((name) => name.slice(0, -3));
}

/**
 * The sample as a reader copies it: the file's leading doc comment (which only says what the file
 * is) removed, and the SDK imported by its package name instead of the repository path.
 */
export function sampleSource(operationId: string, dir = samplesDir): string {
  const path = join(dir, `${operationId}.ts`);
  if (!existsSync(path)) throw new Error(`operation ${operationId} has no code sample: add examples/samples/${operationId}.ts`);
  return readFileSync(path, "utf8")
    .replace(/^\/\*\*[\s\S]*?\*\/\n/, "")
    .replaceAll('from "../../src/index.js"', 'from "huaweicloud-cert-sdk"')
    .trimEnd() + "\n";
}

/** A copy of the document with each operation's TypeScript sample; throws naming every operation without one. */
export function withCodeSamples<T extends SampledDocument>(doc: T, dir = samplesDir): T {
  const copy = structuredClone(doc);
  const missing: string[] = [];
  for (const item of Object.values(copy.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId || !existsSync(join(dir, `${op.operationId}.ts`))) {
        missing.push(op.operationId ?? `${method.toUpperCase()} (no operationId)`);
        continue;
      }
      const sample: CodeSample = { lang: "TypeScript", label: "TypeScript", source: sampleSource(op.operationId, dir) };
      op["x-codeSamples"] = [sample];
    }
  }
  if (missing.length > 0) {
    throw new Error(`operations without a code sample: ${missing.join(", ")} (add examples/samples/<operationId>.ts)`);
  }
  return copy;
}
