/**
 * An oracle for AK/SK signatures that is not this SDK's code: Huawei's official Node signer
 * (@huaweicloud/huaweicloud-sdk-core, auth/AKSKSigner.js, a dev dependency used only by tests).
 * Given a request as this SDK sent it, it recomputes the Authorization the official signer gives
 * for the same method, URL, signed headers, X-Sdk-Date and body. Used by the unit tests (every
 * operation through the public clients) and the contract tests (requests re-signed by it must
 * pass the mock gateway), so a canonicalisation bug shared by the SDK's signer and the mock's
 * verifier cannot pass both layers.
 *
 * Within the domain where the official signer is right (test/unit/signer-oracle.test.ts lists
 * where it is not): paths without percent-escapes, header values without edge spaces.
 */
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js";

export interface SentRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: Uint8Array | undefined;
}

type OfficialCredential = Parameters<typeof AKSKSigner.sign>[1];

/** The official signer looks these up under exactly these spellings. */
const OFFICIAL_SPELLING: Readonly<Record<string, string>> = { "x-sdk-date": "X-Sdk-Date", "x-sdk-content-sha256": "X-Sdk-Content-Sha256" };

/** The names in a request's SignedHeaders, as sent. */
export function signedHeaderNames(request: SentRequest): string[] {
  const names = /SignedHeaders=([^,\s]+),/.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!names) throw new Error("official signer oracle: the request carries no SDK-HMAC-SHA256 Authorization");
  return names.split(";");
}

/** The official signer's Authorization for `request` as sent, over the headers it names as signed. */
export function officialAuthorization(request: SentRequest, credentials: { accessKeyId: string; secretAccessKey: string }): string {
  if (request.url.pathname.includes("%")) throw new Error("official signer oracle: it encodes percent-escapes again (outside its domain)");
  const headers: Record<string, string> = {};
  for (const name of signedHeaderNames(request)) {
    if (name === "host") continue; // it takes the host from the endpoint
    const value = request.headers.get(name);
    if (value === null) throw new Error(`official signer oracle: signed header ${name} was not sent`);
    headers[OFFICIAL_SPELLING[name] ?? name] = value;
  }
  if (headers["X-Sdk-Date"] === undefined) throw new Error("official signer oracle: X-Sdk-Date is not signed");
  const queryParams: Record<string, string | string[]> = {};
  for (const key of new Set(request.url.searchParams.keys())) {
    const values = request.url.searchParams.getAll(key);
    queryParams[key] = values.length === 1 ? values[0]! : values;
  }
  // With X-Sdk-Content-Sha256 it signs that value; otherwise it hashes JSON.stringify(data).
  const hasBody = request.body !== undefined && request.body.byteLength > 0;
  const data = hasBody && headers["X-Sdk-Content-Sha256"] === undefined ? JSON.parse(new TextDecoder().decode(request.body)) : undefined;
  const credential = { getAk: () => credentials.accessKeyId, getSk: () => credentials.secretAccessKey } as unknown as OfficialCredential;
  const endpoint = `${request.url.protocol}//${request.url.host}${request.url.pathname}`;
  const signed = AKSKSigner.sign({ endpoint, method: request.method, headers, queryParams, data } as never, credential) as Record<string, string>;
  const authorization = signed["Authorization"];
  if (!authorization) throw new Error("official signer oracle: no Authorization computed");
  return authorization;
}
