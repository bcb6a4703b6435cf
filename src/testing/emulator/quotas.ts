/**
 * Quotas. Source: the pages Querying the CA Quota and Querying the Private Certificate Quota
 * (2025-11-28): "CERTIFICATE_AUTHORITY: 100 is specified in the current system. CERTIFICATE:
 * 100000 ...". A subordinate CA issued from a CSR uses no CA quota (Issuing a Certificate with a
 * CSR). Going over a quota has no documented code: PCA.00020001 (errors.ts wrongState).
 */
import { wrongState } from "./errors.js";
import type { EmulatorState } from "./state.js";

export interface Quotas {
  readonly certificateAuthorities: number;
  readonly certificates: number;
}

export const SERVICE_QUOTAS: Quotas = { certificateAuthorities: 100, certificates: 100_000 };

export function usedCas(state: EmulatorState): number {
  let used = 0;
  for (const ca of state.cas.values()) if (ca.listed) used++;
  return used;
}

export function requireCaQuota(state: EmulatorState, quotas: Quotas): void {
  if (usedCas(state) >= quotas.certificateAuthorities) throw wrongState();
}

export function requireCertificateQuota(state: EmulatorState, quotas: Quotas): void {
  if (state.certificates.size >= quotas.certificates) throw wrongState();
}
