/**
 * Bytes in and out: checking an upload before it is sent, and reading a file response either
 * buffered (with a size cap and a read deadline) or as a stream.
 */
import { ResponseTooLargeError, TimeoutError, ValidationError } from "./errors.js";
import type { Clock } from "./clock.js";
import type { ConstraintSchema } from "./operation-spec.js";

/** A ZIP archive starts with a local file header: "PK\x03\x04". */
const ZIP_LOCAL_FILE_HEADER = [0x50, 0x4b, 0x03, 0x04];

export type Upload = Uint8Array | ArrayBuffer | Blob;

/** Checks an upload against its schema (size, and the ZIP signature for application/zip). */
export async function checkedUpload(operationId: string, name: string, schema: ConstraintSchema, value: Upload): Promise<Blob> {
  const blob = value instanceof Blob ? value : new Blob([value instanceof Uint8Array ? new Uint8Array(value) : value]);
  const maxBytes = schema["x-max-bytes"];
  if (maxBytes !== undefined && blob.size > maxBytes) {
    throw new ValidationError(operationId, name, "x-max-bytes", `must be at most ${maxBytes} bytes`, value);
  }
  if (schema.contentMediaType === "application/zip") {
    const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
    if (!ZIP_LOCAL_FILE_HEADER.every((byte, i) => head[i] === byte)) {
      throw new ValidationError(operationId, name, "zip", "must be a .zip archive (no ZIP local file header signature)", value);
    }
  }
  return blob.type ? blob : new Blob([blob], { type: schema.contentMediaType ?? "application/octet-stream" });
}

export interface FileMetadata {
  /** The response Content-Type, as sent. */
  readonly contentType: string | undefined;
  /** The file name from Content-Disposition, when the response names one. */
  readonly fileName: string | undefined;
  /** X-Request-Id of the response. */
  readonly requestId: string | undefined;
}
export interface FileResult extends FileMetadata {
  readonly data: Uint8Array;
}
export interface FileStreamResult extends FileMetadata {
  readonly stream: ReadableStream<Uint8Array>;
  /** Content-Length when the response declared it. */
  readonly contentLength: number | undefined;
}

export function fileMetadata(response: Response): FileMetadata {
  return {
    contentType: response.headers.get("content-type") ?? undefined,
    fileName: fileNameFromContentDisposition(response.headers.get("content-disposition")),
    requestId: response.headers.get("x-request-id") ?? undefined,
  };
}

/**
 * Reads a body into memory, refusing more than `maxBytes` (checked against Content-Length first,
 * then while reading) and giving up when the whole read takes longer than `timeoutMs`.
 */
export async function readCapped(response: Response, maxBytes: number, timeoutMs: number, clock: Clock): Promise<Uint8Array> {
  const requestId = response.headers.get("x-request-id") ?? undefined;
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    // Not awaited: cancelling one branch of a tee (a cloned Response) settles only when the other is cancelled too.
    void response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(maxBytes, requestId);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  let timedOut = false;
  const cancelTimer = clock.setTimer(() => {
    timedOut = true;
    void reader.cancel().catch(() => undefined);
  }, timeoutMs);
  // With a trustworthy Content-Length the bytes land in one buffer as they arrive (peak memory
  // about 1× the body); otherwise, or when the server sends more than it declared, chunks are
  // collected and joined once at the end (about 2×).
  let buffer = Number.isSafeInteger(declared) && declared >= 0 ? new Uint8Array(declared) : undefined;
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) throw new TimeoutError(timeoutMs);
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
    if (timedOut) throw new TimeoutError(timeoutMs);
    throw error;
  } finally {
    cancelTimer();
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

/** RFC 6266: prefers `filename*` (RFC 5987, percent-encoded UTF-8) over `filename`. */
export function fileNameFromContentDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*([^;]+)/i.exec(header)?.[1]?.trim();
  if (extended) {
    const match = /^([\w!#$%&+^`{}~-]+)'[^']*'(.*)$/.exec(extended);
    if (match?.[2] !== undefined) {
      try {
        const name = baseName(decodeURIComponent(match[2]));
        if (name) return name;
      } catch {
        // a malformed extended value: fall back to the plain parameter
      }
    }
  }
  const plain = /filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]+)/i.exec(header)?.[1]?.trim();
  if (!plain) return undefined;
  const unquoted = plain.startsWith('"') ? plain.slice(1, -1).replace(/\\(.)/g, "$1") : plain;
  return baseName(unquoted) || undefined;
}

/** A server-chosen name must not steer a caller who writes it to disk into another directory. */
function baseName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return base === "." || base === ".." ? "" : base;
}
