/**
 * Every refusal the PCA emulator makes, with its status, error_code and error_msg: malformed
 * ids, unknown resources, invalid members, and each transition a status forbids.
 */
import { describe, expect, it } from "vitest";
import { DAY_MS, Driver, leafBody, NOW, rootBody, subordinateBody } from "./support/emulator.js";

const MISSING = "abcdef00-0000-4000-8000-00000000000a";

describe("ids and unknown resources", () => {
  it("refuses a malformed CA id with PCA.00020201 and an unknown one with PCA.10010002", async () => {
    const pca = new Driver();
    for (const operationId of ["getCertificateAuthority", "disableCertificateAuthority", "enableCertificateAuthority", "restoreCertificateAuthority", "deleteCertificateAuthority", "exportCertificateAuthorityCsr", "exportCertificateAuthorityCertificate", "disableCertificateAuthorityCrl", "listCertificateAuthorityTags"]) {
      await pca.expectRefusal("PCA.00020201", operationId, { path: { ca_id: "not-a-uuid" } });
      await pca.expectRefusal("PCA.00020201", operationId, { path: { ca_id: MISSING.toUpperCase() } });
      await pca.expectRefusal("PCA.10010002", operationId, { path: { ca_id: MISSING } });
    }
    await pca.expectRefusal("PCA.00020201", "getCertificateAuthority", {});
  });

  it("refuses a malformed certificate id with PCA.10010105 and an unknown one with PCA.10010002", async () => {
    const pca = new Driver();
    for (const operationId of ["getCertificate", "deleteCertificate", "listCertificateTags"]) {
      await pca.expectRefusal("PCA.10010105", operationId, { path: { certificate_id: "{certificate_id}" } });
      await pca.expectRefusal("PCA.10010002", operationId, { path: { certificate_id: MISSING } });
    }
  });

  it("refuses an issuer that is malformed or unknown", async () => {
    const pca = new Driver();
    await pca.expectRefusal("PCA.00020201", "issueCertificate", { body: leafBody("nope") });
    await pca.expectRefusal("PCA.10010002", "issueCertificate", { body: leafBody(MISSING) });
    await pca.expectRefusal("PCA.10010002", "createCertificateAuthority", { body: subordinateBody(MISSING) });
  });
});

describe("creating a CA", () => {
  it("refuses a bad type, name, key or signature algorithm and validity with the page's codes", async () => {
    const pca = new Driver();
    const create = (overrides: Record<string, unknown>) => ({ body: { ...rootBody(), ...overrides } });
    await pca.expectRefusal("PCA.00020202", "createCertificateAuthority", create({ type: "INTERMEDIATE" }));
    await pca.expectRefusal("PCA.00020202", "createCertificateAuthority", create({ type: undefined }));
    await pca.expectRefusal("PCA.00020101", "createCertificateAuthority", create({ distinguished_name: { country: "CN" } }));
    await pca.expectRefusal("PCA.00020101", "createCertificateAuthority", create({ distinguished_name: { common_name: "" } }));
    await pca.expectRefusal("PCA.00020101", "createCertificateAuthority", create({ distinguished_name: "CN=x" }));
    await pca.expectRefusal("PCA.00020101", "createCertificateAuthority", create({ distinguished_name: { common_name: 7 } }));
    await pca.expectRefusal("PCA.00020102", "createCertificateAuthority", create({ key_algorithm: "SM2" }));
    await pca.expectRefusal("PCA.00020102", "createCertificateAuthority", create({ key_algorithm: "RSA1024" }));
    await pca.expectRefusal("PCA.00020102", "createCertificateAuthority", create({ key_algorithm: undefined }));
    await pca.expectRefusal("PCA.00020103", "createCertificateAuthority", create({ signature_algorithm: "SM3" }));
    await pca.expectRefusal("PCA.00020103", "createCertificateAuthority", create({ signature_algorithm: undefined }));
    await pca.expectRefusal("PCA.00020109", "createCertificateAuthority", create({ validity: undefined }));
    await pca.expectRefusal("PCA.00020109", "createCertificateAuthority", create({ validity: { type: "WEEK", value: 1 } }));
    await pca.expectRefusal("PCA.00020109", "createCertificateAuthority", create({ validity: { type: "DAY", value: 0 } }));
    await pca.expectRefusal("PCA.00020109", "createCertificateAuthority", create({ validity: { type: "DAY" } }));
    await pca.expectRefusal("PCA.00020109", "createCertificateAuthority", create({ validity: { value: 1 } }));
    await pca.expectRefusal("PCA.00020109", "createCertificateAuthority", create({ validity: { type: "YEAR", value: 31 } }));
    await pca.expectRefusal("PCA.00020109", "createCertificateAuthority", create({ validity: { type: "MONTH", value: 361 } }));
    await pca.expectRefusal("PCA.00020109", "createCertificateAuthority", create({ validity: { type: "DAY", value: 1, start_from: NOW.getTime() - 5 * 60 * 1000 - 1 } }));
    await pca.expectRefusal("PCA.00020001", "createCertificateAuthority", { body: "not an object" });
    await pca.expectRefusal("PCA.00020001", "createCertificateAuthority", create({ crl_configuration: { enabled: true } }));
    await pca.expectRefusal("PCA.00020001", "createCertificateAuthority", create({ crl_configuration: { enabled: true, obs_bucket_name: "b" } }));
    expect((await pca.expectStatus(200, "listCertificateAuthorities"))["total"]).toBe(0);
  });

  it("accepts the longest validities and a start five minutes back", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot({ validity: { type: "YEAR", value: 30 } });
    expect((await pca.ca(rootId))["not_after"]).toBe(Date.UTC(2056, 10, 24, 12));
    const start = NOW.getTime() - 5 * 60 * 1000;
    const subId = await pca.createSubordinate(rootId, { validity: { type: "HOUR", value: 20 * 365 * 24, start_from: start } });
    expect(await pca.ca(subId)).toMatchObject({ not_before: start, not_after: start + 20 * 365 * DAY_MS });
    await pca.expectRefusal("PCA.00020109", "createCertificateAuthority", { body: { ...subordinateBody(rootId), validity: { type: "YEAR", value: 21 } } });
  });

  it("refuses a subordinate under an issuer that cannot issue it", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot();
    const leafCa = await pca.createSubordinate(rootId, { path_length: 0 });
    // path length 0: no CA below it
    await pca.expectRefusal("PCA.00020001", "createCertificateAuthority", { body: subordinateBody(leafCa) });
    await pca.expectRefusal("PCA.00020001", "createCertificateAuthority", { body: { ...subordinateBody(rootId), path_length: 7 } });
    await pca.expectRefusal("PCA.00020001", "createCertificateAuthority", { body: { ...subordinateBody(rootId), path_length: -1 } });
    const midId = await pca.createSubordinate(rootId, { path_length: 2 });
    await pca.expectRefusal("PCA.00020001", "createCertificateAuthority", { body: { ...subordinateBody(midId), path_length: 2 } });
    expect((await pca.ca(await pca.createSubordinate(midId, { path_length: 1 })))["path_length"]).toBe(1);
    const pendingId = await pca.createSubordinate(undefined);
    await pca.expectRefusal("PCA.00020001", "createCertificateAuthority", { body: subordinateBody(pendingId) });
  });
});

describe("transitions a status forbids (no documented code: PCA.00020001)", () => {
  it("activates, exports a CSR of and imports into a PENDING CA only", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot();
    const activate = { issuer_id: rootId, signature_algorithm: "SHA256", validity: { type: "YEAR", value: 1 } };
    await pca.expectRefusal("PCA.00020001", "activateCertificateAuthority", { path: { ca_id: rootId }, body: activate });
    await pca.expectRefusal("PCA.00020001", "exportCertificateAuthorityCsr", { path: { ca_id: rootId } });
    await pca.expectRefusal("PCA.00020001", "importCertificateAuthorityCertificate", { path: { ca_id: rootId }, body: { certificate: "x" } });
    const subId = await pca.createSubordinate(undefined);
    await pca.expectRefusal("PCA.00020001", "activateCertificateAuthority", { path: { ca_id: subId }, body: { ...activate, issuer_id: subId } });
    await pca.expectRefusal("PCA.00020103", "activateCertificateAuthority", { path: { ca_id: subId }, body: { ...activate, signature_algorithm: "MD5" } });
    await pca.expectRefusal("PCA.00020109", "activateCertificateAuthority", { path: { ca_id: subId }, body: { ...activate, validity: { type: "YEAR", value: 21 } } });
    await pca.expectRefusal("PCA.00020201", "activateCertificateAuthority", { path: { ca_id: subId }, body: { ...activate, issuer_id: undefined } });
    await pca.expectStatus(204, "activateCertificateAuthority", { path: { ca_id: subId }, body: activate });
    await pca.expectRefusal("PCA.00020001", "activateCertificateAuthority", { path: { ca_id: subId }, body: activate });
  });

  it("disables ACTIVED or EXPIRED, enables DISABLED, deletes PENDING or DISABLED, restores DELETED", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot({ validity: { type: "DAY", value: 1 } });
    await pca.expectRefusal("PCA.00020001", "enableCertificateAuthority", { path: { ca_id: rootId } });
    await pca.expectRefusal("PCA.00020001", "deleteCertificateAuthority", { path: { ca_id: rootId } });
    await pca.expectRefusal("PCA.00020001", "restoreCertificateAuthority", { path: { ca_id: rootId } });
    // A day later it has expired: it still may be disabled, and then deleted.
    pca.now = new Date(NOW.getTime() + DAY_MS);
    expect((await pca.ca(rootId))["status"]).toBe("EXPIRED");
    await pca.expectStatus(204, "disableCertificateAuthority", { path: { ca_id: rootId } });
    await pca.expectRefusal("PCA.00020001", "disableCertificateAuthority", { path: { ca_id: rootId } });
    await pca.expectRefusal("PCA.00020001", "deleteCertificateAuthority", { path: { ca_id: rootId }, query: { pending_days: "6" } });
    await pca.expectRefusal("PCA.00020001", "deleteCertificateAuthority", { path: { ca_id: rootId }, query: { pending_days: "31" } });
    await pca.expectRefusal("PCA.00020001", "deleteCertificateAuthority", { path: { ca_id: rootId }, query: { pending_days: "7d" } });
    await pca.expectStatus(204, "deleteCertificateAuthority", { path: { ca_id: rootId } });
    expect((await pca.ca(rootId))["delete_time"]).toBe(pca.now.getTime() + 30 * DAY_MS);
    for (const operationId of ["disableCertificateAuthority", "enableCertificateAuthority", "deleteCertificateAuthority"]) {
      await pca.expectRefusal("PCA.00020001", operationId, { path: { ca_id: rootId } });
    }
    // Enabling the restored, expired CA leaves it EXPIRED.
    await pca.expectStatus(204, "restoreCertificateAuthority", { path: { ca_id: rootId } });
    await pca.expectStatus(204, "enableCertificateAuthority", { path: { ca_id: rootId } });
    expect((await pca.ca(rootId))["status"]).toBe("EXPIRED");
  });

  it("deletes a PENDING CA at once, and a DELETED one when its day comes", async () => {
    const pca = new Driver();
    const pendingId = await pca.createSubordinate(undefined);
    await pca.expectStatus(204, "deleteCertificateAuthority", { path: { ca_id: pendingId } });
    await pca.expectRefusal("PCA.10010002", "getCertificateAuthority", { path: { ca_id: pendingId } });
    const rootId = await pca.createRoot();
    await pca.expectStatus(204, "disableCertificateAuthority", { path: { ca_id: rootId } });
    await pca.expectStatus(204, "deleteCertificateAuthority", { path: { ca_id: rootId }, query: { pending_days: "30" } });
    pca.now = new Date(NOW.getTime() + 30 * DAY_MS - 1);
    expect((await pca.ca(rootId))["status"]).toBe("DELETED");
    pca.now = new Date(NOW.getTime() + 30 * DAY_MS);
    await pca.expectRefusal("PCA.10010002", "getCertificateAuthority", { path: { ca_id: rootId } });
    expect((await pca.expectStatus(200, "listCertificateAuthorities"))["total"]).toBe(0);
  });

  it("issues from an ACTIVED CA that holds its key, only", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot({ validity: { type: "DAY", value: 2 } });
    const pendingId = await pca.createSubordinate(undefined);
    await pca.expectRefusal("PCA.00020001", "issueCertificate", { body: leafBody(pendingId) });
    await pca.expectRefusal("PCA.00020001", "activateCertificateAuthority", { path: { ca_id: pendingId }, body: { issuer_id: pendingId, signature_algorithm: "SHA256", validity: { type: "DAY", value: 1 } } });
    pca.now = new Date(NOW.getTime() + 2 * DAY_MS);
    await pca.expectRefusal("PCA.00020001", "issueCertificate", { body: leafBody(rootId) });
    await pca.expectRefusal("PCA.00020001", "activateCertificateAuthority", { path: { ca_id: pendingId }, body: { issuer_id: rootId, signature_algorithm: "SHA256", validity: { type: "DAY", value: 1 } } });
  });

  it("exports the certificate of an ACTIVED or EXPIRED CA only", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot({ validity: { type: "DAY", value: 1 } });
    await pca.expectStatus(200, "exportCertificateAuthorityCertificate", { path: { ca_id: rootId } });
    pca.now = new Date(NOW.getTime() + DAY_MS);
    await pca.expectStatus(200, "exportCertificateAuthorityCertificate", { path: { ca_id: rootId } });
    await pca.expectStatus(204, "disableCertificateAuthority", { path: { ca_id: rootId } });
    await pca.expectRefusal("PCA.00020001", "exportCertificateAuthorityCertificate", { path: { ca_id: rootId } });
    await pca.expectRefusal("PCA.00020001", "exportCertificateAuthorityCertificate", { path: { ca_id: await pca.createSubordinate(undefined) } });
  });

  it("revokes a subordinate once, with {} or a known reason", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot();
    const subId = await pca.createSubordinate(rootId);
    await pca.expectRefusal("PCA.00020001", "revokeCertificateAuthority", { path: { ca_id: subId } });
    await pca.expectRefusal("PCA.00020001", "revokeCertificateAuthority", { path: { ca_id: subId }, body: { reason: "BORED" } });
    await pca.expectRefusal("PCA.00020001", "revokeCertificateAuthority", { path: { ca_id: rootId }, body: {} });
    await pca.expectRefusal("PCA.00020001", "revokeCertificateAuthority", { path: { ca_id: await pca.createSubordinate(undefined) }, body: {} });
    await pca.expectStatus(204, "revokeCertificateAuthority", { path: { ca_id: subId }, body: {} });
    await pca.expectRefusal("PCA.00020001", "revokeCertificateAuthority", { path: { ca_id: subId }, body: {} });
  });

  it("revokes a certificate once, with {} or a known reason", async () => {
    const pca = new Driver();
    const certificateId = await pca.issue(await pca.createRoot());
    const path = { certificate_id: certificateId };
    await pca.expectRefusal("PCA.00020001", "revokeCertificate", { path });
    await pca.expectRefusal("PCA.00020001", "revokeCertificate", { path, body: { reason: "key_compromise" } });
    await pca.expectStatus(204, "revokeCertificate", { path, body: {} });
    await pca.expectRefusal("PCA.00020001", "revokeCertificate", { path, body: {} });
  });
});

describe("issuing a certificate", () => {
  it("refuses bad members with the page's codes", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot();
    const issue = (overrides: Record<string, unknown>) => ({ body: { ...leafBody(rootId), ...overrides } });
    await pca.expectRefusal("PCA.00020102", "issueCertificate", issue({ key_algorithm: "SM2" }));
    await pca.expectRefusal("PCA.00020103", "issueCertificate", issue({ signature_algorithm: "SM3" }));
    await pca.expectRefusal("PCA.00020101", "issueCertificate", issue({ distinguished_name: { organization: "x" } }));
    await pca.expectRefusal("PCA.00020109", "issueCertificate", issue({ validity: { type: "YEAR", value: 21 } }));
    await pca.expectRefusal("PCA.00020112", "issueCertificate", issue({ subject_alternative_names: [{ type: "UPN", value: "a" }] }));
    await pca.expectRefusal("PCA.00020112", "issueCertificate", issue({ subject_alternative_names: [{ value: "a" }] }));
    await pca.expectRefusal("PCA.00020110", "issueCertificate", issue({ subject_alternative_names: [{ type: "DNS", value: "bad_name!" }] }));
    await pca.expectRefusal("PCA.00020110", "issueCertificate", issue({ subject_alternative_names: [{ type: "DNS", value: `${"a".repeat(63)}.`.repeat(4) + "com" }] }));
    await pca.expectRefusal("PCA.00020111", "issueCertificate", issue({ subject_alternative_names: [{ type: "IP", value: "300.1.1.1" }] }));
    await pca.expectRefusal("PCA.00020001", "issueCertificate", issue({ subject_alternative_names: [{ type: "EMAIL", value: "no-at" }] }));
    await pca.expectRefusal("PCA.00020001", "issueCertificate", issue({ subject_alternative_names: [{ type: "URI", value: "not a uri" }] }));
    await pca.expectRefusal("PCA.00020001", "issueCertificate", issue({ subject_alternative_names: [{ type: "DNS" }] }));
    await pca.expectRefusal("PCA.00020001", "issueCertificate", issue({ subject_alternative_names: ["x"] }));
    await pca.expectRefusal("PCA.00020001", "issueCertificate", issue({ key_usages: ["signEverything"] }));
    await pca.expectRefusal("PCA.00020001", "issueCertificate", issue({ key_usages: "digitalSignature" }));
    await pca.expectRefusal("PCA.00020001", "issueCertificate", issue({ extended_key_usage: { server_auth: "yes" } }));
    await pca.expectRefusal("PCA.00020001", "issueCertificate", issue({ customized_extension: { object_identifier: "1.2.x", value: "v" } }));
    await pca.expectRefusal("PCA.00020001", "issueCertificate", issue({ customized_extension: { object_identifier: "1.2.3" } }));
    await pca.expectRefusal("PCA.00020001", "issueCertificate", issue({ key_algorithm: 256 }));
    expect((await pca.expectStatus(200, "listCertificates"))["total"]).toBe(0);
  });
});

describe("a customized extension", () => {
  it("carries the value as a UTF8String under its OID, up to what a two-byte DER length holds", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot();
    for (const value of ["v", "é".repeat(100), "x".repeat(300)]) {
      const id = await pca.issue(rootId, { customized_extension: { object_identifier: "1.3.6.1.4.1.2011.4.99", value } });
      const json = await pca.expectStatus(200, "exportCertificate", { path: { certificate_id: id }, body: { is_compressed: "false", type: "OTHER" } });
      const { x509 } = await import("../../src/testing/emulator/x509-library.js");
      const extension = new x509.X509Certificate(json["certificate"].replace(/\r\n/g, "\n")).getExtension("1.3.6.1.4.1.2011.4.99");
      const bytes = new Uint8Array(extension!.value);
      expect(new TextDecoder().decode(bytes.slice(bytes.length - new TextEncoder().encode(value).length))).toBe(value);
      expect(bytes[0]).toBe(0x0c);
      expect(extension!.critical).toBe(false);
    }
    await pca.expectRefusal("PCA.00020001", "issueCertificate", { body: { ...leafBody(rootId), customized_extension: { object_identifier: "1.2.3", value: "x".repeat(0x10000) } } });
  });
});
