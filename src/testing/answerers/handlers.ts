/**
 * The middle answerer: a handler of the request's operation, when the mock has one (the Private
 * CA emulator's, IAM's token call). Prism sees the request first, so that a request the spec
 * forbids is refused as before (a 400 naming the rule) and never reaches a handler; a request it
 * accepts goes to the handler, with Prism's answer (the spec's example) for a handler that only
 * amends it. An operation without a handler is Prism's alone.
 */
import type { Answer } from "../answer.js";
import type { Answerer, Outcome } from "./exchange.js";
import type { Prism } from "./prism.js";

/** A request as a handler sees it, checked against the spec. */
export interface HandlerRequest {
  readonly operationId: string;
  /** Path parameters by name, decoded. */
  readonly path: Readonly<Record<string, string>>;
  /** Query parameters (the first value of each). */
  readonly query: Readonly<Record<string, string>>;
  /** The parsed JSON body, or undefined. */
  readonly body: unknown;
  readonly now: Date;
}

/** Answers an operation: from state (the emulator), or by amending Prism's answer. */
export type OperationHandler = (request: HandlerRequest, example: Answer) => Promise<Answer> | Answer;

export function handlerAnswerer(handlers: () => Readonly<Record<string, OperationHandler>>, prism: Prism): Answerer {
  return async (exchange, next) => {
    const route = exchange.route;
    const handler = route === undefined ? undefined : handlers()[route.operationId];
    if (route === undefined || handler === undefined) return next();
    const checked = await prism(exchange);
    // Refused by the spec (or Prism could not answer): the handler never sees the request.
    if (checked.status < 200 || checked.status >= 300 || checked.error !== undefined) return checked;
    const query: Record<string, string> = {};
    for (const [name, value] of new URL(exchange.req.url ?? "/", "http://mock").searchParams) query[name] ??= value;
    const request: HandlerRequest = { operationId: route.operationId, path: route.params, query, body: jsonBody(exchange.body), now: exchange.now };
    const answer: Outcome = await handler(request, checked);
    return answer;
  };
}

function jsonBody(bytes: Uint8Array): unknown {
  if (bytes.byteLength === 0) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    // Prism accepted it, so it is no JSON body the handler reads (a multipart upload).
    return undefined;
  }
}
