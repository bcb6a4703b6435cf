/**
 * multipart/form-data bodies (RFC 7578) as the gateway reads them: split into parts, and written
 * again in the one form Prism's parser handles.
 *
 * Prism 5.14's multipart parser (parse-multipart-data) throws, and takes the whole Prism process
 * down, on bodies that RFC 7578 allows: a file part without a Content-Type (the official Python
 * SDK's uploads), unquoted parameter values, `filename` before `name`. So the gateway parses
 * every multipart body itself, refuses one that is not a multipart document at all, and forwards
 * a copy in which every part reads `Content-Disposition: form-data; name="..."[; filename="..."]`
 * and every file part carries a Content-Type (application/octet-stream when it had none). Prism
 * reads only the parts' names and bytes, so the copy validates exactly as the original would.
 */
import { randomBytes } from "node:crypto";

/** One part of a form, as received. */
export interface FormPart {
  /** The form field name. */
  readonly name: string;
  /** The file name, for a file part (one whose Content-Disposition has a `filename`). */
  readonly fileName: string | undefined;
  /** The part's own Content-Type header, when it had one. */
  readonly contentType: string | undefined;
  /** The part's bytes. */
  readonly data: Uint8Array;
}

/** The parts, or why the body is not a multipart/form-data document. */
export type ParsedForm = { readonly parts: readonly FormPart[] } | { readonly error: string };

const CRLF = "\r\n";
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");

/** Splits a multipart/form-data body into its parts, given the request's Content-Type. */
export function parseForm(body: Uint8Array, contentType: string): ParsedForm {
  const boundary = parameters(contentType).get("boundary");
  if (!boundary) return { error: "its Content-Type has no boundary parameter" };
  // Latin-1 maps each byte to one character, so string offsets are byte offsets.
  const text = latin1(body);
  const delimiter = `--${boundary}`;
  const first = text.startsWith(delimiter) ? 0 : text.indexOf(`${CRLF}${delimiter}`);
  if (first === -1) return { error: `no part starts with the boundary ${JSON.stringify(boundary)}` };
  const parts: FormPart[] = [];
  let at = text.indexOf(delimiter, first) + delimiter.length;
  for (;;) {
    if (text.startsWith("--", at)) return { parts };
    if (!text.startsWith(CRLF, at)) return { error: "a boundary line is followed by neither a line end nor --" };
    const headersEnd = text.indexOf(`${CRLF}${CRLF}`, at);
    const next = text.indexOf(`${CRLF}${delimiter}`, at);
    if (next === -1) return { error: "the body ends before the closing boundary" };
    // Stryker disable next-line EqualityOperator: both searches start at a line end, so they never find the same place ("\r\n\r\n" is not "\r\n--")
    if (headersEnd === -1 || headersEnd > next) return { error: "a part has no blank line between its headers and its body" };
    const part = partOf(text.slice(at + 2, headersEnd), body.subarray(headersEnd + 4, next));
    if ("error" in part) return part;
    parts.push(part);
    at = next + 2 + delimiter.length;
  }
}

function partOf(headerText: string, data: Uint8Array): FormPart | { error: string } {
  const headers = new Map<string, string>();
  // No headers at all ("\r\n\r\n" right after the boundary line) is no header line.
  for (const line of headerText === "" ? [] : headerText.split(CRLF)) {
    const colon = line.indexOf(":");
    if (colon <= 0) return { error: `a part has a header line that is not "Name: value": ${JSON.stringify(line)}` };
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get("content-disposition");
  if (disposition === undefined) return { error: "a part has no Content-Disposition" };
  if (!/^form-data\s*(;|$)/i.test(disposition)) return { error: `a part's Content-Disposition is not form-data: ${JSON.stringify(disposition)}` };
  const params = parameters(disposition);
  const name = params.get("name");
  if (name === undefined) return { error: "a part's Content-Disposition has no name" };
  return { name: utf8(name), fileName: mapUndefined(params.get("filename"), utf8), contentType: headers.get("content-type"), data };
}

/**
 * The `; key=value` parameters of a header value: token or quoted-string values (backslash
 * escapes undone), keys lower-cased, in any order; the first of a repeated key wins.
 */
function parameters(value: string): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]*))/g;
  for (const [, key, quoted, token] of value.matchAll(pattern)) {
    const name = key!.toLowerCase();
    if (!found.has(name)) found.set(name, quoted === undefined ? token! : quoted.replace(/\\(.)/g, "$1"));
  }
  return found;
}

/** Header bytes were read as Latin-1; names and file names are UTF-8 on the wire. */
function utf8(latin1Text: string): string {
  return new TextDecoder().decode(Buffer.from(latin1Text, "latin1"));
}

function mapUndefined<T, U>(value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}

/**
 * The parts written again for Prism: a fresh boundary, every name and file name quoted (with any
 * character Prism's parser splits on percent-encoded: it decodes names that way itself), and a
 * Content-Type on every file part.
 */
export function serializeForm(parts: readonly FormPart[]): { body: Uint8Array; contentType: string } {
  // 24 random hex digits: that such a line occurs inside an upload is not a case worth handling.
  const boundary = `mock-gateway-${randomBytes(12).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const fileName = part.fileName === undefined ? "" : `; filename="${safe(part.fileName)}"`;
    const type = part.fileName === undefined ? "" : `${CRLF}Content-Type: ${part.contentType ?? "application/octet-stream"}`;
    chunks.push(Buffer.from(`--${boundary}${CRLF}Content-Disposition: form-data; name="${safe(part.name)}"${fileName}${type}${CRLF}${CRLF}`));
    chunks.push(Buffer.from(part.data.buffer, part.data.byteOffset, part.data.byteLength), Buffer.from(CRLF));
  }
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  return { body: new Uint8Array(Buffer.concat(chunks)), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Prism splits Content-Disposition on `;` and `=` and parses quoted values as JSON: none of those may appear raw. */
function safe(value: string): string {
  return value.replace(/[%;="\\\x00-\x1f\x7f-\u{10ffff}]/gu, (c) => encodeURIComponent(c));
}
