/**
 * The key and signature hash algorithms the service offers, mapped to Web Crypto. SM2 and SM3
 * (offered on the Chinese Mainland site only) are refused: Web Crypto has neither, and the
 * error-code page's own messages list only RSA2048, RSA4096, EC256, EC384 and SHA256/384/512.
 * Source of the names: huaweicloud-sdk-go-v3 services/ccm/v1/model
 * model_create_certificate_authority_request_body.go (key_algorithm, signature_algorithm).
 */
import { Refusal } from "./errors.js";

export type KeyAlgorithm = "RSA2048" | "RSA4096" | "EC256" | "EC384";
export type SignatureAlgorithm = "SHA256" | "SHA384" | "SHA512";

const KEY_PARAMS: Readonly<Record<KeyAlgorithm, RsaHashedKeyGenParams | EcKeyGenParams>> = {
  RSA2048: { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
  RSA4096: { name: "RSASSA-PKCS1-v1_5", modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
  EC256: { name: "ECDSA", namedCurve: "P-256" },
  EC384: { name: "ECDSA", namedCurve: "P-384" },
};

const HASHES: Readonly<Record<SignatureAlgorithm, string>> = { SHA256: "SHA-256", SHA384: "SHA-384", SHA512: "SHA-512" };

export function keyAlgorithmOf(value: string): KeyAlgorithm {
  if (!Object.hasOwn(KEY_PARAMS, value)) throw new Refusal("PCA.00020102");
  return value as KeyAlgorithm;
}

export function signatureAlgorithmOf(value: string): SignatureAlgorithm {
  if (!Object.hasOwn(HASHES, value)) throw new Refusal("PCA.00020103");
  return value as SignatureAlgorithm;
}

export function keyGenParams(algorithm: KeyAlgorithm): RsaHashedKeyGenParams | EcKeyGenParams {
  return KEY_PARAMS[algorithm];
}

export function isRsa(algorithm: KeyAlgorithm): boolean {
  return algorithm.startsWith("RSA");
}

/** The Web Crypto algorithm that signs with a key of `key` and hashes with `signature`. */
export function signingAlgorithm(key: KeyAlgorithm, signature: SignatureAlgorithm): Algorithm & { hash: string } {
  return { name: isRsa(key) ? "RSASSA-PKCS1-v1_5" : "ECDSA", hash: HASHES[signature] };
}

/** The API's name for a Web Crypto hash name, or undefined for a hash the API does not name. */
export function signatureAlgorithmFromHash(hash: string | undefined): SignatureAlgorithm | undefined {
  return (Object.keys(HASHES) as SignatureAlgorithm[]).find((name) => HASHES[name] === hash);
}
