/**
 * A CA's certificate revocation list: every serial the CA revoked, with its reason, signed by the
 * CA, valid for the CRL's update period (valid_days). The service writes it to the user's OBS
 * bucket; the emulator makes it on demand.
 */
import { signingAlgorithm, type KeyAlgorithm, type SignatureAlgorithm } from "./algorithms.js";
import { x509 } from "./x509-library.js";

export interface RevokedSerial {
  readonly serialNumber: string;
  readonly revokedAt: Date;
  /** The API's reason (RevokeCertificateRequestBody.reason). */
  readonly reason: string;
}

/** The API's reasons → RFC 5280 CRLReason (huaweicloud-sdk-go-v3 model_revoke_certificate_request_body.go). */
const REASONS: Readonly<Record<string, x509.X509CrlReason>> = {
  UNSPECIFIED: x509.X509CrlReason.unspecified,
  KEY_COMPROMISE: x509.X509CrlReason.keyCompromise,
  CERTIFICATE_AUTHORITY_COMPROMISE: x509.X509CrlReason.cACompromise,
  AFFILIATION_CHANGED: x509.X509CrlReason.affiliationChanged,
  SUPERSEDED: x509.X509CrlReason.superseded,
  CESSATION_OF_OPERATION: x509.X509CrlReason.cessationOfOperation,
  CERTIFICATE_HOLD: x509.X509CrlReason.certificateHold,
  PRIVILEGE_WITHDRAWN: x509.X509CrlReason.privilegeWithdrawn,
  ATTRIBUTE_AUTHORITY_COMPROMISE: x509.X509CrlReason.aACompromise,
};

export function isRevocationReason(value: string): boolean {
  return Object.hasOwn(REASONS, value);
}

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CrlSigner {
  readonly certificate: x509.X509Certificate;
  readonly key: CryptoKey;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly signatureAlgorithm: SignatureAlgorithm;
}

export async function makeCrl(signer: CrlSigner, revoked: readonly RevokedSerial[], now: Date, validDays: number): Promise<string> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: signer.certificate.subjectName,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + validDays * DAY_MS),
    signingKey: signer.key,
    signingAlgorithm: signingAlgorithm(signer.keyAlgorithm, signer.signatureAlgorithm),
    entries: revoked.map((entry) => ({ serialNumber: entry.serialNumber, revocationDate: entry.revokedAt, reason: REASONS[entry.reason]! })),
    extensions: [await x509.AuthorityKeyIdentifierExtension.create(signer.certificate.publicKey)],
  });
  // RFC 7468 labels a CRL "X509 CRL" (the library writes "CRL", which OpenSSL does not read).
  return `${x509.PemConverter.encode(crl.rawData, "X509 CRL")}\n`;
}
