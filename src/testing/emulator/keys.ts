/**
 * Key pairs. Keys are generated extractable (an export hands out the private key) and kept with
 * their PKCS#8 bytes: Web Crypto binds an RSA key to one hash at import, so a CA whose
 * certificates are signed with another hash than its key was made for re-imports the key.
 */
import { createPrivateKey } from "node:crypto";
import { isRsa, keyGenParams, signingAlgorithm, type KeyAlgorithm, type SignatureAlgorithm } from "./algorithms.js";

export interface KeyMaterial {
  readonly algorithm: KeyAlgorithm;
  readonly keys: CryptoKeyPair;
  readonly pkcs8: Uint8Array<ArrayBuffer>;
  readonly spki: Uint8Array<ArrayBuffer>;
}

export async function generateKey(algorithm: KeyAlgorithm): Promise<KeyMaterial> {
  const keys = (await crypto.subtle.generateKey(keyGenParams(algorithm), true, ["sign", "verify"])) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", keys.privateKey));
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", keys.publicKey));
  return { algorithm, keys, pkcs8, spki };
}

/** The private key, ready to sign with `signature`'s hash. */
export async function signingKey(material: KeyMaterial, signature: SignatureAlgorithm): Promise<CryptoKey> {
  const algorithm = signingAlgorithm(material.algorithm, signature);
  if (!isRsa(material.algorithm) || (material.keys.privateKey.algorithm as RsaHashedKeyAlgorithm).hash.name === algorithm.hash) {
    return material.keys.privateKey;
  }
  return crypto.subtle.importKey("pkcs8", material.pkcs8, algorithm, false, ["sign"]);
}

/** The private key as PKCS#8 PEM, encrypted with AES-256-CBC under `password` when one is given. */
export function privateKeyPem(material: KeyMaterial, password?: string): string {
  const key = createPrivateKey({ key: Buffer.from(material.pkcs8), format: "der", type: "pkcs8" });
  const pem =
    password === undefined
      ? key.export({ format: "pem", type: "pkcs8" })
      : key.export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: password });
  return pem.toString();
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
