/**
 * The call of a list operation (the spec's `x-pagination`): a PagePromise, the first result page
 * when awaited and every item of every result page when iterated.
 */
import type { CallOptions } from "../operation.js";
import type { OperationSpec } from "../request/operation-spec.js";
import { isPlainObject } from "../request/validate.js";
import { callOperation } from "./call.js";
import { PagePromise } from "./pagination.js";

export function callPaged(client: object, op: OperationSpec, params: unknown, options?: CallOptions): PagePromise<unknown, unknown> | Promise<unknown> {
  // Input that is no object is refused by the call itself, with the usual ValidationError.
  if (!isPlainObject(params)) return callOperation(client, op, params, options);
  return new PagePromise(op, params, (page) => callOperation(client, op, page, options));
}
