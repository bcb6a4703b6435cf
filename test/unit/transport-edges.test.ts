/**
 * Edges of the fetch seam that a one-line change could break without any other test noticing
 * (each one found by mutating src/ and watching the suite stay green, issue #13): a 408 on a
 * state-changing POST, every never-connected socket code, an error body over the 1 MiB error
 * cap, the caller's abort against our timeout with no retry to hide the order, and a streamed
 * body failing half-way. Through the public clients, with a scripted fetch and a fake clock.
 */
import { describe, expect, it, vi } from "vitest";
import {
  BcsClient,
  type BcsClientOptions,
  PcaClient,
  type PcaClientOptions,
  isAbortError,
  isApiError,
  isConnectionError,
  isResponseTooLargeError,
  isTimeoutError,
  type LogEvent,
} from "../../src/index.js";
import { isRepeatable, retryAfterMs } from "../../src/core/http/retry.js";
import {
  type FakeClock,
  type Step,
  activation,
  bytesResponse,
  connectionError,
  emptyResponse,
  fakeClock,
  jsonResponse,
  scriptedFetch,
  settle,
  waitForAbort,
  within,
  zipBytes,
} from "./support/fakes.js";

const TOKEN = "tok-".padEnd(64, "x");

function bcs(steps: readonly Step[], options: Partial<BcsClientOptions> & { clock?: FakeClock } = {}) {
  const clock = options.clock ?? fakeClock();
  const fetch = scriptedFetch(steps, clock);
  const client = new BcsClient({ endpoint: "https://bcs.example.test", projectId: "proj1", credentials: { token: TOKEN }, fetch: fetch.fetch, clock, env: {}, ...options });
  return { client, fetch, clock };
}

function pca(steps: readonly Step[], options: Partial<PcaClientOptions> = {}) {
  const clock = fakeClock();
  const fetch = scriptedFetch(steps, clock);
  const client = new PcaClient({ endpoint: "https://ccm.example.test", credentials: { token: TOKEN }, fetch: fetch.fetch, clock, env: {}, ...options });
  return { client, fetch, clock };
}

const user = { blockchain_id: "chain1", org_name: "org1", user_name: "alice" } as const;
const download = { blockchain_id: "chain1", org_name: "org1", cert_type: "user" } as const;
const status = (code: number) => jsonResponse(code, { error_code: `BCS.${code}`, error_msg: "nope" });
const okResult = () => jsonResponse(200, { result: "success" });

/** Each state-changing operation, called once against `steps`. */
const stateChanging: ReadonlyArray<readonly [string, (steps: readonly Step[]) => { fetch: { calls: unknown[] }; call: Promise<unknown> }]> = [
  ["activateCertificateAuthority", (steps) => { const s = pca([...steps, emptyResponse(204)]); return { fetch: s.fetch, call: s.client.activateCertificateAuthority(activation) }; }],
  ["revokeCertificateAuthority", (steps) => { const s = pca([...steps, emptyResponse(204)]); return { fetch: s.fetch, call: s.client.revokeCertificateAuthority({ ca_id: activation.ca_id }) }; }],
  ["freezeUserCertificate", (steps) => { const s = bcs([...steps, okResult()]); return { fetch: s.fetch, call: s.client.freezeUserCertificate({ ...user, file: zipBytes(128) }) }; }],
  ["unfreezeUserCertificate", (steps) => { const s = bcs([...steps, okResult()]); return { fetch: s.fetch, call: s.client.unfreezeUserCertificate({ ...user, file: zipBytes(128) }) }; }],
  ["generateUserCertificate", (steps) => { const s = bcs([...steps, bytesResponse(new Uint8Array([1]))]); return { fetch: s.fetch, call: s.client.generateUserCertificate({ ...user, security_mode: true }) }; }],
];

async function failure(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await settle(promise);
  if (outcome.ok) throw new Error("expected the call to fail");
  return outcome.error;
}

describe("a state-changing POST is not retried on 408 Request Timeout (the server may have acted)", () => {
  it.each(stateChanging)("%s: one attempt, the 408 ApiError", async (_name, run) => {
    const { fetch, call } = run([status(408)]);
    const error = await failure(call);
    expect(isApiError(error) && error.status).toBe(408);
    expect(fetch.calls).toHaveLength(1);
  });
});

describe("socket codes meaning no connection was ever made", () => {
  // The codes for which nothing can have reached the server: refused, no such host, DNS
  // temporarily failing, host or network unreachable.
  const neverConnected = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"];

  it.each(neverConnected)("%s: neverConnected, so a state-changing POST is retried", async (code) => {
    const s = pca([connectionError(code), emptyResponse(204)]);
    await within(s.client.activateCertificateAuthority(activation));
    expect(s.fetch.calls).toHaveLength(2);

    const t = pca([connectionError(code)], { maxRetries: 0 });
    const error = await failure(t.client.activateCertificateAuthority(activation));
    if (!isConnectionError(error)) throw error;
    expect(error.neverConnected).toBe(true);
    expect(error.message).toContain(code);
  });

  it.each(["ECONNRESET", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET"])("%s: maybe delivered, so a state-changing POST is not retried", async (code) => {
    const s = pca([connectionError(code), emptyResponse(204)]);
    const error = await failure(s.client.activateCertificateAuthority(activation));
    expect(isConnectionError(error) && error.neverConnected).toBe(false);
    expect(s.fetch.calls).toHaveLength(1);
  });
});

describe("an error body larger than the 1 MiB error cap", () => {
  const big = new Uint8Array(1024 * 1024 + 1).fill(0x61);

  it.each([
    ["with Content-Length", () => new Response(big, { status: 400, headers: { "content-length": String(big.byteLength), "x-request-id": "req-big" } })],
    ["chunked (no Content-Length)", () => new Response(new Blob([big]).stream(), { status: 400, headers: { "x-request-id": "req-big" } })],
  ] as const)("is still the ApiError of its status (%s), not ResponseTooLargeError", async (_how, response) => {
    const s = bcs([response]);
    const error = await failure(s.client.downloadCertificates(download));
    expect(isResponseTooLargeError(error)).toBe(false);
    if (!isApiError(error)) throw error;
    expect(error.status).toBe(400);
    expect(error.name).toBe("BadRequestError");
    expect(error.requestId).toBe("req-big");
    expect(error.rawBody.length).toBeLessThan(1000);
  });
});

describe("the caller's abort against our timeout, with no retry to hide the order", () => {
  it("both fired during one attempt, maxRetries 0: AbortError (the caller's reason kept)", async () => {
    const controller = new AbortController();
    const reason = new Error("the caller gave up");
    const clock = fakeClock();
    const s = bcs(
      [
        (call) => {
          setImmediate(() => {
            controller.abort(reason);
            clock.fireTimers();
          });
          return waitForAbort(call.signal);
        },
      ],
      { clock, maxRetries: 0 },
    );
    const error = await failure(s.client.downloadCertificates(download, { signal: controller.signal }));
    if (!isAbortError(error)) throw error;
    expect(error.cause).toBe(reason);
    expect(s.fetch.calls).toHaveLength(1);
  });

  it("the same while a buffered body is read: AbortError", async () => {
    const controller = new AbortController();
    const clock = fakeClock();
    const stalled = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new Uint8Array([1]));
            setImmediate(() => {
              controller.abort();
              clock.fireTimers();
            });
          },
        }),
        { status: 200, headers: { "content-type": "application/octet-stream" } },
      );
    const s = bcs([stalled], { clock, maxRetries: 0 });
    const error = await failure(s.client.downloadCertificates(download, { signal: controller.signal }));
    expect(isAbortError(error)).toBe(true);
  });
});

describe("a streamed body that fails half-way", () => {
  it("errors the stream with a ConnectionError (the socket error as its cause), not the raw error", async () => {
    const raw = Object.assign(new TypeError("terminated"), { cause: { code: "ECONNRESET" } });
    const failing = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(c) {
            if (sent++ === 0) c.enqueue(new Uint8Array([1, 2, 3]));
            else c.error(raw);
          },
        }),
        { status: 200, headers: { "content-type": "application/octet-stream" } },
      );
    let sent = 0;
    const s = bcs([failing]);
    const { stream } = await within(s.client.downloadCertificates(download, { stream: true }));
    const reader = stream.getReader();
    expect(await within(reader.read())).toEqual({ done: false, value: new Uint8Array([1, 2, 3]) });
    const outcome = await settle(reader.read());
    expect(outcome.ok).toBe(false);
    const error = outcome.ok ? undefined : outcome.error;
    if (!isConnectionError(error)) throw error;
    expect(error.neverConnected).toBe(false);
    expect(error.cause).toBe(raw);
  });
});

// ---- found by Stryker (MUTATION.md): each test below kills a mutant that survived the first run

describe("retry bookkeeping", () => {
  it("a 503 without a body is retried (there is no body to cancel)", async () => {
    const s = bcs([() => new Response(null, { status: 503 }), bytesResponse(new Uint8Array([7]))]);
    await expect(within(s.client.downloadCertificates(download))).resolves.toMatchObject({ data: new Uint8Array([7]) });
    expect(s.fetch.calls).toHaveLength(2);
  });

  it("log events carry the attempt's duration on the clock, not a sum of instants", async () => {
    const events: LogEvent[] = [];
    const s = bcs([connectionError("ECONNRESET"), bytesResponse(new Uint8Array([1]))], { logger: (e) => events.push(e), maxRetries: 1 });
    await within(s.client.downloadCertificates(download));
    const timed = events.filter((e) => "durationMs" in e) as Array<LogEvent & { durationMs: number }>;
    expect(timed.length).toBeGreaterThanOrEqual(1);
    for (const event of timed) expect(event.durationMs).toBe(0); // the fake clock did not move during an attempt
    const t = bcs([connectionError("ECONNRESET")], { logger: (e) => events.push(e), maxRetries: 0 });
    events.length = 0;
    await failure(t.client.downloadCertificates(download));
    expect(events.find((e) => e.type === "error")).toMatchObject({ durationMs: 0 });
  });
});

describe("a fetch that rejects with its own error when the attempt times out", () => {
  it("is still a TimeoutError (the attempt knows it timed out)", async () => {
    const clock = fakeClock();
    const own = (call: { signal: AbortSignal | undefined }) =>
      new Promise<Response>((_, reject) => {
        call.signal?.addEventListener("abort", () => reject(new DOMException("This operation was aborted", "AbortError")), { once: true });
        setImmediate(() => clock.fireTimers());
      });
    const s = bcs([own], { clock, maxRetries: 0 });
    const error = await failure(s.client.downloadCertificates(download));
    expect(isTimeoutError(error)).toBe(true);
  });
});

describe("socket codes, wherever undici puts them", () => {
  it("an AggregateError with no inner errors: the code on its cause still counts", async () => {
    const empty = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new AggregateError([]), { cause: { code: "ECONNREFUSED" } }) });
    const s = pca([empty], { maxRetries: 0 });
    const error = await failure(s.client.activateCertificateAuthority(activation));
    expect(isConnectionError(error) && error.neverConnected).toBe(true);
  });

  it("a cause chain that loops ends (no code found): a ConnectionError, not a hang", async () => {
    const looping: Error & { cause?: unknown } = new TypeError("fetch failed");
    looping.cause = looping;
    const s = bcs([looping], { maxRetries: 0 });
    const error = await failure(s.client.downloadCertificates(download));
    if (!isConnectionError(error)) throw error;
    expect(error.neverConnected).toBe(false);
    expect(error.message).toBe("downloadCertificates: the request to bcs.example.test failed before a complete response (1 attempt made)");
  });

  it("an error body cut off with a never-connected code still counts as delivered", async () => {
    const cut = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new TextEncoder().encode('{"error_code":'));
            c.error(Object.assign(new TypeError("terminated"), { cause: { code: "ECONNREFUSED" } }));
          },
        }),
        { status: 500 },
      );
    const s = pca([cut], { maxRetries: 0 });
    const error = await failure(s.client.activateCertificateAuthority(activation));
    if (!isConnectionError(error)) throw error;
    expect(error.neverConnected).toBe(false);
    expect(error.message).toContain("(ECONNREFUSED)");
  });

  it("the error body over the cap is described in rawBody", async () => {
    const big = new Uint8Array(1024 * 1024 + 1);
    const s = bcs([() => new Response(big, { status: 400, headers: { "content-length": String(big.byteLength) } })]);
    const error = await failure(s.client.downloadCertificates(download));
    expect(isApiError(error) && error.rawBody).toBe("(an error body larger than 1048576 bytes, not read)");
  });
});

describe("Retry-After forms (retryAfterMs)", () => {
  const at = (name: string, value: string) => retryAfterMs(new Headers({ [name]: value }), Date.UTC(2030, 0, 1));
  it.each([
    ["retry-after-ms", "1.25", 1.25],
    ["retry-after-ms", "x1", undefined],
    ["retry-after-ms", "1x", undefined],
    ["retry-after-ms", "1.x", undefined],
    ["retry-after-ms", "1.25.5", undefined],
    ["retry-after", "7", 7000],
    ["retry-after", "2030-01-01T00:00:05Z", undefined], // not an HTTP-date: refused, not read as 5 s
    ["retry-after", "Tue, 01 Jan 2030 00:00:05 GMT", 5000],
  ] as const)("%s: %s → %s", (name, value, ms) => {
    expect(at(name, value)).toBe(ms);
  });

  it("retry-after-ms wins over retry-after, and a bad one falls back to it", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "20", "retry-after": "7" }), 0)).toBe(20);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "soon", "retry-after": "7" }), 0)).toBe(7000);
  });
});

// ---- found by Stryker's second run (issue #13)

describe("the caller's signal after a call", () => {
  /** A caller's signal that counts the listeners the SDK puts on it and takes off. */
  function countedSignal() {
    const signal = new AbortController().signal;
    const added = vi.spyOn(signal, "addEventListener");
    const removed = vi.spyOn(signal, "removeEventListener");
    return { signal, left: () => added.mock.calls.length - removed.mock.calls.length, added };
  }

  it("a buffered download leaves no listener on it", async () => {
    const counted = countedSignal();
    const s = bcs([bytesResponse(new Uint8Array([1, 2]))]);
    await within(s.client.downloadCertificates(download, { signal: counted.signal }));
    expect(counted.added).toHaveBeenCalled();
    expect(counted.left()).toBe(0);
  });

  it("a streamed download leaves none once the stream is read to its end", async () => {
    const counted = countedSignal();
    const s = bcs([bytesResponse(new Uint8Array([1, 2]))]);
    const { stream } = await within(s.client.downloadCertificates(download, { signal: counted.signal, stream: true }));
    expect(counted.left()).toBeGreaterThan(0); // the stream still answers the caller's abort
    await within(new Response(stream).arrayBuffer());
    expect(counted.left()).toBe(0);
  });
});

describe("a 2xx without a body", () => {
  it("is not held to a Content-Length it declares (nothing is read)", async () => {
    const s = bcs([() => new Response(null, { status: 200, headers: { "content-length": "5000" } })]);
    const result = await within(s.client.downloadCertificates(download, { maxBufferedBytes: 10 }));
    expect(result.data).toEqual(new Uint8Array(0));
  });
});

describe("a clock whose sleep fails between attempts", () => {
  it("ends the call as an AbortError with the failure as its cause, without another attempt", async () => {
    const clock = fakeClock();
    const broken = new Error("sleep failed");
    clock.sleep = () => Promise.reject(broken);
    const s = bcs([status(503), bytesResponse(new Uint8Array([1]))], { clock });
    const error = await failure(s.client.downloadCertificates(download));
    expect(isAbortError(error)).toBe(true);
    expect((error as Error).cause).toBe(broken);
    expect(s.fetch.calls).toHaveLength(1);
  });
});

describe("how deep a socket code is looked for", () => {
  const nested = (depth: number, code: string): unknown => {
    let error: unknown = { code };
    for (let i = 0; i < depth; i++) error = { cause: error };
    return Object.assign(new TypeError("fetch failed"), error as object);
  };

  it("three causes down: found", async () => {
    const s = pca([nested(3, "ECONNREFUSED") as Error], { maxRetries: 0 });
    const error = await failure(s.client.activateCertificateAuthority(activation));
    expect((error as Error).message).toBe("activateCertificateAuthority: the request to ccm.example.test failed before a complete response (ECONNREFUSED) (1 attempt made)");
  });

  it("four causes down: not looked for (no code, so not known never to have connected)", async () => {
    const s = pca([nested(4, "ECONNREFUSED") as Error], { maxRetries: 0 });
    const error = await failure(s.client.activateCertificateAuthority(activation));
    if (!isConnectionError(error)) throw error;
    expect(error.message).toBe("activateCertificateAuthority: the request to ccm.example.test failed before a complete response (1 attempt made)");
    expect(error.neverConnected).toBe(false);
  });
});

describe("repeatable calls (isRepeatable)", () => {
  it("an idempotent operation is; any other only when the caller opts in", () => {
    expect(isRepeatable(true, { retryStateChanging: false })).toBe(true);
    expect(isRepeatable(false, { retryStateChanging: false })).toBe(false);
    expect(isRepeatable(false, { retryStateChanging: true })).toBe(true);
  });
});
