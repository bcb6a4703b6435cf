/**
 * Checking an upload before it is sent: its size against the spec's `x-max-bytes`, and the ZIP
 * signature when the spec declares `contentMediaType: application/zip`.
 */
import { ValidationError } from "../errors.js";
import type { ConstraintSchema } from "./operation-spec.js";

/** A ZIP archive starts with a local file header: "PK\x03\x04". */
const ZIP_LOCAL_FILE_HEADER = [0x50, 0x4b, 0x03, 0x04];

/** A file to upload: its bytes, or a Blob (a File names itself). */
export type Upload = Uint8Array | ArrayBuffer | Blob;

/**
 * The file name a part is sent with: a File's own name, else the field name with the extension
 * of the part's declared media type (`file.zip`).
 */
export function uploadFileName(field: string, mediaType: string | undefined, value: Upload): string {
  const own = (value as { name?: unknown }).name;
  if (value instanceof Blob && typeof own === "string" && own !== "") return own;
  return mediaType === "application/zip" ? `${field}.zip` : field;
}

/** Checks an upload against its schema (size, and the ZIP signature for application/zip). */
export async function checkedUpload(operationId: string, name: string, schema: ConstraintSchema, value: Upload): Promise<Blob> {
  const blob = value instanceof Blob ? value : new Blob([value instanceof Uint8Array ? new Uint8Array(value) : value]);
  const maxBytes = schema["x-max-bytes"];
  if (maxBytes !== undefined && blob.size > maxBytes) {
    throw new ValidationError(operationId, name, "x-max-bytes", `must be at most ${maxBytes} bytes`, value);
  }
  if (schema.contentMediaType === "application/zip") {
    const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
    if (!ZIP_LOCAL_FILE_HEADER.every((byte, i) => head[i] === byte)) {
      throw new ValidationError(operationId, name, "zip", "must be a .zip archive (no ZIP local file header signature)", value);
    }
  }
  return blob.type ? blob : new Blob([blob], { type: schema.contentMediaType ?? "application/octet-stream" });
}
