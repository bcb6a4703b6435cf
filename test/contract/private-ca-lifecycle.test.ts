/**
 * The whole lifecycle of a private CA against the stateful mock, through the SDK, with AK/SK:
 * root → subordinate (pending) → activate → CRL on → issue → export (JSON and zip) → the chain
 * verifies (node:crypto and openssl) → list → revoke → the CRL lists it → disable → a disabled CA
 * refuses to issue → delete → restore. Every answer the emulator gives passes through the SDK,
 * which checks each 2xx body against the spec (an UnexpectedResponseError otherwise), so the
 * emulator cannot drift from the API it imitates.
 */
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PcaClient, isApiError } from "../../src/index.js";
import { startMock, type RunningMock } from "../../src/testing/index.js";

let mock: RunningMock;
let pca: PcaClient;
beforeAll(async () => {
  mock = await startMock();
  pca = new PcaClient({
    endpoint: mock.endpoints.pca,
    domainId: mock.credentials.domainId,
    credentials: { accessKeyId: mock.credentials.accessKeyId, secretAccessKey: mock.credentials.secretAccessKey },
    maxRetries: 0,
  });
}, 60_000);
afterAll(() => mock?.stop());

const dir = mkdtempSync(join(tmpdir(), "hw-cert-lifecycle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pem = (text: string) => text.replace(/\r\n/g, "\n");
const NAME = { country: "CN", state: "Guangdong", locality: "Shenzhen", organization: "Example Ltd", organizational_unit: "IT" };

describe("a private CA's whole lifecycle, offline, with real certificates", () => {
  const ids: { root?: string; sub?: string; cert?: string; serial?: string } = {};

  it("creates an active root, and a subordinate that waits for activation", async () => {
    const root = await pca.createCertificateAuthority({
      type: "ROOT",
      key_algorithm: "EC256",
      signature_algorithm: "SHA256",
      distinguished_name: { ...NAME, common_name: "Lifecycle Root CA" },
      validity: { type: "YEAR", value: 10 },
    });
    const sub = await pca.createCertificateAuthority({
      type: "SUBORDINATE",
      key_algorithm: "EC256",
      distinguished_name: { ...NAME, common_name: "Lifecycle Issuing CA" },
    });
    ids.root = root.ca_id!;
    ids.sub = sub.ca_id!;
    expect((await pca.getCertificateAuthority({ ca_id: root.ca_id! })).status).toBe("ACTIVED");
    expect((await pca.getCertificateAuthority({ ca_id: sub.ca_id! })).status).toBe("PENDING");
  });

  it("activates the subordinate under the root; a second activation is refused", async () => {
    const activation = { ca_id: ids.sub!, issuer_id: ids.root!, path_length: 0, signature_algorithm: "SHA256", validity: { type: "YEAR", value: 5 } } as const;
    await pca.activateCertificateAuthority(activation);
    expect((await pca.getCertificateAuthority({ ca_id: ids.sub! })).status).toBe("ACTIVED");
    const again = await pca.activateCertificateAuthority(activation).catch((e: unknown) => e);
    expect(isApiError(again) && [again.status, again.errorCode]).toEqual([400, expect.stringMatching(/^PCA\./)]);
  });

  it("publishes a CRL, issues a certificate, and exports it: the chain verifies", async () => {
    await pca.enableCertificateAuthorityCrl({ ca_id: ids.sub!, obs_bucket_name: "example-crl-bucket", valid_days: 7 });
    const issued = await pca.issueCertificate({
      issuer_id: ids.sub!,
      key_algorithm: "EC256",
      signature_algorithm: "SHA256",
      distinguished_name: { common_name: "www.example.com" },
      validity: { type: "DAY", value: 30 },
      subject_alternative_names: [{ type: "DNS", value: "www.example.com" }],
    });
    ids.cert = issued.certificate_id!;
    const exported = await pca.exportCertificate({ certificate_id: ids.cert!, is_compressed: "false", type: "OTHER" });
    const leaf = new X509Certificate(pem(exported.certificate!));
    const caExport = await pca.exportCertificateAuthorityCertificate({ ca_id: ids.sub! });
    const rootExport = await pca.exportCertificateAuthorityCertificate({ ca_id: ids.root! });
    const issuing = new X509Certificate(pem(caExport.certificate!));
    const root = new X509Certificate(pem(rootExport.certificate!));
    expect(leaf.subject).toContain("CN=www.example.com");
    expect(leaf.subjectAltName).toContain("DNS:www.example.com");
    expect(leaf.verify(issuing.publicKey)).toBe(true);
    expect(issuing.verify(root.publicKey)).toBe(true);
    expect(root.verify(root.publicKey)).toBe(true);
    expect([issuing.ca, root.ca, leaf.ca]).toEqual([true, true, false]);
    ids.serial = leaf.serialNumber;

    writeFileSync(join(dir, "root.pem"), pem(rootExport.certificate!));
    writeFileSync(join(dir, "chain.pem"), pem(caExport.certificate!));
    writeFileSync(join(dir, "leaf.pem"), pem(exported.certificate!));
    const verdict = execFileSync("openssl", ["verify", "-CAfile", join(dir, "root.pem"), "-untrusted", join(dir, "chain.pem"), join(dir, "leaf.pem")], { encoding: "utf8" });
    expect(verdict.trim()).toBe(`${join(dir, "leaf.pem")}: OK`);
  });

  it("exports the certificate as a zip with is_compressed", async () => {
    const zip = await pca.exportCertificate({ certificate_id: ids.cert!, is_compressed: "true", type: "NGINX" });
    expect([...zip.data.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(zip.contentType).toBe("application/zip");
    expect(zip.fileName).toMatch(/\.zip$/);
  });

  it("lists what it made, page after page", async () => {
    const cas: string[] = [];
    for await (const ca of pca.listCertificateAuthorities({ limit: 10 })) cas.push(ca.ca_id!);
    expect(cas.sort()).toEqual([ids.root!, ids.sub!].sort());
    const certs = await pca.listCertificates({ limit: 10 });
    expect(certs.certificates?.map((c) => c.certificate_id)).toEqual([ids.cert]);
  });

  it("revokes the certificate: it shows as revoked, and the CA's CRL lists its serial", async () => {
    await pca.revokeCertificate({ certificate_id: ids.cert!, reason: "KEY_COMPROMISE" });
    expect((await pca.getCertificate({ certificate_id: ids.cert! })).status).toBe("REVOKED");
    const crl = await mock.privateCa!.crl(ids.sub!);
    writeFileSync(join(dir, "crl.pem"), crl!);
    const text = execFileSync("openssl", ["crl", "-in", join(dir, "crl.pem"), "-noout", "-text"], { encoding: "utf8" });
    expect(text.replace(/:/g, "").toUpperCase()).toContain(ids.serial!.toUpperCase());
  });

  it("a disabled CA refuses to issue; it is deleted, then restored", async () => {
    await pca.disableCertificateAuthority({ ca_id: ids.sub! });
    const refused = await pca
      .issueCertificate({ issuer_id: ids.sub!, key_algorithm: "EC256", signature_algorithm: "SHA256", distinguished_name: { common_name: "late" }, validity: { type: "DAY", value: 1 } })
      .catch((e: unknown) => e);
    expect(isApiError(refused) && refused.status).toBe(400);
    await pca.deleteCertificateAuthority({ ca_id: ids.sub!, pending_days: "7" });
    const deleted = await pca.getCertificateAuthority({ ca_id: ids.sub! });
    expect(deleted.status).toBe("DELETED");
    expect(deleted.delete_time).toBeGreaterThan(Date.now());
    await pca.restoreCertificateAuthority({ ca_id: ids.sub! });
    expect((await pca.getCertificateAuthority({ ca_id: ids.sub! })).status).toBe("DISABLED");
  });

  it("reset() forgets every CA", async () => {
    mock.reset();
    const gone = await pca.getCertificateAuthority({ ca_id: ids.root! }).catch((e: unknown) => e);
    expect(isApiError(gone) && gone.status).toBe(400);
    expect((await pca.listCertificateAuthorities({})).total).toBe(0);
  });
});
