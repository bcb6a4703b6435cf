/**
 * checkedUpload directly, with schemas the spec may grow into: the size rule's message, the ZIP
 * check only where the part is declared application/zip, and the content type a part is sent with.
 */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.js";
import { checkedUpload, uploadFileName } from "../../src/core/request/uploads.js";
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

describe("uploadFileName", () => {
  it("is a File's own name", () => {
    expect(uploadFileName("file", "application/zip", new File([zipBytes(8)], "user01-certs.zip"))).toBe("user01-certs.zip");
  });

  it("is the field name with .zip for a zip part otherwise: bytes, a Blob, a File without a name", () => {
    for (const value of [zipBytes(8), zipBytes(8).buffer, new Blob([zipBytes(8)]), new File([zipBytes(8)], "")]) {
      expect(uploadFileName("file", "application/zip", value as never)).toBe("file.zip");
    }
  });

  it("is the field name alone for a part of another or no declared type", () => {
    expect(uploadFileName("cert", "application/x-pem-file", new Uint8Array(1))).toBe("cert");
    expect(uploadFileName("cert", undefined, new Uint8Array(1))).toBe("cert");
  });

  it("does not take a name from something that is not a Blob", () => {
    expect(uploadFileName("file", undefined, Object.assign(new Uint8Array(1), { name: "sneaky.zip" }))).toBe("file");
  });
});

describe("a refused upload's ValidationError.value", () => {
  it("describes bytes, an ArrayBuffer and a Blob by their size instead of holding them", async () => {
    for (const [value, shown] of [
      [new Uint8Array(40_000), "40000 bytes"],
      [new ArrayBuffer(40_000), "40000 bytes"],
      [new Blob([new Uint8Array(40_000)]), "a Blob of 40000 bytes"],
    ] as const) {
      const error = (await refusal(checkedUpload("op", "file", { "x-max-bytes": 4 }, value))) as ValidationError;
      expect(error.value).toBe(shown);
    }
  });

  it("keeps any other value as it was given, and a secret redacted", () => {
    const given = { a: 1 };
    expect(new ValidationError("op", "p", "type", "bad", given).value).toBe(given);
    expect(new ValidationError("op", "p", "type", "bad", new Uint8Array(3), true).value).toBe("<redacted>");
  });
});
