/**
 * The mock gateway against an oracle that is not this SDK's code: every AK/SK operation, with
 * its Authorization replaced (after the SDK signed it) by the one Huawei's official signer
 * computes for the same request (test/support/official-signer.ts), must be accepted. The SDK's
 * signer and the gateway's verifier share one canonicaliser, so SDK-signed requests alone would
 * pass even when that canonicaliser is wrong; the official signature does not.
 */
import { describe, expect, inject, it } from "vitest";
import { zipStored } from "../../examples/lib/zip.js";
import { AuthenticationError, BcsClient, PcaClient } from "../../src/index.js";
import { officialAuthorization } from "../support/official-signer.js";

const mock = inject("mock");
const aksk = { accessKeyId: mock.credentials.accessKeyId, secretAccessKey: mock.credentials.secretAccessKey };

/** A fetch that re-signs each request with the official signer (using `secret`) before sending it. */
function officiallySigned(statuses: number[], secret = aksk.secretAccessKey): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    // The transport sends a JSON body as the string it signed, a form as bytes.
    const body = typeof init?.body === "string" ? new TextEncoder().encode(init.body) : init?.body instanceof Uint8Array ? init.body : undefined;
    if (init?.body != null && body === undefined) throw new Error("official-signer test: the transport sent a body that is neither a string nor bytes");
    headers.set("authorization", officialAuthorization({ method: init?.method ?? "GET", url, headers, body }, { ...aksk, secretAccessKey: secret }));
    const response = await fetch(url, { ...init, headers });
    statuses.push(response.status);
    return response;
  };
}

function clients(fetchImpl: typeof fetch) {
  const common = { credentials: aksk, fetch: fetchImpl, maxRetries: 0 };
  return {
    bcs: new BcsClient({ ...common, endpoint: mock.endpoints.bcs, projectId: mock.credentials.projectId }),
    pca: new PcaClient({ ...common, endpoint: mock.endpoints.pca, domainId: mock.credentials.domainId }),
  };
}

const target = { blockchain_id: "4f9d8a2e-0c56-11ee-9c1a-0255ac100b05", org_name: "org1" };
const caId = "4c0e772e-a30c-4029-b929-b7acb04143f7";
const zip = zipStored({ "user01.pem": "-----BEGIN CERTIFICATE-----\n" });

const calls: ReadonlyArray<readonly [string, (c: ReturnType<typeof clients>) => Promise<unknown>]> = [
  ["generateUserCertificate", (c) => c.bcs.generateUserCertificate({ ...target, user_name: "user01", security_mode: true })],
  ["downloadCertificates", (c) => c.bcs.downloadCertificates({ ...target, cert_type: "ca" })],
  ["freezeUserCertificate", (c) => c.bcs.freezeUserCertificate({ ...target, user_name: "user01", file: zip })],
  ["unfreezeUserCertificate", (c) => c.bcs.unfreezeUserCertificate({ ...target, user_name: "user01", file: zip })],
  [
    "activateCertificateAuthority",
    (c) =>
      c.pca.activateCertificateAuthority({
        ca_id: caId,
        issuer_id: "c718fe5f-d44a-467f-80f1-948348ff4132",
        path_length: 3,
        signature_algorithm: "SHA384",
        validity: { type: "MONTH", value: 6 },
      }),
  ],
  ["revokeCertificateAuthority", (c) => c.pca.revokeCertificateAuthority({ ca_id: caId, reason: "KEY_COMPROMISE" })],
];

describe("the mock gateway accepts the official signer's signature", () => {
  it.each(calls)("%s", async (_name, call) => {
    const statuses: number[] = [];
    await call(clients(officiallySigned(statuses)));
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toBeGreaterThanOrEqual(200);
    expect(statuses[0]).toBeLessThan(300);
  });

  it("and rejects an official signature made with another secret (the check is not vacuous)", async () => {
    const statuses: number[] = [];
    const error = await clients(officiallySigned(statuses, "not-the-secret")).bcs.downloadCertificates({ ...target, cert_type: "ca" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(statuses).toEqual([401]);
  });
});
