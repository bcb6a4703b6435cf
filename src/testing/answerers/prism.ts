/**
 * The last answerer: Prism, serving the spec's examples. The request is forwarded as it came
 * (a multipart body first written again in the one form Prism's parser survives, multipart.ts);
 * a request the spec forbids gets a 400 that names the broken rule (from Prism's `sl-violations`
 * header) instead of the spec's fixed example; a file answer gets a name (Content-Disposition).
 * When the Prism process stops, a waiting request is failed at once with the reason.
 */
import { request as httpRequest } from "node:http";
import { json, type Answer } from "../answer.js";
import { parseForm, serializeForm } from "../multipart.js";
import type { RouteMatch } from "../routes.js";
import { type Exchange, type Outcome, huaweiError, isJson } from "./exchange.js";

/** Where Prism listens, when that process may stop (and be replaced). */
export interface Upstream {
  /** Base URL, e.g. http://127.0.0.1:4010. */
  readonly url: string;
  /** Aborted once the process behind `url` has stopped, its reason a message saying why. */
  readonly stopped: AbortSignal;
}

export interface PrismOptions {
  /** Where Prism listens; or a function giving, per request, where it listens now and when it stops. */
  readonly upstream: string | (() => Upstream);
  /** How long a failed forward waits for news that the upstream stopped (default 2 s). */
  readonly stopNewsMs?: number;
}

/** Prism's answer to a request; `status` asks it for that declared one (`Prefer: code=`). */
export type Prism = (exchange: Exchange, status?: number) => Promise<Outcome>;

const UPSTREAM_TIMEOUT_MS = 30_000;
/**
 * A process that dies drops its connections a moment before its parent hears that it exited: a
 * failed forward waits this long for the news, to report the stop rather than a hang-up.
 */
const STOP_NEWS_MS = 2_000;
/** The error code of every answer to a request the spec does not allow. */
export const VIOLATION_CODE = "MOCK.SPEC_VIOLATION";

export function createPrism(options: PrismOptions): Prism {
  const { upstream } = options;
  const current: () => Partial<Upstream> & { url: string } = typeof upstream === "string" ? () => ({ url: upstream }) : upstream;

  return async (exchange, status) => {
    const { requestId } = exchange;
    const prepared = prismBody(exchange.body, exchange.contentType);
    if ("error" in prepared) {
      const message = `the request breaks the spec: the body is not a multipart/form-data document (${prepared.error})`;
      return { ...violationAnswer(undefined, requestId, message), error: message };
    }
    let answer: Answer;
    try {
      answer = await forward(exchange, prepared, status);
    } catch (error) {
      const message = `mock gateway: ${(error as Error).message}`;
      return { ...huaweiError(502, requestId, "APIGW.0202", message), error: message };
    }
    const violations = answer.status >= 400 ? violationMessage(answer.headers["sl-violations"]) : undefined;
    if (violations !== undefined) {
      const { headers, body } = violationAnswer(answer.body, requestId, violations);
      answer = { status: answer.status, headers: { ...answer.headers, ...headers }, body };
    }
    // Stryker disable next-line ConditionalExpression: answers are final (node:http never hands on a 1xx), so status >= 200 always holds
    if (answer.status >= 200 && answer.status < 300) nameFile(answer, exchange.route);
    return answer;
  };

  /**
   * Prism's answer, buffered (the mock's bodies are small). Fails at once, with the reason, when
   * the upstream process stops (or has stopped).
   */
  function forward(exchange: Exchange, prepared: { body: Uint8Array; contentType: string | undefined }, status: number | undefined): Promise<Answer> {
    const { req } = exchange;
    const { url, stopped } = current();
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
            // Prism's own CORS headers are dropped: the gateway answers CORS.
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

/** A file answer (a 2xx whose body is not JSON) gets a name: `<operationId>`, unless it has one. */
function nameFile(answer: Answer, matched: RouteMatch | undefined): void {
  if (matched === undefined || answer.body.byteLength === 0 || isJson(answer.headers["content-type"])) return;
  answer.headers["content-disposition"] ??= `attachment; filename="${matched.operationId}"`;
}
