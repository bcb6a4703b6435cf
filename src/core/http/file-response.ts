/**
 * File answers: what a file response says about the file (type, name from Content-Disposition,
 * request id), and a streamed body tied to the caller's signal. Imported only by the operations
 * that answer with a file, so an app that calls none carries none of it.
 */
import { AbortError, ConnectionError, type FailedCall, HuaweiCloudError } from "../errors.js";

/** What a file response says about the file. */
export interface FileMetadata {
  /** The response Content-Type, as sent. */
  readonly contentType: string | undefined;
  /** The file name from Content-Disposition, when the response names one. */
  readonly fileName: string | undefined;
  /** X-Request-Id of the response. */
  readonly requestId: string | undefined;
}
/** A file read into memory (at most `maxBufferedBytes`). */
export interface FileResult extends FileMetadata {
  /**
   * The file's bytes. Backed by an ArrayBuffer (never shared), so it is a BufferSource and a
   * BlobPart: `new Blob([data])`, `new Response(data)`, `crypto.subtle.digest(..., data)`.
   */
  readonly data: Uint8Array<ArrayBuffer>;
}
/** A file as a stream, for files of any size; the call's `signal` still ends it. */
export interface FileStreamResult extends FileMetadata {
  /** The file's bytes as they arrive. */
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

/**
 * A streamed body tied to the caller's signal: the caller's abort ends it with an AbortError even
 * when the fetch implementation ignores signals, and the attempt's listener on the caller's
 * signal is released (`release`) when the stream ends, fails or is cancelled.
 */
export function abortableStream(response: Response, callerSignal: AbortSignal | undefined, release: () => void, call?: FailedCall): Response {
  const source = response.body;
  if (!source) return response;
  const reader = source.getReader();
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    callerSignal?.removeEventListener("abort", onAbort);
    release();
  };
  const onAbort = () => void reader.cancel(callerSignal?.reason).catch(() => undefined);
  callerSignal?.addEventListener("abort", onAbort, { once: true });
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (callerSignal?.aborted) throw new AbortError(callerSignal.reason, call);
        if (done) {
          finish();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        finish();
        controller.error(
          callerSignal?.aborted
            ? new AbortError(callerSignal.reason, call)
            : error instanceof HuaweiCloudError
              ? error
              : new ConnectionError("the response body failed while streaming", false, error, call),
        );
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
}
