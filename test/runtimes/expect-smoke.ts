/** What every run of the smoke program must report, whichever runtime or module format ran it. */
import { expect } from "vitest";
import type { SmokeReport } from "./smoke.js";

export interface Outcome {
  readonly runtime: string;
  readonly report: SmokeReport;
}

const requestId = expect.stringMatching(/^mock-/);
const fileReport = { bytes: expect.any(Number), blobBytes: expect.any(Number), sha256Bytes: 32, requestId };

/** `browser`: the run was a page's bundle, which gets the package's "browser" build. */
export function expectSmokePassed(outcome: Outcome, where: "browser" | "server" = "server"): void {
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
    serverProviders: expect.any(Object),
  });
  const { profileFile, ecsMetadata } = outcome.report.serverProviders;
  if (where === "browser") {
    // The twins: no file system, no metadata request (the page's routes saw no port 9).
    expect(profileFile).toEqual({ notFound: true, message: "profile file: not available in the browser build (no file system)" });
    expect(ecsMetadata).toEqual({ notFound: true, message: "ECS metadata: not available in the browser build" });
  } else {
    // The real providers: the file was looked for, the (loopback) service was asked.
    expect(profileFile.message).toMatch(/^profile file: (\/nonexistent\/\S+ does not exist|cannot read \/nonexistent\/\S+)/);
    expect(ecsMetadata.notFound).toBe(true);
    expect(ecsMetadata.message).toMatch(/^ECS metadata: /);
    expect(ecsMetadata.message).not.toMatch(/browser build/);
  }
  for (const kind of ["token", "akSk"] as const) {
    for (const op of ["generateUserCertificate", "downloadCertificates"] as const) {
      const file = outcome.report[kind][op];
      expect(file.bytes).toBeGreaterThan(0);
      expect(file.blobBytes).toBe(file.bytes);
    }
  }
}

