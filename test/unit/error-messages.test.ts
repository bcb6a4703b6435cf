/**
 * The exact messages of the SDK's errors, as a user reads them: how a ValidationError shows the
 * refused value (strings, bytes, Blobs, objects, values JSON cannot show, secrets), the ApiError
 * summary (with and without a request id, a body at and over the 200-character cut, a JSON
 * null), and the fixed texts of TimeoutError, AbortError and ResponseTooLargeError.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AbortError,
  ApiError,
  ConfigurationError,
  ResponseTooLargeError,
  TimeoutError,
  ConnectionError,
  ValidationError,
} from "../../src/core/errors.js";

const refused = (value: unknown, secret = false) => new ValidationError("op", "p", "rule", "is wrong", value, secret).message;
const apiError = (body: string, headers: Record<string, string> = {}) =>
  new ApiError({ status: 500, method: "GET", path: "/v2/x", headers: new Headers(headers), body });

describe("how a ValidationError shows the value it refused", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it.each([
    ["undefined", undefined, "undefined"],
    ["a string, quoted", "abc", '"abc"'],
    ["a number", 42, "42"],
    ["NaN, as itself (JSON would write null)", Number.NaN, "NaN"],
    ["-Infinity, as itself (JSON would write null)", Number.NEGATIVE_INFINITY, "-Infinity"],
    ["null", null, "null"],
    ["a plain object, as JSON", { a: 1 }, '{"a":1}'],
    ["an array, as JSON", [1, "x"], '[1,"x"]'],
    ["a Uint8Array, by its size", new Uint8Array([1, 2, 3]), "3 bytes"],
    ["an ArrayBuffer, by its size", new ArrayBuffer(8), "8 bytes"],
    ["a Blob, by its size", new Blob(["hello"]), "a Blob of 5 bytes"],
    ["a symbol (no JSON), by String()", Symbol("s"), "Symbol(s)"],
    ["a BigInt (JSON throws), by its tag", 10n, "[object BigInt]"],
  ])("%s", (_name, value, shown) => {
    expect(refused(value)).toBe(`op: p is wrong (rule: rule; got ${shown})`);
  });

  it("a circular object (JSON throws) by its tag", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(refused(circular)).toBe("op: p is wrong (rule: rule; got [object Object])");
  });

  it("a long string is cut to 64 characters inside its quotes", () => {
    expect(refused("s".repeat(100))).toBe(`op: p is wrong (rule: rule; got "${"s".repeat(64)}…")`);
  });

  it("a long object's JSON is cut to 64 characters", () => {
    const json = JSON.stringify({ k: "v".repeat(100) });
    expect(refused({ k: "v".repeat(100) })).toBe(`op: p is wrong (rule: rule; got ${json.slice(0, 64)}…)`);
  });

  it("a secret is shown as <redacted>, in the message and in .value", () => {
    const error = new ValidationError("op", "token", "maxLength", "is too long", "SECRET-VALUE", true);
    expect(error.message).toBe("op: token is too long (rule: maxLength; got <redacted>)");
    expect(error.value).toBe("<redacted>");
  });

  it("where the runtime has no Blob, other values are still shown", () => {
    vi.stubGlobal("Blob", undefined);
    expect(refused({ a: 1 })).toBe('op: p is wrong (rule: rule; got {"a":1})');
  });
});

describe("the ApiError summary", () => {
  it("without a request id, the message ends with the summary", () => {
    expect(apiError('{"error_code":"BCS.1","error_msg":"no"}').message).toBe("GET /v2/x failed with 500: BCS.1: no");
  });

  it("with a request id, the message names it", () => {
    expect(apiError("oops", { "x-request-id": "req-9" }).message).toBe("GET /v2/x failed with 500: oops (request id req-9)");
  });

  it("a body of exactly 200 characters is shown whole; one more is cut with an ellipsis", () => {
    expect(apiError("b".repeat(200)).message).toBe(`GET /v2/x failed with 500: ${"b".repeat(200)}`);
    expect(apiError("b".repeat(201)).message).toBe(`GET /v2/x failed with 500: ${"b".repeat(200)}…`);
  });

  it("a JSON null body is shown as text, with no code or message", () => {
    const error = apiError("null");
    expect(error.message).toBe("GET /v2/x failed with 500: null");
    expect(error.errorCode).toBeUndefined();
    expect(error.errorMessage).toBeUndefined();
  });
});

describe("the fixed messages", () => {
  it("TimeoutError names the timeout", () => {
    expect(new TimeoutError(1500).message).toBe("the request timed out after 1500 ms");
  });

  it("TimeoutError, ConnectionError and AbortError of a call name its operation and the attempts it made, and keep their cause", () => {
    const cause = new Error("underneath");
    const timeout = new TimeoutError(1500, { operationId: "downloadCertificates", attempts: 3 }, cause);
    expect(timeout).toMatchObject({ message: "downloadCertificates: the request timed out after 1500 ms (3 attempts made)", operationId: "downloadCertificates", attempts: 3, cause });
    const connection = new ConnectionError("the request to h failed", true, cause, { operationId: "revokeCertificateAuthority", attempts: 1 });
    expect(connection).toMatchObject({ message: "revokeCertificateAuthority: the request to h failed (1 attempt made)", operationId: "revokeCertificateAuthority", attempts: 1, neverConnected: true, cause });
    const abort = new AbortError(cause, { operationId: "listProjects", attempts: 0 });
    expect(abort).toMatchObject({ message: "listProjects: the request was aborted by the caller's AbortSignal (no attempt made)", operationId: "listProjects", attempts: 0, cause });
  });

  it("without a call, they name none", () => {
    for (const error of [new TimeoutError(1), new ConnectionError("x", false), new AbortError()]) {
      expect(error.operationId).toBeUndefined();
      expect(error.attempts).toBeUndefined();
    }
    expect(new ConnectionError("the request to h failed", false).message).toBe("the request to h failed");
  });

  it("AbortError names the caller's signal and keeps its reason as the cause", () => {
    const reason = new Error("user left");
    const error = new AbortError(reason);
    expect(error.message).toBe("the request was aborted by the caller's AbortSignal");
    expect(error.cause).toBe(reason);
  });

  it("ResponseTooLargeError names the cap, says the request was processed, and how to read a large file", () => {
    expect(new ResponseTooLargeError(1024, "req").message).toBe(
      "the response body exceeds the buffered cap of 1024 bytes. The service has processed the request: " +
        "for a large file use the stream form ({ stream: true }) or a larger maxBufferedBytes, and mind that repeating a state-changing call acts again",
    );
  });

  it("an error made without a cause has no cause property at all", () => {
    for (const error of [new TimeoutError(1), new ConfigurationError("x"), new AbortError()]) {
      expect(Object.hasOwn(error, "cause")).toBe(false);
    }
  });
});
