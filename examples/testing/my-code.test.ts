/**
 * README "Testing your code": a user's own vitest suite against the mock, run by `npm test`
 * (vitest project "examples") and type-checked by `npm run typecheck`.
 */
import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { BcsClient, PcaClient, RateLimitError } from "../../src/index.js";
import { startMock, type RunningMock } from "../../src/testing/index.js";

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock(); // an emulated Private CA and Prism, behind a gateway that checks tokens and AK/SK signatures
});
afterAll(() => mock.stop());
beforeEach(() => mock.reset()); // no scenario, recorded request or CA left from the test before

const bcs = () =>
  new BcsClient({
    endpoint: mock.endpoints.bcs,
    projectId: mock.credentials.projectId,
    credentials: { accessKeyId: mock.credentials.accessKeyId, secretAccessKey: mock.credentials.secretAccessKey },
  });
const blockchain_id = "4f9d8a2e-0c56-11ee-9c1a-0255ac100b05";

it("downloads the CA certificates, retrying once when throttled", async () => {
  mock.scenario({ operation: "downloadCertificates", respond: { status: 429, retryAfter: 1 } });

  const file = await bcs().downloadCertificates({ blockchain_id, org_name: "org1", cert_type: "ca" });

  expect(file.data.byteLength).toBeGreaterThan(0);
  expect(mock.requests.map((r) => r.status)).toEqual([429, 200]);
  expect(mock.requests[1]).toMatchObject({
    operationId: "downloadCertificates",
    query: { org_name: "org1", cert_type: "ca" },
    auth: { mode: "aksk", signatureValid: true },
  });
});

it("gives up with a RateLimitError when throttling lasts", async () => {
  mock.scenario({
    operation: "downloadCertificates",
    times: Infinity,
    respond: { status: 429, retryAfter: 0, body: { error_code: "APIGW.0308", error_msg: "throttled" } },
  });

  const download = bcs().downloadCertificates({ blockchain_id, org_name: "org1", cert_type: "ca" });

  await expect(download).rejects.toBeInstanceOf(RateLimitError);
  await expect(download).rejects.toMatchObject({ status: 429, errorCode: "APIGW.0308" });
  expect(mock.requests).toHaveLength(3); // the first try and the SDK's two retries
});

it("issues a certificate that chains to its CA, and revokes it", async () => {
  const pca = new PcaClient({ endpoint: mock.endpoints.pca, credentials: { token: mock.credentials.token } });
  const { subordinateId } = await mock.privateCa!.seedHierarchy(); // a root and an active subordinate

  const { certificate_id } = await pca.issueCertificate({
    issuer_id: subordinateId,
    key_algorithm: "EC256",
    signature_algorithm: "SHA256",
    distinguished_name: { common_name: "app.internal" },
    validity: { type: "DAY", value: 30 },
  });
  const { certificate } = await pca.exportCertificate({ certificate_id: certificate_id!, is_compressed: "false", type: "OTHER" });
  const issuing = await pca.exportCertificateAuthorityCertificate({ ca_id: subordinateId });
  expect(new X509Certificate(certificate!).verify(new X509Certificate(issuing.certificate!).publicKey)).toBe(true);

  await pca.revokeCertificate({ certificate_id: certificate_id!, reason: "KEY_COMPROMISE" });
  expect((await pca.getCertificate({ certificate_id: certificate_id! })).status).toBe("REVOKED");
});
