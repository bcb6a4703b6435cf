/**
 * The gateway's multipart/form-data reader and writer (src/testing/multipart.ts), as plain
 * functions: every form RFC 7578 allows is read, anything that is no form says why, and what is
 * written for Prism is exactly the form its parser handles.
 */
import { describe, expect, it } from "vitest";
import { parseForm, serializeForm, type FormPart } from "../../src/testing/multipart.js";

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
const type = "multipart/form-data; boundary=B";
const parts = (body: string, contentType = type) => {
  const form = parseForm(bytes(body), contentType);
  if ("error" in form) throw new Error(`not a form: ${form.error}`);
  return form.parts.map((p) => ({ ...p, data: Buffer.from(p.data).toString("latin1") }));
};
const error = (body: string, contentType = type) => {
  const form = parseForm(bytes(body), contentType);
  return "error" in form ? form.error : undefined;
};

describe("parseForm", () => {
  it("reads a file part without a Content-Type, and a text part", () => {
    expect(parts('--B\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\n\r\nPK\x03\x04\r\n--B\r\nContent-Disposition: form-data; name="n"\r\n\r\nv\r\n--B--\r\n')).toEqual([
      { name: "file", fileName: "a.zip", contentType: undefined, data: "PK\x03\x04" },
      { name: "n", fileName: undefined, contentType: undefined, data: "v" },
    ]);
  });

  it("reads header names and parameter keys in any case, values quoted or not, in any order", () => {
    expect(parts("--B\r\ncontent-disposition: Form-Data; FileName=a.zip ; NAME=file\r\nCONTENT-TYPE:  application/zip \r\n\r\nx\r\n--B--")).toEqual([
      { name: "file", fileName: "a.zip", contentType: "application/zip", data: "x" },
    ]);
  });

  it("reads parameters with no space after the semicolon, and a header name with spaces before its colon", () => {
    expect(parts('--B\r\nContent-Disposition : form-data;name="f";filename="a.zip"\r\n\r\nx\r\n--B--')).toEqual([
      { name: "f", fileName: "a.zip", contentType: undefined, data: "x" },
    ]);
  });

  it("undoes backslash escapes in quoted values, keeps ; and = inside them, and lets the first of a repeated key win", () => {
    expect(parts('--B\r\nContent-Disposition: form-data; name="a\\"b;c=d"; name="second"; filename=""\r\n\r\n\r\n--B--')).toEqual([
      { name: 'a"b;c=d', fileName: "", contentType: undefined, data: "" },
    ]);
  });

  it("reads names and file names as UTF-8", () => {
    expect(parts(Buffer.from('--B\r\nContent-Disposition: form-data; name="é"; filename="ü.zip"\r\n\r\nx\r\n--B--').toString("latin1"))[0]).toMatchObject({ name: "é", fileName: "ü.zip" });
  });

  it("ignores filename* (RFC 7578 says not to send it): the part is a text part", () => {
    expect(parts("--B\r\nContent-Disposition: form-data; name=f; filename*=UTF-8''a.zip\r\n\r\nx\r\n--B--")[0]).toMatchObject({ name: "f", fileName: undefined });
  });

  it("skips a preamble and reads a quoted boundary", () => {
    expect(parts('preamble\r\n--b b\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n--b b--', 'multipart/form-data; boundary="b b"')).toEqual([
      { name: "f", fileName: undefined, contentType: undefined, data: "x" },
    ]);
  });

  it("keeps bytes that look like line ends or a boundary without its line end in the data", () => {
    expect(parts('--B\r\nContent-Disposition: form-data; name="f"\r\n\r\na\r\nb--B\r\n\r\n--B--')[0]!.data).toBe("a\r\nb--B\r\n");
  });

  it("reads a form with no parts", () => {
    expect(parts("--B--\r\n")).toEqual([]);
  });

  it.each([
    ["multipart/form-data", "x", "its Content-Type has no boundary parameter"],
    ["multipart/form-data; boundary=", "x", "its Content-Type has no boundary parameter"],
    [type, "no boundary here", 'no part starts with the boundary "B"'],
    [type, "x--B\r\n", 'no part starts with the boundary "B"'],
    [type, "--Bjunk\r\n", "a boundary line is followed by neither a line end nor --"],
    [type, '--B\r\nContent-Disposition: form-data; name="f"\r\n\r\nx', "the body ends before the closing boundary"],
    [type, '--B\r\nContent-Disposition: form-data; name="f"\r\nx\r\n--B--', "a part has no blank line between its headers and its body"],
    [type, '--B\r\nContent-Disposition: form-data; name="f"\r\n--B\r\n\r\n--B--', "a part has no blank line between its headers and its body"],
    [type, "--B\r\n\r\nx\r\n--B--", "a part has no Content-Disposition"],
    [type, "--B\r\nno colon\r\n\r\nx\r\n--B--", 'a part has a header line that is not "Name: value": "no colon"'],
    [type, "--B\r\n: empty name\r\n\r\nx\r\n--B--", 'a part has a header line that is not "Name: value": ": empty name"'],
    [type, '--B\r\nContent-Disposition: inline; name="f"\r\n\r\nx\r\n--B--', 'a part\'s Content-Disposition is not form-data: "inline; name=\\"f\\""'],
    [type, '--B\r\nContent-Disposition: form-dataX; name="f"\r\n\r\nx\r\n--B--', 'a part\'s Content-Disposition is not form-data: "form-dataX; name=\\"f\\""'],
    [type, '--B\r\nContent-Disposition: inline-form-data; name="f"\r\n\r\nx\r\n--B--', 'a part\'s Content-Disposition is not form-data: "inline-form-data; name=\\"f\\""'],
    [type, "--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--", "a part's Content-Disposition has no name"],
  ])("with %s, refuses %j: %s", (contentType, body, why) => {
    expect(error(body, contentType)).toBe(why);
  });

  it("reads the boundary parameter among others", () => {
    expect(error("--Z--", "multipart/form-data; charset=utf-8; boundary=Z")).toBeUndefined();
  });
});

describe("serializeForm", () => {
  const part = (p: Partial<FormPart>): FormPart => ({ name: "f", fileName: undefined, contentType: undefined, data: new Uint8Array(0), ...p });

  it("writes every part in the form Prism parses, under a fresh boundary, and reads back the same", () => {
    const written = serializeForm([
      part({ name: "kind", data: bytes("user") }),
      part({ name: "file", fileName: "a.zip", data: bytes("PK\x03\x04") }),
      part({ name: "pem", fileName: "c.pem", contentType: "application/x-pem-file", data: bytes("-") }),
    ]);
    const boundary = /^multipart\/form-data; boundary=(mock-gateway-[0-9a-f]{24})$/.exec(written.contentType)![1]!;
    expect(Buffer.from(written.body).toString("latin1")).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nuser\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\nContent-Type: application/octet-stream\r\n\r\nPK\x03\x04\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="pem"; filename="c.pem"\r\nContent-Type: application/x-pem-file\r\n\r\n-\r\n` +
        `--${boundary}--\r\n`,
    );
    expect(serializeForm([]).contentType).not.toBe(written.contentType);
  });

  it("writes no parts as the closing boundary alone", () => {
    const written = serializeForm([]);
    const boundary = written.contentType.slice("multipart/form-data; boundary=".length);
    expect(Buffer.from(written.body).toString()).toBe(`--${boundary}--\r\n`);
  });

  it("percent-encodes %, ;, =, quotes, backslashes, controls and non-ASCII in names and file names", () => {
    const written = serializeForm([part({ name: 'a;b=c"d\\e%f\tg\x7fé😀', fileName: "x;=.zip" })]);
    expect(Buffer.from(written.body).toString()).toContain('name="a%3Bb%3Dc%22d%5Ce%25f%09g%7F%C3%A9%F0%9F%98%80"; filename="x%3B%3D.zip"');
  });

  it("writes a part's bytes as they are, from a view into a larger buffer", () => {
    const backing = bytes("..DATA..");
    const written = serializeForm([part({ data: backing.subarray(2, 6) })]);
    expect(Buffer.from(written.body).toString()).toContain('name="f"\r\n\r\nDATA\r\n--');
  });
});
