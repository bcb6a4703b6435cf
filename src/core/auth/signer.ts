/**
 * Huawei Cloud AK/SK request signing, "SDK-HMAC-SHA256", as the official Huawei Cloud SDKs sign.
 *
 * Pure and runtime-portable: Web APIs (TextEncoder, URL, URLSearchParams, Headers) and the
 * hashing backend (node:crypto where the runtime has it, synchronous; Web Crypto in
 * browsers), so the same file runs in Node >= 20, browsers, Deno and Bun. The lower-level
 * exports (canonicalRequest, computeSignature, ...) are shared with the verifying mock gateway
 * (verifySignature in huaweicloud-cert-sdk/testing) so that signing and verifying cannot drift apart.
 */

import { defaultHashBackend, type HashBackend } from "./hashing.js";

export type { HashBackend } from "./hashing.js";

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

/** What signRequest takes: the body may also be the string that is sent (its UTF-8 bytes are signed). */
export interface SignableRequest extends Omit<RequestToSign, "body"> {
  readonly body: Uint8Array | string | undefined;
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
const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const PLAIN_PATH = /^[A-Za-z0-9\-_.~/]*$/;
const HEX = Array.from({ length: 256 }, (_, b) => "%" + b.toString(16).toUpperCase().padStart(2, "0"));


// Calls within one second share their X-Sdk-Date: the last one formatted is kept.
let lastSecond = Number.NaN;
let lastSdkDate = "";

export function formatSdkDate(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new TypeError("cannot format X-Sdk-Date: invalid Date");
  // Stryker disable next-line ArithmeticOperator: only the cache key; `time * 1000` still differs for any two times of years 0000-9999 (below 2^58, where doubles are 32 apart at most), so the cache hits less and the string formatted anew is the same
  const second = Math.floor(time / 1000);
  if (second === lastSecond) return lastSdkDate;
  // toISOString is always UTC: 2020-06-08T02:39:00.000Z -> 20200608T023900Z. Years outside
  // 0000-9999 are written with a sign and six digits, so the string is longer.
  const iso = date.toISOString();
  if (iso.length !== 24) throw new RangeError("cannot format X-Sdk-Date: year outside 0000-9999");
  lastSdkDate = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + "Z";
  lastSecond = second;
  return lastSdkDate;
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
  return UNRESERVED.test(value) ? value : encodeBytes(utf8.encode(value));
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
  // The common case, nothing encoded and nothing to encode, needs no decoding round trip.
  if (PLAIN_PATH.test(pathname)) return pathname.endsWith("/") ? pathname : pathname + "/";
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
/** name=value pairs split as URLSearchParams splits them (empty pairs skipped, a missing "=" means ""). */
function splitPairs(search: string): [string, string][] {
  const pairs: [string, string][] = [];
  // By index, without split("&") and a string per pair: this runs for every signed GET.
  for (let start = search.startsWith("?") ? 1 : 0; start < search.length; ) {
    let end = search.indexOf("&", start);
    if (end === -1) end = search.length;
    if (end > start) {
      const eq = search.indexOf("=", start);
      pairs.push(eq === -1 || eq > end ? [search.slice(start, end), ""] : [search.slice(start, eq), search.slice(eq + 1, end)]);
    }
    start = end + 1;
  }
  return pairs;
}

/** Up to this many items, sortSmall sorts by insertion (quadratic beyond). */
const SMALL = 16;

/**
 * Sorts in place by insertion: the arrays here hold a handful of headers or query pairs, where
 * Array.prototype.sort's setup costs more than the sorting. `compare` is a total order.
 */
function sortSmall<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: either sort gives the one order of a total order (items that compare equal are identical pairs), so which one runs is only a matter of speed
  if (items.length > SMALL) return items.sort(compare);
  for (let i = 1; i < items.length; i++) {
    const item = items[i] as T;
    let j = i - 1;
    for (; j >= 0 && compare(items[j] as T, item) > 0; j--) items[j + 1] = items[j] as T;
    items[j + 1] = item;
  }
  return items;
}

export function canonicalQueryString(search: string): string {
  // Stryker disable next-line LogicalOperator: the `&&` is never true, i.e. the fast path off; splitPairs finds no pair in "" or "?" either
  if (search === "" || search === "?") return "";
  // Form decoding changes only "+" and "%XX": without them the pairs are the text as it stands.
  // Stryker disable next-line StringLiteral: includes("") is always true, i.e. always URLSearchParams; without '%' and '+' form decoding changes nothing, so it gives the pairs splitPairs gives (signer-edges compares the two on random queries)
  const pairs = search.includes("%") || search.includes("+") ? [...new URLSearchParams(search)] : splitPairs(search);
  sortSmall(pairs, comparePairs);
  let out = "";
  for (const [k, v] of pairs) out += `${out === "" ? "" : "&"}${percentEncode(k)}=${percentEncode(v)}`;
  return out;
}

function comparePairs(a: readonly [string, string], b: readonly [string, string]): number {
  return compareCodeUnits(a[0], b[0]) || compareCodeUnits(a[1], b[1]);
}

// Only HTTP whitespace: it is what an HTTP parser strips from a field value.
function trimHeaderValue(value: string): string {
  if (!isHttpSpace(value.charCodeAt(0)) && !isHttpSpace(value.charCodeAt(value.length - 1))) return value;
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
}

function isHttpSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** CanonicalRequest and SignedHeaders for an explicit header set. */
export function canonicalRequest(parts: Omit<SigningParts, "sdkDate">): { canonicalRequest: string; signedHeaders: string } {
  const headers = new Map<string, string>();
  for (const [name, value] of parts.headers) {
    const lower = name.toLowerCase();
    if (headers.has(lower)) throw new TypeError(`header "${lower}" given twice`);
    headers.set(lower, trimHeaderValue(value));
  }
  return canonicalOf(parts.method, parts.url, headers, parts.payloadHash);
}

/** canonicalRequest for headers already lowercase, trimmed and unique (a Map signRequest builds). */
function canonicalOf(method: string, url: URL, headers: ReadonlyMap<string, string>, payloadHash: string): { canonicalRequest: string; signedHeaders: string } {
  const names = sortSmall([...headers.keys()], compareCodeUnits);
  let canonicalHeaders = "";
  for (const name of names) canonicalHeaders += `${name}:${headers.get(name)}\n`;
  const signedHeaders = names.join(";");
  const canonical =
    `${method.toUpperCase()}\n${canonicalUri(url.pathname)}\n${canonicalQueryString(url.search)}\n` +
    `${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
  return { canonicalRequest: canonical, signedHeaders };
}

export function stringToSign(sdkDate: string, canonicalRequestSha256: string): string {
  return `${SIGNING_ALGORITHM}\n${sdkDate}\n${canonicalRequestSha256}`;
}

/** Continues with a value that may or may not be a promise, staying synchronous when it is not. */
function then<T, U>(value: T | Promise<T>, next: (value: T) => U | Promise<U>): U | Promise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

export async function sha256Hex(data: Uint8Array | string, backend: HashBackend = defaultHashBackend()): Promise<string> {
  return backend.sha256Hex(data);
}

export async function hmacSha256Hex(key: string, message: string, backend: HashBackend = defaultHashBackend()): Promise<string> {
  return backend.hmacSha256Hex(key, message);
}

function signatureOf(parts: SigningParts, secretAccessKey: string, backend: HashBackend): SignatureParts | Promise<SignatureParts> {
  return signatureOfCanonical(canonicalRequest(parts), parts.sdkDate, secretAccessKey, backend);
}

function signatureOfCanonical(
  { canonicalRequest: canonical, signedHeaders }: { canonicalRequest: string; signedHeaders: string },
  sdkDate: string,
  secretAccessKey: string,
  backend: HashBackend,
): SignatureParts | Promise<SignatureParts> {
  return then(backend.sha256Hex(canonical), (canonicalHash) => {
    const toSign = stringToSign(sdkDate, canonicalHash);
    return then(backend.hmacSha256Hex(secretAccessKey, toSign), (signature) => ({
      canonicalRequest: canonical,
      stringToSign: toSign,
      signedHeaders,
      signature,
    }));
  });
}

/** Signature over an explicit header set; signRequest decides that set, the mock gateway reads it from SignedHeaders. */
export async function computeSignature(
  parts: SigningParts,
  secretAccessKey: string,
  backend: HashBackend = defaultHashBackend(),
): Promise<SignatureParts> {
  return signatureOf(parts, secretAccessKey, backend);
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
export function signRequest(
  request: SignableRequest,
  credentials: AkSkCredentials,
  now: Date,
  backend?: HashBackend,
): Promise<Record<string, string>> {
  // Not an async function: with node:crypto everything below is synchronous, and an await of a
  // plain value would still cost a turn of the microtask queue. Throws still become rejections.
  try {
    return Promise.resolve(signatureHeaders(request, credentials, now, backend ?? defaultHashBackend()));
  } catch (error) {
    return Promise.reject(error);
  }
}

function signatureHeaders(
  request: SignableRequest,
  credentials: AkSkCredentials,
  now: Date,
  backend: HashBackend,
): Record<string, string> | Promise<Record<string, string>> {
  const securityToken = checkCredentials(credentials);
  // One pass over the headers (Headers iterates lowercase names): each get() would walk them again.
  let sdkDate: string | undefined;
  let host: string | undefined;
  let contentType: string | undefined;
  let contentSha256: string | undefined;
  const signed = new Map<string, string>();
  for (const [name, value] of request.headers) {
    if (name === "x-sdk-date") sdkDate = value;
    else if (name === "host") host = value;
    else if (name === "content-type") contentType = value;
    else if (name === "x-sdk-content-sha256") contentSha256 = value;
    if (name.includes("_") || name === "authorization") continue;
    signed.set(name, value);
  }
  sdkDate ??= formatSdkDate(now);
  if (!SDK_DATE.test(sdkDate)) throw new TypeError("the request's X-Sdk-Date must have the form YYYYMMDDTHHMMSSZ");
  // fetch derives Host from the URL (browsers forbid setting it), so that is the value signed.
  if (host !== undefined && host.toLowerCase() !== request.url.host) {
    throw new TypeError("the request's Host header differs from its URL host; only the URL host can be signed");
  }

  const added: Record<string, string> = { "X-Sdk-Date": sdkDate };
  if (securityToken !== undefined) added["X-Security-Token"] = securityToken;
  const unsignedPayload = contentType !== undefined && !contentType.toLowerCase().includes("application/json");
  if (unsignedPayload) added["X-Sdk-Content-Sha256"] = UNSIGNED_PAYLOAD;

  if (unsignedPayload) signed.delete("content-type");
  signed.set("host", request.url.host);
  signed.set("x-sdk-date", sdkDate);
  if (securityToken !== undefined) signed.set("x-security-token", securityToken);
  if (unsignedPayload) signed.set("x-sdk-content-sha256", UNSIGNED_PAYLOAD);
  // A caller-set X-Sdk-Content-Sha256 is the payload hash, as in all official SDKs.
  const payloadHash = unsignedPayload
    ? UNSIGNED_PAYLOAD
    : (contentSha256 ??
      (request.body === undefined || request.body.length === 0 ? EMPTY_BODY_SHA256 : backend.sha256Hex(request.body)));

  return then(payloadHash, (hash) =>
    then(
      // Headers iterates lowercase names with values already trimmed of HTTP whitespace, and what is
      // added here is lowercase and plain: canonicalRequest's normalising pass would change nothing.
      signatureOfCanonical(canonicalOf(request.method, request.url, signed, hash), sdkDate, credentials.secretAccessKey, backend),
      ({ signedHeaders, signature }) => {
        added["Authorization"] = authorizationHeader(credentials.accessKeyId, signedHeaders, signature);
        return added;
      },
    ),
  );
}
