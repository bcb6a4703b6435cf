/**
 * The mock's gateway (src/testing/gateway.ts) in process, in front of a tiny node:http server on
 * 127.0.0.1 that stands in for Prism: the token and signature check, the 401 and 502 bodies,
 * forwarding, CORS for loopback origins, scenarios and the request records. No Prism is started.
 */
import { freshToken } from "../../src/testing/answerers/iam-token.js";
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signRequest } from "../../src/core/auth/signer.js";
import { startGateway, type Gateway, type GatewayOptions } from "../../src/testing/gateway.js";
import { Recorder } from "../../src/testing/recording.js";
import { ScenarioQueue, type ScenarioOptions } from "../../src/testing/scenarios.js";
import type { OperationId } from "../../src/testing/services.js";

const AK = "GATEWAYAK1";
const SK = "gateway-secret-key";
const NOW = new Date("2026-03-04T05:06:07Z");
// Operation ids of the small document below (not of the bundled specs, hence the casts).
const LIST = "ListItems" as OperationId;
const CREATE = "CreateItem" as OperationId;
const REQUEST_ID = /^mock-[0-9a-f]+-[0-9a-f]{4}$/;

const DOCUMENT = {
  servers: [{ url: "https://bcs.example.test/v3" }],
  paths: {
    "/items": {
      get: { operationId: "ListItems", responses: { "200": {}, "404": {} } },
      post: { operationId: "CreateItem", responses: { "201": {} } },
    },
  },
};

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** The stand-in for Prism: records each request and answers with `handler`. */
let upstream: { url: string; seen: Seen[]; handler: Handler; server: http.Server };
const opened: Gateway[] = [];

beforeEach(async () => {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      upstream.handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  upstream = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    server,
    handler: (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*", "x-upstream": "prism" });
      res.end(JSON.stringify({ from: "upstream" }));
    },
  };
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((g) => g.close()));
  upstream.server.closeAllConnections();
  await new Promise<void>((resolve) => upstream.server.close(() => resolve()));
});

/** The test document's ListItems answered as IAM's token call is: its token times made fresh. */
const TOKEN_CALL = { handlers: () => ({ ListItems: freshToken }) };

async function gateway(options: Partial<GatewayOptions> & { noDocument?: true } = {}): Promise<{ gw: Gateway; recorder: Recorder; scenarios: ScenarioQueue }> {
  const { noDocument, ...rest } = options;
  const recorder = options.recorder ?? new Recorder();
  const scenarios = options.scenarios ?? new ScenarioQueue(["ListItems", "CreateItem"]);
  const gw = await startGateway({ upstream: upstream.url, accessKeyId: AK, secretAccessKey: SK, now: () => NOW, ...(noDocument ? {} : { document: DOCUMENT }), recorder, scenarios, ...rest });
  opened.push(gw);
  return { gw, recorder, scenarios };
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

async function call(gw: Gateway, path: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(gw.url + path, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const token = { "x-auth-token": "tok-123" };

/** Headers that sign a request to the gateway with `secret`, at `at`. */
async function signedHeaders(gw: Gateway, method: string, path: string, body?: string, secret = SK, at = NOW): Promise<Record<string, string>> {
  const headers = new Headers(body === undefined ? {} : { "content-type": "application/json" });
  const added = await signRequest({ method, url: new URL(gw.url + path), headers, body }, { accessKeyId: AK, secretAccessKey: secret }, at);
  return { ...Object.fromEntries(headers), ...added };
}

describe("gateway: authentication", () => {
  it("answers a request without token or signature 401 with a Huawei body, not forwarding it", async () => {
    const { gw, recorder } = await gateway();
    const reply = await call(gw, "/v3/items");
    expect(reply.status).toBe(401);
    expect(reply.headers.get("content-type")).toBe("application/json");
    const requestId = reply.headers.get("x-request-id");
    expect(requestId).toMatch(REQUEST_ID);
    expect(JSON.parse(reply.text)).toEqual({
      error_code: "APIGW.0301",
      error_msg: "Incorrect IAM authentication information: no X-Auth-Token or Authorization",
      request_id: requestId,
    });
    expect(upstream.seen).toHaveLength(0);
    expect(recorder.list()).toEqual([
      expect.objectContaining({ operationId: "ListItems", auth: { mode: "none" }, status: 401, requestId, scenario: false }),
    ]);
  });

  it("forwards a request with an X-Auth-Token and records it as a token call", async () => {
    const { gw, recorder } = await gateway();
    const reply = await call(gw, "/v3/items?limit=5", { headers: token });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toEqual({ from: "upstream" });
    expect(recorder.list()[0]).toMatchObject({ auth: { mode: "token" }, status: 200, scenario: false, query: { limit: "5" } });
  });

  it("forwards a request whose signature is valid, with the access key id recorded", async () => {
    const { gw, recorder } = await gateway();
    const body = JSON.stringify({ name: "n1" });
    const headers = await signedHeaders(gw, "POST", "/v3/items?x=1", body);
    const reply = await call(gw, "/v3/items?x=1", { method: "POST", headers, body });
    expect(reply.status).toBe(200);
    expect(upstream.seen).toHaveLength(1);
    expect(recorder.list()[0]).toMatchObject({
      operationId: "CreateItem",
      method: "POST",
      path: "/v3/items",
      auth: { mode: "aksk", accessKeyId: AK, signatureValid: true },
      body: { name: "n1" },
      status: 200,
    });
    expect(recorder.list()[0]!.auth).not.toHaveProperty("reason");
  });

  it("checks the signature of a request without a body as one with no body", async () => {
    const { gw } = await gateway();
    const headers = await signedHeaders(gw, "GET", "/v3/items");
    expect((await call(gw, "/v3/items", { headers })).status).toBe(200);
  });

  it("refuses a signature by another secret key 401, naming the reason", async () => {
    const { gw, recorder } = await gateway();
    const headers = await signedHeaders(gw, "GET", "/v3/items", undefined, "another-secret");
    const reply = await call(gw, "/v3/items", { headers });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.text)).toMatchObject({
      error_code: "APIGW.0301",
      error_msg: "Incorrect IAM authentication information: verify aksk signature fail (signature mismatch)",
    });
    expect(recorder.list()[0]!.auth).toEqual({ mode: "aksk", accessKeyId: AK, signatureValid: false, reason: "signature mismatch" });
    expect(upstream.seen).toHaveLength(0);
  });

  it("refuses a signature by another access key, even with the same secret", async () => {
    const { gw } = await gateway();
    const headers = new Headers();
    const added = await signRequest({ method: "GET", url: new URL(gw.url + "/v3/items"), headers, body: undefined }, { accessKeyId: "OTHERAK", secretAccessKey: SK }, NOW);
    const reply = await call(gw, "/v3/items", { headers: added });
    expect(JSON.parse(reply.text).error_msg).toBe("Incorrect IAM authentication information: verify aksk signature fail (unknown access key)");
  });

  it("checks X-Sdk-Date against the clock it was given", async () => {
    const { gw } = await gateway();
    const stale = await signedHeaders(gw, "GET", "/v3/items", undefined, SK, new Date(NOW.getTime() - 16 * 60_000));
    const reply = await call(gw, "/v3/items", { headers: stale });
    expect(JSON.parse(reply.text).error_msg).toContain("(X-Sdk-Date is too far from the server time)");
  });

  it("records an Authorization header without an access key as such", async () => {
    const { gw, recorder } = await gateway();
    await call(gw, "/v3/items", { headers: { authorization: "Basic abc" } });
    expect(recorder.list()[0]!.auth).toEqual({ mode: "aksk", accessKeyId: undefined, signatureValid: false, reason: "unsupported signing algorithm" });
  });

  it("lets everything through when open, as IAM's token call is", async () => {
    const { gw, recorder } = await gateway({ open: true, service: "iam" });
    const reply = await call(gw, "/v3/items");
    expect(reply.status).toBe(200);
    expect(recorder.list()[0]).toMatchObject({ service: "iam", auth: { mode: "none" }, status: 200 });
  });

  it("names the service bcs in records when none is given", async () => {
    const { gw, recorder } = await gateway();
    await call(gw, "/v3/items", { headers: token });
    expect(recorder.list()[0]!.service).toBe("bcs");
  });
});

describe("gateway: forwarding", () => {
  it("sends the method, path, query, headers and body to the upstream, with its own Host", async () => {
    const { gw } = await gateway();
    await call(gw, "/v3/items?a=1&b=x%20y", { method: "POST", headers: { ...token, "content-type": "application/json", "x-custom": "v" }, body: '{"k":1}' });
    const [seen] = upstream.seen;
    expect(seen).toMatchObject({ method: "POST", url: "/v3/items?a=1&b=x%20y", body: '{"k":1}' });
    expect(seen!.headers).toMatchObject({ host: new URL(upstream.url).host, "content-length": "7", "x-custom": "v", "x-auth-token": "tok-123" });
    expect(seen!.headers).not.toHaveProperty("prefer");
  });

  it("drops the upstream's CORS headers and keeps its others, with the gateway's X-Request-Id", async () => {
    const { gw, recorder } = await gateway();
    const reply = await call(gw, "/v3/items", { headers: token });
    expect(reply.headers.get("access-control-allow-origin")).toBeNull();
    expect(reply.headers.get("x-upstream")).toBe("prism");
    expect(reply.headers.get("x-request-id")).toBe(recorder.list()[0]!.requestId);
    expect(reply.headers.get("x-request-id")).toMatch(REQUEST_ID);
  });

  it("gives every answer its own request id", async () => {
    const { gw } = await gateway();
    const a = await call(gw, "/v3/items", { headers: token });
    const b = await call(gw, "/v3/items", { headers: token });
    expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
  });

  it("answers with a Content-Length instead of the upstream's chunked encoding", async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("part one, ");
      res.end("part two");
    };
    const { gw } = await gateway();
    const raw = await rawGet(gw, "/v3/items", token);
    expect(raw.headers["transfer-encoding"]).toBeUndefined();
    expect(raw.headers["content-length"]).toBe("18");
    expect(raw.body).toBe("part one, part two");
  });

  it("the token call's handler refreshes the token times of its 2xx JSON answer with the gateway's clock", async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(201, { "content-type": "application/json;charset=UTF-8" });
      res.end(JSON.stringify({ token: { expires_at: "2020-01-01T00:00:00.000000Z", issued_at: "2019-12-31T00:00:00.000000Z" } }));
    };
    const { gw } = await gateway(TOKEN_CALL);
    const reply = await call(gw, "/v3/items", { headers: token });
    expect(JSON.parse(reply.text)).toEqual({ token: { expires_at: "2026-03-05T05:06:07.000000Z", issued_at: "2026-03-04T05:06:07.000000Z" } });
  });

  it("no other operation's times are rewritten: a certificate's validity stays as it is", async () => {
    const body = JSON.stringify({ expires_at: "2020-01-01T00:00:00.000000Z", issued_at: "2019-12-31T00:00:00.000000Z" });
    upstream.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    };
    const { gw } = await gateway(TOKEN_CALL);
    expect((await call(gw, "/v3/items", { method: "POST", headers: token })).text).toBe(body);
    const plain = await gateway();
    expect((await call(plain.gw, "/v3/items", { headers: token })).text).toBe(body);
  });

  it("leaves token times alone in an answer that is not JSON, or not 2xx", async () => {
    const body = JSON.stringify({ expires_at: "2020-01-01T00:00:00.000000Z" });
    let status = 200;
    let type = "text/plain";
    upstream.handler = (_req, res) => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    };
    const { gw } = await gateway(TOKEN_CALL);
    expect((await call(gw, "/v3/items", { headers: token })).text).toBe(body);
    status = 400;
    type = "application/json";
    expect((await call(gw, "/v3/items", { headers: token })).text).toBe(body);
    status = 300;
    expect((await call(gw, "/v3/items", { headers: token })).text).toBe(body);
    status = 200;
    expect((await call(gw, "/v3/items", { headers: token })).text).not.toBe(body);
  });

  it("refreshes token times in a vendor +json answer, not in one that only mentions application/json", async () => {
    const body = JSON.stringify({ issued_at: "2020-01-01T00:00:00.000000Z" });
    let type = "application/vnd.huawei+json";
    upstream.handler = (_req, res) => {
      res.writeHead(200, { "content-type": type });
      res.end(body);
    };
    const { gw } = await gateway(TOKEN_CALL);
    expect(JSON.parse((await call(gw, "/v3/items", { headers: token })).text).issued_at).toBe("2026-03-04T05:06:07.000000Z");
    type = "text/plain; profile=application/json";
    expect((await call(gw, "/v3/items", { headers: token })).text).toBe(body);
  });

  it("passes an upstream 204 on without a body or Content-Length", async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(204, { "content-length": "0", "x-upstream": "prism" });
      res.end();
    };
    const { gw } = await gateway();
    const raw = await rawGet(gw, "/v3/items", token);
    expect(raw.status).toBe(204);
    expect(raw.headers["x-upstream"]).toBe("prism");
    expect(raw.headers["content-length"]).toBeUndefined();
  });

  it("uses a real clock when given none", async () => {
    upstream.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ issued_at: "2000-01-01T00:00:00.000000Z" }));
    };
    const gw = await startGateway({ upstream: upstream.url, accessKeyId: AK, secretAccessKey: SK, document: DOCUMENT, ...TOKEN_CALL });
    opened.push(gw);
    const before = Date.now();
    const issued = Date.parse(JSON.parse((await call(gw, "/v3/items", { headers: token })).text).issued_at);
    expect(issued).toBeGreaterThanOrEqual(before - 1000);
    expect(issued).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("answers 502 with a Huawei body when the upstream cannot be reached", async () => {
    const dead = http.createServer();
    await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const gw = await startGateway({ upstream: `http://127.0.0.1:${port}`, accessKeyId: AK, secretAccessKey: SK, now: () => NOW });
    opened.push(gw);
    const reply = await call(gw, "/x", { headers: token });
    expect(reply.status).toBe(502);
    const requestId = reply.headers.get("x-request-id");
    expect(requestId).toMatch(REQUEST_ID);
    const body = JSON.parse(reply.text);
    expect(body).toMatchObject({ error_code: "APIGW.0202", request_id: requestId });
    expect(body.error_msg).toMatch(/^mock gateway: connect ECONNREFUSED/);
  });

  it("answers 502 when the request body is larger than 8 MiB, and records it with what its headers tell", async () => {
    const { gw, recorder } = await gateway();
    const reply = await rawPost(gw, "/v3/items?big=1", token, Buffer.alloc(8 * 1024 * 1024 + 1, 0x61));
    expect(reply.status).toBe(502);
    expect(JSON.parse(reply.body)).toMatchObject({ error_code: "APIGW.0202", error_msg: "mock gateway: request body too large for the mock" });
    expect(upstream.seen).toHaveLength(0);
    expect(recorder.list()).toEqual([
      {
        service: "bcs",
        operationId: "CreateItem",
        method: "POST",
        path: "/v3/items",
        query: { big: "1" },
        auth: { mode: "token" },
        body: undefined,
        parts: undefined,
        status: 502,
        requestId: reply.headers["x-request-id"],
        scenario: false,
        error: "mock gateway: request body too large for the mock",
      },
    ]);
  });

  it("records a signed request whose body never arrived as not checked", async () => {
    const { gw, recorder } = await gateway();
    const headers = await signedHeaders(gw, "POST", "/v3/items", "{}");
    await rawPost(gw, "/v3/items", headers, Buffer.alloc(8 * 1024 * 1024 + 1, 0x61));
    expect(recorder.list()[0]!.auth).toEqual({ mode: "aksk", accessKeyId: AK, signatureValid: false, reason: "not checked: the body did not arrive" });
  });

  it("records a request whose client went away in the middle of its body, with no status", async () => {
    const arrived = signal();
    const updated = signal();
    const recorder = new (class extends Recorder {
      override arrive() {
        const entry = super.arrive();
        arrived.resolve();
        return { fill: entry.fill, update: (outcome: Parameters<typeof entry.update>[0]) => (entry.update(outcome), updated.resolve()) };
      }
    })();
    const { gw } = await gateway({ recorder });
    const req = http.request(gw.url + "/v3/items", { method: "POST", headers: { ...token, "content-length": "100" }, agent: false });
    req.on("error", () => undefined);
    req.write("only part of it");
    await arrived.promise;
    req.destroy();
    await updated.promise;
    expect(recorder.list()).toEqual([expect.objectContaining({ method: "POST", status: undefined, error: "mock gateway: aborted", auth: { mode: "token" } })]);
    expect(upstream.seen).toHaveLength(0);
  });

  it("accepts a request body of exactly 8 MiB", async () => {
    const { gw } = await gateway();
    const reply = await rawPost(gw, "/v3/items", token, Buffer.alloc(8 * 1024 * 1024, 0x61));
    expect(reply.status).toBe(200);
    expect(upstream.seen[0]!.body).toHaveLength(8 * 1024 * 1024);
  });

  it("stops listening on close", async () => {
    const gw = await startGateway({ upstream: upstream.url, accessKeyId: AK, secretAccessKey: SK });
    expect(gw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await gw.close();
    await expect(fetch(gw.url)).rejects.toThrow();
  });

  it("fails to start when it cannot listen", async () => {
    const original = http.Server.prototype.listen;
    http.Server.prototype.listen = function (this: http.Server) {
      process.nextTick(() => this.emit("error", new Error("listen refused")));
      return this;
    } as typeof original;
    try {
      await expect(startGateway({ upstream: upstream.url, accessKeyId: AK, secretAccessKey: SK })).rejects.toThrow("listen refused");
    } finally {
      http.Server.prototype.listen = original;
    }
  });
});

describe("gateway: CORS for loopback origins", () => {
  for (const origin of ["http://127.0.0.1:5173", "https://127.10.0.1", "http://localhost:3000", "http://[::1]:8080", "http://localhost"]) {
    it(`answers a preflight from ${origin} 204 before the token check`, async () => {
      const { gw, recorder } = await gateway();
      const reply = await call(gw, "/v3/items", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "x-auth-token, content-type" },
      });
      expect(reply.status).toBe(204);
      expect(Object.fromEntries(reply.headers)).toMatchObject({
        "access-control-allow-origin": origin,
        vary: "Origin",
        "access-control-expose-headers": "X-Request-Id, Content-Disposition, Content-Length, Content-Type, Retry-After, X-Subject-Token",
        "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
        "access-control-allow-headers": "x-auth-token, content-type",
        "access-control-max-age": "600",
      });
      expect(upstream.seen).toHaveLength(0);
      expect(recorder.list()).toHaveLength(0);
    });
  }

  it("allows any header in a preflight that names none", async () => {
    const { gw } = await gateway();
    const raw = await rawRequest(gw, "OPTIONS", "/v3/items", { origin: "http://127.0.0.1", "access-control-request-method": "GET" });
    expect(raw.status).toBe(204);
    expect(raw.headers["access-control-allow-headers"]).toBe("*");
    expect(raw.headers["content-length"]).toBe("0");
  });

  it("adds the CORS headers to an ordinary answer from a loopback origin", async () => {
    const { gw } = await gateway();
    const reply = await call(gw, "/v3/items", { headers: { ...token, origin: "http://localhost:3000" } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(reply.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
    expect(reply.headers.get("access-control-allow-methods")).toBeNull();
  });

  it("answers a GET that carries Access-Control-Request-Method as an ordinary request", async () => {
    const { gw } = await gateway();
    const reply = await call(gw, "/v3/items", { headers: { ...token, origin: "http://127.0.0.1", "access-control-request-method": "GET" } });
    expect(reply.status).toBe(200);
    expect(upstream.seen).toHaveLength(1);
  });

  it("treats an OPTIONS without Access-Control-Request-Method as an ordinary request", async () => {
    const { gw } = await gateway();
    const reply = await call(gw, "/v3/items", { method: "OPTIONS", headers: { origin: "http://127.0.0.1:1" } });
    expect(reply.status).toBe(401);
    expect(reply.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:1");
  });

  for (const origin of ["http://example.test", "http://127.0.0.1.example.test", "ftp://127.0.0.1", "http://localhost:3000/page", "http://127.0.0.1:123456", "xhttp://localhost", "http://1270.0.0.1"]) {
    it(`answers no CORS to ${origin}`, async () => {
      const { gw } = await gateway();
      const reply = await call(gw, "/v3/items", { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET" } });
      expect(reply.status).toBe(401);
      expect(reply.headers.get("access-control-allow-origin")).toBeNull();
      expect(reply.headers.get("vary")).toBeNull();
    });
  }
});

describe("gateway: scenarios", () => {
  async function withScenario(options: ScenarioOptions) {
    const made = await gateway();
    made.scenarios.add(options);
    return made;
  }

  it("answers a scenario's JSON body with its status, recorded as a scenario", async () => {
    const { gw, recorder } = await withScenario({ operation: LIST, respond: { status: 418, body: { error_code: "X.1", error_msg: "teapot" } } });
    const reply = await call(gw, "/v3/items", { headers: token });
    expect(reply.status).toBe(418);
    expect(reply.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(reply.text)).toEqual({ error_code: "X.1", error_msg: "teapot" });
    expect(upstream.seen).toHaveLength(0);
    expect(recorder.list()[0]).toMatchObject({ status: 418, scenario: true });
  });

  it("lets a scenario header replace the answer's own, whatever its case, and adds no Retry-After unasked", async () => {
    const { gw } = await withScenario({ respond: { body: { a: 1 }, headers: { "Content-Type": "text/csv" } } });
    const reply = await call(gw, "/v3/items", { headers: token });
    expect(reply.headers.get("content-type")).toBe("text/csv");
    expect(reply.headers.get("retry-after")).toBeNull();
  });

  it("answers 200 for a scenario body without a status, and a text body without a type", async () => {
    const { gw } = await withScenario({ respond: { body: "plain words" } });
    const reply = await call(gw, "/v3/items", { headers: token });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe("plain words");
    expect(reply.headers.get("content-type")).toBeNull();
  });

  it("does not refresh token times in a scenario's own body", async () => {
    const body = { expires_at: "2020-01-01T00:00:00.000000Z" };
    const { gw } = await withScenario({ respond: { body } });
    expect(JSON.parse((await call(gw, "/v3/items", { headers: token })).text)).toEqual(body);
  });

  it("asks the upstream for a success status the operation declares", async () => {
    const { gw, recorder } = await withScenario({ operation: CREATE, respond: { status: 201 } });
    await call(gw, "/v3/items", { method: "POST", headers: token });
    expect(upstream.seen[0]!.headers.prefer).toBe("code=201");
    expect(recorder.list()[0]).toMatchObject({ status: 200, scenario: true });
  });

  it("answers an error status the operation declares with the MOCK error body too, without asking the upstream", async () => {
    const { gw, recorder } = await withScenario({ operation: LIST, respond: { status: 404 } });
    const reply = await call(gw, "/v3/items", { headers: token });
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.text)).toEqual({ error_code: "MOCK.404", error_msg: "Not Found (mock scenario)", request_id: reply.headers.get("x-request-id") });
    expect(upstream.seen).toHaveLength(0);
    expect(recorder.list()[0]).toMatchObject({ status: 404, scenario: true, error: undefined });
  });

  it("forwards when a scenario only changes headers, and applies them lowercased", async () => {
    const { gw } = await withScenario({ respond: { headers: { "X-Extra": "yes" }, retryAfter: 7 } });
    const reply = await call(gw, "/v3/items", { headers: token });
    expect(upstream.seen).toHaveLength(1);
    expect(upstream.seen[0]!.headers.prefer).toBeUndefined();
    expect(reply.headers.get("x-extra")).toBe("yes");
    expect(reply.headers.get("retry-after")).toBe("7");
    expect(JSON.parse(reply.text)).toEqual({ from: "upstream" });
  });

  it("answers an undeclared error status with a MOCK error body", async () => {
    const { gw } = await withScenario({ operation: LIST, respond: { status: 503, retryAfter: new Date("2026-03-04T05:07:00Z") } });
    const reply = await call(gw, "/v3/items", { headers: token });
    expect(reply.status).toBe(503);
    expect(reply.headers.get("content-type")).toBe("application/json");
    expect(reply.headers.get("retry-after")).toBe("Wed, 04 Mar 2026 05:07:00 GMT");
    expect(JSON.parse(reply.text)).toEqual({ error_code: "MOCK.503", error_msg: "Service Unavailable (mock scenario)", request_id: reply.headers.get("x-request-id") });
    expect(upstream.seen).toHaveLength(0);
  });

  it("answers an undeclared 400 with a MOCK error body", async () => {
    const { gw } = await withScenario({ respond: { status: 400 } });
    const reply = await call(gw, "/unrouted", { headers: token });
    expect(JSON.parse(reply.text).error_code).toBe("MOCK.400");
  });

  it("answers a success status on a path no operation matches with an empty body", async () => {
    const { gw } = await withScenario({ respond: { status: 202 } });
    const raw = await rawGet(gw, "/unrouted", token);
    expect(raw.status).toBe(202);
    expect(raw.body).toBe("");
    expect(upstream.seen).toHaveLength(0);
  });

  it("answers an undeclared success status with an empty body", async () => {
    const { gw } = await withScenario({ operation: LIST, respond: { status: 202 } });
    const raw = await rawGet(gw, "/v3/items", token);
    expect(raw.status).toBe(202);
    expect(raw.body).toBe("");
    expect(raw.headers["content-type"]).toBeUndefined();
    expect(raw.headers["content-length"]).toBe("0");
    expect(upstream.seen).toHaveLength(0);
  });

  it("answers 204 without a body or Content-Length", async () => {
    const { gw } = await withScenario({ respond: { status: 204, stallBody: true } });
    const raw = await rawGet(gw, "/v3/items", token);
    expect(raw.status).toBe(204);
    expect(raw.headers["content-length"]).toBeUndefined();
    expect(raw.headers["x-request-id"]).toMatch(REQUEST_ID);
  });

  it("replaces the body with malformed JSON", async () => {
    const { gw } = await withScenario({ respond: { malformedBody: true } });
    upstream.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("fine");
    };
    const reply = await call(gw, "/v3/items", { headers: token });
    expect(reply.text).toBe('{"error_code": "MOCK.MALFORMED", "truncated');
    expect(reply.headers.get("content-type")).toBe("application/json");
  });

  it("applies a scenario only to its operation, and only once by default", async () => {
    const { gw, recorder } = await withScenario({ operation: CREATE, respond: { status: 500 } });
    expect((await call(gw, "/v3/items", { headers: token })).status).toBe(200);
    expect((await call(gw, "/v3/items", { method: "POST", headers: token })).status).toBe(500);
    expect((await call(gw, "/v3/items", { method: "POST", headers: token })).status).toBe(200);
    expect(recorder.list().map((r) => [r.operationId, r.scenario])).toEqual([
      ["ListItems", false],
      ["CreateItem", true],
      ["CreateItem", false],
    ]);
  });

  it("does not apply scenarios to a refused request", async () => {
    const { gw, scenarios } = await gateway();
    const scenario = scenarios.add({ respond: { status: 500 } });
    expect((await call(gw, "/v3/items")).status).toBe(401);
    expect(scenario.remaining).toBe(1);
  });

  it("routes nothing without a document", async () => {
    const { gw, recorder } = await gateway({ noDocument: true });
    await call(gw, "/v3/items", { headers: token });
    expect(recorder.list()[0]!.operationId).toBeUndefined();
  });

  it("resets the connection for a reset scenario, recording no status", async () => {
    const { gw, recorder } = await withScenario({ respond: { reset: true } });
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      http.get(gw.url + "/v3/items", { headers: token, agent: false }, () => resolve(new Error("answered"))).on("error", resolve);
    });
    // An RST ("read ECONNRESET"), not a closed connection ("socket hang up").
    expect(error.message).toBe("read ECONNRESET");
    expect(recorder.list()[0]).toMatchObject({ status: undefined, scenario: true });
    expect(upstream.seen).toHaveLength(0);
  });

  it("waits a scenario's delay before answering", async () => {
    const { gw } = await withScenario({ respond: { delayMs: 60, status: 500 } });
    const started = performance.now();
    const reply = await call(gw, "/v3/items", { headers: token });
    expect(reply.status).toBe(500);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
  });

  it("records no status when the client goes away during a delay", async () => {
    const taken = signal();
    const added = signal();
    class SignallingQueue extends ScenarioQueue {
      override take(operationId: string | undefined) {
        const answer = super.take(operationId);
        taken.resolve();
        return answer;
      }
    }
    class SignallingRecorder extends Recorder {
      override arrive() {
        const entry = super.arrive();
        return { fill: entry.fill, update: (outcome: Parameters<typeof entry.update>[0]) => (entry.update(outcome), outcome.error && added.resolve()) };
      }
    }
    const scenarios = new SignallingQueue([]);
    scenarios.add({ respond: { delayMs: 60_000, status: 500 } });
    const { gw, recorder } = await gateway({ scenarios, recorder: new SignallingRecorder() });
    const controller = new AbortController();
    const pending = fetch(gw.url + "/v3/items", { headers: token, signal: controller.signal });
    await taken.promise;
    controller.abort();
    await expect(pending).rejects.toThrow();
    // The delay ends when the connection closes, long before its 60 s.
    const recorded = await Promise.race([added.promise.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 3000))]);
    expect(recorded).toBe(true);
    expect(recorder.list()[0]).toMatchObject({ status: undefined, scenario: true, error: "the client closed the connection before the answer" });
  });

  it("stalls the body: headers announce it all, at most half arrives", async () => {
    const { gw } = await withScenario({ respond: { body: "0123456789", stallBody: true } });
    const { status, headers, first } = await firstChunk(gw, "/v3/items", token);
    expect(status).toBe(200);
    expect(headers["content-length"]).toBe("10");
    expect(first).toBe("01234");
  });

  it("announces one byte when stalling an empty body", async () => {
    const { gw } = await withScenario({ respond: { status: 202, stallBody: true } });
    const { headers, first } = await firstChunk(gw, "/v3/items", token);
    expect(headers["content-length"]).toBe("1");
    expect(first).toBeUndefined();
  });
});

/** A promise and its resolve (Promise.withResolvers is Node 22). */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

// --- raw node:http helpers, for headers fetch normalises and for bodies that never end ---

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function rawRequest(gw: Gateway, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(gw.url + path, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    // The gateway may answer before the whole body is written (a body too large): that is fine.
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    req.end(body);
  });
}

const rawGet = (gw: Gateway, path: string, headers: Record<string, string>) => rawRequest(gw, "GET", path, headers);
const rawPost = (gw: Gateway, path: string, headers: Record<string, string>, body: Buffer) => rawRequest(gw, "POST", path, headers, body);

/** Status, headers and the first body chunk (undefined if none comes within 200 ms), then hangs up. */
function firstChunk(gw: Gateway, path: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; first: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.get(gw.url + path, { headers, agent: false }, (res) => {
      const finish = (first: string | undefined) => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, first });
      };
      const timer = setTimeout(() => finish(undefined), 200);
      res.once("data", (c: Buffer) => finish(c.toString()));
      res.once("end", () => finish("<ended>"));
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "ECONNRESET") reject(error);
    });
  });
}
