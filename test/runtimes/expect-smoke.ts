/** What every run of the smoke program must report, whichever runtime or module format ran it. */
import { expect } from "vitest";
import type { SmokeReport } from "./smoke.js";

export interface Outcome {
  readonly runtime: string;
  readonly report: SmokeReport;
}

const requestId = expect.stringMatching(/^mock-/);
const fileReport = { bytes: expect.any(Number), blobBytes: expect.any(Number), sha256Bytes: 32, requestId };

export function expectSmokePassed(outcome: Outcome): void {
  const perCredentials = {
    generateUserCertificate: fileReport,
    downloadCertificates: fileReport,
    freezeUserCertificate: { result: "success", requestId },
    unfreezeUserCertificate: { result: "success", requestId },
    activateCertificateAuthority: { requestId },
    revokeCertificateAuthority: { requestId },
  };
  expect(outcome.report).toEqual({
    token: perCredentials,
    akSk: perCredentials,
    validationError: { guard: true, parameter: "cert_type", rule: "enum" },
    apiError: { guard: true, status: 401, requestId },
  });
  for (const kind of ["token", "akSk"] as const) {
    for (const op of ["generateUserCertificate", "downloadCertificates"] as const) {
      const file = outcome.report[kind][op];
      expect(file.bytes).toBeGreaterThan(0);
      expect(file.blobBytes).toBe(file.bytes);
    }
  }
}

