/**
 * IAM's token call: Prism's example, with the token's times made fresh (issued now, valid for 24
 * hours), so that a client's token cache keeps it. Only this operation's answers are touched: a
 * certificate's validity, or any other time in any other answer, is never rewritten.
 */
import { freshTokenTimes } from "../answer.js";
import { isJson } from "./exchange.js";
import type { OperationHandler } from "./handlers.js";

export const freshToken: OperationHandler = (request, example) =>
  isJson(example.headers["content-type"]) ? { ...example, body: freshTokenTimes(example.body, request.now) } : example;
