/**
 * Reading a response body: buffered under a size cap (and an AbortSignal, so neither a stalled
 * body nor a cancelled call can hang), or handed over as a stream; and the file name a response
 * gives in Content-Disposition.
 */
import { ResponseTooLargeError } from "./errors.js";

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
 * then while reading). When `signal` aborts, the read stops and its reason is thrown.
 */
export async function readBody(response: Response, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
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
function preallocate(declared: number): Uint8Array | undefined {
  if (!(Number.isSafeInteger(declared) && declared >= 0)) return undefined;
  try {
    return new Uint8Array(declared);
  } catch {
    return undefined; // RangeError: collect chunks instead, and let the cap decide
  }
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
