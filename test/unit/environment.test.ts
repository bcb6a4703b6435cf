/**
 * With no `env` option the clients read the real process.env (the README's "From the
 * environment"): every other test injects `env`, so only this one sees the default. The
 * variables are stubbed for the test and restored after it.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { BcsClient, PcaClient } from "../../src/index.js";
import { emptyResponse, bytesResponse, scriptedFetch } from "./support/fakes.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("process.env is read when no env option is given", () => {
  it("BcsClient: AK/SK, security token and project id from process.env", async () => {
    vi.stubEnv("HUAWEICLOUD_SDK_AK", "PROCESSENVAK");
    vi.stubEnv("HUAWEICLOUD_SDK_SK", "process-env-sk");
    vi.stubEnv("HUAWEICLOUD_SDK_SECURITY_TOKEN", "process-env-security-token");
    vi.stubEnv("HUAWEICLOUD_SDK_PROJECT_ID", "process-env-project");
    const http = scriptedFetch([bytesResponse(new Uint8Array([1]))]);
    const client = new BcsClient({ endpoint: "https://bcs.example.test", fetch: http.fetch });
    expect(client.projectId).toBe("process-env-project");
    await client.downloadCertificates({ blockchain_id: "chain1", org_name: "org1", cert_type: "ca" });
    const [request] = http.calls;
    expect(request?.url.pathname).toContain("/v2/process-env-project/");
    expect(request?.headers.get("authorization")).toContain("Access=PROCESSENVAK");
    expect(request?.headers.get("x-security-token")).toBe("process-env-security-token");
  });

  it("PcaClient: AK/SK and the domain id from process.env", async () => {
    vi.stubEnv("HUAWEICLOUD_SDK_AK", "PROCESSENVAK");
    vi.stubEnv("HUAWEICLOUD_SDK_SK", "process-env-sk");
    vi.stubEnv("HUAWEICLOUD_SDK_DOMAIN_ID", "process-env-domain");
    const http = scriptedFetch([emptyResponse(204)]);
    const client = new PcaClient({ endpoint: "https://ccm.example.test", fetch: http.fetch });
    expect(client.domainId).toBe("process-env-domain");
    await client.revokeCertificateAuthority({ ca_id: "0b8d6a3e-6c3b-4b7e-9d7e-2f4a5c1b9e01" });
    expect(http.calls[0]?.headers.get("authorization")).toContain("Access=PROCESSENVAK");
    expect(http.calls[0]?.headers.get("x-domain-id")).toBe("process-env-domain");
  });

  it("an explicit env option replaces process.env entirely", () => {
    vi.stubEnv("HUAWEICLOUD_SDK_PROJECT_ID", "process-env-project");
    expect(() => new BcsClient({ endpoint: "https://bcs.example.test", env: {}, credentials: { token: "t".repeat(64) } })).toThrow(/projectId/);
  });
});
