/**
 * The service's refusals: HTTP status, error_code and error_msg. Every code names its source; the
 * CCM error-code documentation could be read only up to PCA.00020202, so refusals the readable part does
 * not cover borrow the closest documented code, and say so where they are made.
 *
 * Sources:
 *  - ERROR_PAGE: https://support.huaweicloud.com/eu/api-ccm/ErrorCode.html (2023-12-14), and its
 *    Chinese twin https://support.huaweicloud.com/api-ccm/ErrorCode.html (which reaches PCA.00020202).
 *  - TERRAFORM: huaweicloud/terraform-provider-huaweicloud, huaweicloud/services/ccm/
 *    resource_huaweicloud_ccm_private_ca.go and resource_huaweicloud_ccm_private_certificate.go:
 *    a CA or certificate that does not exist is answered 400 with PCA.10010002 (message not shown).
 *  - TERRAFORM_PR_4362: the provider's pull request 4362 quotes the service's 400 PCA.10010105
 *    "invalid parameter format, parameter name: certificate_id".
 */
import type { EmulatorAnswer } from "./types.js";

interface ErrorEntry {
  readonly status: number;
  readonly message: string;
}

export const ERRORS = {
  /** ERROR_PAGE. Also the code borrowed for every refusal no source gives a code for. */
  "PCA.00020001": { status: 400, message: "Incorrect parameter." },
  /** ERROR_PAGE */
  "PCA.00020101": { status: 400, message: "Incorrect certificate distinguished name." },
  /** ERROR_PAGE: also SM2, which Web Crypto lacks (the international site does not offer it either). */
  "PCA.00020102": { status: 400, message: "Invalid key algorithm. Only RSA2048, RSA4096, EC256, and EC384 are supported." },
  /** ERROR_PAGE: also SM3. */
  "PCA.00020103": { status: 400, message: "Invalid signature hash algorithm. Only SHA256, SHA384, and SHA512 are supported." },
  /** ERROR_PAGE */
  "PCA.00020109": { status: 400, message: "Invalid validity period type or value. Only year, month, or day supported." },
  /** ERROR_PAGE */
  "PCA.00020110": { status: 400, message: "Incorrect domain name." },
  /** ERROR_PAGE */
  "PCA.00020111": { status: 400, message: "Invalid IP. Enter an IPv4 address." },
  /** ERROR_PAGE */
  "PCA.00020112": { status: 400, message: "Invalid alternative name type of the certificate subject. Enter an IP or DNS." },
  /** ERROR_PAGE */
  "PCA.00020201": { status: 400, message: "Invalid CA ID. Valid CA IDs use a hexadecimal xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx format." },
  /** ERROR_PAGE (the Chinese twin; the English one is cut before its message) */
  "PCA.00020202": { status: 400, message: "Invalid CA type. Only root CA and subordinate CA are supported." },
  /** TERRAFORM: the code and status are the service's; no source shows its message, this one is the emulator's. */
  "PCA.10010002": { status: 400, message: "The resource does not exist." },
  /** TERRAFORM_PR_4362 */
  "PCA.10010105": { status: 400, message: "invalid parameter format, parameter name: certificate_id" },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERRORS;

/** Thrown inside a handler; the emulator turns it into the answer. */
export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Replaces the documented message where the emulator itself cannot do what was asked. */
    readonly messageOverride?: string,
  ) {
    super(`${code}: ${messageOverride ?? ERRORS[code].message}`);
    this.name = "Refusal";
  }
}

/** The answer for a refusal: the code's status and a Huawei error body. */
export function refusalAnswer(refusal: Refusal): EmulatorAnswer {
  const entry: ErrorEntry = ERRORS[refusal.code];
  return { status: entry.status, body: { error_code: refusal.code, error_msg: refusal.messageOverride ?? entry.message } };
}

/**
 * A request the service accepts but the state of the resource forbids (activating an active CA,
 * issuing from a disabled one ...). No readable source gives these a code: the closest documented
 * one is PCA.00020001, "Incorrect parameter.".
 */
export function wrongState(): Refusal {
  return new Refusal("PCA.00020001");
}
