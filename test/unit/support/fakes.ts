/**
 * The unit tests' one library of test doubles: a fake Clock that never waits (sleeps return at
 * once and move it; timers fire when it is advanced past them or when told to), a scripted fetch
 * that records every call, canned responses and small helpers. Nothing here sleeps for real;
 * every loop is bounded.
 */
import { expect } from "vitest";
import type { Clock } from "../../../src/core/clock.js";
import { ValidationError } from "../../../src/index.js";

export interface FakeTimer {
  /** The clock's now() at which the timer falls due. */
  readonly at: number;
  readonly ms: number;
  readonly fn: () => void;
  active: boolean;
}

export const DEFAULT_START = Date.UTC(2024, 0, 15, 8, 0, 0);

export class FakeClock implements Clock {
  #now: number;
  /** Every sleep() duration, in order. */
  readonly sleeps: number[] = [];
  /** Every setTimer() registration, in order. */
  readonly timers: FakeTimer[] = [];
  /** "instant": sleep resolves at once and advances now(); "hang": sleep waits for its signal. */
  sleepMode: "instant" | "hang" = "instant";
  /** Called on every sleep, after it is recorded. */
  onSleep: ((ms: number) => void) | undefined = undefined;
  /** The value random() returns. */
  randomValue = 0;

  constructor(start: Date | number = DEFAULT_START) {
    this.#now = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    this.onSleep?.(ms);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.sleepMode === "hang") return waitForAbort(signal).then(() => undefined);
    this.advance(ms);
    return Promise.resolve();
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer: FakeTimer = { at: this.#now + ms, ms, fn, active: true };
    this.timers.push(timer);
    return () => {
      timer.active = false;
    };
  }

  random(): number {
    return this.randomValue;
  }

  /** Moves time forward and fires the active timers that fall due. */
  advance(ms: number): void {
    this.#now += ms;
    for (const timer of this.timers) {
      if (!timer.active || timer.at > this.#now) continue;
      timer.active = false;
      timer.fn();
    }
  }

  /** Fires every active timer once, due or not; returns how many fired. */
  fireTimers(): number {
    let fired = 0;
    for (const timer of this.timers) {
      if (!timer.active) continue;
      timer.active = false;
      fired++;
      timer.fn();
    }
    return fired;
  }

  /** Timers registered and neither fired nor cancelled. */
  get pendingTimers(): number {
    return this.timers.filter((t) => t.active).length;
  }
}

export function fakeClock(start: Date | number = DEFAULT_START): FakeClock {
  return new FakeClock(start);
}

/** Rejects with the signal's reason once it aborts; never resolves otherwise. */
export function waitForAbort(signal: AbortSignal | undefined): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (!signal) return; // a test bug: guarded by within()
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

export interface RecordedCall {
  readonly url: URL;
  readonly method: string;
  readonly headers: Headers;
  readonly body: Uint8Array<ArrayBuffer> | undefined;
  readonly signal: AbortSignal | undefined;
  /** The clock's now() when the call was made. */
  readonly at: number;
}

export type Step = Response | Error | ((call: RecordedCall, index: number) => Response | Promise<Response>);

export type RecordedRequest = RecordedCall;
export type Responder = (call: RecordedCall, index: number) => Response | Promise<Response>;

export interface ScriptedFetch {
  readonly fetch: typeof globalThis.fetch;
  readonly calls: RecordedCall[];
  /** The only recorded call; fails when there were none or several. */
  only(): RecordedCall;
}

export const MAX_FETCH_CALLS = 50;

/**
 * A fetch answering with `steps` in order (the last one repeats). An Error step is thrown; a
 * Response step is copied per call; a function step is called with the recorded call. Refuses more than MAX_FETCH_CALLS calls.
 */
export function scriptedFetch(steps: readonly Step[], clock?: Clock): ScriptedFetch {
  const calls: RecordedCall[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const raw = init?.body;
    const body =
      raw === undefined || raw === null
        ? undefined
        : raw instanceof Uint8Array
          ? new Uint8Array(raw)
          : new Uint8Array(await new Response(raw).arrayBuffer());
    const call: RecordedCall = {
      url,
      method: (init?.method ?? "GET").toUpperCase(),
      headers,
      body,
      signal: init?.signal ?? undefined,
      at: clock?.now() ?? 0,
    };
    calls.push(call);
    const index = calls.length - 1;
    if (calls.length > MAX_FETCH_CALLS) throw new Error(`scriptedFetch: more than ${MAX_FETCH_CALLS} calls`);
    const step = steps[Math.min(index, steps.length - 1)];
    if (step === undefined) throw new Error("scriptedFetch: no steps");
    if (step instanceof Error) throw step;
    if (step instanceof Response) {
      // A fresh Response per call, not step.clone(): cancelling one branch of a tee (what clone()
      // makes) only settles once the other branch is cancelled too.
      const bytes = await step.clone().arrayBuffer();
      const { status, statusText, headers } = step;
      return new Response(status === 204 || status === 304 ? null : bytes, { status, statusText, headers });
    }
    return step(call, index);
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    calls,
    only() {
      if (calls.length !== 1) throw new Error(`expected exactly one request, got ${calls.length}`);
      return calls[0]!;
    },
  };
}

/** scriptedFetch with the steps as arguments. */
export function recordingFetch(...steps: Step[]): ScriptedFetch {
  return scriptedFetch(steps);
}

/** A fetch step that waits for the attempt's signal and, if asked, fires the clock's timers. */
export function hang(clock?: FakeClock): Step {
  return (call) => {
    if (clock) setImmediate(() => clock.fireTimers());
    return waitForAbort(call.signal);
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function bytesResponse(bytes: Uint8Array, headers: Record<string, string> = {}): Response {
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: { "content-type": "application/octet-stream", ...headers },
  });
}

export function emptyResponse(status = 204, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

export const noContent = (headers: Record<string, string> = {}): Response => emptyResponse(204, headers);
export const fileResponse = bytesResponse;

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

/** A fetch step that never answers until its signal aborts; `onStart` runs once it waits. */
export function hangingUntilAborted(onStart?: () => void): Responder {
  return (call) => {
    const pending = waitForAbort(call.signal);
    onStart?.();
    return pending;
  };
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function connectionError(code: string): Error {
  return Object.assign(new TypeError("fetch failed"), { cause: { code } });
}

/** Rejects when `promise` has not settled within `ms` of real time, so no test can hang. */
export async function within<T>(promise: Promise<T>, ms = 2_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** Settles a promise into a value or the error it threw. */
export async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await within(promise) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The error a promise rejects with; throws when it resolves instead. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e as Error,
  );
}

/** The ValidationError a promise rejects with (asserted to be one). */
export async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

/** Runs `read` with globalThis.process replaced, synchronously, and restores it. */
export function withProcess<T>(replacement: unknown, read: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "process")!;
  Object.defineProperty(globalThis, "process", { value: replacement, configurable: true, writable: true });
  try {
    return read();
  } finally {
    Object.defineProperty(globalThis, "process", descriptor);
  }
}

/** A minimal ZIP-signed payload of exactly `size` bytes (at least 4). */
export function zipBytes(size = 64): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set([0x50, 0x4b, 0x03, 0x04].slice(0, size));
  return bytes;
}

/** The smallest ZIP-signed payload the upload rules accept (a local file header's first bytes). */
export const ZIP_BYTES = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 1, 2, 3, 4]);

export const decode = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes ?? new Uint8Array(0));

/** A valid activation of the page's example shape, shared by the transport and validation tests. */
export const CA_ID = "0b8d6a3e-6c3b-4b7e-9d7e-2f4a5c1b9e01";
export const activation = {
  ca_id: CA_ID,
  issuer_id: "c718fe5f-d44a-467f-80f1-948348ff4132",
  path_length: 3,
  signature_algorithm: "SHA256",
  validity: { type: "YEAR", value: 1 },
} as const;
