/**
 * Response bodies: read into memory under a size cap and an AbortSignal (so neither a stalled
 * body nor a cancelled call can hang), and checked to be the JSON the spec declares. Files, their
 * names and streams are file-response.ts's, which only operations answering with a file import.
 */
import { ResponseTooLargeError, UnexpectedResponseError, ValidationError } from "../errors.js";
import type { ConstraintSchema } from "../request/operation-spec.js";
import { validateValue } from "../request/validate.js";

/**
 * Reads a body into memory, refusing more than `maxBytes` (checked against Content-Length first,
 * then while reading). When `signal` aborts, the read stops and its reason is thrown.
 */
export async function readBody(response: Response, maxBytes: number, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  const requestId = response.headers.get("x-request-id") ?? undefined;
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    // Not awaited: cancelling one branch of a tee (a cloned Response) settles only when the other is cancelled too.
    void response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(maxBytes, requestId);
  }
  if (!response.body) return new Uint8Array(0);
  signal.throwIfAborted();
  const reader = response.body.getReader();
  // A pending read() does not notice the signal by itself (a fetch double's body may never end):
  // cancelling the reader ends it.
  const onAbort = () => void reader.cancel(signal.reason).catch(() => undefined);
  signal.addEventListener("abort", onAbort, { once: true });
  // With a trustworthy Content-Length the bytes land in one buffer as they arrive (peak memory
  // about 1× the body); otherwise, or when the server sends more than it declared, chunks are
  // collected and joined once at the end (about 2×).
  let buffer = preallocate(declared);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      signal.throwIfAborted();
      if (done) break;
      if (total + value.byteLength > maxBytes) {
        void reader.cancel().catch(() => undefined);
        throw new ResponseTooLargeError(maxBytes, requestId);
      }
      if (buffer && total + value.byteLength <= buffer.byteLength) {
        buffer.set(value, total);
      } else {
        if (buffer) chunks.push(buffer.subarray(0, total));
        buffer = undefined;
        chunks.push(value);
      }
      total += value.byteLength;
    }
  } catch (error) {
    signal.throwIfAborted();
    throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  if (buffer) return total === buffer.byteLength ? buffer : buffer.slice(0, total);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** One buffer for a declared length, or none (no length, or more memory than can be had at once). */
// Stryker disable all: only peak memory depends on preallocate; readBody returns the same bytes whether it gets a buffer (of any size) or none, since it falls back to collecting chunks
function preallocate(declared: number): Uint8Array<ArrayBuffer> | undefined {
  if (!(Number.isSafeInteger(declared) && declared >= 0)) return undefined;
  try {
    return new Uint8Array(declared);
  } catch {
    return undefined; // RangeError: collect chunks instead, and let the cap decide
  }
}
// Stryker restore all

/**
 * A 2xx the spec declares as JSON must carry JSON that meets the response schema: anything else
 * (empty, not JSON, the wrong shape) is an UnexpectedResponseError; returns the parsed body. A 2xx the spec does not
 * declare (`schema` null) may be empty, or JSON of any shape; any other body (HTML from
 * a gateway) is an UnexpectedResponseError too, with the request id: the server may have acted.
 */
export function checkJson(response: Response, bytes: Uint8Array, schema: ConstraintSchema | null, operationId: string): unknown {
  const requestId = response.headers.get("x-request-id") ?? undefined;
  if (bytes.byteLength === 0 && schema === null) return undefined;
  if (bytes.byteLength === 0) throw new UnexpectedResponseError(response.status, "an empty body where JSON is declared", requestId);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new UnexpectedResponseError(response.status, "a body that is not JSON", requestId, error);
  }
  if (schema === null) return body;
  try {
    validateValue({ operationId }, "body", schema, body);
  } catch (error) {
    const detail = error instanceof ValidationError ? `${error.parameter} breaks rule ${error.rule}` : "a body of the wrong shape";
    throw new UnexpectedResponseError(response.status, detail, requestId, error);
  }
  return body;
}
