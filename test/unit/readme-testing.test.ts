/**
 * The README's "Testing your code" suite is examples/testing/my-code.test.ts word for word (with
 * the package imported by name), which the vitest project "examples" runs and typecheck checks.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

it("quotes examples/testing/my-code.test.ts word for word", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const program = readFileSync(join(root, "examples/testing/my-code.test.ts"), "utf8")
    .replace(/^\/\*\*[\s\S]*?\*\/\n/, "")
    .replaceAll('from "../../src/index.js"', 'from "huaweicloud-cert-sdk"')
    .replaceAll('from "../../src/testing/index.js"', 'from "huaweicloud-cert-sdk/testing"')
    .trimEnd();
  const section = readme.slice(readme.indexOf("## Testing your code"));
  expect(section).toContain("```ts\n" + program + "\n```");
});
