/**
 * Certificate signing requests: the PKCS#10 CSR a pending CA exports (of its own key and name),
 * and reading a CSR a user sends (CreateCertificateByCsr, ParseCertificateSigningRequest).
 */
import { signingAlgorithm, type SignatureAlgorithm } from "./algorithms.js";
import { Refusal } from "./errors.js";
import type { KeyMaterial } from "./keys.js";
import { toX509Name, type DistinguishedName } from "./names.js";
import { x509 } from "./x509-library.js";

export async function makeCsr(name: DistinguishedName, key: KeyMaterial, signature: SignatureAlgorithm, signer: CryptoKey): Promise<string> {
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: toX509Name(name),
    keys: { publicKey: key.keys.publicKey, privateKey: signer },
    signingAlgorithm: signingAlgorithm(key.algorithm, signature),
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  return csr.toString("pem");
}

/** A CSR from the API's text; not a CSR, or one whose signature does not verify, is PCA.00020001. */
export async function readCsr(text: string): Promise<x509.Pkcs10CertificateRequest> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(text.replace(/\r\n/g, "\n").trim());
  } catch {
    throw new Refusal("PCA.00020001");
  }
  if (!(await csr.verify().catch(() => false))) throw new Refusal("PCA.00020001");
  return csr;
}

/** The key usages a CSR asks for in its extension request, or undefined when it asks for none. */
export function requestedKeyUsages(csr: x509.Pkcs10CertificateRequest): number | undefined {
  const extension = csr.extensions.find((item) => item instanceof x509.KeyUsagesExtension);
  return extension === undefined ? undefined : (extension as x509.KeyUsagesExtension).usages;
}
