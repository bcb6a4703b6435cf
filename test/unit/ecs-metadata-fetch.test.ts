/**
 * The ECS metadata provider through an injected fetch (never a real metadata address): the
 * 24-hour rule for asking for a session token again, a session token's whitespace, the statuses
 * that are errors and the method they name, an answer at the exact expiry instant, empty or null
 * credential fields, the per-request timer, and what switches the default address off.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigurationError, ecsMetadataCredentials, isCredentialsNotFoundError, UnexpectedResponseError } from "../../src/index.js";
import { FakeClock, rejection } from "./support/fakes.js";

const START = Date.UTC(2024, 0, 15, 8, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TOKEN_PATH = "/meta-data/latest/api/token";
const KEY_PATH = "/openstack/latest/securitykey";
/** Never contacted: every request goes to the injected fetch. */
const ENDPOINT = "http://127.0.0.1:9";

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
}
type Answer = { status: number; body?: string };

/** An injected fetch answering by method (PUT: the token step, GET: the security key), recording each call. */
function metadataFetch(answer: (method: string, index: number) => Answer) {
  const seen: Seen[] = [];
  const fetch = (async (url: string | URL, init?: RequestInit) => {
    const method = init?.method ?? "GET";
    seen.push({ method, url: String(url), headers: { ...(init?.headers as Record<string, string>) } });
    if (seen.length > 20) throw new Error("too many metadata calls");
    const { status, body = "" } = answer(method, seen.filter((s) => s.method === method).length - 1);
    return new Response(status === 204 ? null : body, { status });
  }) as typeof globalThis.fetch;
  return { fetch, seen, puts: () => seen.filter((s) => s.method === "PUT").length };
}

function keyBody(expiresAt: number, credential: Record<string, unknown> = {}): string {
  return JSON.stringify({
    credential: { access: "TEMPAK", secret: "TEMPSK", securitytoken: "TEMPTOKEN", expires_at: new Date(expiresAt).toISOString(), ...credential },
  });
}

describe("asking for a session token again", () => {
  /** A v1 host: the token step answers 404, the GET works without a token. */
  const v1Host = (expiresAt: () => number) => metadataFetch((method) => (method === "PUT" ? { status: 404 } : { status: 200, body: keyBody(expiresAt()) }));

  it("a v1 host is not asked again within 24 hours of the last try", async () => {
    const clock = new FakeClock(START);
    const http = v1Host(() => clock.now() + HOUR);
    const provider = ecsMetadataCredentials({ endpoint: ENDPOINT, clock, fetch: http.fetch });
    await provider();
    clock.advance(56 * MINUTE); // inside the 5-minute refresh margin: fetched again
    await provider();
    expect(http.seen.map((s) => s.method)).toEqual(["PUT", "GET", "GET"]);
  });

  it("nor at exactly 24 hours", async () => {
    const clock = new FakeClock(START);
    const http = v1Host(() => START + 24 * HOUR + 5 * MINUTE);
    const provider = ecsMetadataCredentials({ endpoint: ENDPOINT, clock, fetch: http.fetch });
    await provider();
    clock.advance(24 * HOUR); // 5 minutes before expiry: fetched again
    await provider();
    expect(http.seen.map((s) => s.method)).toEqual(["PUT", "GET", "GET"]);
  });

  it("but is asked again once more than 24 hours have passed", async () => {
    const clock = new FakeClock(START);
    const http = v1Host(() => START + 24 * HOUR + 5 * MINUTE);
    const provider = ecsMetadataCredentials({ endpoint: ENDPOINT, clock, fetch: http.fetch });
    await provider();
    clock.advance(24 * HOUR + 1);
    await provider();
    expect(http.seen.map((s) => s.method)).toEqual(["PUT", "GET", "PUT", "GET"]);
  });

  it("a host that gave a token is not asked for another on a refresh, even after 24 hours", async () => {
    const clock = new FakeClock(START);
    const http = metadataFetch((method) => (method === "PUT" ? { status: 200, body: "session-1" } : { status: 200, body: keyBody(clock.now() + 48 * HOUR) }));
    const provider = ecsMetadataCredentials({ endpoint: ENDPOINT, clock, fetch: http.fetch });
    await provider();
    clock.advance(48 * HOUR - 4 * MINUTE);
    await provider();
    expect(http.seen.map((s) => [s.method, s.headers["X-Metadata-Token"]])).toEqual([
      ["PUT", undefined],
      ["GET", "session-1"],
      ["GET", "session-1"],
    ]);
  });
});

describe("the token step", () => {
  it("a session token is sent without the whitespace around it", async () => {
    const clock = new FakeClock(START);
    const http = metadataFetch((method) => (method === "PUT" ? { status: 200, body: "  session-1\n" } : { status: 200, body: keyBody(START + HOUR) }));
    await ecsMetadataCredentials({ endpoint: ENDPOINT, clock, fetch: http.fetch })();
    expect(http.seen[1]?.headers).toEqual({ "X-Metadata-Token": "session-1" });
  });

  it("an empty 200 is no token: an error naming the PUT, and no GET", async () => {
    const clock = new FakeClock(START);
    const http = metadataFetch((method) => (method === "PUT" ? { status: 200, body: "" } : { status: 200, body: keyBody(START + HOUR) }));
    const error = await rejection(ecsMetadataCredentials({ endpoint: ENDPOINT, clock, fetch: http.fetch })());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toBe("the service answered 200 with a body the spec does not declare: ECS metadata session token is empty");
    expect(isCredentialsNotFoundError(error)).toBe(false);
    expect(http.seen.map((s) => s.method)).toEqual(["PUT"]);
  });

  it("a 500 is an error naming the PUT", async () => {
    const http = metadataFetch(() => ({ status: 500, body: "down" }));
    const error = await rejection(ecsMetadataCredentials({ endpoint: ENDPOINT, clock: new FakeClock(START), fetch: http.fetch })());
    expect(error.message).toBe(`ECS metadata: PUT ${ENDPOINT}/meta-data/latest/api/token answered 500`);
  });

  it("after a 401, a token step answering 404 is an error, not a v1 GET without a token", async () => {
    const http = metadataFetch((method, i) =>
      method === "PUT" ? (i === 0 ? { status: 200, body: "session-1" } : { status: 404 }) : { status: 401, body: "{}" },
    );
    const error = await rejection(ecsMetadataCredentials({ endpoint: ENDPOINT, clock: new FakeClock(START), fetch: http.fetch })());
    expect(error.message).toBe(`ECS metadata: PUT ${ENDPOINT}/meta-data/latest/api/token answered 404`);
    expect(http.seen.map((s) => s.method)).toEqual(["PUT", "GET", "PUT"]);
  });
});

describe("the security key answer", () => {
  it("a 400 is 'not found' naming the GET, even with credentials in the body, which it does not quote", async () => {
    const http = metadataFetch((method) => (method === "PUT" ? { status: 404 } : { status: 400, body: keyBody(START + HOUR) }));
    const error = await rejection(ecsMetadataCredentials({ endpoint: ENDPOINT, clock: new FakeClock(START), fetch: http.fetch })());
    expect(error.message).toBe(`ECS metadata: GET ${ENDPOINT}/openstack/latest/securitykey answered 400`);
    expect(isCredentialsNotFoundError(error)).toBe(true);
  });

  it.each([201, 204])("a %i is no credentials either", async (status) => {
    const http = metadataFetch((method) => (method === "PUT" ? { status: 404 } : { status, body: status === 204 ? "" : keyBody(START + HOUR) }));
    const error = await rejection(ecsMetadataCredentials({ endpoint: ENDPOINT, clock: new FakeClock(START), fetch: http.fetch })());
    expect(error.message).toBe(`ECS metadata: GET ${ENDPOINT}/openstack/latest/securitykey answered ${status}`);
  });

  it("credentials that expire at this very instant are expired", async () => {
    const http = metadataFetch((method) => (method === "PUT" ? { status: 404 } : { status: 200, body: keyBody(START) }));
    const error = await rejection(ecsMetadataCredentials({ endpoint: ENDPOINT, clock: new FakeClock(START), fetch: http.fetch })());
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(`ECS metadata: the temporary credentials expired at ${new Date(START).toISOString()}`);
  });

  it("a JSON null names every missing field", async () => {
    const http = metadataFetch((method) => (method === "PUT" ? { status: 404 } : { status: 200, body: "null" }));
    const error = await rejection(ecsMetadataCredentials({ endpoint: ENDPOINT, clock: new FakeClock(START), fetch: http.fetch })());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain("ECS metadata securitykey lacks credential.access, credential.secret, credential.securitytoken, credential.expires_at");
  });

  it("an empty access key counts as missing", async () => {
    const http = metadataFetch((method) => (method === "PUT" ? { status: 404 } : { status: 200, body: keyBody(START + HOUR, { access: "" }) }));
    const error = await rejection(ecsMetadataCredentials({ endpoint: ENDPOINT, clock: new FakeClock(START), fetch: http.fetch })());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain("ECS metadata securitykey lacks credential.access");
    expect(error.message).not.toContain("credential.secret");
  });
});

describe("each request's timer", () => {
  it("is cancelled once the request is answered", async () => {
    const clock = new FakeClock(START);
    const http = metadataFetch((method) => (method === "PUT" ? { status: 404 } : { status: 200, body: keyBody(START + HOUR) }));
    await ecsMetadataCredentials({ endpoint: ENDPOINT, clock, fetch: http.fetch })();
    expect(clock.timers.map((t) => t.ms)).toEqual([3000, 3000]);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe("the default address is switched off by HUAWEICLOUD_SDK_METADATA_DISABLED (1, true or yes, trimmed, any case)", () => {
  // The suite's setup sets the variable to "true" in process.env; here it is "false", so only the
  // env option decides. The default address is then only ever handed to the injected fetch.
  const VARIABLE = "HUAWEICLOUD_SDK_METADATA_DISABLED";
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env[VARIABLE];
    process.env[VARIABLE] = "false";
  });
  afterEach(() => {
    process.env[VARIABLE] = saved;
  });

  const attempt = async (env: Record<string, string> | undefined) => {
    const http = metadataFetch((method) => (method === "PUT" ? { status: 404 } : { status: 200, body: keyBody(START + HOUR) }));
    const result = await ecsMetadataCredentials({ clock: new FakeClock(START), fetch: http.fetch, ...(env ? { env } : {}) })().then(
      () => "fetched",
      (error: unknown) => (isCredentialsNotFoundError(error) ? "switched off" : error),
    );
    return { result, urls: http.seen.map((s) => s.url) };
  };

  it.each([" true ", "YES", "1"])("switched off by %j", async (value) => {
    expect(await attempt({ [VARIABLE]: value })).toEqual({ result: "switched off", urls: [] });
  });
  it.each(["untrue", "10", "yesterday", "0", ""])("not by %j", async (value) => {
    const { result, urls } = await attempt({ [VARIABLE]: value });
    expect(result).toBe("fetched");
    expect(urls).toEqual([`http://169.254.169.254${TOKEN_PATH}`, `http://169.254.169.254${KEY_PATH}`]);
  });
  it("nor without an env option", async () => {
    expect((await attempt(undefined)).result).toBe("fetched");
  });
});
