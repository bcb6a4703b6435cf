/**
 * The gateway's pipeline of answerers, keyed by operation id: a scenario, else the operation's
 * handler (after Prism has checked the request against the spec), else Prism; and which
 * operations the spec opens (`security: []`). Prism is a stand-in HTTP server here.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HandlerRequest, OperationHandler } from "../../src/testing/answerers/handlers.js";
import { startGateway, type Gateway, type GatewayOptions } from "../../src/testing/gateway.js";
import { ScenarioQueue } from "../../src/testing/scenarios.js";

const DOCUMENT = {
  servers: [{ url: "https://ccm.example.test" }],
  security: [{ XAuthToken: [] }],
  paths: {
    "/v1/cas/{ca_id}": { get: { operationId: "getCa", responses: { "200": {}, "400": {} } } },
    "/v1/cas": { post: { operationId: "createCa", responses: { "200": {}, "400": {} } } },
    "/v1/tokens": { post: { operationId: "createToken", security: [], responses: { "201": {} } } },
  },
};

let prism: { url: string; seen: string[]; answer: (req: IncomingMessage, res: ServerResponse) => void; server: http.Server };
const gateways: Gateway[] = [];

beforeEach(async () => {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push(`${req.method} ${req.url}`);
      prism.answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  prism = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    server,
    answer: (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ example: true }));
    },
  };
});
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  prism.server.closeAllConnections();
  await new Promise<void>((resolve) => prism.server.close(() => resolve()));
});

async function gateway(options: Partial<GatewayOptions> = {}): Promise<Gateway> {
  const gw = await startGateway({ upstream: prism.url, accessKeyId: "AK", secretAccessKey: "SK", document: DOCUMENT, ...options });
  gateways.push(gw);
  return gw;
}

const token = { "x-auth-token": "tok-123" };

async function call(gw: Gateway, path: string, init: RequestInit = {}) {
  const res = await fetch(gw.url + path, { ...init, headers: { ...token, ...(init.headers as Record<string, string>) } });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** A handler that answers from "state", and what it was asked. */
function stateful() {
  const asked: HandlerRequest[] = [];
  const handler: OperationHandler = (request) => {
    asked.push(request);
    return { status: 200, headers: { "content-type": "application/json" }, body: new TextEncoder().encode(JSON.stringify({ ca_id: request.path.ca_id, from: "state" })) };
  };
  return { asked, handlers: () => ({ getCa: handler }) };
}

describe("the pipeline: scenario, else handler, else Prism", () => {
  it("a handler answers an operation Prism accepts, with the path parameters and query decoded", async () => {
    const state = stateful();
    const gw = await gateway({ handlers: state.handlers });
    const reply = await call(gw, "/v1/cas/ca%201?limit=2&limit=3");
    expect(JSON.parse(reply.body)).toEqual({ ca_id: "ca 1", from: "state" });
    expect(reply.headers.get("x-request-id")).toMatch(/^mock-/);
    expect(state.asked.map((r) => [r.operationId, r.path, r.query])).toEqual([["getCa", { ca_id: "ca 1" }, { limit: "2" }]]);
    // Prism saw it first: the spec's check.
    expect(prism.seen).toEqual(["GET /v1/cas/ca%201?limit=2&limit=3"]);
  });

  it("a request Prism refuses never reaches the handler: the answer names the broken rule", async () => {
    prism.answer = (_req, res) => {
      res.writeHead(400, { "content-type": "application/json", "sl-violations": JSON.stringify([{ message: "limit must be integer" }]) });
      res.end(JSON.stringify({ error_code: "PCA.XXX", error_msg: "XXX" }));
    };
    const state = stateful();
    const gw = await gateway({ handlers: state.handlers });
    const reply = await call(gw, "/v1/cas/ca-1?limit=x");
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({ error_code: "MOCK.SPEC_VIOLATION", error_msg: "the request breaks the spec: limit must be integer" });
    expect(state.asked).toEqual([]);
  });

  it("an operation without a handler is Prism's alone", async () => {
    const state = stateful();
    const gw = await gateway({ handlers: state.handlers });
    expect(JSON.parse((await call(gw, "/v1/cas", { method: "POST", body: "{}" })).body)).toEqual({ example: true });
    expect(state.asked).toEqual([]);
  });

  it("a scenario comes before the handler: an error scenario answers alone, a delay lets the handler answer and shapes it", async () => {
    const state = stateful();
    const scenarios = new ScenarioQueue(["getCa", "createCa", "createToken"]);
    const gw = await gateway({ handlers: state.handlers, scenarios });
    scenarios.add({ operation: "getCa" as never, respond: { status: 503 } });
    expect((await call(gw, "/v1/cas/ca-1")).status).toBe(503);
    expect(state.asked).toEqual([]);
    expect(prism.seen).toEqual([]);

    scenarios.add({ operation: "getCa" as never, respond: { delayMs: 1, retryAfter: 7, headers: { "X-Extra": "1" } } });
    const shaped = await call(gw, "/v1/cas/ca-2");
    expect(JSON.parse(shaped.body)).toEqual({ ca_id: "ca-2", from: "state" });
    expect([shaped.headers.get("retry-after"), shaped.headers.get("x-extra")]).toEqual(["7", "1"]);
    expect(state.asked).toHaveLength(1);
  });

  it("a declared success status of a scenario is the spec's example (Prism), not the handler's answer", async () => {
    const state = stateful();
    const scenarios = new ScenarioQueue(["getCa"]);
    const gw = await gateway({ handlers: state.handlers, scenarios });
    scenarios.add({ operation: "getCa" as never, respond: { status: 200 } });
    expect(JSON.parse((await call(gw, "/v1/cas/ca-1")).body)).toEqual({ example: true });
    expect(state.asked).toEqual([]);
  });
});

describe("what the spec opens", () => {
  it("an operation with security: [] needs no credentials; the others do", async () => {
    const gw = await gateway();
    const open = await fetch(`${gw.url}/v1/tokens`, { method: "POST", body: "{}" });
    await open.arrayBuffer();
    expect(open.status).toBe(200);
    const closed = await fetch(`${gw.url}/v1/cas/ca-1`);
    expect(closed.status).toBe(401);
    await closed.arrayBuffer();
  });

  it("a document that declares no security anywhere asks for credentials; one whose root is [] opens everything", async () => {
    const bare = await gateway({ document: { paths: DOCUMENT.paths } as never });
    const denied = await fetch(`${bare.url}/v1/cas/ca-1`);
    expect(denied.status).toBe(401);
    await denied.arrayBuffer();
    const opened = await gateway({ document: { ...DOCUMENT, security: [] } });
    const allowed = await fetch(`${opened.url}/v1/cas/ca-1`);
    expect(allowed.status).toBe(200);
    await allowed.arrayBuffer();
  });
});
