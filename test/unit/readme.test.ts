/**
 * The README's quick starts are the type-checked programs in examples/, word for word (with the
 * package imported by name), so the README cannot show code that does not compile.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const quickstarts = readdirSync(join(root, "examples")).filter((name) => /^quickstart-.*\.ts$/.test(name));

describe("README quick starts", () => {
  it("has the three quick starts (token, AK/SK, environment)", () => {
    expect(quickstarts.sort()).toEqual(["quickstart-aksk.ts", "quickstart-environment.ts", "quickstart-token.ts"]);
  });

  it.each(quickstarts)("quotes examples/%s word for word", (name) => {
    const program = readFileSync(join(root, "examples", name), "utf8")
      .replace(/^\/\*\*[\s\S]*?\*\/\n/, "")
      .replaceAll('from "../src/index.js"', 'from "huaweicloud-cert-sdk"')
      .trimEnd();
    expect(readme).toContain("```ts\n" + program + "\n```");
  });
});
