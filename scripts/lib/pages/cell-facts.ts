/**
 * Turns a row's Type and Description cells into data: the type, the limits ("Minimum: N",
 * "Maximum: N", "N to M characters"), enumeration values, a file's size limit, and whether a
 * list the description introduces is missing ("The options are as follows:" and nothing after).
 * Nothing else of a description is compared: its wording is the docs' business.
 */
import type { FieldType, PageConstraints } from "./page-model.js";

export function fieldType(typeText: string): FieldType {
  if (/^(String)$/.test(typeText)) return "string";
  if (/^(Integer|Int|Long)$/.test(typeText)) return "integer";
  if (/^(Number|Float|Double)$/.test(typeText)) return "number";
  if (/^Boolean$/.test(typeText)) return "boolean";
  if (/^File$/.test(typeText)) return "file";
  if (/^Array\b/.test(typeText)) return "array";
  return "object";
}

/** The name of the object type whose table describes a field's members, e.g. "Validity". */
export function objectTypeName(typeText: string): string | undefined {
  return /^(?:Array of )?([A-Z][A-Za-z0-9]*) objects?$/.exec(typeText)?.[1];
}

const OPTIONS = "The options are as follows:";

/** Drops a trailing "NOTE: ..." paragraph, which is not part of a list. */
function withoutNote(text: string): string {
  return text.replace(/\n?\s*NOTE:[\s\S]*$/, "").trim();
}

/** Values listed one a line or bullet, "SHA256: SHA-256" or "• admin". */
function listedValues(text: string): string[] {
  return text
    .split(/\n|•/)
    .map((item) => item.trim().replace(/^[-*]\s*/, ""))
    .filter((item) => item !== "")
    .map((item) => /^([A-Za-z0-9_.-]+)/.exec(item)?.[1] ?? "")
    .filter((value) => value !== "");
}

function numberAfter(label: string, text: string): number | undefined {
  const match = new RegExp(`${label}:\\s*(-?\\d+(?:\\.\\d+)?)`).exec(text);
  return match ? Number(match[1]) : undefined;
}

export function cellConstraints(type: FieldType, description: string): PageConstraints {
  const out: PageConstraints = {};
  const min = numberAfter("Minimum", description);
  const max = numberAfter("Maximum", description);
  const lengths = type === "string";
  if (min !== undefined) out[lengths ? "minLength" : "minimum"] = min;
  if (max !== undefined) out[lengths ? "maxLength" : "maximum"] = max;
  if (lengths && min === undefined && max === undefined) {
    // The rule in words: "The value can contain 4 to 24 characters".
    const words = /\b(\d+) to (\d+) characters\b/.exec(description);
    if (words) {
      out.minLength = Number(words[1]);
      out.maxLength = Number(words[2]);
    }
  }
  if (type === "file") {
    const size = /\b(less than|no more than|not larger than|at most|up to)\s+(\d+(?:\.\d+)?)\s*(KB|MB|GB|bytes|B)\b/i.exec(description);
    if (size) out.maxLength = `${size[1]!.toLowerCase()} ${size[2]} ${size[3]}`;
  }
  const enumeration = /Enumeration values:([\s\S]*)$/.exec(description);
  if (enumeration) {
    const body = enumeration[1]!.split(/\n(?:Default|Minimum|Maximum):/)[0]!;
    out.enum = body.includes("•") || body.includes("\n") ? listedValues(body) : body.split(/[\s,]+/).filter((v) => v !== "");
  }
  const options = description.indexOf(OPTIONS);
  if (options !== -1) {
    const after = withoutNote(description.slice(options + OPTIONS.length));
    if (after === "") out.cutShort = { aspect: "enum", text: OPTIONS };
    else if (out.enum === undefined) out.enum = listedValues(after);
  } else if (withoutNote(description).endsWith(":") && out.enum === undefined) {
    // Another list that stops before its items ("... varies depending on the value of type:").
    const text = withoutNote(description);
    out.cutShort = { aspect: "list", text: text.slice(text.lastIndexOf(".", text.length - 2) + 1).trim() };
  }
  return out;
}
