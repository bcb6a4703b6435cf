/**
 * What leaves the PCA emulator: the CA certificate and chain, the private certificate as JSON or
 * as a zip (read back by Python's zipfile), a password-protected key, the CSR of a pending CA and
 * an import of a certificate signed elsewhere (by openssl), and issuing from a user's own CSR.
 */
import { X509Certificate, createPrivateKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { blocks, Driver, NOW, pem, rootBody, runWith } from "./support/emulator.js";

const VALID = { type: "YEAR", value: 1 };

async function hierarchy(pca: Driver): Promise<{ rootId: string; subId: string }> {
  const rootId = await pca.createRoot();
  const subId = await pca.createSubordinate(rootId, { path_length: 1 });
  return { rootId, subId };
}

/** The names and contents of a zip's entries, as Python's zipfile reads them (testzip checks every CRC). */
function unzip(bytes: Uint8Array): Record<string, string> {
  const script = "import json,zipfile\nz=zipfile.ZipFile('a.zip')\nassert z.testzip() is None\nprint(json.dumps({n: z.read(n).decode() for n in z.namelist()}))";
  return JSON.parse(runWith({ "a.zip": bytes, "read.py": script }, "python3", ["read.py"]));
}

describe("exporting a CA certificate", () => {
  it("answers the certificate and the chain up to the root, the root's chain being itself", async () => {
    const pca = new Driver();
    const { rootId, subId } = await hierarchy(pca);
    const root = await pca.expectStatus(200, "exportCertificateAuthorityCertificate", { path: { ca_id: rootId } });
    expect(root["certificate"]).toMatch(/^-----BEGIN CERTIFICATE-----\r\n[\s\S]+-----END CERTIFICATE-----\r\n$/);
    expect(root["certificate_chain"]).toBe(root["certificate"]);
    const sub = await pca.expectStatus(200, "exportCertificateAuthorityCertificate", { path: { ca_id: subId } });
    expect(blocks(sub["certificate_chain"])).toEqual([pem(root["certificate"])]);
    const subCert = new X509Certificate(pem(sub["certificate"]));
    expect(subCert.ca).toBe(true);
    expect(subCert.checkIssued(new X509Certificate(pem(root["certificate"])))).toBe(true);
    expect(subCert.serialNumber.toLowerCase()).toBe((await pca.ca(subId))["serial_number"]);
    const text = runWith({ "sub.pem": pem(sub["certificate"]) }, "openssl", ["x509", "-in", "sub.pem", "-noout", "-ext", "basicConstraints,keyUsage"]);
    expect(text).toMatch(/critical\n\s+CA:TRUE, pathlen:1/);
    expect(text).toMatch(/Digital Signature, Certificate Sign, CRL Sign/);
  });
});

describe("exporting a private certificate", () => {
  it("zips the files the page lists for each type, named after the common name", async () => {
    const pca = new Driver();
    const { subId } = await hierarchy(pca);
    const certificateId = await pca.issue(subId, { distinguished_name: { common_name: "shop" } });
    const json = await pca.expectStatus(200, "exportCertificate", { path: { certificate_id: certificateId }, body: { is_compressed: false, type: "APACHE" } });
    const [crt, chain, key] = [pem(json["certificate"]), pem(json["certificate_chain"]), pem(json["private_key"])];
    const expected: Record<string, Record<string, string>> = {
      APACHE: { "server.key": key, "chain.crt": chain, "server.crt": crt },
      NGINX: { "server.key": key, "server.crt": crt + chain },
      OTHER: { "server.key": key, "chain.pem": chain, "server.pem": crt },
    };
    for (const [type, files] of Object.entries(expected)) {
      const answer = await pca.call("exportCertificate", { path: { certificate_id: certificateId }, body: { is_compressed: "true", type } });
      expect(answer.status).toBe(200);
      expect(answer.file?.fileName).toBe(`shop_${type.toLowerCase()}.zip`);
      expect(answer.file?.contentType).toBe("application/zip");
      expect(unzip(answer.file!.bytes)).toEqual(files);
    }
    const names = runWith({ "a.zip": (await pca.call("exportCertificate", { path: { certificate_id: certificateId }, body: { is_compressed: true, type: "OTHER" } })).file!.bytes }, "python3", ["-c", "import zipfile;print([(i.filename,i.date_time,i.compress_type) for i in zipfile.ZipFile('a.zip').infolist()])"]);
    expect(names.trim()).toBe("[('server.key', (2026, 11, 24, 12, 0, 0), 0), ('chain.pem', (2026, 11, 24, 12, 0, 0), 0), ('server.pem', (2026, 11, 24, 12, 0, 0), 0)]");
  });

  it("refuses IIS and TOMCAT keystores, an unknown type and a bad is_compressed", async () => {
    const pca = new Driver();
    const certificateId = await pca.issue(await pca.createRoot());
    for (const type of ["IIS", "TOMCAT"]) {
      const answer = await pca.call("exportCertificate", { path: { certificate_id: certificateId }, body: { is_compressed: "true", type } });
      expect(answer).toEqual({ status: 400, body: { error_code: "PCA.00020001", error_msg: `The emulator cannot package a ${type} keystore; export with type APACHE, NGINX or OTHER.` } });
    }
    await pca.expectRefusal("PCA.00020001", "exportCertificate", { path: { certificate_id: certificateId }, body: { is_compressed: "true", type: "JKS" } });
    await pca.expectRefusal("PCA.00020001", "exportCertificate", { path: { certificate_id: certificateId }, body: { is_compressed: "yes", type: "OTHER" } });
    await pca.expectRefusal("PCA.00020001", "exportCertificate", { path: { certificate_id: certificateId }, body: { type: "OTHER" } });
  });

  it("encrypts the private key under the password", async () => {
    const pca = new Driver();
    const certificateId = await pca.issue(await pca.createRoot());
    const json = await pca.expectStatus(200, "exportCertificate", { path: { certificate_id: certificateId }, body: { is_compressed: "false", type: "OTHER", password: "s3cret.+-_#" } });
    expect(json["private_key"]).toContain("-----BEGIN ENCRYPTED PRIVATE KEY-----\r\n");
    expect(() => createPrivateKey(pem(json["private_key"]))).toThrow();
    expect(createPrivateKey({ key: pem(json["private_key"]), passphrase: "s3cret.+-_#" }).asymmetricKeyType).toBe("ec");
  });
});

describe("a pending CA's CSR, signed elsewhere and imported", () => {
  it("exports a real CSR, imports openssl's certificate for it, and refuses one for another key", async () => {
    const pca = new Driver();
    const subId = await pca.createSubordinate(undefined, { key_algorithm: "EC384" });
    const { csr } = await pca.expectStatus(200, "exportCertificateAuthorityCsr", { path: { ca_id: subId } });
    expect(csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\r\n/);
    const files = { "csr.pem": pem(csr), "ext.cnf": "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n" };
    const verified = runWith(files, "openssl", ["req", "-in", "csr.pem", "-verify", "-noout", "-subject"]);
    expect(verified).toContain("subject=C = CN, ST = Guangdong, L = Shenzhen, O = Acme, OU = PKI, CN = Test Sub");
    // An outside CA (openssl) signs the CSR.
    const signed = runWith(files, "sh", [
      "-c",
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ext.key -out ext.pem -subj /CN=Outside -days 30 2>/dev/null && " +
        "openssl x509 -req -in csr.pem -CA ext.pem -CAkey ext.key -CAcreateserial -days 10 -extfile ext.cnf -out sub.pem 2>/dev/null && cat sub.pem ext.pem",
    ]);
    const [subPem, outsidePem] = blocks(signed) as [string, string];
    await pca.expectRefusal("PCA.00020001", "importCertificateAuthorityCertificate", { path: { ca_id: subId }, body: { certificate: outsidePem } });
    await pca.expectRefusal("PCA.00020001", "importCertificateAuthorityCertificate", { path: { ca_id: subId }, body: { certificate: "garbage" } });
    await pca.expectRefusal("PCA.00020001", "importCertificateAuthorityCertificate", { path: { ca_id: subId }, body: { certificate: subPem, certificate_chain: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" } });
    // A leaf certificate for the right key is not a CA certificate.
    const otherId = await pca.createSubordinate(undefined);
    const { csr: otherCsr } = await pca.expectStatus(200, "exportCertificateAuthorityCsr", { path: { ca_id: otherId } });
    const leafForKey = runWith({ "csr.pem": pem(otherCsr), "ext.cnf": "basicConstraints=CA:FALSE\n" }, "sh", [
      "-c",
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout e.key -out e.pem -subj /CN=O -days 3 2>/dev/null && openssl x509 -req -in csr.pem -CA e.pem -CAkey e.key -CAcreateserial -days 1 -extfile ext.cnf 2>/dev/null",
    ]);
    await pca.expectRefusal("PCA.00020001", "importCertificateAuthorityCertificate", { path: { ca_id: otherId }, body: { certificate: leafForKey } });

    await pca.expectStatus(204, "importCertificateAuthorityCertificate", { path: { ca_id: subId }, body: { certificate: subPem.replace(/\n/g, "\r\n"), certificate_chain: outsidePem } });
    const ca = await pca.ca(subId);
    expect(ca).toMatchObject({ status: "ACTIVED", gen_mode: "IMPORT", issuer_id: null, issuer_name: "Outside", path_length: 0, key_algorithm: "EC384", signature_algorithm: "SHA256" });
    expect(ca["not_after"]).toBe(new Date(new X509Certificate(subPem).validTo).getTime());
    const exported = await pca.expectStatus(200, "exportCertificateAuthorityCertificate", { path: { ca_id: subId } });
    expect(pem(exported["certificate"])).toBe(subPem);
    expect(pem(exported["certificate_chain"])).toBe(outsidePem);
    // The imported CA issues, and its leaf verifies up to the outside root with openssl.
    const leafId = await pca.issue(subId);
    const leaf = await pca.expectStatus(200, "exportCertificate", { path: { certificate_id: leafId }, body: { is_compressed: "false", type: "OTHER" } });
    expect(pem(leaf["certificate_chain"])).toBe(subPem + outsidePem);
    const ok = runWith({ "root.pem": outsidePem, "chain.pem": pem(leaf["certificate_chain"]), "leaf.pem": pem(leaf["certificate"]) }, "openssl", ["verify", "-CAfile", "root.pem", "-untrusted", "chain.pem", "leaf.pem"]);
    expect(ok.trim()).toBe("leaf.pem: OK");
    await pca.expectRefusal("PCA.00020001", "importCertificateAuthorityCertificate", { path: { ca_id: subId }, body: { certificate: subPem } });
  });
});

describe("a user's own CSR", () => {
  const makeCsr = (subject: string, ext = "") =>
    runWith({ "r.cnf": `[req]\ndistinguished_name=dn\nreq_extensions=ext\n[dn]\n[ext]\n${ext}` }, "sh", [
      "-c",
      `openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout k.pem -subj "${subject}" -config r.cnf 2>/dev/null`,
    ]);

  it("parses it", async () => {
    const pca = new Driver();
    const csr = makeCsr("/C=DE/O=Users/CN=user.example");
    const parsed = await pca.expectStatus(200, "parseCertificateSigningRequest", { body: { csr: csr.replace(/\n/g, "\r\n") } });
    expect(parsed).toMatchObject({ key_algorithm: "EC", key_algorithm_length: 384, signature_algorithm: "SHA256withECDSA", distinguished_name: { common_name: "user.example", country: "DE", organization: "Users" } });
    expect(parsed["public_key"]).toMatch(/^-----BEGIN PUBLIC KEY-----\r\n/);
    await pca.expectRefusal("PCA.00020001", "parseCertificateSigningRequest", { body: { csr: "not a csr" } });
    await pca.expectRefusal("PCA.00020001", "parseCertificateSigningRequest", { body: {} });
  });

  it("parses an RSA CSR, and gives a certificate from a CSR without key usages digitalSignature and keyAgreement", async () => {
    const pca = new Driver();
    const csr = runWith({}, "sh", ["-c", `openssl req -new -newkey rsa:2048 -sha512 -nodes -keyout k.pem -subj "/CN=rsa.example" 2>/dev/null`]);
    expect(await pca.expectStatus(200, "parseCertificateSigningRequest", { body: { csr } })).toMatchObject({ key_algorithm: "RSA", key_algorithm_length: 2048, signature_algorithm: "SHA512withRSA" });
    const { subId } = await hierarchy(pca);
    const { certificate_id: leafId } = await pca.expectStatus(200, "issueCertificateFromCsr", { body: { issuer_id: subId, csr, validity: VALID, type: "ENTITY_CERT" } });
    expect(await pca.expectStatus(200, "getCertificate", { path: { certificate_id: leafId } })).toMatchObject({ key_algorithm: "RSA2048", signature_algorithm: "SHA384", status: "ISSUED", issuer_id: subId });
    const json = await pca.expectStatus(200, "exportCertificate", { path: { certificate_id: leafId }, body: { is_compressed: "false", type: "OTHER" } });
    const text = runWith({ "l.pem": pem(json["certificate"]) }, "openssl", ["x509", "-in", "l.pem", "-noout", "-text"]);
    expect(text).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature, Key Agreement\n/);
    expect(text).toContain("Signature Algorithm: ecdsa-with-SHA384");
    expect(text).not.toContain("CA:TRUE");
  });

  it("issues a private certificate and a subordinate CA from it, keys staying with the user", async () => {
    const pca = new Driver();
    const { rootId, subId } = await hierarchy(pca);
    const csr = makeCsr("/CN=device-1", "keyUsage=critical,digitalSignature\n");
    const { certificate_id: leafId } = await pca.expectStatus(200, "issueCertificateFromCsr", { body: { issuer_id: subId, csr, validity: VALID } });
    expect(await pca.expectStatus(200, "getCertificate", { path: { certificate_id: leafId } })).toMatchObject({ gen_mode: "CSR", key_algorithm: "EC384", signature_algorithm: "SHA384", distinguished_name: { common_name: "device-1" } });
    const json = await pca.expectStatus(200, "exportCertificate", { path: { certificate_id: leafId }, body: { is_compressed: "false", type: "OTHER" } });
    expect(Object.keys(json).sort()).toEqual(["certificate", "certificate_chain"]);
    const leaf = new X509Certificate(pem(json["certificate"]));
    expect(leaf.ca).toBe(false);
    expect(runWith({ "l.pem": pem(json["certificate"]) }, "openssl", ["x509", "-in", "l.pem", "-noout", "-ext", "keyUsage"])).toMatch(/critical\n\s+Digital Signature\n/);
    for (const [type, names] of [["NGINX", ["server.crt"]], ["OTHER", ["chain.pem", "cert.pem"]], ["IIS", ["chain.crt", "server.crt"]]] as const) {
      const zip = await pca.call("exportCertificate", { path: { certificate_id: leafId }, body: { is_compressed: "true", type } });
      expect(Object.keys(unzip(zip.file!.bytes))).toEqual(names);
    }

    const { certificate_id: caId } = await pca.expectStatus(200, "issueCertificateFromCsr", { body: { issuer_id: rootId, csr: makeCsr("/CN=Own CA"), validity: VALID, type: "INTERMEDIATE_CA", path_length: 0 } });
    expect(await pca.ca(caId)).toMatchObject({ type: "SUBORDINATE", status: "ACTIVED", gen_mode: "CSR", issuer_id: rootId, path_length: 0 });
    const exported = await pca.expectStatus(200, "exportCertificateAuthorityCertificate", { path: { ca_id: caId } });
    expect(runWith({ "c.pem": pem(exported["certificate"]) }, "openssl", ["x509", "-in", "c.pem", "-noout", "-ext", "basicConstraints,keyUsage"])).toMatch(/CA:TRUE, pathlen:0[\s\S]*Digital Signature, Certificate Sign, CRL Sign/);
    // Not listed, no CA quota, cannot issue.
    expect((await pca.expectStatus(200, "listCertificateAuthorities"))["total"]).toBe(2);
    expect((await pca.expectStatus(200, "getCertificateAuthorityQuota"))["quotas"]["resources"][0]["used"]).toBe(2);
    await pca.expectRefusal("PCA.00020001", "issueCertificate", { body: { issuer_id: caId, distinguished_name: { common_name: "x" }, validity: VALID } });
    await pca.expectRefusal("PCA.00020001", "issueCertificateFromCsr", { body: { issuer_id: rootId, csr, validity: VALID, type: "OTHER" } });
    await pca.expectRefusal("PCA.00020001", "issueCertificateFromCsr", { body: { issuer_id: rootId, csr: "x", validity: VALID } });
    await pca.expectRefusal("PCA.00020001", "issueCertificateFromCsr", { body: { issuer_id: subId, csr, validity: VALID, type: "INTERMEDIATE_CA", path_length: 1 } });
  });

  it("refuses a key the service does not offer", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot();
    const csr = runWith({}, "openssl", ["req", "-new", "-newkey", "ed25519", "-nodes", "-keyout", "k.pem", "-subj", "/CN=ed"]);
    await pca.expectRefusal("PCA.00020102", "issueCertificateFromCsr", { body: { issuer_id: rootId, csr, validity: VALID } });
  });
});

describe("one RSA path", () => {
  it("makes an RSA 2048 root signing with SHA512 and an RSA leaf that openssl verifies", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot({ ...rootBody(), key_algorithm: "RSA2048", signature_algorithm: "SHA512" });
    const leafId = await pca.issue(rootId, { signature_algorithm: "SHA384" });
    const root = await pca.expectStatus(200, "exportCertificateAuthorityCertificate", { path: { ca_id: rootId } });
    const leaf = await pca.expectStatus(200, "exportCertificate", { path: { certificate_id: leafId }, body: { is_compressed: "false", type: "OTHER" } });
    const rootText = runWith({ "r.pem": pem(root["certificate"]) }, "openssl", ["x509", "-in", "r.pem", "-noout", "-text"]);
    expect(rootText).toContain("Signature Algorithm: sha512WithRSAEncryption");
    expect(rootText).toContain("Public-Key: (2048 bit)");
    const leafText = runWith({ "l.pem": pem(leaf["certificate"]) }, "openssl", ["x509", "-in", "l.pem", "-noout", "-text"]);
    expect(leafText).toContain("Signature Algorithm: sha384WithRSAEncryption");
    expect(createPrivateKey(pem(leaf["private_key"])).asymmetricKeyDetails?.modulusLength).toBe(2048);
    const ok = runWith({ "root.pem": pem(root["certificate"]), "leaf.pem": pem(leaf["certificate"]) }, "openssl", ["verify", "-CAfile", "root.pem", "leaf.pem"]);
    expect(ok.trim()).toBe("leaf.pem: OK");
    expect(new Date(new X509Certificate(pem(leaf["certificate"])).validFrom).getTime()).toBe(Math.floor(NOW.getTime() / 1000) * 1000);
  });
});
