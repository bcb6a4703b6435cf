/**
 * Nothing hangs: every wait of a call — for credentials, for headers, for a JSON or file body —
 * ends on the per-attempt timeout and on the caller's AbortSignal, with the typed error, and
 * leaves no timer behind. Stalls are simulated with bodies and providers that never finish; time
 * moves only when the fake clock is advanced.
 */
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import {
  BcsClient,
  PcaClient,
  isAbortError,
  isConnectionError,
  isTimeoutError,
  isUnexpectedResponseError,
  type Credentials,
} from "../../src/index.js";
import { FakeClock, recordingFetch } from "./support/fakes.js";

const TOKEN = "MIIEXAMPLE-no-hang-token-0123456789abcdef";
const CA_ID = "4c0e772e-a30c-4029-b929-b7acb04143f7";
const target = { blockchain_id: "b", org_name: "org1", user_name: "user01" };
const download = { blockchain_id: "b", org_name: "org1", cert_type: "ca" } as const;

/** A 200 whose body sends a first byte and then nothing, ever. */
const stalledBody = (contentType: string) => () =>
  new Response(new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new Uint8Array([0x7b])) }), {
    headers: { "content-type": contentType },
  });

/** Lets pending promise callbacks run, so the code under test reaches its next await. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function bcs(fetch: typeof globalThis.fetch, clock: FakeClock, credentials: Credentials = { token: TOKEN }) {
  return new BcsClient({ endpoint: "https://bcs.example.test", projectId: "p", credentials, fetch, clock, timeoutMs: 1000, maxRetries: 0 });
}

/** Runs `call`, then advances the fake clock past the timeout: the call must fail with a TimeoutError. */
async function expectTimeout(clock: FakeClock, call: Promise<unknown>): Promise<void> {
  const outcome = call.then(
    () => "resolved",
    (e: unknown) => e,
  );
  for (let i = 0; i < 5; i++) await settle();
  clock.advance(1001);
  const error = await outcome;
  expect(isTimeoutError(error), String(error)).toBe(true);
  expect(clock.pendingTimers).toBe(0);
}

/** Runs `call`, then aborts it: the call must fail with an AbortError. */
async function expectAbort(call: (signal: AbortSignal) => Promise<unknown>, clock: FakeClock): Promise<void> {
  const controller = new AbortController();
  const outcome = call(controller.signal).then(
    () => "resolved",
    (e: unknown) => e,
  );
  for (let i = 0; i < 5; i++) await settle();
  controller.abort(new Error("caller gave up"));
  const error = await outcome;
  expect(isAbortError(error), String(error)).toBe(true);
  expect(clock.pendingTimers).toBe(0);
}

describe.each([
  ["a stalled JSON body (freeze answers 200 and never finishes)", "application/json", (c: BcsClient, o: { signal?: AbortSignal }) => c.freezeUserCertificate(target, o)],
  ["a stalled file body (buffered download)", "application/octet-stream", (c: BcsClient, o: { signal?: AbortSignal }) => c.downloadCertificates(download, o)],
] as const)("%s", (_name, contentType, call) => {
  it("ends on the per-attempt timeout", async () => {
    const clock = new FakeClock();
    const http = recordingFetch(stalledBody(contentType));
    await expectTimeout(clock, call(bcs(http.fetch, clock), {}));
  });

  it("ends when the caller aborts, as an AbortError (not a later timeout)", async () => {
    const clock = new FakeClock();
    const http = recordingFetch(stalledBody(contentType));
    await expectAbort((signal) => call(bcs(http.fetch, clock), { signal }), clock);
  });
});

describe("a streamed file body", () => {
  it("is not cut by the per-attempt timeout once handed over, but the caller's abort ends it with an AbortError", async () => {
    const clock = new FakeClock();
    let fetchSignal: AbortSignal | undefined;
    const http = recordingFetch((request) => {
      fetchSignal = request.signal;
      return stalledBody("application/octet-stream")();
    });
    const controller = new AbortController();
    const { stream } = await bcs(http.fetch, clock).downloadCertificates(download, { stream: true, signal: controller.signal });
    clock.advance(5000);
    expect(fetchSignal?.aborted).toBe(false);
    expect(clock.pendingTimers).toBe(0);
    const reader = stream.getReader();
    expect((await reader.read()).value).toEqual(new Uint8Array([0x7b]));
    const next = reader.read();
    controller.abort(new Error("enough"));
    expect(fetchSignal?.aborted).toBe(true);
    const error = await next.catch((e: unknown) => e);
    expect(isAbortError(error), String(error)).toBe(true);
  });

  it("ends with an AbortError even when the fetch implementation ignores its signal", async () => {
    const clock = new FakeClock();
    // This double never looks at the signal: only the SDK's own cancel can end the read.
    const http = recordingFetch(stalledBody("application/octet-stream"));
    const controller = new AbortController();
    const { stream } = await bcs(http.fetch, clock).downloadCertificates(download, { stream: true, signal: controller.signal });
    const reader = stream.getReader();
    await reader.read();
    const next = reader.read();
    controller.abort(new Error("enough"));
    expect(isAbortError(await next.catch((e: unknown) => e))).toBe(true);
  });

  it("releases its listener on the caller's signal when it ends (no listener per download)", async () => {
    const clock = new FakeClock();
    const http = recordingFetch(() => new Response(new Uint8Array([1, 2, 3])));
    const controller = new AbortController();
    const client = bcs(http.fetch, clock);
    for (let i = 0; i < 20; i++) {
      const { stream } = await client.downloadCertificates(download, { stream: true, signal: controller.signal });
      await new Response(stream).arrayBuffer();
    }
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});

describe("a POST whose response body fails", () => {
  it("is not sent again, whatever socket error code the body failure carries", async () => {
    const clock = new FakeClock();
    const failingBody = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull: (c) => c.error(Object.assign(new TypeError("terminated"), { cause: { code: "EHOSTUNREACH" } })),
        }),
        { headers: { "content-type": "application/json" } },
      );
    const http = recordingFetch(failingBody);
    const client = new BcsClient({ endpoint: "https://bcs.example.test", projectId: "p", credentials: { token: TOKEN }, fetch: http.fetch, clock });
    const error = await client.freezeUserCertificate(target).catch((e: unknown) => e);
    expect(isConnectionError(error)).toBe(true);
    expect((error as { neverConnected: boolean }).neverConnected).toBe(false);
    expect(http.calls).toHaveLength(1);
  });
});

describe("a credentials provider that never answers", () => {
  const never: Credentials = { token: () => new Promise<string>(() => undefined) };

  it("ends on the per-attempt timeout, before anything is sent", async () => {
    const clock = new FakeClock();
    const http = recordingFetch(new Response(null, { status: 204 }));
    const pca = new PcaClient({ endpoint: "https://ccm.example.test", credentials: never, fetch: http.fetch, clock, timeoutMs: 1000, maxRetries: 0 });
    await expectTimeout(clock, pca.revokeCertificateAuthority({ ca_id: CA_ID }));
    expect(http.calls).toHaveLength(0);
  });

  it("ends when the caller aborts", async () => {
    const clock = new FakeClock();
    const http = recordingFetch(new Response(null, { status: 204 }));
    const pca = new PcaClient({ endpoint: "https://ccm.example.test", credentials: never, fetch: http.fetch, clock, timeoutMs: 1000, maxRetries: 0 });
    await expectAbort((signal) => pca.revokeCertificateAuthority({ ca_id: CA_ID }, { signal }), clock);
    expect(http.calls).toHaveLength(0);
  });

  it("is abandoned by a caller that gives up, so the next call asks the provider again", async () => {
    const clock = new FakeClock();
    let calls = 0;
    const provider = () => (++calls === 1 ? new Promise<string>(() => undefined) : Promise.resolve(TOKEN));
    const http = recordingFetch(new Response(null, { status: 204 }));
    const pca = new PcaClient({ endpoint: "https://ccm.example.test", credentials: { token: provider }, fetch: http.fetch, clock, timeoutMs: 1000, maxRetries: 0 });
    await expectTimeout(clock, pca.revokeCertificateAuthority({ ca_id: CA_ID }));
    await expect(pca.revokeCertificateAuthority({ ca_id: CA_ID })).resolves.toBeDefined();
    expect(calls).toBe(2);
    expect(http.calls).toHaveLength(1);
  });

  it("passes a provider's own failure through as it is, even a SyntaxError", async () => {
    const clock = new FakeClock();
    const failure = new SyntaxError("bad vault answer");
    const http = recordingFetch(new Response(null, { status: 204 }));
    const pca = new PcaClient({ endpoint: "https://ccm.example.test", credentials: { token: () => Promise.reject(failure) }, fetch: http.fetch, clock });
    await expect(pca.revokeCertificateAuthority({ ca_id: CA_ID })).rejects.toBe(failure);
  });

  it("passes a provider's own failure through as it is", async () => {
    const clock = new FakeClock();
    const failure = new Error("vault unavailable");
    const http = recordingFetch(new Response(null, { status: 204 }));
    const pca = new PcaClient({
      endpoint: "https://ccm.example.test",
      credentials: { token: () => Promise.reject(failure) },
      fetch: http.fetch,
      clock,
    });
    await expect(pca.revokeCertificateAuthority({ ca_id: CA_ID })).rejects.toBe(failure);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe("a 2xx body the spec does not declare", () => {
  it.each([
    ["an HTML page", "<html>maintenance</html>"],
    ["an empty body", ""],
    ["an array", "[1,2]"],
    ["null", "null"],
    ["a string", '"x"'],
    ["a result that is not a string", '{"result":42}'],
  ])("%s where the spec declares { result: string } is an UnexpectedResponseError with the request id", async (_name, text) => {
    const clock = new FakeClock();
    const http = recordingFetch(new Response(text, { status: 200, headers: { "content-type": "text/html", "x-request-id": "r-html" } }));
    const error = await bcs(http.fetch, clock)
      .freezeUserCertificate(target)
      .catch((e: unknown) => e);
    expect(isUnexpectedResponseError(error)).toBe(true);
    expect((error as { requestId: string }).requestId).toBe("r-html");
    expect((error as { status: number }).status).toBe(200);
  });
});

describe("a logger that rejects (an async hook)", () => {
  it("leaves no unhandled rejection and does not break the call", async () => {
    const clock = new FakeClock();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const http = recordingFetch(new Response(JSON.stringify({ result: "success" }), { headers: { "content-type": "application/json" } }));
      const client = new BcsClient({
        endpoint: "https://bcs.example.test",
        projectId: "p",
        credentials: { token: TOKEN },
        fetch: http.fetch,
        clock,
        logger: (async () => {
          throw new Error("async log sink down");
        }) as never,
      });
      await expect(client.freezeUserCertificate(target)).resolves.toMatchObject({ result: "success" });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});

describe("a logger that throws", () => {
  it("does not break the call or leave a timer", async () => {
    const clock = new FakeClock();
    const http = recordingFetch(new Response(JSON.stringify({ result: "success" }), { headers: { "content-type": "application/json" } }));
    const client = new BcsClient({
      endpoint: "https://bcs.example.test",
      projectId: "p",
      credentials: { token: TOKEN },
      fetch: http.fetch,
      clock,
      logger: () => {
        throw new Error("log sink down");
      },
    });
    await expect(client.freezeUserCertificate(target)).resolves.toMatchObject({ result: "success" });
    expect(clock.pendingTimers).toBe(0);
  });
});
