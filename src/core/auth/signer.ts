/**
 * Huawei Cloud AK/SK request signing, "SDK-HMAC-SHA256", as the official Huawei Cloud SDKs sign.
 *
 * Pure and runtime-portable: only Web APIs (crypto.subtle, TextEncoder, URL, URLSearchParams,
 * Headers), so the same file runs in Node >= 20, browsers, Deno and Bun. The lower-level
 * exports (canonicalRequest, computeSignature, ...) are shared with the verifying mock gateway
 * (verifySignature in huaweicloud-cert-sdk/testing) so that signing and verifying cannot drift apart.
 */

export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** An access key pair for AK/SK request signing (SDK-HMAC-SHA256). */
export interface AkSkCredentials {
  /** The access key id (AK), sent in the Authorization header. */
  readonly accessKeyId: string;
  /** The secret access key (SK); signs requests and is never sent. */
  readonly secretAccessKey: string;
  /** The security token of temporary credentials, sent as a signed X-Security-Token. */
  readonly securityToken?: string | undefined;
}

export interface RequestToSign {
  readonly method: string; // any case
  readonly url: URL; // exactly the URL that will be sent
  readonly headers: Headers; // headers that will be sent (e.g. content-type, x-project-id or x-domain-id)
  readonly body: Uint8Array | undefined; // exact body bytes; undefined = no body
}

/** Everything the signature covers, with the header set given explicitly (names in any case). */
export interface SigningParts {
  readonly method: string;
  readonly url: URL;
  /** Exactly the headers to sign, with the values that are sent. */
  readonly headers: Iterable<readonly [string, string]>;
  /** Lowercase hex SHA-256 of the body, or the literal UNSIGNED-PAYLOAD. */
  readonly payloadHash: string;
  /** The X-Sdk-Date value, YYYYMMDDTHHMMSSZ. */
  readonly sdkDate: string;
}

export interface SignatureParts {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  /** `;`-joined lowercase names, as in the Authorization header. */
  readonly signedHeaders: string;
  /** Lowercase hex HMAC-SHA256. */
  readonly signature: string;
}

const utf8 = new TextEncoder();
const SDK_DATE = /^\d{8}T\d{6}Z$/;
// A header value the transport can set verbatim: visible ASCII, inner spaces, nothing to trim.
const PLAIN_HEADER_VALUE = /^[\x21-\x7E](?:[\x20-\x7E]*[\x21-\x7E])?$/;
const HEX = Array.from({ length: 256 }, (_, b) => "%" + b.toString(16).toUpperCase().padStart(2, "0"));


export function formatSdkDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError("cannot format X-Sdk-Date: invalid Date");
  // toISOString is always UTC: 2020-06-08T02:39:00.000Z -> 20200608T023900Z
  const formatted = date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
  if (!SDK_DATE.test(formatted)) throw new RangeError("cannot format X-Sdk-Date: year outside 0000-9999");
  return formatted;
}

/** The instant an X-Sdk-Date denotes, or undefined when it is not a real YYYYMMDDTHHMMSSZ time. */
export function parseSdkDate(value: string): Date | undefined {
  if (!SDK_DATE.test(value)) return undefined;
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(9, 11)}:${value.slice(11, 13)}:${value.slice(13, 15)}Z`;
  const date = new Date(iso);
  // Date accepts e.g. Feb 30 by rolling over; the round trip rejects it.
  return !Number.isNaN(date.getTime()) && formatSdkDate(date) === value ? date : undefined;
}

function isUnreserved(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) ||
    b === 0x2d || b === 0x5f || b === 0x2e || b === 0x7e
  );
}

function encodeBytes(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += isUnreserved(b) ? String.fromCharCode(b) : HEX[b];
  return out;
}

/** RFC 3986 encoding: unreserved characters kept, every other UTF-8 byte as uppercase %XX. */
export function percentEncode(value: string): string {
  return encodeBytes(utf8.encode(value));
}

function hexDigit(b: number | undefined): number {
  if (b === undefined) return -1;
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

// Decodes to bytes, not to a string, so a segment that is not valid UTF-8 once decoded still
// round-trips to the bytes the server sees. A "%" not followed by two hex digits stays literal.
function percentDecode(segment: string): Uint8Array {
  const bytes = utf8.encode(segment);
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    const hi = b === 0x25 ? hexDigit(bytes[i + 1]) : -1;
    const lo = hi >= 0 ? hexDigit(bytes[i + 2]) : -1;
    if (lo >= 0) {
      out[n++] = hi * 16 + lo;
      i += 2;
    } else {
      out[n++] = b;
    }
  }
  return out.subarray(0, n);
}

/**
 * Each "/"-separated segment is percent-decoded and then re-encoded, so a value that was
 * percent-encoded on the wire (a path parameter holding "/" or "%") is signed as the server
 * decodes it, and a raw or an encoded spelling of the same character sign alike.
 * The official Node signer skips the decoding: "%2F" on the wire becomes "%252F" there.
 * A trailing "/" is always appended; it is never sent.
 */
export function canonicalUri(pathname: string): string {
  const uri = pathname.split("/").map((segment) => encodeBytes(percentDecode(segment))).join("/");
  return uri.endsWith("/") ? uri : uri + "/";
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Decoded with URLSearchParams (form) semantics, so "+" means a space: that is how
 * URLSearchParams.toString() writes a space and how common server frameworks read one.
 * A literal "+" must therefore be sent as %2B (encodeURIComponent does so).
 */
export function canonicalQueryString(search: string): string {
  const pairs = [...new URLSearchParams(search)];
  pairs.sort(([ka, va], [kb, vb]) => compareCodeUnits(ka, kb) || compareCodeUnits(va, vb));
  return pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join("&");
}

// Only HTTP whitespace: it is what an HTTP parser strips from a field value.
function trimHeaderValue(value: string): string {
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
}

/** CanonicalRequest and SignedHeaders for an explicit header set. */
export function canonicalRequest(parts: Omit<SigningParts, "sdkDate">): { canonicalRequest: string; signedHeaders: string } {
  const headers = new Map<string, string>();
  for (const [name, value] of parts.headers) {
    const lower = name.toLowerCase();
    if (headers.has(lower)) throw new TypeError(`header "${lower}" given twice`);
    headers.set(lower, trimHeaderValue(value));
  }
  const names = [...headers.keys()].sort(compareCodeUnits);
  const signedHeaders = names.join(";");
  const canonical = [
    parts.method.toUpperCase(),
    canonicalUri(parts.url.pathname),
    canonicalQueryString(parts.url.search),
    names.map((name) => `${name}:${headers.get(name)}\n`).join(""),
    signedHeaders,
    parts.payloadHash,
  ].join("\n");
  return { canonicalRequest: canonical, signedHeaders };
}

export function stringToSign(sdkDate: string, canonicalRequestSha256: string): string {
  return `${SIGNING_ALGORITHM}\n${sdkDate}\n${canonicalRequestSha256}`;
}

function toHex(buffer: ArrayBuffer): string {
  let out = "";
  for (const b of new Uint8Array(buffer)) out += b.toString(16).padStart(2, "0");
  return out;
}

export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  // Copied into a fresh ArrayBuffer: subtle.digest rejects views over a SharedArrayBuffer.
  const bytes = typeof data === "string" ? utf8.encode(data) : new Uint8Array(data);
  return toHex(await globalThis.crypto.subtle.digest("SHA-256", bytes));
}

export async function hmacSha256Hex(key: string, message: string): Promise<string> {
  const cryptoKey = await globalThis.crypto.subtle.importKey(
    "raw", utf8.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"],
  );
  return toHex(await globalThis.crypto.subtle.sign("HMAC", cryptoKey, utf8.encode(message)));
}

/** Signature over an explicit header set; signRequest decides that set, the mock gateway reads it from SignedHeaders. */
export async function computeSignature(parts: SigningParts, secretAccessKey: string): Promise<SignatureParts> {
  const { canonicalRequest: canonical, signedHeaders } = canonicalRequest(parts);
  const toSign = stringToSign(parts.sdkDate, await sha256Hex(canonical));
  const signature = await hmacSha256Hex(secretAccessKey, toSign);
  return { canonicalRequest: canonical, stringToSign: toSign, signedHeaders, signature };
}

export function authorizationHeader(accessKeyId: string, signedHeaders: string, signature: string): string {
  return `${SIGNING_ALGORITHM} Access=${accessKeyId}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

// Messages name the field, never its value: these are secrets.
function checkCredentials(credentials: AkSkCredentials): string | undefined {
  const { accessKeyId, secretAccessKey, securityToken } = credentials;
  if (typeof accessKeyId !== "string" || !/^[^\s,=]+$/.test(accessKeyId)) {
    throw new TypeError("accessKeyId must be a non-empty string without whitespace, ',' or '='");
  }
  if (typeof secretAccessKey !== "string" || secretAccessKey === "") {
    throw new TypeError("secretAccessKey must be a non-empty string");
  }
  if (securityToken === undefined || securityToken === "") return undefined;
  if (typeof securityToken !== "string" || !PLAIN_HEADER_VALUE.test(securityToken)) {
    // Checked here so that the transport's Headers.set never throws with the token in its message.
    throw new TypeError("securityToken must be printable ASCII without leading or trailing spaces");
  }
  return securityToken;
}

/**
 * Headers to add to the request: X-Sdk-Date, Authorization, and when applicable
 * X-Security-Token and X-Sdk-Content-Sha256. Never mutates the input.
 *
 * Signed: every header in request.headers, plus host (= url.host), x-sdk-date, and
 * x-security-token / x-sdk-content-sha256 when set. Not signed:
 * - names containing "_": Go and Python skip them too, and nginx-based gateways drop them;
 * - content-type when it is not JSON (multipart): fetch adds the boundary after signing, so the
 *   payload is UNSIGNED-PAYLOAD instead;
 * - authorization (a stale one on a retried request is replaced, not signed).
 */
export async function signRequest(
  request: RequestToSign,
  credentials: AkSkCredentials,
  now: Date,
): Promise<Record<string, string>> {
  const securityToken = checkCredentials(credentials);
  const sdkDate = request.headers.get("x-sdk-date") ?? formatSdkDate(now);
  if (!SDK_DATE.test(sdkDate)) throw new TypeError("the request's X-Sdk-Date must have the form YYYYMMDDTHHMMSSZ");
  // fetch derives Host from the URL (browsers forbid setting it), so that is the value signed.
  const host = request.headers.get("host");
  if (host !== null && host.toLowerCase() !== request.url.host) {
    throw new TypeError("the request's Host header differs from its URL host; only the URL host can be signed");
  }

  const added: Record<string, string> = { "X-Sdk-Date": sdkDate };
  if (securityToken !== undefined) added["X-Security-Token"] = securityToken;
  const contentType = request.headers.get("content-type");
  const unsignedPayload = contentType !== null && !contentType.toLowerCase().includes("application/json");
  if (unsignedPayload) added["X-Sdk-Content-Sha256"] = UNSIGNED_PAYLOAD;

  const signed = new Map<string, string>();
  for (const [name, value] of request.headers) {
    if (name.includes("_") || name === "authorization") continue;
    if (unsignedPayload && name === "content-type") continue;
    signed.set(name, value);
  }
  signed.set("host", request.url.host);
  for (const [name, value] of Object.entries(added)) signed.set(name.toLowerCase(), value);
  // A caller-set X-Sdk-Content-Sha256 is the payload hash, as in all official SDKs.
  const payloadHash = signed.get("x-sdk-content-sha256") ?? (await sha256Hex(request.body ?? new Uint8Array(0)));

  const { signedHeaders, signature } = await computeSignature(
    { method: request.method, url: request.url, headers: signed, payloadHash, sdkDate },
    credentials.secretAccessKey,
  );
  added["Authorization"] = authorizationHeader(credentials.accessKeyId, signedHeaders, signature);
  return added;
}
