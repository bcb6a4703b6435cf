/**
 * What the mock's gateway (src/testing/gateway.ts) does so that no request can take the mock
 * down or leave a test unsure what happened: multipart bodies handed to Prism in the one form its
 * parser survives (a file part without a Content-Type, as the official Python SDK sends it),
 * bodies that are no form refused with a 400, Prism's refusals naming the rule broken, file
 * answers named, a stopped Prism reported at once, and records kept from arrival, in arrival
 * order, that a clear() forgets for good. A node:http server on 127.0.0.1 stands in for Prism.
 */
import { getEventListeners } from "node:events";
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startGateway, type Gateway, type GatewayOptions, type Upstream } from "../../src/testing/gateway.js";
import { Recorder } from "../../src/testing/recording.js";
import { ScenarioQueue } from "../../src/testing/scenarios.js";

const token = { "x-auth-token": "tok-123" };
const DOCUMENT = {
  servers: [{ url: "https://bcs.example.test/v3" }],
  paths: {
    "/items": {
      get: { operationId: "ListItems", responses: { "200": {} } },
      post: { operationId: "CreateItem", responses: { "200": {}, "400": {} } },
    },
  },
};

interface Seen {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let upstream: { url: string; seen: Seen[]; handler: (req: IncomingMessage, res: ServerResponse) => void; server: http.Server };
const opened: Gateway[] = [];

beforeEach(async () => {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks) });
      upstream.handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  upstream = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    server,
    handler: (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"result":"success"}');
    },
  };
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((g) => g.close()));
  upstream.server.closeAllConnections();
  await new Promise<void>((resolve) => upstream.server.close(() => resolve()));
});

async function gateway(options: Partial<GatewayOptions> = {}) {
  const recorder = options.recorder ?? new Recorder();
  const scenarios = options.scenarios ?? new ScenarioQueue(["ListItems", "CreateItem"]);
  const gw = await startGateway({ upstream: upstream.url, accessKeyId: "AK", secretAccessKey: "SK", document: DOCUMENT, recorder, scenarios, ...options });
  opened.push(gw);
  return { gw, recorder, scenarios };
}

async function post(gw: Gateway, body: Buffer | string, contentType: string) {
  const res = await fetch(`${gw.url}/v3/items`, { method: "POST", headers: { ...token, "content-type": contentType }, body: typeof body === "string" ? body : new Uint8Array(body) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x0a, 0x00]);

/** A multipart body with one part, its header lines as given. */
function onePart(boundary: string, headerLines: string[], data: Buffer = ZIP): Buffer {
  return Buffer.concat([Buffer.from(`--${boundary}\r\n${headerLines.map((l) => `${l}\r\n`).join("")}\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
}

/** The boundary of a forwarded multipart body, from its Content-Type. */
function boundaryOf(seen: Seen): string {
  const match = /^multipart\/form-data; boundary=(mock-gateway-[0-9a-f]{24})$/.exec(String(seen.headers["content-type"]));
  expect(match).not.toBeNull();
  return match![1]!;
}

describe("multipart bodies", () => {
  it("forwards a file part without a Content-Type (the Python SDK's upload) written again with one", async () => {
    const { gw, recorder } = await gateway();
    const reply = await post(gw, onePart("pyBOUNDARY", ['Content-Disposition: form-data; name="file"; filename="user01.zip"']), "multipart/form-data; boundary=pyBOUNDARY");
    expect(reply.status).toBe(200);
    const [seen] = upstream.seen;
    const boundary = boundaryOf(seen!);
    const expected = onePart(boundary, ['Content-Disposition: form-data; name="file"; filename="user01.zip"', "Content-Type: application/octet-stream"]);
    expect(seen!.body.toString("latin1")).toBe(expected.toString("latin1"));
    expect(seen!.headers["content-length"]).toBe(String(expected.byteLength));
    expect(recorder.list()[0]).toMatchObject({
      status: 200,
      error: undefined,
      parts: [{ name: "file", fileName: "user01.zip", contentType: undefined, size: ZIP.byteLength, value: undefined }],
    });
  });

  it("keeps a part's own Content-Type, quotes unquoted values and puts name before filename", async () => {
    const { gw, recorder } = await gateway();
    await post(gw, onePart("b1", ["content-disposition: form-data; filename=a.zip; name=file", "content-type: application/zip"]), 'multipart/form-data; boundary="b1"');
    const [seen] = upstream.seen;
    const expected = onePart(boundaryOf(seen!), ['Content-Disposition: form-data; name="file"; filename="a.zip"', "Content-Type: application/zip"]);
    expect(seen!.body.toString("latin1")).toBe(expected.toString("latin1"));
    expect(recorder.list()[0]!.parts).toEqual([{ name: "file", fileName: "a.zip", contentType: "application/zip", size: ZIP.byteLength, value: undefined }]);
  });

  it("percent-encodes what Prism's parser would split on or choke on in names and file names", async () => {
    const { gw, recorder } = await gateway();
    await post(gw, onePart("b2", ['Content-Disposition: form-data; name="a;b=c"; filename="x\\"y%\\\\z\u00e9.zip"']), "multipart/form-data; boundary=b2");
    const [seen] = upstream.seen;
    expect(seen!.body.toString("latin1")).toContain('Content-Disposition: form-data; name="a%3Bb%3Dc"; filename="x%22y%25%5Cz%C3%A9.zip"');
    // Names as they came (UTF-8 on the wire); the escape in the quoted file name undone.
    expect(recorder.list()[0]!.parts![0]).toMatchObject({ name: "a;b=c", fileName: 'x"y%\\zé.zip' });
  });

  it("writes a text part without a Content-Type and keeps every part, in order", async () => {
    const { gw, recorder } = await gateway();
    const body = Buffer.from('--B\r\nContent-Disposition: form-data; name="kind"\r\n\r\nuser\r\n--B\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\nPK\r\n--B--');
    await post(gw, body, "multipart/form-data; boundary=B");
    const [seen] = upstream.seen;
    const boundary = boundaryOf(seen!);
    expect(seen!.body.toString()).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nuser\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\nContent-Type: application/octet-stream\r\n\r\nPK\r\n--${boundary}--\r\n`,
    );
    expect(recorder.list()[0]!.parts).toEqual([
      { name: "kind", fileName: undefined, contentType: undefined, size: 4, value: "user" },
      { name: "file", fileName: "f", contentType: undefined, size: 2, value: undefined },
    ]);
  });

  it("forwards other bodies as they are, with the client's Content-Type", async () => {
    const { gw } = await gateway();
    await post(gw, "a=1", "application/x-www-form-urlencoded");
    expect(upstream.seen[0]!.body.toString()).toBe("a=1");
    expect(upstream.seen[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("takes only a Content-Type that starts with multipart/form-data for a form", async () => {
    const { gw } = await gateway();
    const reply = await post(gw, "hello", "text/plain; note=multipart/form-data; boundary=B");
    expect(reply.status).toBe(200);
    expect(upstream.seen[0]!.body.toString()).toBe("hello");
  });

  for (const [what, body, contentType, reason] of [
    ["no boundary parameter", "x", "multipart/form-data", "its Content-Type has no boundary parameter"],
    ["no part at the boundary", "hello", "multipart/form-data; boundary=B", 'no part starts with the boundary "B"'],
    ["a part without Content-Disposition", "--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--", "multipart/form-data; boundary=B", "a part has no Content-Disposition"],
    ["a disposition that is not form-data", '--B\r\nContent-Disposition: attachment; name="f"\r\n\r\nx\r\n--B--', "multipart/form-data; boundary=B", 'a part\'s Content-Disposition is not form-data: "attachment; name=\\"f\\""'],
    ["a part without a name", '--B\r\nContent-Disposition: form-data; filename="a.zip"\r\n\r\nx\r\n--B--', "multipart/form-data; boundary=B", "a part's Content-Disposition has no name"],
    ["no closing boundary", '--B\r\nContent-Disposition: form-data; name="f"\r\n\r\nx', "multipart/form-data; boundary=B", "the body ends before the closing boundary"],
  ] as const) {
    it(`refuses a multipart body with ${what} with a 400 naming why, without forwarding it`, async () => {
      const { gw, recorder } = await gateway();
      const reply = await post(gw, body, contentType);
      const message = `the request breaks the spec: the body is not a multipart/form-data document (${reason})`;
      expect(reply.status).toBe(400);
      expect(reply.headers.get("content-type")).toBe("application/json");
      const requestId = reply.headers.get("x-request-id");
      expect(JSON.parse(reply.text)).toEqual({ error_code: "MOCK.SPEC_VIOLATION", error_msg: message, request_id: requestId });
      expect(upstream.seen).toHaveLength(0);
      expect(recorder.list()).toEqual([expect.objectContaining({ status: 400, error: message, requestId, body: body, parts: undefined })]);
    });
  }

  it("answers a scenario's own body even for a multipart body that is no form", async () => {
    const { gw, scenarios } = await gateway();
    scenarios.add({ respond: { status: 200, body: { ok: true } } });
    expect((await post(gw, "hello", "multipart/form-data; boundary=B")).status).toBe(200);
  });

  it("sends an empty multipart body on as it is", async () => {
    const { gw } = await gateway();
    expect((await post(gw, "", "multipart/form-data; boundary=B")).status).toBe(200);
    expect(upstream.seen[0]!.body.byteLength).toBe(0);
    expect(upstream.seen[0]!.headers["content-type"]).toBe("multipart/form-data; boundary=B");
  });
});

describe("Prism's refusals", () => {
  const violations = JSON.stringify([
    { location: ["request", "path", "user_name"], severity: "Error", code: "minLength", message: "Request path parameter user_name must NOT have fewer than 4 characters" },
    { location: ["request", "query", "cert_type"], severity: "Error", code: "enum" },
  ]);

  function refuseWith(status: number, body: string, header: string | undefined) {
    upstream.handler = (_req, res) => {
      res.writeHead(status, { "content-type": "application/json", "x-upstream": "prism", ...(header === undefined ? {} : { "sl-violations": header }) });
      res.end(body);
    };
  }

  it("say which rules the request broke, in place of the example body", async () => {
    refuseWith(400, '{"error_code":"BCS.4006005","error_msg":"keyType error, keyType: blok not supported"}', violations);
    const { gw, recorder } = await gateway();
    const reply = await post(gw, "{}", "application/json");
    expect(reply.status).toBe(400);
    const requestId = reply.headers.get("x-request-id");
    expect(JSON.parse(reply.text)).toEqual({
      error_code: "MOCK.SPEC_VIOLATION",
      error_msg: "the request breaks the spec: Request path parameter user_name must NOT have fewer than 4 characters; enum",
      request_id: requestId,
    });
    expect(reply.headers.get("sl-violations")).toBe(violations);
    expect(reply.headers.get("x-upstream")).toBe("prism");
    expect(recorder.list()[0]).toMatchObject({ status: 400, error: undefined });
  });

  it("keep the nested shape of an IAM-style example, and the status Prism chose", async () => {
    refuseWith(401, '  { "error": {"code":"401","message":"wrong","title":"Unauthorized"}}', violations);
    const { gw } = await gateway();
    const reply = await post(gw, "{}", "application/json");
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.text)).toEqual({
      error: {
        code: "MOCK.SPEC_VIOLATION",
        message: "the request breaks the spec: Request path parameter user_name must NOT have fewer than 4 characters; enum",
        request_id: reply.headers.get("x-request-id"),
      },
    });
  });

  it("set application/json on the rewritten body", async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(422, { "content-type": "application/problem+json", "sl-violations": violations });
      res.end('{"type":"x"}');
    };
    const { gw } = await gateway();
    const reply = await post(gw, "{}", "application/json");
    expect(reply.status).toBe(422);
    expect(reply.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(reply.text).error_code).toBe("MOCK.SPEC_VIOLATION");
  });

  for (const [what, header] of [
    ["without sl-violations", undefined],
    ["whose sl-violations is not JSON", "[oops"],
    ["whose sl-violations is empty", "[]"],
    ["whose sl-violations is not a list", '{"message":"x"}'],
  ] as const) {
    it(`leave an error answer ${what} as it is`, async () => {
      refuseWith(400, '{"error_code":"BCS.1","error_msg":"m"}', header);
      const { gw } = await gateway();
      expect((await post(gw, "{}", "application/json")).text).toBe('{"error_code":"BCS.1","error_msg":"m"}');
    });
  }

  it("name each violation by its message, else its code, skipping anything else", async () => {
    refuseWith(400, "{}", JSON.stringify([null, 5, { code: "enum" }, { message: "m", code: "x" }, { code: 7 }]));
    const { gw } = await gateway();
    expect(JSON.parse((await post(gw, "{}", "application/json")).text).error_msg).toBe("the request breaks the spec: enum; m");
  });

  it("leave an error answer whose violations name nothing as it is", async () => {
    refuseWith(400, '{"error_code":"BCS.1","error_msg":"m"}', JSON.stringify([null, { code: 7 }]));
    const { gw } = await gateway();
    expect((await post(gw, "{}", "application/json")).text).toBe('{"error_code":"BCS.1","error_msg":"m"}');
  });

  it("take the nested shape only from an example that starts as one, however it is spaced", async () => {
    refuseWith(400, '{"error_code":"BCS.1","error_msg":"m","more":{"error":{"x":1}}}', violations);
    const { gw } = await gateway();
    expect(JSON.parse((await post(gw, "{}", "application/json")).text)).toHaveProperty("error_code", "MOCK.SPEC_VIOLATION");
    refuseWith(400, '{"error"  :  {"code":"401"}}', violations);
    expect(JSON.parse((await post(gw, "{}", "application/json")).text)).toHaveProperty("error.code", "MOCK.SPEC_VIOLATION");
  });

  it("leave a success answer that carries sl-violations (warnings) as it is", async () => {
    refuseWith(200, '{"result":"success"}', violations);
    const { gw } = await gateway();
    expect((await post(gw, "{}", "application/json")).text).toBe('{"result":"success"}');
  });

  it("apply to a scenario that forwards too", async () => {
    refuseWith(400, "{}", violations);
    const { gw, scenarios } = await gateway();
    scenarios.add({ respond: { headers: { "x-extra": "1" } } });
    const reply = await post(gw, "{}", "application/json");
    expect(JSON.parse(reply.text).error_code).toBe("MOCK.SPEC_VIOLATION");
    expect(reply.headers.get("x-extra")).toBe("1");
  });
});

describe("file answers", () => {
  function answer(status: number, headers: Record<string, string>, body: string) {
    upstream.handler = (_req, res) => {
      res.writeHead(status, headers);
      res.end(body);
    };
  }
  const get = async (gw: Gateway, path = "/v3/items") => {
    const res = await fetch(gw.url + path, { headers: token });
    await res.body?.cancel();
    // Passed on as the upstream answered (a failure inside the gateway would be a 502).
    expect(res.status).not.toBe(502);
    return res.headers.get("content-disposition");
  };

  it("name the file after the operation", async () => {
    answer(200, { "content-type": "application/octet-stream" }, "bytes");
    const { gw } = await gateway();
    expect(await get(gw)).toBe('attachment; filename="ListItems"');
  });

  it("keep a name the answer already gives", async () => {
    answer(200, { "content-type": "application/octet-stream", "content-disposition": 'attachment; filename="own.zip"' }, "bytes");
    const { gw } = await gateway();
    expect(await get(gw)).toBe('attachment; filename="own.zip"');
  });

  for (const [what, status, headers, body, path] of [
    ["a JSON answer", 200, { "content-type": "application/json" }, "{}", "/v3/items"],
    ["an empty answer", 200, { "content-type": "application/octet-stream" }, "", "/v3/items"],
    ["an error answer", 404, { "content-type": "text/plain" }, "nope", "/v3/items"],
    ["a path no operation matches", 200, { "content-type": "application/octet-stream" }, "bytes", "/elsewhere"],
    ["a 3xx answer", 300, { "content-type": "application/octet-stream" }, "bytes", "/v3/items"],
  ] as const) {
    it(`name nothing in ${what}`, async () => {
      answer(status, headers, body);
      const { gw } = await gateway();
      expect(await get(gw, path)).toBeNull();
    });
  }
});

describe("a Prism process that stops", () => {
  /** An upstream whose process the test stops by aborting `stopped`. */
  function stoppable() {
    const controller = new AbortController();
    const current = (): Upstream => ({ url: upstream.url, stopped: controller.signal });
    return { controller, current };
  }

  // A wait for news of the stop that only the news can end (the test would time out otherwise).
  const LONG = 600_000;

  it("fails a request waiting on it at once, with the reason, and records it", async () => {
    const { controller, current } = stoppable();
    upstream.handler = () => controller.abort("the mock's Prism process stopped by itself (exit 1)");
    const { gw, recorder } = await gateway({ upstream: current, stopNewsMs: LONG });
    const res = await fetch(`${gw.url}/v3/items`, { headers: token });
    const body = await res.json();
    const message = "mock gateway: the mock's Prism process stopped by itself (exit 1)";
    expect(res.status).toBe(502);
    expect(body).toEqual({ error_code: "APIGW.0202", error_msg: message, request_id: res.headers.get("x-request-id") });
    expect(recorder.list()[0]).toMatchObject({ status: 502, error: message });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("answers every later request at once with the reason, without trying to forward", async () => {
    const { controller, current } = stoppable();
    controller.abort("stopped (SIGKILL)");
    const { gw } = await gateway({ upstream: current });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${gw.url}/v3/items`, { headers: token });
      expect(res.status).toBe(502);
      expect((await res.json()).error_msg).toBe("mock gateway: stopped (SIGKILL)");
    }
    expect(upstream.seen).toHaveLength(0);
  });

  it("reports the stop, not the hang-up, when the news comes a moment after the connection dropped", async () => {
    const { controller, current } = stoppable();
    upstream.handler = (req) => {
      req.socket.destroy();
      setTimeout(() => controller.abort("stopped (exit 1)"), 50);
    };
    const { gw } = await gateway({ upstream: current, stopNewsMs: LONG });
    const res = await fetch(`${gw.url}/v3/items`, { headers: token });
    expect((await res.json()).error_msg).toBe("mock gateway: stopped (exit 1)");
    // Nothing is left listening for a stop.
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("reports the hang-up when no news of a stop comes", async () => {
    const { current } = stoppable();
    upstream.handler = (req) => req.socket.destroy();
    const { gw } = await gateway({ upstream: current, stopNewsMs: 50 });
    const res = await fetch(`${gw.url}/v3/items`, { headers: token });
    expect((await res.json()).error_msg).toBe("mock gateway: socket hang up");
    expect(getEventListeners(current().stopped, "abort")).toHaveLength(0);
  });

  it("leaves nothing listening for a stop once a forwarded request is answered", async () => {
    const { controller, current } = stoppable();
    const { gw } = await gateway({ upstream: current });
    await (await fetch(`${gw.url}/v3/items`, { headers: token })).text();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("forwards to wherever the upstream function says now", async () => {
    const { gw } = await gateway({ upstream: () => ({ url: upstream.url, stopped: new AbortController().signal }) });
    const res = await fetch(`${gw.url}/v3/items`, { headers: token });
    expect(await res.json()).toEqual({ result: "success" });
  });
});

describe("records", () => {
  it("keep arrival order, a slow answer's status filled in when it comes", async () => {
    const { gw, recorder, scenarios } = await gateway();
    scenarios.add({ operation: "CreateItem" as never, respond: { delayMs: 300, status: 500 } });
    const slow = fetch(`${gw.url}/v3/items`, { method: "POST", headers: token });
    // Once the slow one is recorded (unanswered), the fast one goes.
    await until(() => recorder.list().length === 1);
    expect(recorder.list()[0]).toMatchObject({ method: "POST", status: undefined, scenario: true });
    await (await fetch(`${gw.url}/v3/items`, { headers: token })).text();
    expect(recorder.list().map((r) => [r.method, r.status])).toEqual([
      ["POST", undefined],
      ["GET", 200],
    ]);
    await (await slow).text();
    expect(recorder.list().map((r) => [r.method, r.status])).toEqual([
      ["POST", 500],
      ["GET", 200],
    ]);
  });

  it("never show a request from before clear(), however late it is answered", async () => {
    const { gw, recorder, scenarios } = await gateway();
    scenarios.add({ respond: { delayMs: 300, status: 500 } });
    const slow = fetch(`${gw.url}/v3/items`, { headers: token });
    await until(() => recorder.list().length === 1);
    recorder.clear();
    await (await slow).text();
    expect(recorder.list()).toEqual([]);
  });
});

/** Waits (a bounded number of turns of the event loop) for `condition`. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}
