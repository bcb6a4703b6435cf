/**
 * Giving a CA its certificate: a root signs its own; a subordinate is signed by its issuer, with
 * basicConstraints CA and its path length. Path lengths: a root's is recorded as 7 and its
 * certificate carries none ("not limited", model_certificate_authorities.go path_length); a
 * subordinate's defaults to 0 and must be below its issuer's, as RFC 5280 path validation
 * requires (no documented code for a breach: PCA.00020001).
 */
import type { SignatureAlgorithm } from "./algorithms.js";
import { wrongState } from "./errors.js";
import { newSerialNumber } from "./ids.js";
import { unixText } from "./pem.js";
import { signingKey } from "./keys.js";
import type { CaRecord } from "./state.js";
import type { Period } from "./validity.js";
import { crlUrl } from "./views.js";
import { makeCertificate } from "./x509.js";

export const ROOT_PATH_LENGTH = 7;

/** The certificate and the chain above it, as PEM ending in a line break each, the CA's own first. */
export function chainOf(ca: CaRecord): string[] {
  return ca.certificate === undefined ? [] : [unixText(ca.certificate.toString("pem")), ...ca.chain];
}

/** A subordinate's path length under `issuer`; PCA.00020001 when the issuer's does not allow it. */
export function subordinatePathLength(issuer: CaRecord, requested: number | undefined): number {
  const pathLength = requested ?? 0;
  if (pathLength < 0 || pathLength >= issuer.pathLength) throw wrongState();
  return pathLength;
}

export interface CaCertificateOptions {
  readonly period: Period;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly keyUsages: number;
  readonly pathLength: number;
}

/** Signs `ca`'s certificate with `issuer` (itself for a root) and makes it ACTIVED. */
export async function activateCa(ca: CaRecord, issuer: CaRecord, options: CaCertificateOptions): Promise<void> {
  const root = issuer === ca;
  if (ca.key === undefined || issuer.key === undefined) throw wrongState();
  const certificate = await makeCertificate(
    {
      subject: ca.distinguishedName,
      publicKey: ca.key.keys.publicKey,
      serialNumber: newSerialNumber(),
      period: options.period,
      signatureAlgorithm: options.signatureAlgorithm,
      ca: { pathLength: root ? null : options.pathLength },
      keyUsages: options.keyUsages,
      ...(root ? {} : withCrl(issuer)),
    },
    {
      certificate: root ? undefined : issuer.certificate,
      key: await signingKey(issuer.key, options.signatureAlgorithm),
      keyAlgorithm: issuer.key.algorithm,
    },
  );
  ca.certificate = certificate;
  ca.chain = root ? [] : chainOf(issuer);
  ca.pathLength = options.pathLength;
  ca.signatureAlgorithm = options.signatureAlgorithm;
  ca.issuerId = root ? null : issuer.id;
  ca.issuerName = root ? null : issuer.distinguishedName.common_name;
  ca.status = "ACTIVED";
}

/** The CRL distribution point a certificate signed by `issuer` carries, while its CRL is enabled. */
export function withCrl(issuer: CaRecord): { crlUrl?: string } {
  const url = crlUrl(issuer);
  return url === undefined ? {} : { crlUrl: url };
}
