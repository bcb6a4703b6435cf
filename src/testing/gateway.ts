/**
 * A small stand-in for Huawei's API gateway, in front of Prism: it lets a request through only
 * when it carries an X-Auth-Token or a valid SDK-HMAC-SHA256 signature (recomputed from the
 * request as received, with the AK/SK the mock was started with, X-Sdk-Date within 15 minutes),
 * and answers everything else 401 with a Huawei-shaped body. It also
 *
 * - answers CORS for pages on loopback origins (answerCors),
 * - applies scenarios (scenarios.ts): any status, body, delay, stalled body, reset or malformed
 *   body for the next calls of an operation, instead of Prism's answer,
 * - hands Prism multipart bodies in the one form its parser survives (multipart.ts), and refuses
 *   one that is not a form at all with a 400,
 * - says which rule a request broke when Prism refuses it (its `sl-violations` header), instead
 *   of the spec's fixed example,
 * - names the file of a file answer (Content-Disposition),
 * - answers at once, saying why, when the Prism process has stopped (`upstream` as a function),
 * - records every request from the moment it arrives, whatever becomes of it (recording.ts),
 * - gives every answer its own X-Request-Id, and token answers fresh times (answer.ts).
 *
 * Node-only (node:http), loopback-only.
 */
import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MALFORMED_BODY, errorBody, freshTokenTimes, json, retryAfterValue, scenarioBody, type Answer } from "./answer.js";
import { parseForm, serializeForm } from "./multipart.js";
import { Recorder, decodeBody, decodeQuery, type RecordEntry, type RecordedAuth, type RecordedRequest } from "./recording.js";
import { routerFor, type Route, type Router } from "./routes.js";
import { ScenarioQueue, type ScenarioResponse } from "./scenarios.js";
import type { OperationId, Service } from "./services.js";
import { verifySignature } from "./verify-signature.js";

/** Where the gateway forwards to, when that process may stop (and be replaced). */
export interface Upstream {
  /** Base URL, e.g. http://127.0.0.1:4010. */
  readonly url: string;
  /** Aborted once the process behind `url` has stopped, its reason a message saying why. */
  readonly stopped: AbortSignal;
}

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
  /** Let requests through without a token or signature (for IAM, which issues tokens). */
  readonly open?: boolean;
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
const UPSTREAM_TIMEOUT_MS = 30_000;
/**
 * A process that dies drops its connections a moment before its parent hears that it exited: a
 * failed forward waits this long for the news, to report the stop rather than a hang-up.
 */
const STOP_NEWS_MS = 2_000;

let counter = 0;

/**
 * Starts a gateway on 127.0.0.1 in front of `upstream` that lets a request through only with an
 * X-Auth-Token or a valid SDK-HMAC-SHA256 signature by the given AK/SK, as the Huawei API gateway
 * does, answers anything else with 401, and applies scenarios and records requests.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { upstream } = options;
  const currentUpstream: () => Partial<Upstream> & { url: string } = typeof upstream === "string" ? () => ({ url: upstream }) : upstream;
  const now = options.now ?? (() => new Date());
  const route: Router = options.document ? routerFor(options.document) : () => undefined;
  // Stryker disable next-line ArrayDeclaration: nothing adds to the gateway's own queue, so the operations it knows are never consulted
  const scenarios = options.scenarios ?? new ScenarioQueue([]);
  const recorder = options.recorder ?? new Recorder();

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

    const denial = options.open ? undefined : denialOf(auth);
    if (denial !== undefined) return answerWith(huaweiError(401, requestId, "APIGW.0301", denial));

    const scenario = scenarios.take(matched?.operationId);
    if (scenario) entry.update({ scenario: true });
    if (scenario?.delayMs) await delay(scenario.delayMs, res);
    if (res.destroyed) return entry.update({ error: "the client closed the connection before the answer" });
    if (scenario?.reset) {
      // An RST, as a crashed or overloaded server gives; the client sees a connection error.
      if (res.socket) res.socket.resetAndDestroy();
      else res.destroy();
      return;
    }
    let answer: Answer;
    if (scenario?.body !== undefined) {
      answer = ownAnswer(scenario);
    } else if (scenario?.status !== undefined && scenario.status >= 400) {
      // Always the same body for an error status, whether the operation declares it or not.
      answer = { status: scenario.status, headers: { "content-type": "application/json" }, body: errorBody(scenario.status, requestId) };
    } else if (scenario?.status !== undefined && !matched?.statuses.includes(String(scenario.status))) {
      answer = { status: scenario.status, headers: {}, body: new Uint8Array(0) };
    } else {
      const prepared = prismBody(body, contentType);
      if ("error" in prepared) {
        const message = `the request breaks the spec: the body is not a multipart/form-data document (${prepared.error})`;
        return answerWith(violationAnswer(undefined, requestId, message), message);
      }
      try {
        answer = await forward(req, prepared, scenario?.status);
      } catch (error) {
        const message = `mock gateway: ${(error as Error).message}`;
        return answerWith(huaweiError(502, requestId, "APIGW.0202", message), message);
      }
      const violations = answer.status >= 400 ? violationMessage(answer.headers["sl-violations"]) : undefined;
      if (violations !== undefined) {
        const { headers, body } = violationAnswer(answer.body, requestId, violations);
        answer = { status: answer.status, headers: { ...answer.headers, ...headers }, body };
      }
      // Stryker disable next-line ConditionalExpression: answers are final (node:http never hands on a 1xx), so status >= 200 always holds
      if (answer.status >= 200 && answer.status < 300) nameFile(answer, matched);
    }
    // Stryker disable next-line ConditionalExpression: answers are final (node:http never hands on a 1xx), so status >= 200 always holds
    if (answer.status >= 200 && answer.status < 300 && scenario?.body === undefined && isJson(answer.headers["content-type"])) {
      answer.body = freshTokenTimes(answer.body, now());
    }
    if (scenario) shape(answer, scenario);
    answer.headers["x-request-id"] = requestId;
    answerWith(answer, undefined, scenario?.stallBody === true);
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

  /**
   * Prism's answer, buffered (the mock's bodies are small); `status` asks Prism for that declared
   * one. Fails at once, with the reason, when the upstream process stops (or has stopped).
   */
  function forward(req: IncomingMessage, prepared: { body: Uint8Array; contentType: string | undefined }, status: number | undefined): Promise<Answer> {
    const { url, stopped } = currentUpstream();
    if (stopped?.aborted) return Promise.reject(new Error(String(stopped.reason)));
    const base = new URL(url);
    const { body, contentType } = prepared;
    const sent = new Promise<Answer>((resolve, reject) => {
      const upstreamReq = httpRequest(
        {
          host: base.hostname,
          port: base.port,
          method: req.method,
          path: req.url,
          headers: {
            ...req.headers,
            host: base.host,
            ...(contentType === undefined ? {} : { "content-type": contentType }),
            "content-length": String(body.byteLength),
            ...(status === undefined ? {} : { prefer: `code=${status}` }),
          },
          timeout: UPSTREAM_TIMEOUT_MS,
        },
        (upstreamRes) => {
          const chunks: Buffer[] = [];
          upstreamRes.on("data", (chunk: Buffer) => chunks.push(chunk));
          upstreamRes.on("error", reject);
          upstreamRes.on("end", () => {
            // Prism's own CORS headers are dropped: the gateway answers CORS (answerCors).
            const headers: Answer["headers"] = {};
            for (const [name, value] of Object.entries(upstreamRes.headers)) {
              // Stryker disable next-line ConditionalExpression: node:http's IncomingMessage.headers holds no undefined values
              if (value !== undefined && !name.startsWith("access-control-")) headers[name] = value;
            }
            resolve({ status: upstreamRes.statusCode ?? 502, headers, body: new Uint8Array(Buffer.concat(chunks)) });
          });
        },
      );
      upstreamReq.on("timeout", () => upstreamReq.destroy(new Error("Prism did not answer in time")));
      upstreamReq.on("error", reject);
      // The stop ends the wait at once, with its reason in place of the hang-up it causes.
      const onStop = () => upstreamReq.destroy(new Error(String(stopped!.reason)));
      stopped?.addEventListener("abort", onStop);
      upstreamReq.on("close", () => stopped?.removeEventListener("abort", onStop));
      upstreamReq.end(body);
    });
    if (stopped === undefined) return sent;
    return sent.catch(async (error: unknown) => {
      // A hang-up can come a moment before the news that the process stopped: wait for that news.
      await abortedWithin(stopped, options.stopNewsMs ?? STOP_NEWS_MS);
      throw stopped.aborted ? new Error(String(stopped.reason)) : error;
    });
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

/** Resolves once `signal` aborts, or after `ms`, whichever comes first; leaves nothing behind. */
function abortedWithin(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
    if (signal.aborted) done();
  });
}

/** The auth as the headers tell it, before (or without) checking a signature against the body. */
function unverifiedAuth(headers: Headers): RecordedAuth {
  if (headers.get("x-auth-token")) return { mode: "token" };
  const authorization = headers.get("authorization");
  if (!authorization) return { mode: "none" };
  const accessKeyId = /Access=([^\s,]+)/.exec(authorization)?.[1];
  return { mode: "aksk", accessKeyId, signatureValid: false, reason: "not checked: the body did not arrive" };
}

/** The scenario's own body, with its status (200 when it gives none). */
function ownAnswer(scenario: ScenarioResponse): Answer {
  const { bytes, contentType } = scenarioBody(scenario.body!);
  return { status: scenario.status ?? 200, headers: contentType ? { "content-type": contentType } : {}, body: bytes };
}

/**
 * The body to forward: a multipart body written again in the form Prism's parser survives
 * (multipart.ts), anything else as it came. A multipart body that is no form is not forwarded.
 */
function prismBody(body: Uint8Array, contentType: string | undefined): { body: Uint8Array; contentType: string | undefined } | { error: string } {
  // Stryker disable next-line StringLiteral: any fallback that does not start with multipart/form-data reads the same
  if (body.byteLength === 0 || !/^multipart\/form-data\b/i.test(contentType ?? "")) return { body, contentType: undefined };
  const form = parseForm(body, contentType!);
  return "error" in form ? form : serializeForm(form.parts);
}

/** What Prism's `sl-violations` header says was wrong with the request, in one sentence; undefined without one. */
function violationMessage(header: string | string[] | undefined): string | undefined {
  let violations: unknown;
  try {
    // No header (undefined) parses no better than one that is not JSON.
    violations = JSON.parse(String(header));
  } catch {
    // not JSON: no violations to name
  }
  if (!Array.isArray(violations)) return undefined;
  // Each violation by its message, else its rule's code; anything else is skipped.
  const said = violations.flatMap((v: { message?: unknown; code?: unknown } | null) =>
    typeof v?.message === "string" ? [v.message] : typeof v?.code === "string" ? [v.code] : [],
  );
  return said.length === 0 ? undefined : `the request breaks the spec: ${said.join("; ")}`;
}

/**
 * A 400 naming the rule the request broke, in the shape of the error body the service would
 * have answered (Prism's example for the 400: `{ error: { code, message } }` for IAM,
 * `{ error_code, error_msg }` otherwise).
 */
function violationAnswer(example: Uint8Array | undefined, requestId: string, message: string): Answer {
  const nested = /^\s*\{\s*"error"\s*:\s*\{/.test(new TextDecoder().decode(example));
  const body = nested
    ? { error: { code: VIOLATION_CODE, message, request_id: requestId } }
    : { error_code: VIOLATION_CODE, error_msg: message, request_id: requestId };
  return { status: 400, headers: { "content-type": "application/json", "x-request-id": requestId }, body: json(body) };
}

/** The error code of every answer to a request the spec does not allow. */
const VIOLATION_CODE = "MOCK.SPEC_VIOLATION";

/** A file answer (a 2xx whose body is not JSON) gets a name: `<operationId>`, unless it has one. */
function nameFile(answer: Answer, matched: Route | undefined): void {
  if (matched === undefined || answer.body.byteLength === 0 || isJson(answer.headers["content-type"])) return;
  answer.headers["content-disposition"] ??= `attachment; filename="${matched.operationId}"`;
}

function denialOf(auth: RecordedAuth): string | undefined {
  if (auth.mode === "token") return undefined;
  if (auth.mode === "none") return "Incorrect IAM authentication information: no X-Auth-Token or Authorization";
  return auth.signatureValid ? undefined : `Incorrect IAM authentication information: verify aksk signature fail (${auth.reason})`;
}

/** The scenario's changes to an answer: headers, Retry-After, a body that is not JSON. */
function shape(answer: Answer, scenario: ScenarioResponse): void {
  if (scenario.malformedBody) {
    answer.body = MALFORMED_BODY;
    answer.headers["content-type"] = "application/json";
  }
  if (scenario.retryAfter !== undefined) answer.headers["retry-after"] = retryAfterValue(scenario.retryAfter);
  for (const [name, value] of Object.entries(scenario.headers ?? {})) answer.headers[name.toLowerCase()] = value;
}

function isJson(contentType: string | string[] | undefined): boolean {
  return typeof contentType === "string" && /^application\/([\w.+-]+\+)?json/i.test(contentType);
}

function huaweiError(status: number, requestId: string, code: string, message: string): Answer {
  const body = new TextEncoder().encode(JSON.stringify({ error_code: code, error_msg: message, request_id: requestId }));
  return { status, headers: { "content-type": "application/json", "x-request-id": requestId }, body };
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

/** Waits `ms`, or less when the connection closes first. */
function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      // Stryker disable next-line StringLiteral: a listener left behind only runs done() again, which does nothing the second time
      res.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.on("close", done);
  });
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
