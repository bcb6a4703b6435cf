/**
 * Test doubles for the unit tests: a fetch that records every request and answers from a
 * script, and a clock that only moves when told to (sleeps return at once and advance it).
 */
import type { Clock } from "../../../src/index.js";

export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: Uint8Array<ArrayBuffer> | undefined;
  readonly signal: AbortSignal | undefined;
}

export type Responder = (request: RecordedRequest, index: number) => Response | Promise<Response>;

export interface RecordingFetch {
  readonly fetch: typeof globalThis.fetch;
  readonly calls: RecordedRequest[];
  /** The only recorded request; fails when there were none or several. */
  only(): RecordedRequest;
}

/**
 * A fetch that records what it is given and answers with `responders[i]` for the i-th call
 * (the last one repeats). A responder may also be a Response, which is copied per call.
 */
export function recordingFetch(...responders: (Responder | Response)[]): RecordingFetch {
  const calls: RecordedRequest[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const body = init?.body == null ? undefined : new Uint8Array(await request.arrayBuffer());
    const recorded: RecordedRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: new Headers(init?.headers),
      body,
      signal: init?.signal ?? undefined,
    };
    const index = calls.length;
    calls.push(recorded);
    const responder = responders[Math.min(index, responders.length - 1)];
    if (responder === undefined) throw new Error("recordingFetch: no responder");
    if (typeof responder === "function") return responder(recorded, index);
    // A fresh Response per call, not responder.clone(): cancelling one branch of a tee (what
    // clone() makes) only settles once the other branch is cancelled too.
    const bytes = await responder.clone().arrayBuffer();
    const { status, statusText, headers } = responder;
    return new Response(status === 204 || status === 304 ? null : bytes, { status, statusText, headers });
  }) as typeof globalThis.fetch;
  return {
    fetch,
    calls,
    only() {
      if (calls.length !== 1) throw new Error(`expected exactly one request, got ${calls.length}`);
      return calls[0]!;
    },
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function noContent(headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 204, headers });
}

export function fileResponse(bytes: Uint8Array, headers: Record<string, string> = {}): Response {
  return new Response(new Uint8Array(bytes), { status: 200, headers: { "content-type": "application/octet-stream", ...headers } });
}

/** A body without Content-Length, delivered in chunks. */
export function chunkedBody(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

/** A fetch double that never answers until its signal aborts (an attempt timeout or the caller). */
export function hangingUntilAborted(onStart?: () => void): Responder {
  return (request) =>
    new Promise<Response>((_resolve, reject) => {
      const signal = request.signal;
      if (!signal) return reject(new Error("no signal"));
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      onStart?.();
    });
}

export class FakeClock implements Clock {
  #now: number;
  #timers: { at: number; fn: () => void; id: number }[] = [];
  #nextId = 0;
  /** Every sleep the code under test asked for, in ms. */
  readonly sleeps: number[] = [];

  constructor(start: Date | number = Date.UTC(2024, 0, 15, 8, 30, 0)) {
    this.#now = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.advance(ms);
    return Promise.resolve();
  }

  setTimer(fn: () => void, ms: number): () => void {
    const id = this.#nextId++;
    this.#timers.push({ at: this.#now + ms, fn, id });
    return () => {
      this.#timers = this.#timers.filter((t) => t.id !== id);
    };
  }

  random(): number {
    return 0;
  }

  /** Moves time forward and fires the timers that fall due. */
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#timers.filter((t) => t.at <= this.#now);
    this.#timers = this.#timers.filter((t) => t.at > this.#now);
    for (const timer of due) timer.fn();
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }
}

/** The smallest valid ZIP: an empty archive is just an end-of-central-directory record, so use a local header. */
export const ZIP_BYTES = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 1, 2, 3, 4]);

export const decode = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes ?? new Uint8Array(0));

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
