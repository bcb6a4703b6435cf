/**
 * The API's view of a CA and of a private certificate. Members from huaweicloud-sdk-go-v3
 * services/ccm/v1/model/model_certificate_authorities.go and model_certificates.go. A member
 * without a value is null, as the pages say of a root CA's issuer_id and issuer_name.
 */
import { caStatus, certificateStatus } from "./lifecycle.js";
import type { CaRecord, CertificateRecord } from "./state.js";

/** Every emulated resource is in the default enterprise project ("0", per the models). */
const DEFAULT_ENTERPRISE_PROJECT = "0";
/** Not frozen (freeze_flag 0; other values are reserved). */
const NOT_FROZEN = 0;
/** The emulator makes on-demand CAs (charging_mode 1); yearly/monthly orders are not imitated. */
const ON_DEMAND = 1;

export function caView(ca: CaRecord, now: Date): Record<string, unknown> {
  return {
    ca_id: ca.id,
    type: ca.type,
    status: caStatus(ca, now),
    path_length: ca.pathLength,
    issuer_id: ca.issuerId,
    issuer_name: ca.issuerName,
    key_algorithm: ca.keyAlgorithm,
    signature_algorithm: ca.signatureAlgorithm ?? null,
    freeze_flag: NOT_FROZEN,
    gen_mode: ca.genMode,
    serial_number: ca.certificate?.serialNumber ?? null,
    create_time: ca.createTime,
    delete_time: ca.deleteTime,
    not_before: ca.certificate?.notBefore.getTime() ?? null,
    not_after: ca.certificate?.notAfter.getTime() ?? null,
    distinguished_name: { ...ca.distinguishedName },
    crl_configuration: crlView(ca),
    enterprise_project_id: DEFAULT_ENTERPRISE_PROJECT,
    charging_mode: ON_DEMAND,
  };
}

/**
 * crl_dis_point is made from the bucket and the CRL's name, as the model says the service makes
 * it from them and the OBS address; the exact address form is the emulator's.
 */
function crlView(ca: CaRecord): Record<string, unknown> {
  if (ca.crl === undefined) return { enabled: false };
  return {
    enabled: true,
    crl_name: ca.crl.crlName,
    obs_bucket_name: ca.crl.obsBucketName,
    valid_days: ca.crl.validDays,
    crl_dis_point: crlUrl(ca) ?? null,
  };
}

export function crlUrl(ca: CaRecord): string | undefined {
  return ca.crl === undefined ? undefined : `https://${ca.crl.obsBucketName}.obs.myhuaweicloud.com/${ca.crl.crlName}.crl`;
}

export function certificateView(certificate: CertificateRecord, now: Date): Record<string, unknown> {
  return {
    certificate_id: certificate.id,
    status: certificateStatus(certificate, now),
    issuer_id: certificate.issuerId,
    issuer_name: certificate.issuerName,
    key_algorithm: certificate.keyAlgorithm,
    signature_algorithm: certificate.signatureAlgorithm,
    freeze_flag: NOT_FROZEN,
    gen_mode: certificate.genMode,
    serial_number: certificate.certificate.serialNumber,
    create_time: certificate.createTime,
    delete_time: null,
    not_before: certificate.certificate.notBefore.getTime(),
    not_after: certificate.certificate.notAfter.getTime(),
    distinguished_name: { ...certificate.distinguishedName },
    enterprise_project_id: DEFAULT_ENTERPRISE_PROJECT,
  };
}
