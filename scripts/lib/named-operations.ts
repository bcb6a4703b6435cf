/**
 * Which hand-written files of src/ (outside src/testing/, the mock, which answers operations by
 * name) name an operation of the specs: its operationId or its official SDK name, as a word. The
 * SDK's code must name none: everything per operation is generated from the spec. Read by a spec
 * test and by the size section of `npm run bench`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith(".ts") ? [path] : [];
  });
}

/** Every operationId and official operation name of the bundled documents. */
export function operationNames(apis: readonly string[] = ["bcs", "pca", "iam"]): string[] {
  const names = new Set<string>();
  for (const api of apis) {
    const doc = JSON.parse(readFileSync(join(root, "generated", `${api}.json`), "utf8")) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        if (typeof op?.operationId === "string") names.add(op.operationId);
        if (typeof op?.["x-huaweicloud-sdk-operation"] === "string") names.add(op["x-huaweicloud-sdk-operation"] as string);
      }
    }
  }
  return [...names];
}

/** `file: name` for each operation name a hand-written source file holds. */
export function namedOperations(dir = join(root, "src"), names = operationNames()): string[] {
  const found: string[] = [];
  for (const file of files(dir)) {
    const path = relative(root, file);
    if (path.startsWith(`src${"/"}testing/`)) continue;
    const text = readFileSync(file, "utf8");
    for (const name of names) if (new RegExp(`\\b${name}\\b`).test(text)) found.push(`${path}: ${name}`);
  }
  return found;
}
