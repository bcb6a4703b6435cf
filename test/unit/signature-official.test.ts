/**
 * Every AK/SK-signed operation through the public clients, checked against an oracle that is
 * not this SDK's code: the Authorization each request carries is the one Huawei's official
 * signer computes for it (test/support/official-signer.ts), and the mock gateway's verifier
 * accepts the official signature. A fixed clock and fixed AK/SK make the values exact: two are
 * pinned below as literals, computed once by the official signer.
 */
import { describe, expect, it } from "vitest";
import { BcsClient, PcaClient } from "../../src/index.js";
import { verifySignature } from "../../src/testing/index.js";
import { officialAuthorization, signedHeaderNames } from "../support/official-signer.js";
import { type RecordedCall, activation, bytesResponse, emptyResponse, fakeClock, jsonResponse, scriptedFetch, zipBytes } from "./support/fakes.js";

const CREDENTIALS = { accessKeyId: "AKOFFICIALORACLE01", secretAccessKey: "official/Oracle+Secret=Key", securityToken: "SecurityTokenOracle0123" };
const NOW = Date.UTC(2024, 0, 15, 8, 0, 0);
const user = { blockchain_id: "4f9d8a2e-0c56-11ee-9c1a-0255ac100b05", org_name: "org1", user_name: "user01" } as const;

interface Case {
  readonly name: string;
  /** SignedHeaders as the SDK must send them (content-type is left out of a multipart signature). */
  readonly signedHeaders: string;
  call(): Promise<RecordedCall>;
}

function pca(answer: Response) {
  const http = scriptedFetch([answer]);
  const client = new PcaClient({ endpoint: "https://ccm.ap-southeast-3.myhuaweicloud.com", domainId: "domain0123", credentials: CREDENTIALS, fetch: http.fetch, clock: fakeClock(NOW), env: {} });
  return { client, only: () => http.calls[0]! };
}

function bcs(answer: Response) {
  const http = scriptedFetch([answer]);
  const client = new BcsClient({ endpoint: "https://bcs.cn-north-4.myhuaweicloud.com", projectId: "project0123", credentials: CREDENTIALS, fetch: http.fetch, clock: fakeClock(NOW), env: {} });
  return { client, only: () => http.calls[0]! };
}

const cases: readonly Case[] = [
  {
    name: "activateCertificateAuthority (JSON body)",
    signedHeaders: "content-type;host;x-domain-id;x-sdk-date;x-security-token",
    async call() {
      const s = pca(emptyResponse(204));
      await s.client.activateCertificateAuthority(activation);
      return s.only();
    },
  },
  {
    name: "revokeCertificateAuthority (JSON body)",
    signedHeaders: "content-type;host;x-domain-id;x-sdk-date;x-security-token",
    async call() {
      const s = pca(emptyResponse(204));
      await s.client.revokeCertificateAuthority({ ca_id: activation.ca_id, reason: "KEY_COMPROMISE" });
      return s.only();
    },
  },
  {
    name: "generateUserCertificate (JSON body)",
    signedHeaders: "content-type;host;x-project-id;x-sdk-date;x-security-token",
    async call() {
      const s = bcs(bytesResponse(new Uint8Array([1])));
      await s.client.generateUserCertificate({ ...user, security_mode: true });
      return s.only();
    },
  },
  {
    name: "downloadCertificates (query, no body)",
    signedHeaders: "host;x-project-id;x-sdk-date;x-security-token",
    async call() {
      const s = bcs(bytesResponse(new Uint8Array([1])));
      await s.client.downloadCertificates({ blockchain_id: user.blockchain_id, org_name: "org1", cert_type: "ca" });
      return s.only();
    },
  },
  {
    name: "freezeUserCertificate (multipart, unsigned payload)",
    signedHeaders: "host;x-project-id;x-sdk-content-sha256;x-sdk-date;x-security-token",
    async call() {
      const s = bcs(jsonResponse(200, { result: "success" }));
      await s.client.freezeUserCertificate({ ...user, file: zipBytes(128) });
      return s.only();
    },
  },
  {
    name: "unfreezeUserCertificate (multipart, unsigned payload)",
    signedHeaders: "host;x-project-id;x-sdk-content-sha256;x-sdk-date;x-security-token",
    async call() {
      const s = bcs(jsonResponse(200, { result: "success" }));
      await s.client.unfreezeUserCertificate({ ...user, file: zipBytes(128) });
      return s.only();
    },
  },
];

describe("the Authorization of every AK/SK operation is the official signer's", () => {
  it.each(cases)("$name", async ({ call, signedHeaders }) => {
    const sent = await call();
    expect(signedHeaderNames(sent).join(";")).toBe(signedHeaders);
    expect(sent.headers.get("x-sdk-date")).toBe("20240115T080000Z");
    expect(sent.headers.get("authorization")).toBe(officialAuthorization(sent, CREDENTIALS));
  });

  // Literals, so that a change in the oracle's use (or in the official package) cannot move both sides.
  it("pins the exact value for downloadCertificates", async () => {
    const sent = await cases.find((c) => c.name.startsWith("downloadCertificates"))!.call();
    expect(sent.url.pathname).toBe(`/v2/project0123/blockchains/${user.blockchain_id}/cert`);
    expect(sent.headers.get("authorization")).toBe(PINNED.downloadCertificates);
  });

  it("pins the exact value for activateCertificateAuthority", async () => {
    const sent = await cases.find((c) => c.name.startsWith("activate"))!.call();
    expect(sent.headers.get("authorization")).toBe(PINNED.activateCertificateAuthority);
  });
});

describe("the mock gateway's verifier accepts what the official signer computes", () => {
  it.each(cases)("$name", async ({ call }) => {
    const sent = await call();
    const headers = new Headers(sent.headers);
    headers.set("authorization", officialAuthorization(sent, CREDENTIALS));
    const verdict = await verifySignature({ method: sent.method, url: sent.url, headers, body: sent.body }, () => CREDENTIALS.secretAccessKey, new Date(NOW));
    expect(verdict).toEqual({ ok: true, accessKeyId: CREDENTIALS.accessKeyId });
  });

  it("and rejects the official signature of another path (the check is not vacuous)", async () => {
    const sent = await cases[3]!.call();
    const elsewhere = new URL(sent.url);
    elsewhere.pathname = elsewhere.pathname.replace("/cert", "/certs");
    const headers = new Headers(sent.headers);
    headers.set("authorization", officialAuthorization({ ...sent, url: elsewhere }, CREDENTIALS));
    const verdict = await verifySignature({ method: sent.method, url: sent.url, headers, body: sent.body }, () => CREDENTIALS.secretAccessKey, new Date(NOW));
    expect(verdict.ok).toBe(false);
  });
});

/** Computed by the official signer (officialAuthorization) for the requests above, at NOW. */
const PINNED = {
  downloadCertificates:
    "SDK-HMAC-SHA256 Access=AKOFFICIALORACLE01, SignedHeaders=host;x-project-id;x-sdk-date;x-security-token, Signature=dee184841126b80113fddba03766140026af475de6e608b56e2e5225b33e7c5c",
  activateCertificateAuthority:
    "SDK-HMAC-SHA256 Access=AKOFFICIALORACLE01, SignedHeaders=content-type;host;x-domain-id;x-sdk-date;x-security-token, Signature=ef3c6cbe8063e9fab60a51f1a0c5024df1091bac4d162cbf5855014635f85b0f",
};
