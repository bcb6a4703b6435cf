/**
 * A multipart/form-data body (an upload), checked against the spec: each binary part is a checked
 * upload, each other part its text. Handed to buildRequest only by the operations
 * whose body is multipart, so no other operation's bundle carries it.
 */
import type { BodyEncoder } from "./build-request.js";
import { checkedUpload, type Upload, uploadFileName } from "./uploads.js";
import { isBinary, validateObject } from "./validate.js";

export const multipartBody: BodyEncoder = async (op, fields) => {
  const schema = op.requestBody!.schema;
  const target = { operationId: op.operationId };
  validateObject(target, "", schema, fields);
  const form = new FormData();
  let parts = 0;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const partSchema = schema.properties?.[name] ?? {};
    if (isBinary(value)) {
      form.append(name, await checkedUpload(op.operationId, name, partSchema, value as Upload), uploadFileName(name, partSchema.contentMediaType, value as Upload));
    } else {
      form.append(name, String(value));
    }
    parts++;
  }
  // With no part at all, send no body rather than an empty multipart document.
  return parts === 0 ? undefined : form;
};
