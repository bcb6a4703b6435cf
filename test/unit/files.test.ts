/**
 * readBody: the buffered body reader, against bodies whose Content-Length is right, too small,
 * too large or absent, with the cap on either side, and a signal that aborts a stalled read.
 */
import { describe, expect, it } from "vitest";
import { readBody } from "../../src/core/http/response-body.js";
import { isResponseTooLargeError } from "../../src/core/errors.js";
import { chunkedBody, recordingFetch } from "./support/fakes.js";
import { BcsClient } from "../../src/index.js";

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const split = (data: Uint8Array, size: number) =>
  Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.slice(i * size, (i + 1) * size));

function response(data: Uint8Array, declared: number | undefined, chunkSize = 7): Response {
  const headers: Record<string, string> = declared === undefined ? {} : { "content-length": String(declared) };
  return new Response(chunkedBody(split(data, chunkSize)), { headers });
}

describe("readBody", () => {
  const data = bytes(100);

  it.each([
    ["the declared length", 100],
    ["no length", undefined],
    ["a length smaller than the body (the server lied)", 40],
    ["a length larger than the body (the body ended early)", 160],
    ["a zero length with a body", 0],
  ])("returns exactly the bytes sent, with %s", async (_name, declared) => {
    const read = await readBody(response(data, declared), 1000, new AbortController().signal);
    expect(read).toEqual(data);
    expect(read.byteLength).toBe(100);
  });

  it("returns an empty array for an empty body", async () => {
    expect(await readBody(new Response(null), 10, new AbortController().signal)).toEqual(new Uint8Array(0));
  });

  it("accepts a body exactly at the cap and refuses one byte more, declared or not", async () => {
    expect((await readBody(response(data, 100), 100, new AbortController().signal)).byteLength).toBe(100);
    for (const declared of [100, undefined, 40]) {
      const error = await readBody(response(data, declared), 99, new AbortController().signal).catch((e: unknown) => e);
      expect(isResponseTooLargeError(error), `declared ${declared}`).toBe(true);
    }
  });

  it("stops a stalled body when the signal aborts, with the signal's reason", async () => {
    const stalled = new Response(new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new Uint8Array(3)) }));
    const controller = new AbortController();
    const reason = new Error("stop");
    const reading = readBody(stalled, 1000, controller.signal);
    setTimeout(() => controller.abort(reason), 5);
    await expect(reading).rejects.toBe(reason);
  });
});

describe("the buffered form's default cap", () => {
  it("is 64 MiB: a file declared one byte larger is refused without reading it", async () => {
    const http = recordingFetch(
      () => new Response(new Uint8Array(3), { headers: { "content-length": String(64 * 1024 * 1024 + 1) } }),
    );
    const bcs = new BcsClient({ endpoint: "https://bcs.example.test", projectId: "p", credentials: { token: "t" }, fetch: http.fetch, env: {} });
    const error = await bcs.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "ca" }).catch((e: unknown) => e);
    expect(isResponseTooLargeError(error)).toBe(true);
    expect((error as { limitBytes: number }).limitBytes).toBe(64 * 1024 * 1024);
  });
});
