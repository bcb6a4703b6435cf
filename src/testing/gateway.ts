/**
 * A small stand-in for Huawei's API gateway, in front of a Prism mock: it lets a request through
 * only when it carries an X-Auth-Token or a valid SDK-HMAC-SHA256 signature (recomputed from the
 * request as received, with the AK/SK the mock was started with, X-Sdk-Date within 15 minutes),
 * and answers everything else 401 with a Huawei-shaped body. Valid requests are forwarded to
 * Prism unchanged, and Prism's answer is relayed unchanged.
 *
 * Node-only (node:http), loopback-only.
 */
import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "./verify-signature.js";

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /** Where Prism listens, e.g. http://127.0.0.1:4010. */
  readonly upstream: string;
  /** The access key id whose signatures are accepted. */
  readonly accessKeyId: string;
  /** The secret access key signatures are checked with. */
  readonly secretAccessKey: string;
  /** Let requests through without a token or signature (for IAM, which issues tokens). */
  readonly open?: boolean;
  /** Clock for the X-Sdk-Date check. */
  readonly now?: () => Date;
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
 * Starts a gateway on 127.0.0.1 in front of `upstream` that lets a request through only with an
 * X-Auth-Token or a valid SDK-HMAC-SHA256 signature by the given AK/SK, as the Huawei API gateway
 * does, and answers anything else with 401.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const upstream = new URL(options.upstream);
  const now = options.now ?? (() => new Date());
  let counter = 0;

  const server: Server = createServer((req, res) => {
    const requestId = `mock-${Date.now().toString(16)}-${(++counter).toString(16).padStart(4, "0")}`;
    if (answerCors(req, res)) return;
    handle(req, res, requestId).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 502, requestId, "APIGW.0202", `mock gateway: ${(error as Error).message}`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const body = await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(", "));
    }
    if (!options.open) {
      const denial = await authenticate(req, headers, body);
      if (denial) return reply(res, 401, requestId, "APIGW.0301", denial);
    }
    await forward(req, res, body, requestId);
  }

  async function authenticate(req: IncomingMessage, headers: Headers, body: Uint8Array): Promise<string | undefined> {
    if (headers.get("x-auth-token")) return undefined;
    if (!headers.get("authorization")) return "Incorrect IAM authentication information: no X-Auth-Token or Authorization";
    const url = new URL(req.url ?? "/", `http://${headers.get("host") ?? "localhost"}`);
    const verdict = await verifySignature(
      { method: req.method ?? "GET", url, headers, body: body.byteLength > 0 ? body : undefined },
      (ak) => (ak === options.accessKeyId ? options.secretAccessKey : undefined),
      now(),
    );
    return verdict.ok ? undefined : `Incorrect IAM authentication information: verify aksk signature fail (${verdict.reason})`;
  }

  function forward(req: IncomingMessage, res: ServerResponse, body: Uint8Array, requestId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const upstreamReq = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host, "content-length": String(body.byteLength) },
          timeout: UPSTREAM_TIMEOUT_MS,
        },
        (upstreamRes) => {
          // Like the real gateway, every answer carries a request id unique to this call (Prism
          // would repeat the spec's example value).
          // Prism's own CORS headers are dropped: the gateway answers CORS (answerCors).
          const headers = Object.fromEntries(Object.entries(upstreamRes.headers).filter(([name]) => !name.startsWith("access-control-")));
          res.writeHead(upstreamRes.statusCode ?? 502, { ...headers, "x-request-id": requestId });
          upstreamRes.pipe(res);
          upstreamRes.on("end", resolve);
          upstreamRes.on("error", reject);
        },
      );
      upstreamReq.on("timeout", () => upstreamReq.destroy(new Error("Prism did not answer in time")));
      upstreamReq.on("error", reject);
      upstreamReq.end(body);
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

function reply(res: ServerResponse, status: number, requestId: string, code: string, message: string): void {
  const text = JSON.stringify({ error_code: code, error_msg: message, request_id: requestId });
  res.writeHead(status, { "content-type": "application/json", "x-request-id": requestId, "content-length": Buffer.byteLength(text) });
  res.end(text);
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
