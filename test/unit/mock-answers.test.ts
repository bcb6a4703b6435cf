/**
 * The mock's answer helpers (src/testing/answer.ts) and request records (src/testing/recording.ts)
 * as plain functions: error bodies, scenario bodies, Retry-After, token times, and how a received
 * request is decoded and kept.
 */
import { describe, expect, it } from "vitest";
import { MALFORMED_BODY, errorBody, freshTokenTimes, json, retryAfterValue, scenarioBody } from "../../src/testing/answer.js";
import { Recorder, decodeBody, decodeQuery, type RecordedRequest } from "../../src/testing/recording.js";

const utf8 = new TextEncoder();
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const NOW = new Date("2026-11-24T12:00:00Z");

describe("errorBody", () => {
  it("names the status in a Huawei-shaped body", () => {
    expect(JSON.parse(text(errorBody(429, "rid-1")))).toEqual({ error_code: "MOCK.429", error_msg: "Too Many Requests (mock scenario)", request_id: "rid-1" });
  });

  it("says Error for a status without a name", () => {
    expect(JSON.parse(text(errorBody(599, "rid-2"))).error_msg).toBe("Error (mock scenario)");
  });
});

describe("scenarioBody", () => {
  it("sends bytes as they are, without a type", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(scenarioBody(bytes)).toEqual({ bytes, contentType: undefined });
    expect(scenarioBody(bytes).bytes).toBe(bytes);
  });

  it("sends a string as UTF-8, without a type", () => {
    expect(scenarioBody("né")).toEqual({ bytes: utf8.encode("né"), contentType: undefined });
  });

  it("JSON-encodes anything else", () => {
    expect(scenarioBody({ a: [1, null] })).toEqual({ bytes: utf8.encode('{"a":[1,null]}'), contentType: "application/json" });
    expect(scenarioBody(null)).toEqual({ bytes: utf8.encode("null"), contentType: "application/json" });
    expect(json(7)).toEqual(utf8.encode("7"));
  });
});

describe("retryAfterValue", () => {
  it("gives seconds as given and a date as an IMF-fixdate", () => {
    expect(retryAfterValue(0)).toBe("0");
    expect(retryAfterValue(120)).toBe("120");
    expect(retryAfterValue(new Date("2026-01-02T03:04:05Z"))).toBe("Fri, 02 Jan 2026 03:04:05 GMT");
  });
});

describe("MALFORMED_BODY", () => {
  it("starts like a Huawei error body and is not JSON", () => {
    expect(text(MALFORMED_BODY)).toBe('{"error_code": "MOCK.MALFORMED", "truncated');
    expect(() => JSON.parse(text(MALFORMED_BODY))).toThrow();
  });
});

describe("freshTokenTimes", () => {
  it("moves every expires_at 24 h after now and every issued_at to now, at any depth and in arrays", () => {
    const body = json({
      token: { expires_at: "2020-01-01T00:00:00.000000Z", issued_at: "2019-01-01T00:00:00.000000Z", user: { name: "u" } },
      list: [{ expires_at: "x" }, [{ issued_at: "y" }], 3, null],
    });
    expect(JSON.parse(text(freshTokenTimes(body, NOW)))).toEqual({
      token: { expires_at: "2026-11-25T12:00:00.000000Z", issued_at: "2026-11-24T12:00:00.000000Z", user: { name: "u" } },
      list: [{ expires_at: "2026-11-25T12:00:00.000000Z" }, [{ issued_at: "2026-11-24T12:00:00.000000Z" }], 3, null],
    });
  });

  it("keeps milliseconds and adds three digits of microseconds", () => {
    const out = JSON.parse(text(freshTokenTimes(json({ issued_at: "" }), new Date("2026-11-24T12:00:00.123Z"))));
    expect(out.issued_at).toBe("2026-11-24T12:00:00.123000Z");
  });

  it("leaves times that are not strings alone, and walks into them", () => {
    const body = json({ expires_at: 5, issued_at: { expires_at: "old" } });
    expect(JSON.parse(text(freshTokenTimes(body, NOW)))).toEqual({ expires_at: 5, issued_at: { expires_at: "2026-11-25T12:00:00.000000Z" } });
  });

  it("returns the same bytes when nothing changed or the body is not JSON", () => {
    const plain = json({ name: "n", nested: [{ a: 1 }] });
    expect(freshTokenTimes(plain, NOW)).toBe(plain);
    const notJson = utf8.encode("{not json");
    expect(freshTokenTimes(notJson, NOW)).toBe(notJson);
    const scalar = json("expires_at");
    expect(freshTokenTimes(scalar, NOW)).toBe(scalar);
  });
});

function record(n: number): RecordedRequest {
  return {
    service: "bcs",
    operationId: undefined,
    method: "GET",
    path: `/r/${n}`,
    query: {},
    auth: { mode: "none" },
    body: undefined,
    parts: undefined,
    status: 200,
    requestId: `rid-${n}`,
    scenario: false,
    error: undefined,
  };
}

describe("Recorder", () => {
  it("lists records oldest first, frozen, as a snapshot", () => {
    const recorder = new Recorder();
    recorder.add(record(1));
    recorder.add(record(2));
    const list = recorder.list();
    expect(list.map((r) => r.path)).toEqual(["/r/1", "/r/2"]);
    expect(Object.isFrozen(list[0])).toBe(true);
    recorder.add(record(3));
    expect(list).toHaveLength(2);
  });

  it("keeps a request's place from its arrival, listing it only once filled, then as updated", () => {
    const recorder = new Recorder();
    const first = recorder.arrive();
    recorder.add(record(2));
    expect(recorder.list().map((r) => r.path)).toEqual(["/r/2"]);
    first.update({ status: 500 });
    expect(recorder.list().map((r) => r.path)).toEqual(["/r/2"]);
    first.fill({ ...record(1), status: undefined });
    expect(recorder.list().map((r) => [r.path, r.status])).toEqual([
      ["/r/1", undefined],
      ["/r/2", 200],
    ]);
    const before = recorder.list();
    first.update({ status: 502, error: "mock gateway: socket hang up" });
    expect(recorder.list()[0]).toEqual({ ...record(1), status: 502, error: "mock gateway: socket hang up" });
    expect(Object.isFrozen(recorder.list()[0])).toBe(true);
    // A snapshot taken before stays as it was.
    expect(before[0]!.status).toBeUndefined();
  });

  it("copies what it is filled with", () => {
    const recorder = new Recorder();
    const filled = record(1);
    recorder.add(filled);
    expect(recorder.list()[0]).not.toBe(filled);
    expect(Object.isFrozen(filled)).toBe(false);
  });

  it("never lists a request that arrived before a clear, filled or updated after it", () => {
    const recorder = new Recorder();
    const early = recorder.arrive();
    const filledEarly = recorder.arrive();
    filledEarly.fill(record(1));
    recorder.clear();
    early.fill(record(2));
    filledEarly.update({ status: 504 });
    expect(recorder.list()).toEqual([]);
    recorder.add(record(3));
    expect(recorder.list().map((r) => r.path)).toEqual(["/r/3"]);
  });

  it("forgets everything on clear", () => {
    const recorder = new Recorder();
    recorder.add(record(1));
    recorder.clear();
    expect(recorder.list()).toEqual([]);
  });

  it("keeps the newest 10 000 records", () => {
    const recorder = new Recorder();
    for (let i = 1; i <= 10_001; i++) recorder.add(record(i));
    const list = recorder.list();
    expect(list).toHaveLength(10_000);
    expect(list[0]!.path).toBe("/r/2");
    expect(list.at(-1)!.path).toBe("/r/10001");
  });

  it("counts places not yet filled among the 10 000", () => {
    const recorder = new Recorder();
    const first = recorder.arrive();
    for (let i = 2; i <= 10_001; i++) recorder.add(record(i));
    first.fill(record(1));
    expect(recorder.list()).toHaveLength(10_000);
    expect(recorder.list()[0]!.path).toBe("/r/2");
  });

  it("keeps exactly 10 000 records without dropping one", () => {
    const recorder = new Recorder();
    for (let i = 1; i <= 10_000; i++) recorder.add(record(i));
    expect(recorder.list()[0]!.path).toBe("/r/1");
  });
});

describe("decodeQuery", () => {
  it("gives a single parameter as a string and a repeated one as an array", () => {
    expect(decodeQuery(new URLSearchParams("a=1&b=x%20y&a=2&c="))).toEqual({ a: ["1", "2"], b: "x y", c: "" });
    expect(decodeQuery(new URLSearchParams(""))).toEqual({});
  });
});

describe("decodeBody", () => {
  it("has no body and no parts for an empty body", async () => {
    const decoded = await decodeBody(new Uint8Array(0), "application/json");
    // Both keys are there (a record spreads them), each undefined.
    expect(decoded).toStrictEqual({ body: undefined, parts: undefined });
    expect(Object.keys(decoded)).toEqual(["body", "parts"]);
  });

  it("parses JSON, also +json types and any case", async () => {
    expect(await decodeBody(utf8.encode('{"a":1}'), "application/json; charset=utf-8")).toEqual({ body: { a: 1 }, parts: undefined });
    expect(await decodeBody(utf8.encode("[2]"), "application/problem+json")).toEqual({ body: [2], parts: undefined });
    expect(await decodeBody(utf8.encode("3"), "Application/JSON")).toEqual({ body: 3, parts: undefined });
  });

  it("keeps JSON that does not parse as text", async () => {
    expect(await decodeBody(utf8.encode("{oops"), "application/json")).toEqual({ body: "{oops", parts: undefined });
  });

  it("keeps other bodies as text, also without a type", async () => {
    expect(await decodeBody(utf8.encode('{"a":1}'), "text/plain")).toEqual({ body: '{"a":1}', parts: undefined });
    expect(await decodeBody(utf8.encode("raw"), undefined)).toEqual({ body: "raw", parts: undefined });
    expect(await decodeBody(utf8.encode('{"a":1}'), "x-application/json")).toEqual({ body: '{"a":1}', parts: undefined });
  });

  it("lists the parts of a multipart body: text parts with their value, file parts with name, type and size", async () => {
    const form = new FormData();
    form.append("kind", "né");
    form.append("cert", new Blob([new Uint8Array(5)], { type: "application/x-pem-file" }), "cert.pem");
    form.append("raw", new Blob([new Uint8Array(2)]), "raw.bin");
    const request = new Request("http://127.0.0.1/", { method: "POST", body: form });
    const body = new Uint8Array(await request.arrayBuffer());
    const decoded = await decodeBody(body, request.headers.get("content-type") ?? undefined);
    expect(decoded).toEqual({
      body: undefined,
      parts: [
        { name: "kind", fileName: undefined, contentType: undefined, size: 3, value: "né" },
        { name: "cert", fileName: "cert.pem", contentType: "application/x-pem-file", size: 5, value: undefined },
        { name: "raw", fileName: "raw.bin", contentType: "application/octet-stream", size: 2, value: undefined },
      ],
    });
  });

  it("keeps a multipart body that does not parse as text", async () => {
    expect(await decodeBody(utf8.encode("not a form"), "multipart/form-data; boundary=zzz")).toEqual({ body: "not a form", parts: undefined });
  });
});
