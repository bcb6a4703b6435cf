/**
 * README "Testing your code": a user's own vitest suite against the mock, run by `npm test`
 * (vitest project "examples") and type-checked by `npm run typecheck`.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { BcsClient, PcaClient, RateLimitError } from "../../src/index.js";
import { startMock, type RunningMock } from "../../src/testing/index.js";

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock(); // Prism behind a gateway that checks tokens and AK/SK signatures, on 127.0.0.1
});
afterAll(() => mock.stop());
beforeEach(() => mock.reset()); // no scenario or recorded request left from the test before

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

it("revokes a CA with a token, sending the reason", async () => {
  const pca = new PcaClient({ endpoint: mock.endpoints.pca, credentials: { token: mock.credentials.token } });

  await pca.revokeCertificateAuthority({ ca_id: "4c0e772e-a30c-4029-b929-b7acb04143f7", reason: "KEY_COMPROMISE" });

  expect(mock.requests[0]).toMatchObject({ method: "POST", body: { reason: "KEY_COMPROMISE" }, auth: { mode: "token" }, status: 204 });
});
