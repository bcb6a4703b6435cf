/**
 * The code samples of the reference docs: one program per operation, which `npm run typecheck`
 * compiles like any other source, so a sample cannot show code that no longer compiles. Each
 * client operation's sample is generated from the spec's examples (`generated/samples/`); the
 * operations the SDK calls itself (IAM's) have a hand-written one (`examples/samples/`), which
 * would also take precedence over a generated one. `npm run docs` puts each one into its operation as Redoc's
 * `x-codeSamples`, with the package imported by name, and fails when an operation has none.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const samplesDir = resolve(import.meta.dirname, "../../examples/samples");
export const generatedSamplesDir = resolve(import.meta.dirname, "../../generated/samples");
/** Where samples are looked for, in order. */
const DEFAULT_DIRS = [samplesDir, generatedSamplesDir];

/** The sample file of an operation: the first directory that has one. */
function sampleFile(operationId: string, dirs: string | readonly string[]): string | undefined {
  return (typeof dirs === "string" ? [dirs] : dirs).map((dir) => join(dir, `${operationId}.ts`)).find((path) => existsSync(path));
}

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
export function sampleIds(dirs: string | readonly string[] = DEFAULT_DIRS): string[] {
  const names = (typeof dirs === "string" ? [dirs] : dirs).flatMap((dir) => (existsSync(dir) ? readdirSync(dir) : []));
  return [...new Set(names.filter((name) => name.endsWith(".ts")).map((name) => name.slice(0, -3)))];
}

/**
 * The sample as a reader copies it: the file's leading doc comment (which only says what the file
 * is) removed, and the SDK imported by its package name instead of the repository path.
 */
export function sampleSource(operationId: string, dirs: string | readonly string[] = DEFAULT_DIRS): string {
  const path = sampleFile(operationId, dirs);
  if (path === undefined) throw new Error(`operation ${operationId} has no code sample: give it examples in the spec (npm run generate), or add examples/samples/${operationId}.ts`);
  return readFileSync(path, "utf8")
    .replace(/^\/\*\*[\s\S]*?\*\/\n/, "")
    .replaceAll('from "../../src/index.js"', 'from "huaweicloud-cert-sdk"')
    .trimEnd() + "\n";
}

/** A copy of the document with each operation's TypeScript sample; throws naming every operation without one. */
export function withCodeSamples<T extends SampledDocument>(doc: T, dir: string | readonly string[] = DEFAULT_DIRS): T {
  const copy = structuredClone(doc);
  const missing: string[] = [];
  for (const item of Object.values(copy.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId || sampleFile(op.operationId, dir) === undefined) {
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
