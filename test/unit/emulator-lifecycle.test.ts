/**
 * The PCA emulator's whole lifecycle through its handlers: root → pending subordinate → activate →
 * issue → export → verify the chain (node:crypto and openssl) → revoke → CRL → disable → delete →
 * restore.
 */
import { X509Certificate, createPrivateKey, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { blocks, DAY_MS, Driver, NOW, pem, runWith } from "./support/emulator.js";

describe("the emulator's lifecycle", () => {
  it("issues a chain that verifies, revokes onto the CRL, and retires the CA", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot({ path_length: 3 });
    const root = await pca.ca(rootId);
    expect(root).toMatchObject({ type: "ROOT", status: "ACTIVED", path_length: 7, issuer_id: null, issuer_name: null, gen_mode: "GENERATE", key_algorithm: "EC256", signature_algorithm: "SHA256" });
    expect(root["create_time"]).toBe(NOW.getTime());
    expect(root["not_before"]).toBe(NOW.getTime());
    expect(root["not_after"]).toBe(Date.UTC(2036, 10, 24, 12));

    const subId = await pca.createSubordinate(undefined);
    expect(await pca.ca(subId)).toMatchObject({ type: "SUBORDINATE", status: "PENDING", serial_number: null, not_before: null, not_after: null });
    await pca.expectStatus(204, "activateCertificateAuthority", {
      path: { ca_id: subId },
      body: { issuer_id: rootId, signature_algorithm: "SHA384", validity: { type: "YEAR", value: 5 }, path_length: 0 },
    });
    const sub = await pca.ca(subId);
    expect(sub).toMatchObject({ status: "ACTIVED", issuer_id: rootId, issuer_name: "Test Root", path_length: 0, signature_algorithm: "SHA384" });

    const certificateId = await pca.issue(subId, {
      distinguished_name: { common_name: "www.example.com", organization: "Shop" },
      subject_alternative_names: [
        { type: "DNS", value: "www.example.com" },
        { type: "IP", value: "192.0.2.7" },
      ],
      key_usages: ["digitalSignature", "keyEncipherment"],
      extended_key_usage: { server_auth: true, client_auth: true },
    });
    const exported = await pca.expectStatus(200, "exportCertificate", { path: { certificate_id: certificateId }, body: { is_compressed: "false", type: "OTHER" } });
    expect(exported["certificate"]).toContain("\r\n");
    const leaf = new X509Certificate(pem(exported["certificate"]));
    const chain = blocks(exported["certificate_chain"]).map((text) => new X509Certificate(text));
    expect(chain.map((c) => c.subject)).toEqual([sub_subject(), root_subject()]);
    const [subCert, rootCert] = chain as [X509Certificate, X509Certificate];
    expect(leaf.verify(subCert.publicKey)).toBe(true);
    expect(leaf.checkIssued(subCert)).toBe(true);
    expect(subCert.verify(rootCert.publicKey)).toBe(true);
    expect(rootCert.verify(rootCert.publicKey)).toBe(true);
    expect([leaf.ca, subCert.ca, rootCert.ca]).toEqual([false, true, true]);
    expect(leaf.subject).toBe("C=CN\nST=Guangdong\nL=Shenzhen\nO=Shop\nOU=PKI\nCN=www.example.com");
    expect(leaf.subjectAltName).toBe("DNS:www.example.com, IP Address:192.0.2.7");
    expect(leaf.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
    expect(new Date(leaf.validTo).getTime()).toBe(NOW.getTime() + 30 * DAY_MS);
    // The private key belongs to the certificate.
    const key = createPrivateKey(pem(exported["private_key"]));
    expect(createPublicKey(key).export({ format: "der", type: "spki" }).equals(leaf.publicKey.export({ format: "der", type: "spki" }))).toBe(true);
    const shown = await pca.expectStatus(200, "getCertificate", { path: { certificate_id: certificateId } });
    expect(shown).toMatchObject({ status: "ISSUED", issuer_id: subId, issuer_name: "Test Sub", key_algorithm: "EC256", signature_algorithm: "SHA384", gen_mode: "GENERATE" });
    expect(shown["serial_number"].toUpperCase()).toBe(leaf.serialNumber);

    // openssl agrees: the leaf verifies against the root through the chain.
    const verified = runWith(
      { "root.pem": rootCert.toString(), "chain.pem": pem(exported["certificate_chain"]), "leaf.pem": pem(exported["certificate"]) },
      "openssl",
      ["verify", "-CAfile", "root.pem", "-untrusted", "chain.pem", "leaf.pem"],
    );
    expect(verified.trim()).toBe("leaf.pem: OK");

    // Revoke, then the sub CA's CRL lists the serial; openssl refuses the leaf with that CRL.
    await pca.expectStatus(204, "enableCertificateAuthorityCrl", { path: { ca_id: subId }, body: { obs_bucket_name: "my-bucket", valid_days: 7 } });
    await pca.expectStatus(204, "revokeCertificate", { path: { certificate_id: certificateId }, body: { reason: "KEY_COMPROMISE" } });
    expect((await pca.expectStatus(200, "getCertificate", { path: { certificate_id: certificateId } }))["status"]).toBe("REVOKED");
    const crl = await pca.emulator.crl(subId);
    expect(crl).toBeDefined();
    const crlText = runWith({ "crl.pem": crl! }, "openssl", ["crl", "-in", "crl.pem", "-noout", "-text"]);
    expect(crlText).toContain(`Serial Number: ${leaf.serialNumber}`);
    expect(crlText).toContain("Key Compromise");
    expect(crlText).toContain("Issuer: C = CN, ST = Guangdong, L = Shenzhen, O = Acme, OU = PKI, CN = Test Sub");
    expect(() =>
      runWith(
        { "root.pem": rootCert.toString(), "chain.pem": pem(exported["certificate_chain"]), "leaf.pem": pem(exported["certificate"]), "crl.pem": crl! },
        "openssl",
        ["verify", "-crl_check", "-CAfile", "root.pem", "-untrusted", "chain.pem", "-CRLfile", "crl.pem", "leaf.pem"],
      ),
    ).toThrow(/certificate revoked/);

    // Disable: no more issuing; enable again; disable, delete (scheduled), restore.
    await pca.expectStatus(204, "disableCertificateAuthority", { path: { ca_id: subId } });
    await pca.expectRefusal("PCA.00020001", "issueCertificate", { body: { issuer_id: subId, distinguished_name: { common_name: "x" }, validity: { type: "DAY", value: 1 } } });
    await pca.expectStatus(204, "enableCertificateAuthority", { path: { ca_id: subId } });
    expect((await pca.ca(subId))["status"]).toBe("ACTIVED");
    await pca.expectStatus(204, "disableCertificateAuthority", { path: { ca_id: subId } });
    await pca.expectStatus(204, "deleteCertificateAuthority", { path: { ca_id: subId }, query: { pending_days: "7" } });
    expect(await pca.ca(subId)).toMatchObject({ status: "DELETED", delete_time: NOW.getTime() + 7 * DAY_MS });
    await pca.expectStatus(204, "restoreCertificateAuthority", { path: { ca_id: subId } });
    expect(await pca.ca(subId)).toMatchObject({ status: "DISABLED", delete_time: null });
  });
});

function root_subject(): string {
  return "C=CN\nST=Guangdong\nL=Shenzhen\nO=Acme\nOU=PKI\nCN=Test Root";
}
function sub_subject(): string {
  return "C=CN\nST=Guangdong\nL=Shenzhen\nO=Acme\nOU=PKI\nCN=Test Sub";
}
