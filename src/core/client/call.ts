/**
 * The call every generated operation function makes: fills the client's scope (BCS's project id
 * in the path), sends the operation (operation.ts) and shapes its result by what the descriptor
 * says the success answer holds:
 *
 *   "json"   the answer's members, plus requestId
 *   "file"   the bytes (or, with `stream: true`, a stream), file name, content type, requestId
 *   "none"   { requestId } (204 No Content)
 *   "mixed"  a file when the request matches the descriptor's fileWhen, JSON otherwise
 *
 * and keeps the raw Response of each result for `rawResponse(result)`. A list operation
 * (x-pagination) returns a PagePromise: the first page when awaited, every item when iterated.
 */
import { fileMetadata } from "../http/response-body.js";
import { type BodyKind, type FileCallOptions, invoke } from "../operation.js";
import type { OperationSpec } from "../request/operation-spec.js";
import { isPlainObject } from "../request/validate.js";
import { PagePromise } from "./pagination.js";
import { coreOf } from "./service-client.js";

/** The raw responses of results, for rawResponse(); held no longer than the result. */
const responses = new WeakMap<object, Response>();

/**
 * The HTTP response an operation's result came from: its status and every header (its body has
 * been read, except a stream's). Undefined for an object no operation returned.
 */
export function rawResponse(result: object): Response | undefined {
  return responses.get(result);
}

/** The options of any operation call (the file options only matter to a file answer). */
export type AnyCallOptions = FileCallOptions & { readonly stream?: boolean | undefined };

/** Calls `op` with `client`'s settings; what it resolves to is typed by the generated function. */
export function callOperation(client: object, op: OperationSpec, params: unknown, options: AnyCallOptions | undefined): Promise<unknown> {
  if (op.pagination && isPlainObject(params)) {
    return new PagePromise(op, params, (page) => callOnce(client, op, page, options)) as unknown as Promise<unknown>;
  }
  return callOnce(client, op, params, options);
}

async function callOnce(client: object, op: OperationSpec, params: unknown, options: AnyCallOptions | undefined): Promise<unknown> {
  const core = coreOf(client);
  const { scopeParameter } = core.service;
  const fixed =
    scopeParameter !== null && op.parameters.some((p) => p.name === scopeParameter)
      ? { [scopeParameter]: await core.resolveScope(options?.signal ?? new AbortController().signal) }
      : undefined;
  const file = op.result === "file" || (op.result === "mixed" && isPlainObject(params) && params[op.fileWhen!.member] === op.fileWhen!.value);
  const kind: BodyKind = file ? (options?.stream ? "stream" : "file") : "json";
  const { data, response, bytes } = await invoke(core, { op, input: params, fixed, options }, kind);
  const requestId = response.headers.get("x-request-id") ?? undefined;
  let result: Record<string, unknown>;
  if (kind === "stream") {
    const length = response.headers.get("content-length");
    result = {
      ...fileMetadata(response),
      stream: response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() }),
      contentLength: length === null ? undefined : Number(length),
    };
  } else if (kind === "file") {
    result = { ...fileMetadata(response), data: bytes ?? new Uint8Array(0) };
  } else if (op.result === "none") {
    result = { requestId };
  } else {
    // The transport has checked the body against the spec's schema: an object (or no body).
    result = { ...(data as Record<string, unknown> | undefined), requestId };
  }
  responses.set(result, response);
  return result;
}
