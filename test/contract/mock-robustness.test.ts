/**
 * The mock against what other clients and careless suites do to it: the official Python SDK's
 * upload (a file part without a Content-Type, which Prism's own parser dies on) sent as raw
 * bytes, requests the spec forbids, a Prism process that dies under it, reset() between tests
 * while a call of the test before is still waiting, and code that finds its endpoints and
 * credentials in the environment. This file starts its own mock, as a user's suite would.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { zipStored } from "../../examples/lib/zip.js";
import { AbortError, BcsClient, InternalServerError, PcaClient, iamPasswordTokenProvider } from "../../src/index.js";
import { startMock, type RunningMock } from "../../src/testing/index.js";
import { PRISM_STOPPED_WARNING } from "../../src/testing/mock.js";

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock?.stop());
beforeEach(() => mock.reset());

const chain = "4f9d8a2e-0c56-11ee-9c1a-0255ac100b05";
const bcs = () =>
  new BcsClient({
    endpoint: mock.endpoints.bcs,
    projectId: mock.credentials.projectId,
    credentials: { accessKeyId: mock.credentials.accessKeyId, secretAccessKey: mock.credentials.secretAccessKey },
    maxRetries: 0,
  });
const download = (signal?: AbortSignal) => bcs().downloadCertificates({ blockchain_id: chain, org_name: "org1", cert_type: "ca" }, { signal });

describe("the official Python SDK's upload", () => {
  // What requests (under the Python SDK's FormFile) sends: the file part has no Content-Type.
  const boundary = "5b2e8f1c0a9d4e7f8a6b3c2d1e0f9a8b";
  const zip = zipStored({ "user01.pem": "-----BEGIN CERTIFICATE-----\n" });
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="user01.zip"\r\n\r\n`),
    zip,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const upload = (action: "freeze" | "unfreeze") =>
    fetch(`${mock.endpoints.bcs}/v2/${mock.credentials.projectId}/blockchains/${chain}/orgs/org1/usercert/user01/${action}`, {
      method: "POST",
      headers: { "x-auth-token": mock.credentials.token, "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
    });

  it("is answered 200 and recorded, and Prism lives on", async () => {
    const [pid] = mock.pids;
    const response = await upload("freeze");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: "success" });
    expect(mock.requests).toEqual([
      expect.objectContaining({
        operationId: "freezeUserCertificate",
        status: 200,
        error: undefined,
        parts: [{ name: "file", fileName: "user01.zip", contentType: undefined, size: zip.byteLength, value: undefined }],
      }),
    ]);
    expect((await upload("unfreeze")).status).toBe(200);
    expect(mock.pids).toEqual([pid]);
  });
});

describe("a request the spec forbids", () => {
  const token = () => ({ "x-auth-token": mock.credentials.token, "content-type": "application/json" });

  it("gets a 400 that names the rules it broke, not the page's example", async () => {
    const response = await fetch(`${mock.endpoints.bcs}/v2/${mock.credentials.projectId}/blockchains/${chain}/orgs/org1/usercert/BAD`, { method: "POST", headers: token(), body: "{}" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error_code: "MOCK.SPEC_VIOLATION",
      error_msg:
        "the request breaks the spec: Request path parameter user_name must NOT have fewer than 4 characters; " +
        'Request path parameter user_name must match pattern "^[a-z][a-z0-9]*$"',
      request_id: response.headers.get("x-request-id"),
    });
  });

  it("gets the same from PCA instead of PCA.XXX", async () => {
    const response = await fetch(`${mock.endpoints.pca}/v1/private-certificate-authorities/4c0e772e-a30c-4029-b929-b7acb04143f7/revoke`, { method: "POST", headers: token(), body: '{"reason":"NOPE"}' });
    const answer = await response.json();
    expect(answer.error_code).toBe("MOCK.SPEC_VIOLATION");
    expect(answer.error_msg).toMatch(/^the request breaks the spec: Request body property reason must be equal to one of the allowed values: UNSPECIFIED, KEY_COMPROMISE/);
  });

  it("gets IAM's nested error shape from IAM", async () => {
    const response = await fetch(`${mock.endpoints.iam}/v3/auth/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"auth":{}}' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toEqual({
      code: "MOCK.SPEC_VIOLATION",
      message: "the request breaks the spec: Request body property auth must have required property 'identity'",
      request_id: response.headers.get("x-request-id"),
    });
  });
});

describe("file answers", () => {
  it("carry a file name", async () => {
    const file = await download();
    expect(file.fileName).toBe("downloadCertificates");
  });
});

describe("a Prism process that dies", () => {
  it("is reported at once to every later call, with a warning; restart() brings the mock back behind the same endpoints", async () => {
    const warnings: Error[] = [];
    const listen = (warning: Error) => warnings.push(warning);
    process.on("warning", listen);
    try {
      const [pid] = mock.pids;
      process.kill(pid!, "SIGKILL");
      const failed = await download().catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(InternalServerError);
      expect(failed).toMatchObject({ status: 502, errorCode: "APIGW.0202" });
      const reason = "mock gateway: the mock's Prism process stopped by itself (SIGKILL), so the mock cannot answer: call mock.restart(), or start a new mock. Its last output:\n(none)";
      expect((failed as InternalServerError).errorMessage).toBe(reason);
      expect(mock.requests).toEqual([expect.objectContaining({ operationId: "downloadCertificates", status: 502, error: reason })]);
      await vi.waitFor(() => expect(warnings.map((w) => (w as { code?: string }).code)).toEqual([PRISM_STOPPED_WARNING]));

      await mock.restart();
      expect(mock.pids).not.toEqual([pid]);
      expect((await download()).data.byteLength).toBeGreaterThan(0);
      expect(warnings).toHaveLength(1);
    } finally {
      process.off("warning", listen);
    }
  });
});

describe("reset() between tests", () => {
  // The repro: test A aborts a call the mock holds back (delayMs), test B makes one call and must
  // see one record, 20 times over.
  for (let run = 1; run <= 20; run++) {
    it(`run ${run}, test A: a download aborted while the mock holds it back`, async () => {
      const held = mock.scenario({ operation: "downloadCertificates", respond: { delayMs: 2000 } });
      const controller = new AbortController();
      const call = download(controller.signal);
      await vi.waitFor(() => expect(held.used).toBe(1));
      controller.abort();
      await expect(call).rejects.toBeInstanceOf(AbortError);
    });

    it(`run ${run}, test B: one call, one record`, async () => {
      await download();
      expect(mock.requests).toHaveLength(1);
      expect(mock.requests[0]).toMatchObject({ operationId: "downloadCertificates", status: 200, scenario: false });
    });
  }
});

describe("code that reads its endpoints and credentials from the environment", () => {
  it("reaches the mock through environment(region), unchanged", async () => {
    const env = mock.environment("cn-north-4");
    const file = await new BcsClient({ region: "cn-north-4", env }).downloadCertificates({ blockchain_id: chain, org_name: "org1", cert_type: "ca" });
    // The stateful Private CA revokes a subordinate it holds.
    const { subordinateId } = await mock.privateCa!.seedHierarchy();
    await new PcaClient({ region: "cn-north-4", env }).revokeCertificateAuthority({ ca_id: subordinateId });
    const token = await iamPasswordTokenProvider({ userName: "u", password: "p", domainName: "d", scope: { project: { name: "cn-north-4" } }, env })();
    expect(file.requestId).toMatch(/^mock-/);
    expect(typeof token === "string" ? token : token.token).not.toBe("");
    expect(mock.requests.map((r) => [r.service, r.operationId, r.auth.mode, r.status])).toEqual([
      ["bcs", "downloadCertificates", "aksk", 200],
      ["pca", "revokeCertificateAuthority", "aksk", 204],
      ["iam", "createUserTokenByPassword", "none", 201],
    ]);
  });
});
