/**
 * Every TypeScript snippet in the README is a type-checked program in examples/, word for word
 * (with the package imported by name), so the README cannot show code that does not compile.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");

/** The examples the README quotes: the three quick starts, files and streams, the two import styles, lists, and the mock. */
const quoted = [
  "quickstart-aksk.ts",
  "quickstart-environment.ts",
  "quickstart-token.ts",
  "files-streams-uploads.ts",
  "one-operation.ts",
  "lists-and-responses.ts",
  "testing-against-the-mock.ts",
];

/** An example as the README shows it: no header comment, the package imported by name. */
function asQuoted(name: string): string {
  return readFileSync(join(root, "examples", name), "utf8")
    .replace(/^\/\*\*[\s\S]*?\*\/\n/, "")
    .replaceAll('from "../src/testing/index.js"', 'from "huaweicloud-cert-sdk/testing"')
    .replaceAll('from "../src/index.js"', 'from "huaweicloud-cert-sdk"')
    .trimEnd();
}

/** The "Testing your code" suite, examples/testing/my-code.test.ts, as quoted (test/unit/readme-testing.test.ts). */
const testingSuite = readFileSync(join(root, "examples/testing/my-code.test.ts"), "utf8")
  .replace(/^\/\*\*[\s\S]*?\*\/\n/, "")
  .replaceAll('from "../../src/testing/index.js"', 'from "huaweicloud-cert-sdk/testing"')
  .replaceAll('from "../../src/index.js"', 'from "huaweicloud-cert-sdk"')
  .trimEnd();

const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)\n```/g)].map((m) => m[1]!);

describe("README snippets", () => {
  it("has the three quick starts (token, AK/SK, environment)", () => {
    const quickstarts = readdirSync(join(root, "examples")).filter((name) => /^quickstart-.*\.ts$/.test(name));
    expect(quickstarts.sort()).toEqual(["quickstart-aksk.ts", "quickstart-environment.ts", "quickstart-token.ts"]);
  });

  it.each(quoted)("quotes examples/%s word for word", (name) => {
    expect(snippets).toContain(asQuoted(name));
  });

  it("shows no TypeScript that is not one of those examples (so every snippet is compiled)", () => {
    const examples = new Set([...quoted.map(asQuoted), testingSuite]);
    expect(snippets.length).toBeGreaterThanOrEqual(quoted.length);
    for (const snippet of snippets) expect(examples.has(snippet), snippet.slice(0, 120)).toBe(true);
  });
});
