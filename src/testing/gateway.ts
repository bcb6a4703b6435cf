/**
 * A small stand-in for Huawei's API gateway, in front of the mock's answerers: it lets a request
 * through only when it carries an X-Auth-Token or a valid SDK-HMAC-SHA256 signature (recomputed
 * from the request as received, with the AK/SK the mock was started with, X-Sdk-Date within 15
 * minutes) or when the spec opens its operation (`security: []`, IAM's token call), and answers
 * everything else 401 with a Huawei-shaped body. Then one pipeline of answerers, keyed by the
 * request's operation id, answers it (answerers/):
 *
 *   a scenario (scenario.ts) ▶ the operation's handler (handlers.ts: the Private CA emulator,
 *   IAM's token times) ▶ Prism (prism.ts)
 *
 * The gateway itself answers CORS for pages on loopback origins (answerCors), records every
 * request from the moment it arrives, whatever becomes of it (recording.ts), gives every answer
 * its own X-Request-Id, and sends (or stalls, or withholds) the answer.
 *
 * Node-only (node:http), loopback-only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Answer } from "./answer.js";
import { type Answerer, type Closed, type Exchange, type Outcome, huaweiError } from "./answerers/exchange.js";
import { type OperationHandler, handlerAnswerer } from "./answerers/handlers.js";
import { type Upstream, createPrism } from "./answerers/prism.js";
import { scenarioAnswerer } from "./answerers/scenario.js";
import { Recorder, decodeBody, decodeQuery, type RecordEntry, type RecordedAuth, type RecordedRequest } from "./recording.js";
import { routerFor, type Router } from "./routes.js";
import { ScenarioQueue } from "./scenarios.js";
import type { OperationId, Service } from "./services.js";
import { verifySignature } from "./verify-signature.js";

export type { Upstream } from "./answerers/prism.js";

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /**
   * Where Prism listens, e.g. http://127.0.0.1:4010; or a function giving, for each request,
   * where it listens now and when it stops.
   */
  readonly upstream: string | (() => Upstream);
  /** The access key id whose signatures are accepted. */
  readonly accessKeyId: string;
  /** The secret access key signatures are checked with. */
  readonly secretAccessKey: string;
  /**
   * Let every request through without a token or signature. Without it, only the operations the
   * document opens (`security: []`) are.
   */
  readonly open?: boolean;
  /** The handlers of operations the mock answers itself, by operation id (read per request). */
  readonly handlers?: () => Readonly<Record<string, OperationHandler>>;
  /** Clock for the X-Sdk-Date check and token times. */
  readonly now?: () => Date;
  /** The service, as named in recorded requests. */
  readonly service?: Service;
  /** The document Prism serves, to tell which operation a request is. */
  readonly document?: Parameters<typeof routerFor>[0];
  /** Shared by the gateways of one mock. */
  readonly scenarios?: ScenarioQueue;
  /** Where received requests are recorded; a new recorder when omitted. */
  readonly recorder?: Recorder;
  /**
   * @internal How long a failed forward waits for news that the upstream stopped (default 2 s);
   * tests set a long one, to see that the news, not the time, ends the wait.
   */
  readonly stopNewsMs?: number;
}

/** A started gateway. */
export interface Gateway {
  /** Base URL, `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Stops listening; resolves once the server has closed. */
  close(): Promise<void>;
}

const HOST = "127.0.0.1";
const MAX_BODY_BYTES = 8 * 1024 * 1024;

let counter = 0;

/**
 * Starts a gateway on 127.0.0.1 in front of `upstream` that lets a request through only with an
 * X-Auth-Token or a valid SDK-HMAC-SHA256 signature by the given AK/SK, as the Huawei API gateway
 * does, answers anything else with 401, and applies scenarios and records requests.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const now = options.now ?? (() => new Date());
  const route: Router = options.document ? routerFor(options.document) : () => undefined;
  // Stryker disable next-line ArrayDeclaration: nothing adds to the gateway's own queue, so the operations it knows are never consulted
  const scenarios = options.scenarios ?? new ScenarioQueue([]);
  const recorder = options.recorder ?? new Recorder();
  const prism = createPrism({ upstream: options.upstream, ...(options.stopNewsMs === undefined ? {} : { stopNewsMs: options.stopNewsMs }) });
  const handlers = options.handlers ?? (() => ({}));
  // The pipeline, keyed by operation id inside each stage; Prism answers whatever is left.
  const pipeline: readonly Answerer[] = [scenarioAnswerer(scenarios, prism), handlerAnswerer(handlers, prism)];
  const answer = (exchange: Exchange): Promise<Outcome | Closed> => {
    const at = (i: number): Promise<Outcome | Closed> => (i < pipeline.length ? pipeline[i]!(exchange, () => at(i + 1)) : prism(exchange));
    return at(0);
  };

  const server: Server = createServer((req, res) => {
    // Stryker disable next-line UpdateOperator: counting down gives distinct ids just as well
    const requestId = `mock-${Date.now().toString(16)}-${(++counter & 0xffff).toString(16).padStart(4, "0")}`;
    if (answerCors(req, res)) return;
    // Its place among the records is taken now, before anything can wait.
    const entry = recorder.arrive();
    handle(req, res, requestId, entry).catch((error: unknown) => {
      const message = `mock gateway: ${(error as Error).message}`;
      // A client that went away (mid-body) gets no answer, and none is recorded.
      if (res.headersSent || res.destroyed) {
        entry.update({ error: message });
        res.destroy();
        return;
      }
      const answer = huaweiError(502, requestId, "APIGW.0202", message);
      entry.update({ status: answer.status, error: message });
      send(res, answer);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string, entry: RecordEntry): Promise<void> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(", "));
    }
    const url = new URL(req.url ?? "/", `http://${headers.get("host") ?? "localhost"}`);
    const method = req.method ?? "GET";
    const matched = route(method, url.pathname);
    const known = {
      service: options.service ?? "bcs",
      operationId: matched?.operationId as OperationId | undefined,
      method,
      path: url.pathname,
      query: decodeQuery(url.searchParams),
      requestId,
      status: undefined,
      scenario: false,
      error: undefined,
    } satisfies Partial<RecordedRequest>;

    let body: Uint8Array;
    try {
      body = await readBody(req);
    } catch (error) {
      // Recorded with what the headers tell; the answer is the catch's in startGateway.
      entry.fill({ ...known, auth: unverifiedAuth(headers), body: undefined, parts: undefined });
      throw error;
    }
    const auth = await authenticate(method, url, headers, body);
    const contentType = headers.get("content-type") ?? undefined;
    entry.fill({ ...known, auth, ...decodeBody(body, contentType) });
    const answerWith = (answer: Answer, error?: string, stall = false) => {
      entry.update({ status: answer.status, error });
      send(res, answer, stall);
    };

    // The spec opens an operation with `security: []` (IAM's token call): no credentials needed.
    const open = options.open === true || matched?.security?.length === 0;
    const denial = open ? undefined : denialOf(auth);
    if (denial !== undefined) return answerWith(huaweiError(401, requestId, "APIGW.0301", denial));

    const exchange: Exchange = { route: matched, req, res, body, contentType, requestId, now: now(), mark: (update) => entry.update(update) };
    const outcome = await answer(exchange);
    if ("closed" in outcome) {
      if (outcome.closed !== undefined) entry.update({ error: outcome.closed });
      return;
    }
    const { stall, error, ...sent } = outcome;
    sent.headers["x-request-id"] = requestId;
    answerWith(sent, error, stall === true);
  }

  async function authenticate(method: string, url: URL, headers: Headers, body: Uint8Array): Promise<RecordedAuth> {
    const unverified = unverifiedAuth(headers);
    if (unverified.mode !== "aksk") return unverified;
    const verdict = await verifySignature(
      // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty body and no body hash alike (SHA-256 of zero bytes)
      { method, url, headers, body: body.byteLength > 0 ? body : undefined },
      (ak) => (ak === options.accessKeyId ? options.secretAccessKey : undefined),
      now(),
    );
    const { accessKeyId } = unverified;
    return verdict.ok ? { mode: "aksk", accessKeyId, signatureValid: true } : { mode: "aksk", accessKeyId, signatureValid: false, reason: verdict.reason };
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${HOST}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The auth as the headers tell it, before (or without) checking a signature against the body. */
function unverifiedAuth(headers: Headers): RecordedAuth {
  if (headers.get("x-auth-token")) return { mode: "token" };
  const authorization = headers.get("authorization");
  if (!authorization) return { mode: "none" };
  const accessKeyId = /Access=([^\s,]+)/.exec(authorization)?.[1];
  return { mode: "aksk", accessKeyId, signatureValid: false, reason: "not checked: the body did not arrive" };
}

function denialOf(auth: RecordedAuth): string | undefined {
  if (auth.mode === "token") return undefined;
  if (auth.mode === "none") return "Incorrect IAM authentication information: no X-Auth-Token or Authorization";
  return auth.signatureValid ? undefined : `Incorrect IAM authentication information: verify aksk signature fail (${auth.reason})`;
}

const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * Writes the answer. With `stall`, the status and headers (Content-Length announcing the whole
 * body) go out with at most half the body, and the rest never comes: the connection stays open
 * until the client gives up or the mock stops.
 */
function send(res: ServerResponse, answer: Answer, stall = false): void {
  const headers = { ...answer.headers };
  delete headers["transfer-encoding"];
  delete headers["content-length"];
  if (NULL_BODY_STATUSES.has(answer.status)) {
    res.writeHead(answer.status, headers);
    res.end();
    return;
  }
  const length = stall && answer.body.byteLength === 0 ? 1 : answer.body.byteLength;
  res.writeHead(answer.status, { ...headers, "content-length": String(length) });
  if (!stall) {
    res.end(answer.body);
    return;
  }
  res.flushHeaders();
  const half = answer.body.subarray(0, Math.floor(answer.body.byteLength / 2));
  // Stryker disable next-line ConditionalExpression,EqualityOperator: writing zero bytes sends nothing
  if (half.byteLength > 0) res.write(half);
}

/** Browser pages served from loopback may call the mock; no other origin is answered. */
const LOOPBACK_ORIGIN = /^https?:\/\/(127(?:\.\d{1,3}){3}|localhost|\[::1\])(?::\d{1,5})?$/;
/** The response headers the SDK reads, which a browser hides from scripts unless exposed. */
const EXPOSED_HEADERS = "X-Request-Id, Content-Disposition, Content-Length, Content-Type, Retry-After, X-Subject-Token";

/**
 * CORS for pages on a loopback origin: every answer carries Access-Control-Allow-Origin, and a
 * preflight (OPTIONS with Access-Control-Request-Method) is answered 204 here, before the
 * token/signature check, as a browser sends it without credentials. Returns true when answered.
 */
function answerCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  // Stryker disable next-line ConditionalExpression: without the typeof check, undefined is tested as "undefined", which LOOPBACK_ORIGIN refuses too
  if (typeof origin !== "string" || !LOOPBACK_ORIGIN.test(origin)) return false;
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("vary", "Origin");
  res.setHeader("access-control-expose-headers", EXPOSED_HEADERS);
  if (req.method !== "OPTIONS" || !req.headers["access-control-request-method"]) return false;
  const requested = req.headers["access-control-request-headers"];
  res.writeHead(204, {
    "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
    "access-control-allow-headers": typeof requested === "string" ? requested : "*",
    "access-control-max-age": "600",
    "content-length": "0",
  });
  res.end();
  return true;
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).byteLength;
    if (total > MAX_BODY_BYTES) throw new Error("request body too large for the mock");
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
