/**
 * checkedUpload directly, with schemas the spec may grow into: the size rule's message, the ZIP
 * check only where the part is declared application/zip, and the content type a part is sent with.
 */
import { describe, expect, it } from "vitest";
import { checkedUpload } from "../../src/core/request/uploads.js";
import { zipBytes, refusal } from "./support/fakes.js";

describe("checkedUpload", () => {
  it("refuses more than x-max-bytes, saying the limit", async () => {
    const error = await refusal(checkedUpload("op", "file", { "x-max-bytes": 4 }, new Uint8Array(5)));
    expect(error.message).toBe("op: file must be at most 4 bytes (rule: x-max-bytes; got 5 bytes)");
  });

  it("accepts exactly x-max-bytes", async () => {
    expect((await checkedUpload("op", "file", { "x-max-bytes": 4 }, new Uint8Array(4))).size).toBe(4);
  });

  it("refuses a part declared application/zip without the ZIP signature, saying so", async () => {
    const error = await refusal(checkedUpload("op", "file", { contentMediaType: "application/zip" }, new Uint8Array([1, 2, 3, 4, 5])));
    expect(error.message).toBe("op: file must be a .zip archive (no ZIP local file header signature) (rule: zip; got 5 bytes)");
  });

  it("sends a ZIP part as application/zip", async () => {
    expect((await checkedUpload("op", "file", { contentMediaType: "application/zip" }, zipBytes(16))).type).toBe("application/zip");
  });

  it("does not ZIP-check a part of another type, and sends an untyped one as application/octet-stream", async () => {
    const blob = await checkedUpload("op", "file", {}, new Uint8Array([1, 2, 3]));
    expect(blob.type).toBe("application/octet-stream");
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("keeps a Blob's own type", async () => {
    const blob = new Blob([zipBytes(8)], { type: "application/x-zip-compressed" });
    expect((await checkedUpload("op", "file", { contentMediaType: "application/zip" }, blob)).type).toBe("application/x-zip-compressed");
  });
});
