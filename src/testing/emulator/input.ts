/**
 * Reading members of a request body that the gateway has already checked against the spec. A
 * member of the wrong kind still gets a refusal (PCA.00020001, "Incorrect parameter."), so a
 * handler called directly, without the gateway in front, never acts on garbage.
 */
import { type ErrorCode, Refusal } from "./errors.js";

export type Json = Readonly<Record<string, unknown>>;

const EMPTY: Json = Object.freeze({});

/** The body as an object; an absent body reads as `{}`. */
export function objectOf(value: unknown, code: ErrorCode = "PCA.00020001"): Json {
  if (value === undefined) return EMPTY;
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Refusal(code);
  return value as Json;
}

export function optionalString(source: Json, key: string, code: ErrorCode = "PCA.00020001"): string | undefined {
  const value = source[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new Refusal(code);
  return value;
}

export function requiredString(source: Json, key: string, code: ErrorCode = "PCA.00020001"): string {
  const value = optionalString(source, key, code);
  if (value === undefined || value === "") throw new Refusal(code);
  return value;
}

export function optionalInteger(source: Json, key: string, code: ErrorCode = "PCA.00020001"): number | undefined {
  const value = source[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw new Refusal(code);
  return value;
}

export function optionalBoolean(source: Json, key: string): boolean | undefined {
  const value = source[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw new Refusal("PCA.00020001");
  return value;
}

export function optionalArray(source: Json, key: string, code: ErrorCode = "PCA.00020001"): readonly unknown[] | undefined {
  const value = source[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new Refusal(code);
  return value;
}

export function optionalObject(source: Json, key: string, code: ErrorCode = "PCA.00020001"): Json | undefined {
  const value = source[key];
  if (value === undefined || value === null) return undefined;
  return objectOf(value, code);
}

/** A query parameter that must be a whole number when present. */
export function queryInteger(query: Readonly<Record<string, string>>, key: string): number | undefined {
  const text = query[key];
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new Refusal("PCA.00020001");
  return Number(text);
}
