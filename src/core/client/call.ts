/**
 * The call every generated operation function makes: fills the client's scope (BCS's project id
 * in the path), sends the operation and shapes its result by what the descriptor
 * says the success answer holds: the answer's JSON members plus requestId ("json"), or
 * { requestId } ("none", e.g. 204). Files and paged lists build on it, each in a module of its
 * own, so that an app carries only the kinds of call it makes. The raw
 * Response of each result is kept for `rawResponse(result)`.
 */
import { type CallOptions, type FileCallOptions, type BodyKind, invoke } from "../operation.js";
import type { BodyEncoder } from "../request/build-request.js";
import type { OperationSpec } from "../request/operation-spec.js";
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

/** Sends `op` with `client`'s settings and the client's scope filled in. */
export async function send(
  client: object,
  op: OperationSpec,
  params: unknown,
  options: AnyCallOptions | undefined,
  kind: BodyKind,
  encoder: BodyEncoder | undefined,
): Promise<{ data: unknown; response: Response; bytes: Uint8Array<ArrayBuffer> | undefined }> {
  const core = coreOf(client);
  const { scopeParameter } = core.service;
  const fixed =
    scopeParameter !== null && op.parameters.some((p) => p.name === scopeParameter)
      ? { [scopeParameter]: await core.resolveScope(options?.signal ?? new AbortController().signal) }
      : undefined;
  return invoke(core, { op, input: params, fixed, options, encoder }, kind);
}

/** Keeps `response` for rawResponse(result). */
export function withResponse<T extends object>(result: T, response: Response): T {
  responses.set(result, response);
  return result;
}

/** Calls an operation that answers JSON or nothing; `encoder` builds a body other than JSON (an upload). */
export async function callOperation(client: object, op: OperationSpec, params: unknown, options?: CallOptions, encoder?: BodyEncoder): Promise<unknown> {
  const { data, response } = await send(client, op, params, options, "json", encoder);
  const requestId = response.headers.get("x-request-id") ?? undefined;
  // The transport has checked the body against the spec's schema: an object (or no body).
  return withResponse(op.result === "none" ? { requestId } : { ...(data as Record<string, unknown> | undefined), requestId }, response);
}
