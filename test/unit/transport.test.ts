/**
 * The fetch seam, through the public clients: attempts, retries and their delays (read from a
 * fake clock), per-attempt timeouts, the caller's AbortSignal, re-authorization on every attempt,
 * 401 handling, request ids and the logger. No test waits for real time.
 */
import { describe, expect, it } from "vitest";
import { operations as bcsOperations } from "../../generated/bcs.operations.js";
import { operations as pcaOperations } from "../../generated/pca.operations.js";
import type { OperationSpec } from "../../src/core/request/operation-spec.js";
import {
  BcsClient,
  type BcsClientOptions,
  type CallOptions,
  type LogEvent,
  PcaClient,
  type PcaClientOptions,
  isAbortError,
  isApiError,
  isConnectionError,
  isTimeoutError,
} from "../../src/index.js";
import { verifySignature } from "../../src/testing/verify-signature.js";
import {
  type FakeClock,
  type ScriptedFetch,
  type Step,
  bytesResponse,
  connectionError,
  decode,
  emptyResponse,
  fakeClock,
  hang,
  jsonResponse,
  scriptedFetch,
  settle,
  waitForAbort,
  within,
  zipBytes, CA_ID, activation } from "./support/fakes.js";

// ---------------------------------------------------------------------------------------------
// Set-up

type Table = Readonly<Record<string, OperationSpec>>;

function tokenFor(table: Table): string {
  const schema = Object.values(table)
    .flatMap((op) => op.parameters)
    .find((p) => p.in === "header" && p.name === "X-Auth-Token")?.schema;
  return "tok-".padEnd(Math.max(schema?.minLength ?? 1, 16), "x");
}
const BCS_TOKEN = tokenFor(bcsOperations);
const PCA_TOKEN = tokenFor(pcaOperations);
const AK = "AKEXAMPLE0123456789";
const SK = "sk-secret-0123456789abcdef";

interface Setup<C> {
  readonly client: C;
  readonly fetch: ScriptedFetch;
  readonly clock: FakeClock;
  readonly events: LogEvent[];
}

function bcs(steps: readonly Step[], options: Partial<BcsClientOptions> & { clock?: FakeClock } = {}): Setup<BcsClient> {
  const clock = options.clock ?? fakeClock();
  const fetch = scriptedFetch(steps, clock);
  const events: LogEvent[] = [];
  const client = new BcsClient({
    endpoint: "https://bcs.example.test",
    projectId: "proj1",
    credentials: { token: BCS_TOKEN },
    fetch: fetch.fetch,
    clock,
    env: {},
    logger: (e) => events.push(e),
    ...options,
  });
  return { client, fetch, clock, events };
}

function pca(steps: readonly Step[], options: Partial<PcaClientOptions> & { clock?: FakeClock } = {}): Setup<PcaClient> {
  const clock = options.clock ?? fakeClock();
  const fetch = scriptedFetch(steps, clock);
  const events: LogEvent[] = [];
  const client = new PcaClient({
    endpoint: "https://ccm.example.test",
    credentials: { token: PCA_TOKEN },
    fetch: fetch.fetch,
    clock,
    env: {},
    logger: (e) => events.push(e),
    ...options,
  });
  return { client, fetch, clock, events };
}

const bcsPath = { blockchain_id: "chain1", org_name: "org1", user_name: "alice" } as const;

const download = (s: Setup<BcsClient>, options?: CallOptions) =>
  s.client.downloadCertificates({ blockchain_id: "chain1", org_name: "org1", cert_type: "user" }, options);

const status = (code: number, headers: Record<string, string> = {}) => jsonResponse(code, { error_code: `BCS.${code}`, error_msg: "nope" }, headers);
const okFile = (requestId = "req-file") => bytesResponse(new Uint8Array([1, 2, 3]), { "X-Request-Id": requestId });
const okResult = (requestId = "req-result") => jsonResponse(200, { result: "success" }, { "X-Request-Id": requestId });
const noContent = (requestId = "req-204") => emptyResponse(204, { "X-Request-Id": requestId });

/** The state-changing operations, each with the success answer it gets. */
interface StateChanging {
  readonly name: string;
  run(steps: readonly Step[], clientOptions?: Record<string, unknown>, callOptions?: CallOptions): { setup: Setup<unknown>; call: Promise<unknown> };
  readonly success: () => Response;
}

const stateChanging: readonly StateChanging[] = [
  {
    name: "activateCertificateAuthority",
    success: () => noContent(),
    run(steps, clientOptions, callOptions) {
      const setup = pca(steps, clientOptions);
      return { setup, call: setup.client.activateCertificateAuthority(activation, callOptions) };
    },
  },
  {
    name: "revokeCertificateAuthority",
    success: () => noContent(),
    run(steps, clientOptions, callOptions) {
      const setup = pca(steps, clientOptions);
      return { setup, call: setup.client.revokeCertificateAuthority({ ca_id: CA_ID, reason: "SUPERSEDED" }, callOptions) };
    },
  },
  {
    name: "freezeUserCertificate",
    success: () => okResult(),
    run(steps, clientOptions, callOptions) {
      const setup = bcs(steps, clientOptions);
      return { setup, call: setup.client.freezeUserCertificate({ ...bcsPath, file: zipBytes(128) }, callOptions) };
    },
  },
  {
    name: "unfreezeUserCertificate",
    success: () => okResult(),
    run(steps, clientOptions, callOptions) {
      const setup = bcs(steps, clientOptions);
      return { setup, call: setup.client.unfreezeUserCertificate({ ...bcsPath, file: zipBytes(128) }, callOptions) };
    },
  },
  {
    name: "generateUserCertificate",
    success: () => okFile(),
    run(steps, clientOptions, callOptions) {
      const setup = bcs(steps, clientOptions);
      return { setup, call: setup.client.generateUserCertificate({ ...bcsPath, security_mode: true }, callOptions) };
    },
  },
];

async function failure(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await settle(promise);
  if (outcome.ok) throw new Error("expected the call to fail");
  return outcome.error;
}

const activeTimers = (clock: FakeClock) => clock.timers.filter((t) => t.active).length;

// ---------------------------------------------------------------------------------------------

describe("GET retries", () => {
  it.each([500, 502, 503, 504, 429])("downloadCertificates is retried on %i up to maxRetries (2 → 3 attempts), then the typed error", async (code) => {
    const s = bcs([status(code, { "X-Request-Id": `req-${code}` })]);
    const error = await failure(download(s));
    expect(s.fetch.calls).toHaveLength(3);
    expect(s.fetch.calls.every((c) => c.method === "GET")).toBe(true);
    if (!isApiError(error)) throw error;
    expect(error.status).toBe(code);
    expect(error.name).toBe(code === 429 ? "RateLimitError" : "InternalServerError");
    expect(error.requestId).toBe(`req-${code}`);
    expect(s.clock.sleeps).toEqual([500, 1000]);
    expect(activeTimers(s.clock)).toBe(0);
  });

  it("downloadCertificates is retried on 408 Request Timeout", async () => {
    const s = bcs([status(408), okFile("req-after")]);
    await within(download(s));
    expect(s.fetch.calls).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 501, 505])("downloadCertificates is not retried on %i (repeating cannot help)", async (code) => {
    const s = bcs([status(code)]);
    const error = await failure(download(s));
    expect(isApiError(error)).toBe(true);
    expect(s.fetch.calls).toHaveLength(1);
  });

  it.each([500, 502, 503, 504, 429])("downloadCertificates recovers when %i is followed by 200", async (code) => {
    const s = bcs([status(code), okFile("req-after")]);
    const result = await within(download(s));
    expect(result.data).toEqual(new Uint8Array([1, 2, 3]));
    expect(result.requestId).toBe("req-after");
    expect(s.fetch.calls).toHaveLength(2);
    expect(s.clock.sleeps).toEqual([500]);
  });

  it.each(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE"])("downloadCertificates is retried on a connection error (%s)", async (code) => {
    const s = bcs([connectionError(code)]);
    const error = await failure(download(s));
    expect(s.fetch.calls).toHaveLength(3);
    if (!isConnectionError(error)) throw error;
    expect(error.message).toContain(code);
    expect(error.neverConnected).toBe(code === "ECONNREFUSED");
    expect(s.clock.sleeps).toEqual([500, 1000]);
  });

  it("a connection error followed by success resolves", async () => {
    const s = bcs([connectionError("ECONNRESET"), okFile()]);
    await expect(within(download(s))).resolves.toMatchObject({ requestId: "req-file" });
    expect(s.fetch.calls).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 422])("downloadCertificates is not retried on %i", async (code) => {
    const s = bcs([status(code)]);
    const error = await failure(download(s));
    expect(s.fetch.calls).toHaveLength(1);
    expect(isApiError(error) && error.status).toBe(code);
    expect(s.clock.sleeps).toEqual([]);
  });

  it("maxRetries: 0 on the client means one attempt", async () => {
    const s = bcs([status(503)], { maxRetries: 0 });
    await failure(download(s));
    expect(s.fetch.calls).toHaveLength(1);
  });

  it("maxRetries on the client and per call", async () => {
    const s = bcs([status(503)], { maxRetries: 4 });
    await failure(download(s));
    expect(s.fetch.calls).toHaveLength(5);
    const t = bcs([status(503)], { maxRetries: 4 });
    await failure(download(t, { maxRetries: 1 }));
    expect(t.fetch.calls).toHaveLength(2);
  });

  it.each([-1, 1.5, Number.NaN])("maxRetries %s per call is a ValidationError before I/O", async (maxRetries) => {
    const s = bcs([okFile()]);
    const error = await failure(download(s, { maxRetries }));
    expect(error).toMatchObject({ kind: "validation", parameter: "maxRetries" });
    expect(s.fetch.calls).toHaveLength(0);
  });
});

describe("state-changing POSTs", () => {
  for (const op of stateChanging) {
    describe(op.name, () => {
      it.each([500, 502, 504])("is not retried after %i (exactly one attempt)", async (code) => {
        const { setup, call } = op.run([status(code), op.success()]);
        const error = await failure(call);
        expect(isApiError(error) && error.status).toBe(code);
        expect(setup.fetch.calls).toHaveLength(1);
        expect(setup.fetch.calls[0]!.method).toBe("POST");
        expect(setup.clock.sleeps).toEqual([]);
      });

      it("is not retried after ECONNRESET", async () => {
        const { setup, call } = op.run([connectionError("ECONNRESET"), op.success()]);
        const error = await failure(call);
        expect(isConnectionError(error)).toBe(true);
        expect(setup.fetch.calls).toHaveLength(1);
      });

      it("is not retried after a timeout", async () => {
        const clock = fakeClock();
        const { setup, call } = op.run([hang(clock), op.success()], { clock });
        const error = await failure(call);
        expect(isTimeoutError(error)).toBe(true);
        expect(setup.fetch.calls).toHaveLength(1);
      });

      it.each([429, 503])("is retried after %i", async (code) => {
        const { setup, call } = op.run([status(code), status(code), op.success()]);
        await within(call);
        expect(setup.fetch.calls).toHaveLength(3);
        expect(setup.clock.sleeps).toEqual([500, 1000]);
      });

      it.each([429, 503])("gives up after maxRetries of %i", async (code) => {
        const { setup, call } = op.run([status(code)]);
        const error = await failure(call);
        expect(isApiError(error) && error.status).toBe(code);
        expect(setup.fetch.calls).toHaveLength(3);
      });

      it("is retried after ECONNREFUSED (never connected)", async () => {
        const { setup, call } = op.run([connectionError("ECONNREFUSED"), op.success()]);
        await within(call);
        expect(setup.fetch.calls).toHaveLength(2);
      });

      it("is retried after a never-connected code inside an AggregateError", async () => {
        const aggregate = Object.assign(new TypeError("fetch failed"), {
          cause: new AggregateError([Object.assign(new Error("connect"), { code: "ECONNREFUSED" })]),
        });
        const { setup, call } = op.run([aggregate, op.success()]);
        await within(call);
        expect(setup.fetch.calls).toHaveLength(2);
      });

      it.each([
        ["500", false],
        ["502", false],
        ["504", false],
        ["ECONNRESET", false],
        ["timeout", false],
        ["500", true],
        ["ECONNRESET", true],
        ["timeout", true],
      ] as const)("retryStateChanging enables a retry after %s (per client: %s)", async (what, perClient) => {
        const clock = fakeClock();
        const failing: Step =
          what === "ECONNRESET" ? connectionError("ECONNRESET") : what === "timeout" ? hang(clock) : status(Number(what));
        const clientOptions = perClient ? { clock, retryStateChanging: true } : { clock };
        const callOptions = perClient ? undefined : { retryStateChanging: true };
        const { setup, call } = op.run([failing, failing, op.success()], clientOptions, callOptions);
        await within(call);
        expect(setup.fetch.calls).toHaveLength(3);
      });

      it("retryStateChanging: false per call overrides the client", async () => {
        const { setup, call } = op.run([status(500), op.success()], { retryStateChanging: true }, { retryStateChanging: false });
        await failure(call);
        expect(setup.fetch.calls).toHaveLength(1);
      });
    });
  }
});

describe("delays", () => {
  it("backoff grows 500 → 1000 → … and caps at 8 s (random 0: no jitter)", async () => {
    const s = bcs([status(503)], { maxRetries: 7 });
    await failure(download(s));
    expect(s.fetch.calls).toHaveLength(8);
    expect(s.clock.sleeps).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it.each([0.5, 0.999999])("jitter (random %s) takes at most 25 %% off the nominal delay", async (random) => {
    const s = bcs([status(503)], { maxRetries: 6 });
    s.clock.randomValue = random;
    await failure(download(s));
    const nominal = [500, 1000, 2000, 4000, 8000, 8000];
    expect(s.clock.sleeps).toHaveLength(nominal.length);
    s.clock.sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(nominal[i]! * 0.75);
      expect(ms).toBeLessThanOrEqual(nominal[i]!);
      expect(ms).toBe(Math.round(nominal[i]! * (1 - random * 0.25)));
    });
  });

  it("the backoff is waited between attempts (clock time moves)", async () => {
    const s = bcs([status(503), status(503), okFile()]);
    await download(s);
    const at = s.fetch.calls.map((c) => c.at);
    expect([at[1]! - at[0]!, at[2]! - at[1]!]).toEqual([500, 1000]);
  });

  it.each([
    ["3", 3000],
    ["0", 0],
    ["60", 60_000],
    ["61", 60_000],
    ["3600", 60_000],
  ])("Retry-After: %s seconds waits %i ms (capped at 60 s)", async (value, expected) => {
    const s = bcs([status(429, { "Retry-After": value }), okFile()]);
    await within(download(s));
    expect(s.clock.sleeps).toEqual([expected]);
  });

  it.each([
    [7_000, 7_000],
    [60_000, 60_000],
    [2 * 3600_000, 60_000],
    [-30_000, 0],
  ])("Retry-After as an HTTP-date %i ms ahead waits %i ms", async (ahead, expected) => {
    const clock = fakeClock(Date.UTC(2024, 0, 15, 8, 0, 0));
    const step: Step = () => status(503, { "Retry-After": new Date(clock.now() + ahead).toUTCString() });
    const s = bcs([step, step, okFile()], { clock });
    await within(download(s));
    expect(s.clock.sleeps).toEqual([expected, expected]);
  });

  it("Retry-After is honoured for a state-changing 503 too", async () => {
    const { setup, call } = stateChanging[1]!.run([status(503, { "Retry-After": "2" }), noContent()]);
    await within(call);
    expect(setup.clock.sleeps).toEqual([2000]);
  });

  it("retry-after-ms from a gateway is honoured", async () => {
    const s = bcs([status(503, { "retry-after-ms": "1500" }), okFile()]);
    await within(download(s));
    expect(s.clock.sleeps).toEqual([1500]);
  });

  it.each(["1.5", "-1", "soon", "5 s", "0x10"])("a malformed Retry-After %j falls back to the backoff", async (value) => {
    const s = bcs([status(503, { "Retry-After": value }), okFile()]);
    await within(download(s));
    expect(s.clock.sleeps).toEqual([500]);
  });
});

describe("every attempt is authorized afresh", () => {
  it("a token goes on every attempt", async () => {
    const s = bcs([status(503), status(503), okFile()]);
    await download(s);
    expect(s.fetch.calls.map((c) => c.headers.get("X-Auth-Token"))).toEqual([BCS_TOKEN, BCS_TOKEN, BCS_TOKEN]);
  });

  it("AK/SK: a new X-Sdk-Date and signature per attempt over identical body bytes (JSON)", async () => {
    const s = pca([status(503, { "Retry-After": "1" }), status(503, { "Retry-After": "1" }), noContent()], {
      credentials: { accessKeyId: AK, secretAccessKey: SK },
      domainId: "domain1",
    });
    await within(s.client.activateCertificateAuthority(activation));
    await expectFreshSignatures(s, "X-Domain-Id", "domain1");
    const { ca_id: _, ...body } = activation;
    expect(JSON.parse(decode(s.fetch.calls[0]!.body))).toEqual(body);
  });

  it("AK/SK: the same multipart bytes (same boundary) on every attempt", async () => {
    const s = bcs([status(429, { "Retry-After": "1" }), status(503, { "Retry-After": "1" }), okResult()], {
      credentials: { accessKeyId: AK, secretAccessKey: SK },
    });
    const file = zipBytes(300);
    await within(s.client.freezeUserCertificate({ ...bcsPath, file: new Blob([file]) }));
    await expectFreshSignatures(s, "X-Project-Id", "proj1");
    const contentTypes = new Set(s.fetch.calls.map((c) => c.headers.get("content-type")));
    expect(contentTypes.size).toBe(1);
  });

  it("AK/SK: a GET without a body is re-signed too", async () => {
    const s = bcs([status(502, { "Retry-After": "1" }), okFile()], { credentials: { accessKeyId: AK, secretAccessKey: SK } });
    await download(s);
    await expectFreshSignatures(s, "X-Project-Id", "proj1");
  });

  async function expectFreshSignatures(s: Setup<unknown>, scopeHeader: string, scope: string): Promise<void> {
    const calls = s.fetch.calls;
    expect(calls.length).toBeGreaterThan(1);
    const dates = calls.map((c) => c.headers.get("X-Sdk-Date"));
    const authorizations = calls.map((c) => c.headers.get("Authorization"));
    expect(new Set(dates).size).toBe(calls.length);
    expect(new Set(authorizations).size).toBe(calls.length);
    for (const call of calls) {
      expect(call.headers.get(scopeHeader)).toBe(scope);
      expect(call.headers.get("X-Auth-Token")).toBeNull();
      expect(decode(call.body)).toBe(decode(calls[0]!.body));
      const headers = new Headers(call.headers);
      if (!headers.has("host")) headers.set("host", call.url.host);
      const verdict = await verifySignature(
        { method: call.method, url: call.url, headers, body: call.body },
        (id) => (id === AK ? SK : undefined),
        new Date(call.at),
      );
      expect(verdict).toEqual({ ok: true, accessKeyId: AK });
    }
  }
});

describe("per-attempt timeout", () => {
  it("a GET that never answers fails with TimeoutError after its attempts (timer from the call option)", async () => {
    const clock = fakeClock();
    const s = bcs([hang(clock)], { clock });
    const error = await failure(download(s, { timeoutMs: 1234 }));
    if (!isTimeoutError(error)) throw error;
    expect(error.timeoutMs).toBe(1234);
    expect(error.message).toBe("downloadCertificates: the request timed out after 1234 ms (3 attempts made)");
    expect(error).toMatchObject({ operationId: "downloadCertificates", attempts: 3 });
    // The cause is what the waiting fetch failed with: the attempt's own abort.
    expect(error.cause).toBeInstanceOf(DOMException);
    expect(error.cause).toMatchObject({ name: "TimeoutError", message: "no answer within 1234 ms" });
    expect(s.fetch.calls).toHaveLength(3);
    expect(s.clock.timers.map((t) => t.ms)).toEqual([1234, 1234, 1234]);
    expect(s.clock.sleeps).toEqual([500, 1000]);
    expect(activeTimers(s.clock)).toBe(0);
  });

  it("the client's timeoutMs is the default; maxRetries 0 gives one attempt", async () => {
    const clock = fakeClock();
    const s = bcs([hang(clock)], { clock, timeoutMs: 777, maxRetries: 0 });
    const error = await failure(download(s));
    expect(isTimeoutError(error) && error.timeoutMs).toBe(777);
    expect(error).toMatchObject({ message: "downloadCertificates: the request timed out after 777 ms (1 attempt made)", attempts: 1 });
    expect(s.fetch.calls).toHaveLength(1);
  });

  it("the default per-attempt timeout is 60 s", async () => {
    const clock = fakeClock();
    const s = bcs([hang(clock)], { clock, maxRetries: 0 });
    await failure(download(s));
    expect(s.clock.timers[0]!.ms).toBe(60_000);
  });

  it("a timed-out GET attempt followed by a good one resolves", async () => {
    const clock = fakeClock();
    const s = bcs([hang(clock), okFile()], { clock });
    await expect(within(download(s))).resolves.toMatchObject({ requestId: "req-file" });
    expect(s.fetch.calls).toHaveLength(2);
  });

  it("an error body that never ends is cut off by the attempt timeout", async () => {
    const clock = fakeClock();
    const stalled: Step = (call) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"error_code":'));
          // Like fetch: aborting the request's signal errors its body stream.
          call.signal?.addEventListener("abort", () => controller.error(call.signal?.reason), { once: true });
          setImmediate(() => clock.fireTimers());
        },
      });
      return new Response(body, { status: 400, headers: { "content-type": "application/json" } });
    };
    const s = bcs([stalled], { clock });
    const error = await failure(download(s));
    expect(isTimeoutError(error)).toBe(true);
    expect(s.fetch.calls).toHaveLength(1);
  });

  it("a file body that never ends is cut off by the read deadline", async () => {
    const clock = fakeClock();
    const stalled: Step = () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array([1]));
        },
        pull() {
          setImmediate(() => clock.fireTimers());
          return new Promise<void>(() => undefined);
        },
      });
      return new Response(body, { status: 200, headers: { "content-type": "application/octet-stream" } });
    };
    const s = bcs([stalled], { clock });
    const error = await failure(download(s));
    expect(isTimeoutError(error)).toBe(true);
  });

  it.each([0, -5, Number.NaN])("timeoutMs %s per call is a ValidationError before I/O", async (timeoutMs) => {
    const s = bcs([okFile()]);
    const error = await failure(download(s, { timeoutMs }));
    expect(error).toMatchObject({ kind: "validation", parameter: "timeoutMs" });
    expect(s.fetch.calls).toHaveLength(0);
  });

  it("a successful attempt cancels its timer", async () => {
    const s = bcs([okResult()]);
    await s.client.freezeUserCertificate({ ...bcsPath, file: zipBytes(10) });
    expect(s.clock.timers.length).toBeGreaterThan(0);
    expect(activeTimers(s.clock)).toBe(0);
  });
});

describe("the caller's AbortSignal", () => {
  it("already aborted: AbortError and no fetch", async () => {
    const s = bcs([okFile()]);
    const error = await failure(download(s, { signal: AbortSignal.abort("stop") }));
    expect(isAbortError(error)).toBe(true);
    expect(error).toMatchObject({
      message: "downloadCertificates: the request was aborted by the caller's AbortSignal (no attempt made)",
      operationId: "downloadCertificates",
      attempts: 0,
      cause: "stop",
    });
    expect(s.fetch.calls).toHaveLength(0);
  });

  it("aborted while the request is in flight: AbortError, not retried, reason kept as cause", async () => {
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    const s = bcs([
      (call) => {
        setImmediate(() => controller.abort(reason));
        return waitForAbort(call.signal);
      },
    ]);
    const error = await failure(download(s, { signal: controller.signal }));
    if (!isAbortError(error)) throw error;
    expect(error.cause).toBe(reason);
    expect(error.message).toBe("downloadCertificates: the request was aborted by the caller's AbortSignal (1 attempt made)");
    expect(s.fetch.calls).toHaveLength(1);
    expect(s.clock.sleeps).toEqual([]);
    expect(activeTimers(s.clock)).toBe(0);
  });

  it("aborted during a backoff sleep: AbortError, no further attempt", async () => {
    const controller = new AbortController();
    const s = bcs([status(503), okFile()]);
    s.clock.sleepMode = "hang";
    s.clock.onSleep = () => setImmediate(() => controller.abort());
    const error = await failure(download(s, { signal: controller.signal }));
    expect(isAbortError(error)).toBe(true);
    expect(error).toMatchObject({ operationId: "downloadCertificates", attempts: 1 });
    expect(s.fetch.calls).toHaveLength(1);
    expect(s.clock.sleeps).toEqual([500]);
  });

  it("aborted during a Retry-After wait of a state-changing call: AbortError", async () => {
    const controller = new AbortController();
    const { setup, call } = stateChanging[0]!.run([status(429, { "Retry-After": "30" }), noContent()], {}, { signal: controller.signal });
    setup.clock.sleepMode = "hang";
    setup.clock.onSleep = () => setImmediate(() => controller.abort());
    const error = await failure(call);
    expect(isAbortError(error)).toBe(true);
    expect(setup.fetch.calls).toHaveLength(1);
    expect(setup.clock.sleeps).toEqual([30_000]);
  });

  it("an abort is an AbortError even when the timer has also fired", async () => {
    const controller = new AbortController();
    const clock = fakeClock();
    const s = bcs(
      [
        (call) => {
          setImmediate(() => {
            controller.abort();
            clock.fireTimers();
          });
          return waitForAbort(call.signal);
        },
      ],
      { clock },
    );
    const error = await failure(download(s, { signal: controller.signal }));
    expect(isAbortError(error)).toBe(true);
    expect(s.fetch.calls).toHaveLength(1);
  });
});

describe("401 and credentials", () => {
  it("401 clears a token provider's cache: the next call asks the provider again", async () => {
    let asked = 0;
    const provider = async () => {
      asked++;
      return `${BCS_TOKEN}-${asked}`;
    };
    const s = bcs([status(401), okFile(), okFile()], { credentials: { token: provider } });
    const error = await failure(download(s));
    expect(isApiError(error) && error.name).toBe("AuthenticationError");
    expect(s.fetch.calls).toHaveLength(1);
    expect(asked).toBe(1);
    await download(s);
    expect(asked).toBe(2);
    expect(s.fetch.calls[1]!.headers.get("X-Auth-Token")).toBe(`${BCS_TOKEN}-2`);
    await download(s);
    expect(asked).toBe(2); // cached again after a success
    expect(s.fetch.calls[2]!.headers.get("X-Auth-Token")).toBe(`${BCS_TOKEN}-2`);
  });

  it("without a 401 the provider is asked once across calls and retries", async () => {
    let asked = 0;
    const provider = async () => {
      asked++;
      return BCS_TOKEN;
    };
    const s = bcs([status(503), okFile(), okFile()], { credentials: { token: provider } });
    await download(s);
    await download(s);
    expect(asked).toBe(1);
    expect(s.fetch.calls).toHaveLength(3);
  });

  it("401 clears a rotating AK/SK provider's cache too", async () => {
    let asked = 0;
    const akSk = async () => {
      asked++;
      return { accessKeyId: `${AK}${asked}`, secretAccessKey: SK };
    };
    const s = pca([status(401), noContent()], { credentials: { akSk }, domainId: "domain1" });
    await failure(s.client.revokeCertificateAuthority({ ca_id: CA_ID }));
    await s.client.revokeCertificateAuthority({ ca_id: CA_ID });
    expect(asked).toBe(2);
    expect(s.fetch.calls[1]!.headers.get("Authorization")).toContain(`Access=${AK}2,`);
  });
});

describe("request ids", () => {
  it("are on results", async () => {
    const s = bcs([okFile("rid-download"), okResult("rid-freeze"), okResult("rid-unfreeze"), okFile("rid-generate")]);
    expect((await download(s)).requestId).toBe("rid-download");
    expect((await s.client.freezeUserCertificate({ ...bcsPath, file: zipBytes(8) })).requestId).toBe("rid-freeze");
    expect((await s.client.unfreezeUserCertificate({ ...bcsPath, file: zipBytes(8) })).requestId).toBe("rid-unfreeze");
    expect((await s.client.generateUserCertificate(bcsPath)).requestId).toBe("rid-generate");
    const p = pca([noContent("rid-activate"), noContent("rid-revoke")]);
    expect(await p.client.activateCertificateAuthority(activation)).toEqual({ requestId: "rid-activate" });
    expect(await p.client.revokeCertificateAuthority({ ca_id: CA_ID })).toEqual({ requestId: "rid-revoke" });
  });

  it("are on API errors (both body shapes) and in their message", async () => {
    const s = bcs([
      jsonResponse(404, { error_code: "BCS.4004", error_msg: "no such chain" }, { "X-Request-Id": "rid-404" }),
      jsonResponse(403, { error: { code: "APIGW.0301", message: "denied" } }, { "X-Request-Id": "rid-403" }),
      new Response("<html>bad gateway</html>", { status: 400, headers: { "X-Request-Id": "rid-400" } }),
    ]);
    const e404 = await failure(download(s));
    if (!isApiError(e404)) throw e404;
    expect(e404).toMatchObject({ status: 404, requestId: "rid-404", errorCode: "BCS.4004", errorMessage: "no such chain", name: "NotFoundError" });
    expect(e404.message).toContain("rid-404");
    const e403 = await failure(download(s));
    expect(e403).toMatchObject({ status: 403, requestId: "rid-403", errorCode: "APIGW.0301", errorMessage: "denied" });
    const e400 = await failure(download(s));
    expect(e400).toMatchObject({ status: 400, requestId: "rid-400", rawBody: "<html>bad gateway</html>", errorCode: undefined });
  });

  it("the error of the last attempt carries that attempt's request id", async () => {
    const s = bcs([status(503, { "X-Request-Id": "first" }), status(503, { "X-Request-Id": "second" }), status(503, { "X-Request-Id": "third" })]);
    const error = await failure(download(s));
    expect(isApiError(error) && error.requestId).toBe("third");
  });
});

describe("the logger", () => {
  it("receives request, response and retry events in order", async () => {
    const s = bcs([status(503, { "X-Request-Id": "r1" }), okFile("r2")]);
    await download(s);
    expect(s.events.map((e) => e.type)).toEqual(["request", "response", "retry", "request", "response"]);
    expect(s.events[0]).toEqual({
      type: "request",
      operationId: "downloadCertificates",
      method: "GET",
      path: "/v2/proj1/blockchains/chain1/cert",
      attempt: 1,
    });
    expect(s.events[1]).toMatchObject({ type: "response", status: 503, requestId: "r1", attempt: 1 });
    expect(s.events[2]).toMatchObject({ type: "retry", attempt: 1, delayMs: 500, reason: "status 503" });
    expect(s.events[4]).toMatchObject({ type: "response", status: 200, requestId: "r2", attempt: 2 });
  });

  it("receives an error event for a failure without a response", async () => {
    const s = bcs([connectionError("ECONNRESET")], { maxRetries: 1 });
    const error = await failure(download(s));
    // The error names the call and its two attempts, and keeps the socket error as its cause.
    expect(error).toMatchObject({
      message: "downloadCertificates: the request to bcs.example.test failed before a complete response (ECONNRESET) (2 attempts made)",
      operationId: "downloadCertificates",
      attempts: 2,
    });
    expect((error as Error & { cause: { cause: { code: string } } }).cause.cause.code).toBe("ECONNRESET");
    expect(s.events.map((e) => e.type)).toEqual(["request", "retry", "request", "error"]);
    expect(s.events[3]).toMatchObject({ type: "error", attempt: 2 });
  });

  it("never receives a header value, a body or a query string", async () => {
    const s = bcs([status(429, { "Retry-After": "1" }), okResult("rid-ok")], {
      credentials: { accessKeyId: AK, secretAccessKey: SK, securityToken: "security-token-value" },
    });
    await s.client.freezeUserCertificate({ ...bcsPath, file: zipBytes(64) });
    const d = bcs([status(503), okFile()], { credentials: { token: BCS_TOKEN } });
    await d.client.downloadCertificates({ blockchain_id: "chain1", org_name: "query-org-value", cert_type: "admin" });

    const allowed = new Set(["type", "operationId", "method", "path", "attempt", "status", "requestId", "durationMs", "delayMs", "reason", "error"]);
    for (const event of [...s.events, ...d.events]) for (const key of Object.keys(event)) expect(allowed.has(key), key).toBe(true);

    const logged = JSON.stringify([...s.events, ...d.events]);
    const secrets = [
      BCS_TOKEN,
      AK,
      SK,
      "security-token-value",
      "query-org-value",
      "admin",
      ...s.fetch.calls.flatMap((c) => [c.headers.get("Authorization")!, c.headers.get("X-Sdk-Date")!, c.headers.get("content-type")!]),
      ...d.fetch.calls.map((c) => c.headers.get("X-Auth-Token")!),
    ];
    for (const secret of secrets) expect(logged).not.toContain(secret);
    expect(logged).not.toContain("boundary");
    expect(logged).not.toContain("PK");
  });
});

describe("nothing hangs and nothing leaks", () => {
  it("a retried response whose body is a tee (a cloned Response from a caching fetch) does not stall the retry", async () => {
    const original = status(503);
    const s = bcs([() => original.clone(), okFile()]); // `original` is never read: cancelling the clone alone never settles
    await expect(within(download(s))).resolves.toMatchObject({ requestId: "req-file" });
    expect(s.fetch.calls).toHaveLength(2);
  });

  it("every scripted failure mode settles for every operation", async () => {
    const modes: Array<[string, (clock: FakeClock) => Step]> = [
      ["500", () => status(500)],
      ["503", () => status(503)],
      ["429 Retry-After", () => status(429, { "Retry-After": "5" })],
      ["ECONNRESET", () => connectionError("ECONNRESET")],
      ["ECONNREFUSED", () => connectionError("ECONNREFUSED")],
      ["hang", (clock) => hang(clock)],
      ["non-Error throw", () => (() => Promise.reject("a string")) as Step],
    ];
    for (const op of stateChanging) {
      for (const [name, make] of modes) {
        const clock = fakeClock();
        const { setup, call } = op.run([make(clock)], { clock });
        const outcome = await settle(call);
        expect(outcome.ok, `${op.name} ${name}`).toBe(false);
        expect(setup.fetch.calls.length, `${op.name} ${name}`).toBeLessThanOrEqual(3);
        expect(activeTimers(setup.clock), `${op.name} ${name}`).toBe(0);
      }
    }
  });
});
