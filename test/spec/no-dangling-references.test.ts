/**
 * What a user reads must not send them somewhere they cannot go. The descriptions of spec/*.yaml
 * (rendered by Redoc), the bundled generated/*.json (shipped and served by the mock) and the
 * JSDoc of the shipped declarations (editor hovers; emitted from tsconfig.build.json as the build
 * does) must not name a file, a "page", a "§" section, or speak to maintainers ("presumably",
 * "unconfirmed", SDK versions). Provenance lives in `x-source` and `x-deviation`, which are not
 * read here and not rendered.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

const root = resolve(import.meta.dirname, "../..");

/** Each rule a user-facing text must pass; URLs are removed first (a reader can open those). */
export const RULES: readonly { name: string; pattern: RegExp }[] = [
  { name: "names a file", pattern: /(?<![\w/-])(?:[\w.<>-]+\/)*[\w<>-]+\.(?:md|ya?ml|json|txt|html?|ts)\b/i },
  { name: "cites a section", pattern: /§|\bsection \d/i },
  // Huawei's own 401 text, "Token required for the requested page", means the resource, not a document.
  // A result page of a paged listing (`page`, "per page") is not a document either.
  { name: "refers to a page", pattern: /(?<!requested |per |result )\bpages?\b/i },
  {
    name: "speaks to maintainers",
    pattern: /\b(?:presumably|most likely|unconfirmed|inferred|artifact|transcri\w*|fact sheet|this document|Go SDK|Python SDK|Go \d+(?:\.\d+)+|TODO|FIXME)\b/i,
  },
];

/** The rules a text breaks, as "rule: the words that break it". */
export function problems(text: string): string[] {
  const readable = text.replace(/https?:\/\/\S+/g, "");
  return RULES.flatMap(({ name, pattern }) => {
    // Inline code names a value or a parameter, except that a file name in code is still a file.
    const found = pattern.exec(name === "names a file" ? readable : readable.replace(/`[^`]*`/g, ""));
    return found ? [`${name}: "${found[0]}"`] : [];
  });
}

/** Every description, summary and title in a document, with its location; provenance skipped. */
function documentTexts(node: unknown, at: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(node)) node.forEach((item, i) => documentTexts(item, `${at}[${i}]`, out));
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "x-source" || key === "x-deviation") continue;
      if ((key === "description" || key === "summary" || key === "title") && typeof value === "string") out.push([`${at}.${key}`, value]);
      else documentTexts(value, `${at}.${key}`, out);
    }
  }
  return out;
}

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, suffix) : name.endsWith(suffix) ? [path] : [];
  });
}

function violations(texts: [string, string][]): string[] {
  return texts.flatMap(([where, text]) => problems(text).map((p) => `${where} ${p}`));
}

const declarations = mkdtempSync(join(tmpdir(), "hw-cert-dts-"));
afterAll(() => rmSync(declarations, { recursive: true, force: true }));

describe("no reference a reader cannot open", () => {
  it("the rules catch what they are for, and pass plain text", () => {
    expect(problems("see huawei-api-facts.md §2.5")).toHaveLength(2);
    expect(problems("(see iam.yaml)")).toEqual(['names a file: "iam.yaml"']);
    expect(problems("The page marks it Mandatory")).toEqual(['refers to a page: "page"']);
    expect(problems("the values presumably are")).toEqual(['speaks to maintainers: "presumably"']);
    expect(problems("since Go 0.1.172")).toEqual(['speaks to maintainers: "Go 0.1.172"']);
    expect(problems("Sent as application/json; see https://support.huaweicloud.com/api-bcs/FreezeCert.html")).toEqual([]);
  });

  it.each(readdirSync(join(root, "spec")).filter((n) => n.endsWith(".yaml")).concat(["shared/components.yaml"]))(
    "spec/%s: descriptions are for API users",
    (name) => {
      const doc = parseYaml(readFileSync(join(root, "spec", name), "utf8")) as unknown;
      expect(violations(documentTexts(doc, name))).toEqual([]);
    },
  );

  it.each(readdirSync(join(root, "generated")).filter((n) => n.endsWith(".json")))("generated/%s: the bundled spec", (name) => {
    const doc = JSON.parse(readFileSync(join(root, "generated", name), "utf8")) as unknown;
    expect(violations(documentTexts(doc, name))).toEqual([]);
  });

  it("the shipped declarations: every JSDoc block (what editor hovers show)", { timeout: 180_000 }, () => {
    execFileSync(
      process.execPath,
      [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json"), "--emitDeclarationOnly", "--outDir", declarations],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"], timeout: 170_000 },
    );
    const dts = files(declarations, ".d.ts");
    expect(dts.length).toBeGreaterThan(10);
    const blocks: [string, string][] = dts.flatMap((path) =>
      [...readFileSync(path, "utf8").matchAll(/\/\*\*[\s\S]*?\*\//g)].map(
        (m): [string, string] => [relative(declarations, path), m[0].replace(/^\s*\*+ ?/gm, "").replace(/^\/\*\*|\*\/$/g, "")],
      ),
    );
    expect(blocks.length).toBeGreaterThan(100);
    expect(violations(blocks)).toEqual([]);
  });
});
