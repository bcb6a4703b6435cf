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

describe("readBody of a large byte stream (fetch's bodies), read BYOB into the one buffer", () => {
  const MiB = 1024 * 1024;
  const big = bytes(MiB + 12345, 7);
  /** A byte stream, as fetch's bodies are, delivering `parts` as they are. */
  const byteStream = (parts: Uint8Array[], close = true) =>
    new ReadableStream<Uint8Array>({
      type: "bytes",
      start(controller) {
        for (const part of parts) controller.enqueue(part.slice());
        if (close) controller.close();
      },
    });
  const byteResponse = (data: Uint8Array, declared: number | undefined, chunkSize = 64 * 1024) =>
    new Response(byteStream(split(data, chunkSize)), { headers: declared === undefined ? {} : { "content-length": String(declared) } });

  it("asks the stream for a BYOB reader when the declared length is 1 MiB or more, and not below", async () => {
    const modes: unknown[] = [];
    const original = ReadableStream.prototype.getReader;
    ReadableStream.prototype.getReader = function (this: ReadableStream, options?: { mode?: "byob" }) {
      modes.push(options?.mode);
      return original.call(this, options as never);
    } as typeof original;
    try {
      const read = await readBody(byteResponse(big, big.byteLength), 2 * MiB, new AbortController().signal);
      expect(read).toEqual(big);
      await readBody(byteResponse(data1k, data1k.byteLength), 2 * MiB, new AbortController().signal);
    } finally {
      ReadableStream.prototype.getReader = original;
    }
    expect(modes).toEqual(["byob", undefined]);
  });

  const data1k = bytes(1000);

  it.each([
    ["the declared length", big.byteLength],
    ["a length smaller than the body (the server lied)", MiB],
    ["a length larger than the body (the body ended early)", 2 * MiB],
  ])("returns exactly the bytes sent, in a buffer of their size, with %s", async (_name, declared) => {
    const read = await readBody(byteResponse(big, declared), 4 * MiB, new AbortController().signal);
    expect(read.byteLength).toBe(big.byteLength);
    expect(read.buffer.byteLength).toBe(big.byteLength);
    expect(read).toEqual(big);
  });

  it("fetch's own body (new Response of bytes) reads whole", async () => {
    const read = await readBody(new Response(big, { headers: { "content-length": String(big.byteLength) } }), 4 * MiB, new AbortController().signal);
    expect(read).toEqual(big);
  });

  it("refuses one byte over the cap when the server sends more than it declared", async () => {
    const error = await readBody(byteResponse(big, MiB), big.byteLength - 1, new AbortController().signal).catch((e: unknown) => e);
    expect(isResponseTooLargeError(error)).toBe(true);
    expect((await readBody(byteResponse(big, MiB), big.byteLength, new AbortController().signal)).byteLength).toBe(big.byteLength);
  });

  it("stops a stalled body when the signal aborts, with the signal's reason", async () => {
    const stalled = new Response(byteStream([new Uint8Array(3)], false), { headers: { "content-length": String(2 * MiB) } });
    const controller = new AbortController();
    const reason = new Error("stop");
    const reading = readBody(stalled, 4 * MiB, controller.signal);
    setTimeout(() => controller.abort(reason), 5);
    await expect(reading).rejects.toBe(reason);
  });
});
