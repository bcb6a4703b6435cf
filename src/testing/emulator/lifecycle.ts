/**
 * Statuses and the transitions each operation allows. Sources (pages under
 * https://support.huaweicloud.com/.../api-ccm/, and huaweicloud-sdk-go-v3 models):
 *  - CA statuses PENDING, ACTIVED, DISABLED, DELETED (scheduled for deletion), EXPIRED; only an
 *    ACTIVED CA may issue: model_certificate_authorities.go (status).
 *  - Activate: only PENDING (Activating a CA). Export CSR: only PENDING (Exporting a CSR of a CA).
 *    Import: only a PENDING subordinate (Importing a CA Certificate).
 *  - Disable: only ACTIVED or EXPIRED (Disabling a Private CA). Enable: only DISABLED (Enabling a
 *    Private CA).
 *  - Delete: only PENDING (removed at once) or DISABLED (scheduled, pending_days) (Deleting a
 *    Private CA). Restore: only DELETED, to DISABLED (Restoring a CA).
 *  - Export CA certificate: only ACTIVED or EXPIRED (Exporting a CA Certificate).
 *  - Certificate statuses ISSUED, EXPIRED, REVOKED: model_certificates.go.
 * A refusal of a transition has no documented code: wrongState() (errors.ts).
 */
import { Refusal, wrongState } from "./errors.js";
import type { CaRecord, CertificateRecord, EmulatorState } from "./state.js";

export type CaStatus = CaRecord["status"] | "EXPIRED";

/** A CA's status at `now`: an ACTIVED CA past its not_after reads EXPIRED. */
export function caStatus(ca: CaRecord, now: Date): CaStatus {
  if (ca.status === "ACTIVED" && ca.certificate !== undefined && ca.certificate.notAfter.getTime() <= now.getTime()) return "EXPIRED";
  return ca.status;
}

export function certificateStatus(certificate: CertificateRecord, now: Date): "ISSUED" | "REVOKED" | "EXPIRED" {
  if (certificate.status === "ISSUED" && certificate.certificate.notAfter.getTime() <= now.getTime()) return "EXPIRED";
  return certificate.status;
}

/** Refuses unless the CA's status at `now` is one of `allowed`. */
export function requireCaStatus(ca: CaRecord, now: Date, ...allowed: CaStatus[]): void {
  if (!allowed.includes(caStatus(ca, now))) throw wrongState();
}

/** A CA by id; PCA.10010002 when there is none (the service's answer, per the Terraform provider). */
export function findCa(state: EmulatorState, id: string): CaRecord {
  const ca = state.cas.get(id);
  if (ca === undefined) throw new Refusal("PCA.10010002");
  return ca;
}

export function findCertificate(state: EmulatorState, id: string): CertificateRecord {
  const certificate = state.certificates.get(id);
  if (certificate === undefined) throw new Refusal("PCA.10010002");
  return certificate;
}

/** A CA that may issue at `now`: ACTIVED, holding its key (not one whose key stays with a user). */
export function requireIssuer(ca: CaRecord, now: Date): asserts ca is CaRecord & { key: NonNullable<CaRecord["key"]> } {
  requireCaStatus(ca, now, "ACTIVED");
  if (ca.key === undefined || ca.certificate === undefined) throw wrongState();
}

/** Scheduled deletions whose day has come: the CA and its tags are gone. */
export function sweepDeleted(state: EmulatorState, now: Date): void {
  for (const [id, ca] of state.cas) {
    if (ca.status === "DELETED" && ca.deleteTime !== null && ca.deleteTime <= now.getTime()) {
      state.cas.delete(id);
      state.caTags.delete(id);
    }
  }
}
