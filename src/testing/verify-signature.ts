/**
 * What Huawei's API gateway does with an AK/SK-signed request, for the project's mock gateway:
 * recompute the SDK-HMAC-SHA256 signature from exactly the headers named in SignedHeaders,
 * as received, and compare. Shares the canonicalisation with the signer (src/core/auth/signer.ts).
 */
import {
  SIGNING_ALGORITHM,
  UNSIGNED_PAYLOAD,
  computeSignature,
  parseSdkDate,
  sha256Hex,
} from "../core/auth/signer.js";

/** Whether a request's AK/SK signature is valid, and why not. */
export type SignatureVerdict =
  | {
      /** The signature is valid. */
      ok: true;
      /** The access key id that signed the request. */
      accessKeyId: string;
    }
  | {
      /** The signature is missing or invalid. */
      ok: false;
      /** What is wrong, e.g. a header that is not signed or a signature that does not match. */
      reason: string;
    };

export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array | undefined;
}

/** The Huawei API gateway rejects an X-Sdk-Date more than 15 minutes from its own clock. */
export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

const AUTHORIZATION = /^SDK-HMAC-SHA256 Access=([^\s,=]+), SignedHeaders=([^\s,=]+), Signature=([0-9a-f]{64})$/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

function reject(reason: string): SignatureVerdict {
  return { ok: false, reason };
}

// Equal-length strings compared without an early exit, so timing does not reveal the prefix.
function constantTimeEqual(a: string, b: string): boolean {
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: both strings are always 64 hex digits here (AUTHORIZATION's Signature group, computeSignature's hex HMAC), so the lengths never differ
  if (a.length !== b.length) return false;
  let diff = 0;
  // Stryker disable next-line EqualityOperator: one step past the end compares NaN ^ NaN, which is 0 and leaves diff as it is
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Checks a received request's SDK-HMAC-SHA256 signature against the secret key of the access key
 * id it names, and its X-Sdk-Date against the clock.
 */
export async function verifySignature(
  request: ReceivedRequest,
  lookupSecret: (accessKeyId: string) => string | undefined,
  now: Date,
  maxSkewMs: number = DEFAULT_MAX_SKEW_MS,
): Promise<SignatureVerdict> {
  const authorization = request.headers.get("authorization");
  if (authorization === null) return reject("missing Authorization header");
  if (authorization.split(" ", 1)[0] !== SIGNING_ALGORITHM) return reject("unsupported signing algorithm");
  const match = AUTHORIZATION.exec(authorization);
  if (match === null) return reject("malformed Authorization header");
  // The three groups of AUTHORIZATION are not optional: a match has all of them.
  const [, accessKeyId, signedHeaderList, signature] = match as unknown as [string, string, string, string];

  // SDKs send SignedHeaders lowercase, sorted, without repeats; anything else is not theirs.
  const names = signedHeaderList.split(";");
  const canonicalList = names.every((name, i) => HEADER_NAME.test(name) && (i === 0 || (names[i - 1] as string) < name));
  if (!canonicalList) return reject("malformed SignedHeaders");

  // The date must be signed, or a captured request could be replayed with a fresh one.
  if (!names.includes("x-sdk-date")) return reject("X-Sdk-Date is not a signed header");

  const sdkDate = request.headers.get("x-sdk-date");
  if (sdkDate === null) return reject("missing X-Sdk-Date header");
  const signedAt = parseSdkDate(sdkDate);
  if (signedAt === undefined) return reject("malformed X-Sdk-Date header");
  if (Math.abs(signedAt.getTime() - now.getTime()) > maxSkewMs) {
    return reject("X-Sdk-Date is too far from the server time");
  }

  const secret = lookupSecret(accessKeyId);
  if (secret === undefined || secret === "") return reject("unknown access key");

  const headers: Array<[string, string]> = [];
  for (const name of names) {
    const value = name === "host" ? (request.headers.get("host") ?? request.url.host) : request.headers.get(name);
    if (value === null) return reject(`signed header ${name} is missing`);
    headers.push([name, value]);
  }

  const declared = request.headers.get("x-sdk-content-sha256");
  // The SDKs leave only non-JSON bodies (multipart) unhashed; a JSON body must be signed.
  // Stryker disable next-line StringLiteral: any fallback without "application/json" in it reads the same (no Content-Type is not JSON)
  const contentType = request.headers.get("content-type") ?? "";
  if (declared === UNSIGNED_PAYLOAD && contentType.includes("application/json")) {
    return reject("a JSON body must be signed, not UNSIGNED-PAYLOAD");
  }
  let payloadHash = UNSIGNED_PAYLOAD;
  if (declared !== UNSIGNED_PAYLOAD) {
    payloadHash = await sha256Hex(request.body ?? new Uint8Array(0));
    if (declared !== null && declared !== payloadHash) return reject("X-Sdk-Content-Sha256 does not match the body");
  }

  const expected = await computeSignature(
    { method: request.method, url: request.url, headers, payloadHash, sdkDate },
    secret,
  );
  if (!constantTimeEqual(expected.signature, signature)) return reject("signature mismatch");
  return { ok: true, accessKeyId };
}
