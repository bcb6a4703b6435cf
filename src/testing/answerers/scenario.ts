/**
 * The first answerer: the next scenario queued for the request's operation (scenarios.ts), if
 * any. A scenario answers by itself (its own body; an error status, always the mock's
 * `MOCK.<status>` body; a status the operation does not declare, with no body; a status it
 * declares, with the spec's example from Prism), or lets the rest of the pipeline answer (a delay,
 * a malformed body, headers) and changes that answer. A `reset` answers nothing.
 */
import type { ServerResponse } from "node:http";
import { MALFORMED_BODY, errorBody, retryAfterValue, scenarioBody } from "../answer.js";
import type { ScenarioQueue, ScenarioResponse } from "../scenarios.js";
import type { Answerer, Closed, Outcome } from "./exchange.js";
import type { Prism } from "./prism.js";

export function scenarioAnswerer(scenarios: ScenarioQueue, prism: Prism): Answerer {
  return async (exchange, next) => {
    const scenario = scenarios.take(exchange.route?.operationId);
    if (!scenario) return next();
    exchange.mark({ scenario: true });
    if (scenario.delayMs) await delay(scenario.delayMs, exchange.res);
    if (exchange.res.destroyed) return { closed: "the client closed the connection before the answer" };
    if (scenario.reset) {
      // An RST, as a crashed or overloaded server gives; the client sees a connection error.
      const { res } = exchange;
      if (res.socket) res.socket.resetAndDestroy();
      else res.destroy();
      return { closed: undefined };
    }
    let outcome: Outcome | Closed;
    const { status } = scenario;
    if (scenario.body !== undefined) {
      const { bytes, contentType } = scenarioBody(scenario.body);
      outcome = { status: status ?? 200, headers: contentType ? { "content-type": contentType } : {}, body: bytes };
    } else if (status !== undefined && status >= 400) {
      // Always the same body for an error status, whether the operation declares it or not.
      outcome = { status, headers: { "content-type": "application/json" }, body: errorBody(status, exchange.requestId) };
    } else if (status !== undefined && !exchange.route?.statuses.includes(String(status))) {
      outcome = { status, headers: {}, body: new Uint8Array(0) };
    } else if (status !== undefined) {
      outcome = await prism(exchange, status);
    } else {
      outcome = await next();
    }
    return "closed" in outcome ? outcome : shape(outcome, scenario);
  };
}

/** The scenario's changes to an answer: headers, Retry-After, a body that is not JSON, a stall. */
function shape(answer: Outcome, scenario: ScenarioResponse): Outcome {
  const headers = { ...answer.headers };
  let { body } = answer;
  if (scenario.malformedBody) {
    body = MALFORMED_BODY;
    headers["content-type"] = "application/json";
  }
  if (scenario.retryAfter !== undefined) headers["retry-after"] = retryAfterValue(scenario.retryAfter);
  for (const [name, value] of Object.entries(scenario.headers ?? {})) headers[name.toLowerCase()] = value;
  return { ...answer, headers, body, ...(scenario.stallBody === true ? { stall: true } : {}) };
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
