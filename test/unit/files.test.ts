/**
 * readCapped: the buffered download reader, against bodies whose Content-Length is right, too
 * small, too large or absent, with the cap on either side.
 */
import { describe, expect, it } from "vitest";
import { readCapped } from "../../src/core/files.js";
import { isResponseTooLargeError } from "../../src/core/errors.js";
import { systemClock } from "../../src/core/clock.js";
import { chunkedBody } from "./support/fake-http.js";

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const split = (data: Uint8Array, size: number) =>
  Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.slice(i * size, (i + 1) * size));

function response(data: Uint8Array, declared: number | undefined, chunkSize = 7): Response {
  const headers: Record<string, string> = declared === undefined ? {} : { "content-length": String(declared) };
  return new Response(chunkedBody(split(data, chunkSize)), { headers });
}

describe("readCapped", () => {
  const data = bytes(100);

  it.each([
    ["the declared length", 100],
    ["no length", undefined],
    ["a length smaller than the body (the server lied)", 40],
    ["a length larger than the body (the body ended early)", 160],
    ["a zero length with a body", 0],
  ])("returns exactly the bytes sent, with %s", async (_name, declared) => {
    const read = await readCapped(response(data, declared), 1000, 10_000, systemClock);
    expect(read).toEqual(data);
    expect(read.byteLength).toBe(100);
  });

  it("returns an empty array for an empty body", async () => {
    expect(await readCapped(new Response(null), 10, 10_000, systemClock)).toEqual(new Uint8Array(0));
  });

  it("accepts a body exactly at the cap and refuses one byte more, declared or not", async () => {
    expect((await readCapped(response(data, 100), 100, 10_000, systemClock)).byteLength).toBe(100);
    for (const declared of [100, undefined, 40]) {
      const error = await readCapped(response(data, declared), 99, 10_000, systemClock).catch((e: unknown) => e);
      expect(isResponseTooLargeError(error), `declared ${declared}`).toBe(true);
    }
  });
});
