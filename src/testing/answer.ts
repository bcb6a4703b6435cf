/**
 * The answers a scenario makes: a status the spec may not declare with a Huawei error body, the
 * Retry-After header, a body that is not JSON, and the token times an IAM answer carries.
 */
import { STATUS_CODES } from "node:http";
import type { ScenarioResponse } from "./scenarios.js";

export interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Uint8Array;
}

const encoder = new TextEncoder();

/** A Huawei-shaped error body for a status no document example covers. */
export function errorBody(status: number, requestId: string): Uint8Array {
  return json({ error_code: `MOCK.${status}`, error_msg: `${STATUS_CODES[status] ?? "Error"} (mock scenario)`, request_id: requestId });
}

export function json(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** The scenario's own body, encoded. */
export function scenarioBody(body: Exclude<ScenarioResponse["body"], undefined>): { bytes: Uint8Array; contentType: string | undefined } {
  if (body instanceof Uint8Array) return { bytes: body, contentType: undefined };
  if (typeof body === "string") return { bytes: encoder.encode(body), contentType: undefined };
  return { bytes: json(body), contentType: "application/json" };
}

/** Delta-seconds as given, or an IMF-fixdate. */
export function retryAfterValue(value: number | Date): string {
  return value instanceof Date ? value.toUTCString() : String(value);
}

/** Starts like the JSON it stands in for, and stops: no JSON parser accepts it. */
export const MALFORMED_BODY = encoder.encode('{"error_code": "MOCK.MALFORMED", "truncated');

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An IAM token is valid for 24 hours: in a 2xx JSON answer, every `expires_at` becomes 24 h after
 * `now` and every `issued_at` becomes `now` (the documents' examples carry fixed dates, which a
 * token cache would treat as expired, or as expiring at a fixed day). Other bodies are returned as
 * they are.
 */
export function freshTokenTimes(body: Uint8Array, now: Date): Uint8Array {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return body;
  }
  let changed = false;
  const walk = (node: unknown): void => {
    // Stryker disable next-line ConditionalExpression: an array is an object too, and walking Object.entries of it visits the same items
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    for (const [key, child] of Object.entries(record)) {
      if (key === "expires_at" && typeof child === "string") {
        record[key] = huaweiTime(new Date(now.getTime() + DAY_MS));
        changed = true;
      } else if (key === "issued_at" && typeof child === "string") {
        record[key] = huaweiTime(now);
        changed = true;
      } else walk(child);
    }
  };
  walk(value);
  return changed ? json(value) : body;
}

/** IAM's format: ISO 8601 with microseconds, e.g. 2026-11-24T12:00:00.000000Z. */
function huaweiTime(date: Date): string {
  // Stryker disable next-line Regex: toISOString has exactly one Z, at the end
  return date.toISOString().replace(/Z$/, "000Z");
}
