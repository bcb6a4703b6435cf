/**
 * Making certificates: a self-signed root, a CA certificate signed by its issuer (basicConstraints
 * CA with the path length asked for), and a private certificate with the subject, SANs, key usages,
 * extended key usages and validity asked for. All signing is Web Crypto through @peculiar/x509.
 */
import { signingAlgorithm, type KeyAlgorithm, type SignatureAlgorithm } from "./algorithms.js";
import { toX509Name, type DistinguishedName } from "./names.js";
import type { Period } from "./validity.js";
import { x509 } from "./x509-library.js";

/** Who signs: the issuing CA's certificate (absent for a self-signed root) and key. */
export interface Signer {
  readonly certificate: x509.X509Certificate | undefined;
  readonly key: CryptoKey;
  readonly keyAlgorithm: KeyAlgorithm;
}

export interface CertificateRequest {
  readonly subject: DistinguishedName | x509.Name;
  readonly publicKey: CryptoKey | x509.PublicKey;
  readonly serialNumber: string;
  readonly period: Period;
  readonly signatureAlgorithm: SignatureAlgorithm;
  /** A CA certificate: its path length, or null for none (a root's is not limited). */
  readonly ca?: { readonly pathLength: number | null };
  readonly keyUsages?: number;
  readonly extendedKeyUsages?: readonly string[];
  readonly subjectAlternativeNames?: x509.JsonGeneralName[];
  /** Where the issuer's CRL is published, when its CRL is enabled. */
  readonly crlUrl?: string;
  readonly extraExtensions?: readonly x509.Extension[];
}

export async function makeCertificate(request: CertificateRequest, signer: Signer): Promise<x509.X509Certificate> {
  const subject = request.subject instanceof x509.Name ? request.subject : new x509.Name(toX509Name(request.subject));
  const extensions: x509.Extension[] = [];
  extensions.push(request.ca ? new x509.BasicConstraintsExtension(true, request.ca.pathLength ?? undefined, true) : new x509.BasicConstraintsExtension(false, undefined, true));
  if (request.keyUsages !== undefined && request.keyUsages !== 0) extensions.push(new x509.KeyUsagesExtension(request.keyUsages, true));
  if (request.extendedKeyUsages !== undefined && request.extendedKeyUsages.length > 0) {
    extensions.push(new x509.ExtendedKeyUsageExtension([...request.extendedKeyUsages], false));
  }
  if (request.subjectAlternativeNames !== undefined && request.subjectAlternativeNames.length > 0) {
    extensions.push(new x509.SubjectAlternativeNameExtension(request.subjectAlternativeNames, false));
  }
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(request.publicKey));
  const issuerPublicKey = signer.certificate?.publicKey ?? request.publicKey;
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuerPublicKey));
  if (request.crlUrl !== undefined) extensions.push(new x509.CRLDistributionPointsExtension([request.crlUrl]));
  extensions.push(...(request.extraExtensions ?? []));
  return x509.X509CertificateGenerator.create({
    serialNumber: request.serialNumber,
    subject,
    issuer: signer.certificate?.subjectName ?? subject,
    notBefore: request.period.notBefore,
    notAfter: request.period.notAfter,
    publicKey: request.publicKey,
    signingKey: signer.key,
    signingAlgorithm: signingAlgorithm(signer.keyAlgorithm, request.signatureAlgorithm),
    extensions,
  });
}

/** A certificate from PEM (either line break), or undefined when it is not one. */
export function parseCertificate(pem: string): x509.X509Certificate | undefined {
  try {
    return new x509.X509Certificate(pem.replace(/\r\n/g, "\n"));
  } catch {
    return undefined;
  }
}

/** Whether the certificate says it belongs to a CA (basicConstraints cA). */
export function isCaCertificate(certificate: x509.X509Certificate): boolean {
  return certificate.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}
