/**
 * response-body.ts on its own: readBody's bookkeeping on the signal, checkJson's verdicts and
 * messages, and abortableStream's hand-over (no body, a failing body, a cancel while a read is
 * pending). Each test pins a behaviour a mutant of the file changed without any other test
 * noticing (issue #13).
 */
import { describe, expect, it, vi } from "vitest";
import { abortableStream } from "../../src/core/http/file-response.js";
import { checkJson, readBody } from "../../src/core/http/response-body.js";
import {
  ConnectionError,
  UnexpectedResponseError,
  ValidationError,
  isResponseTooLargeError,
} from "../../src/core/errors.js";
import type { ConstraintSchema } from "../../src/core/request/operation-spec.js";
import { chunkedBody, settle, within } from "./support/fakes.js";

const utf8 = (text: string) => new TextEncoder().encode(text);
const ok = (headers: Record<string, string> = {}) => new Response(null, { status: 200, headers });

describe("readBody and the signal it reads under", () => {
  it("refuses a declared length over the cap even when there is no body to cancel", async () => {
    const declaredOnly = new Response(null, { headers: { "content-length": "2048", "x-request-id": "req-big" } });
    const error = await readBody(declaredOnly, 1024, new AbortController().signal).catch((e: unknown) => e);
    expect(isResponseTooLargeError(error)).toBe(true);
    expect(error).toMatchObject({ limitBytes: 1024, requestId: "req-big" });
  });

  it("takes its abort listener off the signal once the body is read", async () => {
    const signal = new AbortController().signal;
    const added = vi.spyOn(signal, "addEventListener");
    const removed = vi.spyOn(signal, "removeEventListener");
    await readBody(new Response(chunkedBody([utf8("ab"), utf8("cd")])), 100, signal);
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed).toHaveBeenCalledTimes(1);
    expect(removed.mock.calls[0]?.[0]).toBe("abort");
    expect(removed.mock.calls[0]?.[1]).toBe(added.mock.calls[0]?.[1]);
  });
});

describe("checkJson", () => {
  const schema: ConstraintSchema = {
    type: "object",
    required: ["result"],
    properties: { result: { type: "string", enum: ["success"] } },
  };

  it("an empty body where the spec declares JSON: says so, with the status and request id", () => {
    let error: unknown;
    try {
      checkJson(ok({ "x-request-id": "req-1" }), new Uint8Array(0), schema, "freezeUserCertificate");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toBe(
      "the service answered 200 with a body the spec does not declare: an empty body where JSON is declared",
    );
    expect(error).toMatchObject({ status: 200, requestId: "req-1" });
  });

  it("a body that is not JSON: says so, the parse error as its cause", () => {
    let error: unknown;
    try {
      checkJson(ok(), utf8("<html>gateway</html>"), null, "freezeUserCertificate");
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toBe(
      "the service answered 200 with a body the spec does not declare: a body that is not JSON",
    );
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it("JSON of the wrong shape: names the member and the rule, the ValidationError (of this operation) as its cause", () => {
    let error: unknown;
    try {
      checkJson(ok(), utf8('{"result":"maybe"}'), schema, "freezeUserCertificate");
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toBe(
      "the service answered 200 with a body the spec does not declare: body.result breaks rule enum",
    );
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(ValidationError);
    expect((cause as ValidationError).operationId).toBe("freezeUserCertificate");
  });

  it("a schema check that fails other than with a ValidationError: a body of the wrong shape", () => {
    const broken: ConstraintSchema = { type: "object", properties: { result: { type: "string", pattern: "(" } } };
    let error: unknown;
    try {
      checkJson(ok(), utf8('{"result":"x"}'), broken, "freezeUserCertificate");
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toBe(
      "the service answered 200 with a body the spec does not declare: a body of the wrong shape",
    );
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });
});

describe("abortableStream", () => {
  it("hands a response without a body back as it is, and releases nothing yet", () => {
    const release = vi.fn();
    const response = new Response(null, { status: 200 });
    expect(abortableStream(response, undefined, release)).toBe(response);
    expect(release).not.toHaveBeenCalled();
  });

  it("a body failing with a plain error: a ConnectionError saying the body failed while streaming", async () => {
    const raw = new TypeError("terminated");
    const source = new ReadableStream<Uint8Array>({ pull: (c) => c.error(raw) });
    const release = vi.fn();
    const stream = abortableStream(new Response(source), undefined, release).body!;
    const outcome = await settle(stream.getReader().read());
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toBe("the response body failed while streaming");
    expect((error as ConnectionError).cause).toBe(raw);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it("names the call and its attempts in what it fails with, when given them", async () => {
    const call = { operationId: "downloadCertificates", attempts: 2 };
    const failing = abortableStream(new Response(new ReadableStream<Uint8Array>({ pull: (c) => c.error(new TypeError("terminated")) })), undefined, vi.fn(), call).body!;
    const failed = await settle(failing.getReader().read());
    expect(failed.ok ? undefined : failed.error).toMatchObject({ message: "downloadCertificates: the response body failed while streaming (2 attempts made)", ...call });
    const controller = new AbortController();
    const source = new ReadableStream<Uint8Array>({ pull: (c) => (controller.abort("gone"), c.enqueue(new Uint8Array([1]))) });
    const aborted = await settle(abortableStream(new Response(source), controller.signal, vi.fn(), call).body!.getReader().read());
    expect(aborted.ok ? undefined : aborted.error).toMatchObject({ kind: "abort", cause: "gone", ...call });
  });

  it("names the call of an abort that fails the read itself", async () => {
    const controller = new AbortController();
    const source = new ReadableStream<Uint8Array>({ pull: (c) => (controller.abort("gone"), c.error(new TypeError("aborted"))) });
    const read = await settle(abortableStream(new Response(source), controller.signal, vi.fn(), { operationId: "op", attempts: 1 }).body!.getReader().read());
    expect(read.ok ? undefined : read.error).toMatchObject({ kind: "abort", message: "op: the request was aborted by the caller's AbortSignal (1 attempt made)" });
  });

  it("releases once when cancelled while a read is pending", async () => {
    let pulled!: () => void;
    const pulling = new Promise<void>((resolve) => (pulled = resolve));
    // A source that never answers the first pull: the read stays pending until the cancel.
    const source = new ReadableStream<Uint8Array>({ pull: () => { pulled(); return new Promise<void>(() => undefined); } }, { highWaterMark: 0 });
    const release = vi.fn();
    const stream = abortableStream(new Response(source), undefined, release).body!;
    const reader = stream.getReader();
    const reading = reader.read();
    await within(pulling);
    await within(reader.cancel("enough"));
    await within(reading);
    // Let the pending pull finish (it sees the cancelled read end) before counting.
    await new Promise((resolve) => setImmediate(resolve));
    expect(release).toHaveBeenCalledTimes(1);
  });
});
