/**
 * The generated types carry every constraint of the spec in their JSDoc, so an editor's hover
 * shows it where a user types the value. Read as TypeScript reads them: the JSDoc tags that the
 * compiler parses on each property of generated/<api>.types.ts, held against the constraints of
 * generated/<api>.json.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const APIS = ["bcs", "pca", "iam"] as const;
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;
const KEYWORDS = ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems"] as const;

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; required?: string[]; $ref?: string };
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
  $ref?: string;
}
interface Document {
  paths: Record<string, Record<string, { operationId?: string; parameters?: Parameter[] }>>;
  components?: { schemas?: Record<string, Schema>; parameters?: Record<string, Parameter> };
}

function typesOf(api: string): ts.SourceFile {
  const path = join(root, "generated", `${api}.types.ts`);
  return ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
}

const docOf = (api: string) => JSON.parse(readFileSync(join(root, "generated", `${api}.json`), "utf8")) as Document;

function resolveRef<T>(doc: Document, value: T & { $ref?: string }): T {
  if (!value.$ref) return value;
  const found = value.$ref
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], doc);
  return found as T;
}

/** The property signature at a path of member names, from a top-level interface. */
function member(file: ts.SourceFile, [top, ...rest]: string[]): ts.PropertySignature {
  const start = file.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === top);
  if (!start) throw new Error(`no interface ${top}`);
  let members: ts.NodeArray<ts.TypeElement> = start.members;
  let found: ts.PropertySignature | undefined;
  for (const name of rest) {
    found = members.find(
      (m): m is ts.PropertySignature => ts.isPropertySignature(m) && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) && m.name.text === name,
    );
    if (!found) throw new Error(`no member ${name} in ${[top, ...rest].join(".")}`);
    if (found.type && ts.isTypeLiteralNode(found.type)) members = found.type.members;
  }
  if (!found) throw new Error("empty path");
  return found;
}

/** The JSDoc tags TypeScript parses on a property (what a hover shows), as "name value". */
function tags(file: ts.SourceFile, path: string[]): string[] {
  return ts.getJSDocTags(member(file, path)).map((tag) => {
    const comment = ts.getTextOfJSDocComment(tag.comment);
    return comment ? `${tag.tagName.text} ${comment}` : tag.tagName.text;
  });
}

/** The tags a schema's constraints call for. */
function expectedTags(schema: Schema | undefined, required: boolean): string[] {
  const expected = required ? ["required"] : [];
  for (const keyword of KEYWORDS) if (schema?.[keyword] !== undefined) expected.push(`${keyword} ${String(schema[keyword])}`);
  return expected;
}

describe("JSDoc of the generated types", () => {
  it("shows path_length's range 0 to 6 and that it is optional (the current edition of the activate page)", () => {
    const found = tags(typesOf("pca"), ["components", "schemas", "ActivateCertificateAuthorityRequest", "path_length"]);
    expect(found).toEqual(expect.arrayContaining(["minimum 0", "maximum 6"]));
    expect(found).not.toContain("required");
    expect(tags(typesOf("pca"), ["components", "schemas", "ActivateCertificateAuthorityRequest", "issuer_id"])).toContain("required");
  });

  it("shows that ca_id is exactly 36 characters, on both operations", () => {
    for (const op of ["activateCertificateAuthority", "revokeCertificateAuthority"]) {
      const found = tags(typesOf("pca"), ["operations", op, "parameters", "path", "ca_id"]);
      expect(found, op).toEqual(expect.arrayContaining(["required", "minLength 36", "maxLength 36"]));
    }
  });

  it("shows user_name's pattern and lengths where a certificate is generated", () => {
    const found = tags(typesOf("bcs"), ["operations", "generateUserCertificate", "parameters", "path", "user_name"]);
    expect(found).toEqual(expect.arrayContaining(["pattern ^[a-z][a-z0-9]*$", "minLength 4", "maxLength 24"]));
  });

  it("shows the upload's size limit in bytes", () => {
    const found = tags(typesOf("bcs"), ["components", "schemas", "CertificateZipForm", "file"]);
    expect(found).toEqual(expect.arrayContaining(["maxBytes 30719", "contentMediaType application/zip"]));
  });

  it.each(APIS)("%s: every parameter's constraints and required-ness are on its property", (api) => {
    const doc = docOf(api);
    const file = typesOf(api);
    let checked = 0;
    for (const item of Object.values(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op?.operationId) continue;
        for (const ref of op.parameters ?? []) {
          const parameter = resolveRef(doc, ref);
          const found = tags(file, ["operations", op.operationId, "parameters", parameter.in, parameter.name]);
          expect(found, `${op.operationId} ${parameter.in} ${parameter.name}`).toEqual(
            expect.arrayContaining(expectedTags(parameter.schema, parameter.required === true)),
          );
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it.each(APIS)("%s: every component schema property's constraints and required-ness are on its property", (api) => {
    const doc = docOf(api);
    const file = typesOf(api);
    let checked = 0;
    const walk = (schema: Schema, path: string[]) => {
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const at = [...path, name];
        const required = schema.required?.includes(name) ?? false;
        const found = tags(file, at);
        const expected = expectedTags(property.$ref ? undefined : property, required);
        expect(found, at.join(".")).toEqual(expect.arrayContaining(expected));
        // A required property whose text says it is optional contradicts its type.
        if (required) expect(found.join("\n"), at.join(".")).not.toMatch(/\boptional\b/i);
        checked++;
        if (!property.$ref) walk(property, at);
      }
    };
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) walk(schema, ["components", "schemas", name]);
    expect(checked).toBeGreaterThan(0);
  });
});
