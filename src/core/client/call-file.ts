/**
 * The call of an operation that answers with a file: its bytes read under the size cap, or (with
 * `stream: true`) a stream the caller's signal still ends; with the file name, content type and
 * request id. An operation that answers JSON for some requests and a file for others (the spec's
 * `x-file-when`) gets the file when the request matches, and the JSON members otherwise.
 */
import { abortableStream, fileMetadata } from "../http/file-response.js";
import type { BodyEncoder } from "../request/build-request.js";
import type { OperationSpec } from "../request/operation-spec.js";
import { isPlainObject } from "../request/validate.js";
import { type AnyCallOptions, callOperation, send, withResponse } from "./call.js";

export async function callFile(client: object, op: OperationSpec, params: unknown, options?: AnyCallOptions, encoder?: BodyEncoder): Promise<unknown> {
  const when = op.fileWhen;
  if (when !== null && !(isPlainObject(params) && params[when.member] === when.value)) return callOperation(client, op, params, options, encoder);
  if (options?.stream) {
    const { response } = await send(client, op, params, options, { stream: abortableStream }, encoder);
    const length = response.headers.get("content-length");
    return withResponse(
      {
        ...fileMetadata(response),
        stream: response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() }),
        contentLength: length === null ? undefined : Number(length),
      },
      response,
    );
  }
  const { response, bytes } = await send(client, op, params, options, "file", encoder);
  return withResponse({ ...fileMetadata(response), data: bytes ?? new Uint8Array(0) }, response);
}
