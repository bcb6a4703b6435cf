/**
 * Client-side validation against the generated operation table, before any network I/O.
 *
 * Understands exactly the keywords scripts/lib/operation-table.ts keeps (generation fails on any
 * other), with JSON Schema semantics: string lengths count code points, patterns are Unicode
 * regular expressions, integers must be safe integers. Each failure is a ValidationError naming
 * the parameter, the rule (the schema keyword) and the value; values of `format: password`
 * members, like tokens, are masked.
 */
import { ValidationError } from "../errors.js";
import type { ConstraintSchema, ParameterSpec } from "./operation-spec.js";

export interface ValidationTarget {
  readonly operationId: string;
  /** Mask the value in the error (tokens). */
  readonly secret?: boolean;
}

export function validateValue(target: ValidationTarget, name: string, schema: ConstraintSchema, value: unknown): void {
  if (schema.type !== undefined && !matchesType(schema, value)) {
    throw invalid(target, name, schema, value, "type", schema.format === "binary" ? binaryTypeDetail(value) : `must be ${typeNames(schema.type)}`);
  }
  // URL encoding (encodeURIComponent) throws a URIError on a lone UTF-16 surrogate, and no
  // server can decode one: refuse it here, naming the parameter. A pair (an emoji) is one code
  // point under the u flag and does not match.
  if (typeof value === "string" && !isWellFormed(value)) {
    throw invalid(target, name, schema, value, "well-formed", "must be well-formed Unicode (it contains a lone UTF-16 surrogate)");
  }
  if (schema.enum !== undefined && !schema.enum.includes(value as never)) {
    throw invalid(target, name, schema, value, "enum", `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  }
  if (typeof value === "string" && schema.format !== "binary") {
    const length = schema.minLength !== undefined || schema.maxLength !== undefined ? codePoints(value) : 0;
    if (schema.minLength !== undefined && length < schema.minLength) {
      throw invalid(target, name, schema, value, "minLength", `must be at least ${schema.minLength} characters long`);
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      throw invalid(target, name, schema, value, "maxLength", `must be at most ${schema.maxLength} characters long`);
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
      throw invalid(target, name, schema, value, "pattern", `must match ${schema.pattern}`);
    }
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) throw invalid(target, name, schema, value, "minimum", `must be ≥ ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) throw invalid(target, name, schema, value, "maximum", `must be ≤ ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
      throw invalid(target, name, schema, value, "exclusiveMinimum", `must be > ${schema.exclusiveMinimum}`);
    }
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
      throw invalid(target, name, schema, value, "exclusiveMaximum", `must be < ${schema.exclusiveMaximum}`);
    }
    // OpenAPI's int32 is a signed 32-bit integer; JSON Schema validators (Prism's) enforce it.
    if (schema.format === "int32" && (value < -(2 ** 31) || value > 2 ** 31 - 1)) {
      throw invalid(target, name, schema, value, "format", "must be a 32-bit integer (int32: -2147483648 to 2147483647)");
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) throw invalid(target, name, schema, value, "minItems", `must have at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) throw invalid(target, name, schema, value, "maxItems", `must have at most ${schema.maxItems} items`);
    if (schema.items !== undefined) {
      const items = schema.items;
      value.forEach((item, i) => validateValue(target, `${name}[${i}]`, items, item));
    }
  }
  if (isPlainObject(value) && (schema.properties !== undefined || schema.required !== undefined || schema.additionalProperties === false)) {
    validateObject(target, name, schema, value);
  }
}

/**
 * Checks required members and each known member's schema. Members the schema does not name are
 * refused only where the spec says so (`additionalProperties: false`): the services' bodies are open,
 * and the current API accepts fields they do not list.
 */
export function validateObject(
  target: ValidationTarget,
  name: string,
  schema: ConstraintSchema,
  value: Record<string, unknown>,
): void {
  const prefix = name === "" ? "" : `${name}.`;
  for (const key of schema.required ?? []) {
    if (value[key] === undefined) {
      throw new ValidationError(target.operationId, `${prefix}${key}`, "required", "is required", undefined);
    }
  }
  const properties = schema.properties ?? {};
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue;
    const sub = Object.hasOwn(properties, key) ? properties[key] : undefined; // not "constructor" from Object.prototype
    if (sub !== undefined) validateValue(target, `${prefix}${key}`, sub, member);
    else if (schema.additionalProperties === false) rejectUnknown(target, `${prefix}${key}`, Object.keys(properties), member);
  }
}

/** A member no schema names, where none may be added. */
export function rejectUnknown(target: ValidationTarget, parameter: string, known: readonly string[], value: unknown): never {
  throw new ValidationError(
    target.operationId,
    parameter,
    "unknown",
    `is not a parameter of this operation${known.length ? ` (known: ${known.join(", ")})` : ""}`,
    value,
  );
}

/**
 * A path parameter becomes one URL segment. Percent-encoding keeps `/`, `?` and `#` inside it,
 * but URL parsers resolve `.` and `..` segments (also when written `%2e`), and an empty value
 * collapses two segments: such a value would change which resource the request addresses.
 */
export function validatePathSegment(target: ValidationTarget, param: ParameterSpec, value: string): void {
  if (value === "" || value === "." || value === "..") {
    throw new ValidationError(
      target.operationId,
      param.name,
      "path-segment",
      'must not be empty, "." or ".." (it would change the request path)',
      value,
    );
  }
}

/** A module function, not a closure per call: validateValue runs for every parameter of every call. */
function invalid(target: ValidationTarget, name: string, schema: ConstraintSchema, value: unknown, rule: string, detail: string): ValidationError {
  return new ValidationError(target.operationId, name, rule, detail, value, target.secret === true || schema.format === "password");
}

/** A value meets a list of types (`["string", "null"]`) when it meets one of them. */
function matchesType(schema: ConstraintSchema, value: unknown): boolean {
  return typeof schema.type === "string" ? matchesOneType(schema.type, schema, value) : (schema.type ?? []).some((type) => matchesOneType(type, schema, value));
}

function matchesOneType(type: string, schema: ConstraintSchema, value: unknown): boolean {
  switch (type) {
    case "string":
      return schema.format === "binary" ? isBinary(value) : typeof value === "string";
    case "integer":
      return Number.isSafeInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return isPlainObject(value);
    case "null":
      return value === null;
    default:
      return true;
  }
}

export function isBinary(value: unknown): value is Uint8Array | ArrayBuffer | Blob {
  return (
    value instanceof Uint8Array || value instanceof ArrayBuffer || (typeof Blob !== "undefined" && value instanceof Blob)
  );
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const LONE_SURROGATE = /\p{Surrogate}/u;
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/** String.prototype.isWellFormed where the runtime has it (native, no regular expression). */
function isWellFormed(value: string): boolean {
  const native = (value as { isWellFormed?: () => boolean }).isWellFormed;
  return typeof native === "function" ? native.call(value) : !LONE_SURROGATE.test(value);
}

/**
 * Code points of a well-formed string: one per UTF-16 unit, less one per surrogate pair. Counted
 * without spreading the string into an array, and only when a length rule needs it.
 */
function codePoints(value: string): number {
  if (!HIGH_SURROGATE.test(value)) return value.length;
  let length = value.length;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) length--;
  }
  return length;
}

/** File content is bytes; a string (often a file name) is the usual mistake, so say so. */
function binaryTypeDetail(value: unknown): string {
  const accepted = "file content: a Uint8Array, ArrayBuffer or Blob";
  return typeof value === "string" ? `must be ${accepted} (a string is not accepted; read the file's bytes first)` : `must be ${accepted}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** "a string", or for a list "a string or a null". */
function typeNames(type: string | readonly string[]): string {
  return typeof type === "string" ? article(type) : type.map(article).join(" or ");
}
