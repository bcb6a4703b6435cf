/**
 * The stateful mock through HTTP alone: another client (any language's HTTP library; here plain
 * fetch, no SDK code) gets a token from the mock's IAM, then walks a private CA's lifecycle with
 * X-Auth-Token: root, subordinate, activation, issue, export, revoke. The certificates it gets
 * back are real: the leaf verifies against the subordinate, the subordinate against the root.
 */
import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock, type RunningMock } from "../../src/testing/index.js";

let mock: RunningMock;
let token: string;
beforeAll(async () => {
  mock = await startMock();
  const response = await fetch(`${mock.endpoints.iam}/v3/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: { methods: ["password"], password: { user: { name: "alice", password: "not-a-secret", domain: { name: "example" } } } },
        scope: { domain: { name: "example" } },
      },
    }),
  });
  expect(response.status).toBe(201);
  token = response.headers.get("X-Subject-Token")!;
  expect(token).toBeTruthy();
}, 60_000);
afterAll(() => mock?.stop());

/** One call, as any HTTP client would make it: JSON in, status and JSON (or nothing) out. */
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
  const response = await fetch(`${mock.endpoints.pca}${path}`, {
    method,
    headers: { "X-Auth-Token": token, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

const NAME = { country: "CN", state: "Guangdong", locality: "Shenzhen", organization: "Example Ltd", organizational_unit: "IT" };

describe("another client, through HTTP alone", () => {
  it("walks a CA's lifecycle and gets certificates that verify", async () => {
    const root = await call("POST", "/v1/private-certificate-authorities", {
      type: "ROOT",
      key_algorithm: "EC256",
      signature_algorithm: "SHA256",
      distinguished_name: { ...NAME, common_name: "HTTP Root CA" },
      validity: { type: "YEAR", value: 10 },
    });
    expect(root.status).toBe(200);
    const rootId = root.json!.ca_id as string;

    const sub = await call("POST", "/v1/private-certificate-authorities", {
      type: "SUBORDINATE",
      key_algorithm: "EC256",
      distinguished_name: { ...NAME, common_name: "HTTP Issuing CA" },
    });
    expect(sub.status).toBe(200);
    const subId = sub.json!.ca_id as string;
    expect((await call("GET", `/v1/private-certificate-authorities/${subId}`)).json!.status).toBe("PENDING");

    const activated = await call("POST", `/v1/private-certificate-authorities/${subId}/activate`, {
      issuer_id: rootId,
      path_length: 0,
      signature_algorithm: "SHA256",
      validity: { type: "YEAR", value: 5 },
    });
    expect([activated.status, activated.json]).toEqual([204, undefined]);
    expect((await call("GET", `/v1/private-certificate-authorities/${subId}`)).json!.status).toBe("ACTIVED");

    const issued = await call("POST", "/v1/private-certificates", {
      issuer_id: subId,
      key_algorithm: "EC256",
      signature_algorithm: "SHA256",
      distinguished_name: { common_name: "http.example.com" },
      validity: { type: "DAY", value: 30 },
    });
    expect(issued.status).toBe(200);
    const certificateId = issued.json!.certificate_id as string;

    const exported = await call("POST", `/v1/private-certificates/${certificateId}/export`, { is_compressed: "false", type: "OTHER" });
    expect(exported.status).toBe(200);
    const leaf = new X509Certificate(exported.json!.certificate as string);
    const subCert = new X509Certificate((await call("POST", `/v1/private-certificate-authorities/${subId}/export`)).json!.certificate as string);
    const rootCert = new X509Certificate((await call("POST", `/v1/private-certificate-authorities/${rootId}/export`)).json!.certificate as string);
    expect(leaf.subject).toContain("CN=http.example.com");
    expect(leaf.verify(subCert.publicKey)).toBe(true);
    expect(leaf.verify(rootCert.publicKey)).toBe(false);
    expect(subCert.verify(rootCert.publicKey)).toBe(true);
    expect(rootCert.verify(rootCert.publicKey)).toBe(true);

    const revoked = await call("POST", `/v1/private-certificates/${certificateId}/revoke`, { reason: "KEY_COMPROMISE" });
    expect(revoked.status).toBe(204);
    expect((await call("GET", `/v1/private-certificates/${certificateId}`)).json!.status).toBe("REVOKED");
  });

  it("answers a request the spec refuses with the service's error shape, before any state changes", async () => {
    const before = await call("GET", "/v1/private-certificate-authorities");
    const refused = await call("POST", "/v1/private-certificate-authorities", { type: "ROOT", key_algorithm: "NOT-AN-ALGORITHM" });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({ error_code: "MOCK.SPEC_VIOLATION", error_msg: expect.stringContaining("key_algorithm"), request_id: expect.any(String) });
    expect((await call("GET", "/v1/private-certificate-authorities")).json!.total).toBe(before.json!.total);
  });

  it("refuses a call with no credentials", async () => {
    const response = await fetch(`${mock.endpoints.pca}/v1/private-certificate-authorities`);
    expect(response.status).toBe(401);
  });
});
