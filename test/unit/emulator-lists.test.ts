/**
 * The PCA emulator's lists, tags, quotas, seeding helpers, reset and the CRL helper: paging and
 * filters like the service, tag filters (keys ANDed, values ORed), quota refusals.
 */
import { describe, expect, it } from "vitest";
import { createPcaEmulator } from "../../src/testing/emulator/index.js";
import { Driver, NOW, runWith } from "./support/emulator.js";

const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

async function threeRoots(pca: Driver): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, name] of ["Bravo", "Alpha", "Charlie"].entries()) {
    pca.now = at(i);
    ids.push(await pca.createRoot({ distinguished_name: { common_name: name, country: "CN", state: "s", locality: "l", organization: "o", organizational_unit: "u" }, validity: { type: "DAY", value: 10 - i } }));
  }
  return ids;
}

describe("listing CAs", () => {
  it("sorts newest first by default, pages with limit and offset, and filters by name, status and type", async () => {
    const pca = new Driver();
    const [bravo, alpha, charlie] = await threeRoots(pca);
    const names = async (query: Record<string, string>) => {
      const body = await pca.expectStatus(200, "listCertificateAuthorities", { query });
      return [body["total"], body["certificate_authorities"].map((ca: { distinguished_name: { common_name: string } }) => ca.distinguished_name.common_name)];
    };
    expect(await names({})).toEqual([3, ["Charlie", "Alpha", "Bravo"]]);
    expect(await names({ sort_dir: "ASC" })).toEqual([3, ["Bravo", "Alpha", "Charlie"]]);
    expect(await names({ sort_key: "common_name", sort_dir: "ASC" })).toEqual([3, ["Alpha", "Bravo", "Charlie"]]);
    expect(await names({ sort_key: "not_after" })).toEqual([3, ["Bravo", "Alpha", "Charlie"]]);
    expect(await names({ limit: "2" })).toEqual([3, ["Charlie", "Alpha"]]);
    expect(await names({ limit: "2", offset: "2" })).toEqual([3, ["Bravo"]]);
    expect(await names({ limit: "0" })).toEqual([3, []]);
    expect(await names({ name: "ar" })).toEqual([1, ["Charlie"]]);
    await pca.expectStatus(204, "disableCertificateAuthority", { path: { ca_id: alpha! } });
    const subId = await pca.createSubordinate(bravo);
    expect(await names({ status: "DISABLED" })).toEqual([1, ["Alpha"]]);
    expect(await names({ status: "ACTIVED", sort_key: "create_time", sort_dir: "ASC" })).toEqual([3, ["Bravo", "Charlie", "Test Sub"]]);
    expect(await names({ type: "SUBORDINATE" })).toEqual([1, ["Test Sub"]]);
    expect(await names({ sort_key: "type", sort_dir: "ASC", limit: "1" })).toEqual([4, ["Bravo"]]);
    pca.now = at(60 * 24 * 9);
    expect(await names({ status: "EXPIRED" })).toEqual([1, ["Charlie"]]);
    await pca.expectRefusal("PCA.00020001", "listCertificateAuthorities", { query: { sort_key: "serial_number" } });
    await pca.expectRefusal("PCA.00020001", "listCertificateAuthorities", { query: { sort_dir: "UP" } });
    await pca.expectRefusal("PCA.00020001", "listCertificateAuthorities", { query: { limit: "-1" } });
    expect(charlie).not.toBe(subId);
  });
});

describe("listing certificates", () => {
  it("sorts, pages and filters by name and status", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot();
    const ids: string[] = [];
    for (const [i, name] of ["b.example", "a.example", "c.example"].entries()) {
      pca.now = at(i);
      ids.push(await pca.issue(rootId, { distinguished_name: { common_name: name }, validity: { type: "DAY", value: 3 - i } }));
    }
    const names = async (query: Record<string, string>) => {
      const body = await pca.expectStatus(200, "listCertificates", { query });
      return [body["total"], body["certificates"].map((c: { distinguished_name: { common_name: string } }) => c.distinguished_name.common_name)];
    };
    expect(await names({})).toEqual([3, ["c.example", "a.example", "b.example"]]);
    expect(await names({ sort_key: "common_name", sort_dir: "ASC", limit: "2" })).toEqual([3, ["a.example", "b.example"]]);
    expect(await names({ sort_key: "not_after", sort_dir: "ASC", offset: "1" })).toEqual([3, ["a.example", "b.example"]]);
    expect(await names({ sort_key: "issuer_name" })).toEqual([3, ["b.example", "a.example", "c.example"]]);
    expect(await names({ name: "a." })).toEqual([1, ["a.example"]]);
    await pca.expectStatus(204, "revokeCertificate", { path: { certificate_id: ids[0]! }, body: {} });
    expect(await names({ status: "REVOKED" })).toEqual([1, ["b.example"]]);
    expect(await names({ status: "ISSUED" })).toEqual([2, ["c.example", "a.example"]]);
    pca.now = at(60 * 24 + 2);
    expect(await names({ status: "EXPIRED" })).toEqual([1, ["c.example"]]);
    await pca.expectStatus(204, "deleteCertificate", { path: { certificate_id: ids[1]! } });
    expect(await names({})).toEqual([2, ["c.example", "b.example"]]);
    await pca.expectRefusal("PCA.00020001", "listCertificates", { query: { sort_key: "type" } });
  });
});

describe("quotas", () => {
  it("counts use and refuses past the quota; the service's quotas by default", async () => {
    const pca = new Driver({ quotas: { certificateAuthorities: 2, certificates: 1 } });
    const rootId = await pca.createRoot();
    await pca.createSubordinate(undefined);
    await pca.expectRefusal("PCA.00020001", "createCertificateAuthority", { body: { type: "ROOT", distinguished_name: { common_name: "x" }, key_algorithm: "EC256", signature_algorithm: "SHA256", validity: { type: "DAY", value: 1 } } });
    expect(await pca.expectStatus(200, "getCertificateAuthorityQuota")).toEqual({ quotas: { resources: [{ type: "CERTIFICATE_AUTHORITY", used: 2, quota: 2 }] } });
    const certificateId = await pca.issue(rootId);
    await pca.expectRefusal("PCA.00020001", "issueCertificate", { body: { issuer_id: rootId, distinguished_name: { common_name: "y" }, validity: { type: "DAY", value: 1 } } });
    expect(await pca.expectStatus(200, "getCertificateQuota")).toEqual({ quotas: { resources: [{ type: "CERTIFICATE", used: 1, quota: 1 }] } });
    await pca.expectStatus(204, "deleteCertificate", { path: { certificate_id: certificateId } });
    await pca.issue(rootId);
    const fresh = new Driver();
    expect(await fresh.expectStatus(200, "getCertificateAuthorityQuota")).toEqual({ quotas: { resources: [{ type: "CERTIFICATE_AUTHORITY", used: 0, quota: 100 }] } });
    expect(await fresh.expectStatus(200, "getCertificateQuota")).toEqual({ quotas: { resources: [{ type: "CERTIFICATE", used: 0, quota: 100000 }] } });
  });
});

describe("tags", () => {
  it("keeps, replaces and removes tags, lists the account's, and filters and counts by them", async () => {
    const pca = new Driver();
    const [bravo, alpha, charlie] = await threeRoots(pca);
    const path = (id: string) => ({ ca_id: id });
    await pca.expectStatus(204, "createCertificateAuthorityTag", { path: path(bravo!), body: { tag: { key: "env", value: "prod" } } });
    await pca.expectStatus(204, "addCertificateAuthorityTags", { path: path(alpha!), body: { tags: [{ key: "env", value: "test" }, { key: "team", value: "pki" }] } });
    await pca.expectStatus(204, "addCertificateAuthorityTags", { path: path(charlie!), body: { tags: [{ key: "env", value: "dev" }, { key: "team", value: "pki" }] } });
    await pca.expectStatus(204, "createCertificateAuthorityTag", { path: path(charlie!), body: { tag: { key: "env", value: "prod" } } });
    expect(await pca.expectStatus(200, "listCertificateAuthorityTags", { path: path(charlie!) })).toEqual({ tags: [{ key: "env", value: "prod" }, { key: "team", value: "pki" }] });
    expect(await pca.expectStatus(200, "listAccountCertificateAuthorityTags")).toEqual({ tags: [{ key: "env", values: ["prod", "test"] }, { key: "team", values: ["pki"] }] });
    const filter = async (body: unknown) => {
      const answer = await pca.expectStatus(200, "listCertificateAuthoritiesByTags", { body });
      const count = await pca.expectStatus(200, "countCertificateAuthoritiesByTags", { body });
      expect(count).toEqual({ total_count: answer["total_count"] });
      return [answer["total_count"], answer["resources"].map((r: { resource_name: string }) => r.resource_name)];
    };
    expect(await filter({})).toEqual([3, ["Bravo", "Alpha", "Charlie"]]);
    expect(await filter({ tags: [{ key: "env", values: ["prod"] }] })).toEqual([2, ["Bravo", "Charlie"]]);
    expect(await filter({ tags: [{ key: "env", values: ["prod", "test"] }, { key: "team", values: [] }] })).toEqual([2, ["Alpha", "Charlie"]]);
    expect(await filter({ tags: [{ key: "owner", values: [] }] })).toEqual([0, []]);
    expect(await filter({ matches: [{ key: "resource_name", value: "ha" }] })).toEqual([2, ["Alpha", "Charlie"]]);
    expect(await filter({ limit: 1, offset: 1 })).toEqual([3, ["Alpha"]]);
    const one = await pca.expectStatus(200, "listCertificateAuthoritiesByTags", { body: { tags: [{ key: "env", values: ["prod"] }], limit: 1 } });
    expect(one["resources"][0]).toMatchObject({ resource_id: bravo, resource_name: "Bravo", resource_detail: { ca_id: bravo, status: "ACTIVED" }, tags: [{ key: "env", value: "prod" }] });
    await pca.expectRefusal("PCA.00020001", "listCertificateAuthoritiesByTags", { body: { matches: [{ key: "status", value: "x" }] } });
    await pca.expectRefusal("PCA.00020001", "countCertificateAuthoritiesByTags", { body: { tags: [{ key: "env" }] } });
    await pca.expectRefusal("PCA.00020001", "countCertificateAuthoritiesByTags", { body: { tags: "env" } });
    // Removing: by key, or by key and value when the value matches.
    await pca.expectStatus(204, "removeCertificateAuthorityTags", { path: path(charlie!), body: { tags: [{ key: "env", value: "dev" }, { key: "team" }] } });
    expect(await pca.expectStatus(200, "listCertificateAuthorityTags", { path: path(charlie!) })).toEqual({ tags: [{ key: "env", value: "prod" }] });
    await pca.expectStatus(204, "removeCertificateAuthorityTags", { path: path(charlie!), body: { tags: [{ key: "env", value: "prod" }] } });
    expect(await pca.expectStatus(200, "listCertificateAuthorityTags", { path: path(charlie!) })).toEqual({ tags: [] });
    await pca.expectRefusal("PCA.10010002", "createCertificateAuthorityTag", { path: path("abcdef00-0000-4000-8000-00000000000a"), body: { tag: { key: "a", value: "b" } } });
  });

  it("tags certificates alike, and forgets a deleted certificate's tags", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot();
    const first = await pca.issue(rootId, { distinguished_name: { common_name: "one" } });
    const second = await pca.issue(rootId, { distinguished_name: { common_name: "two" } });
    await pca.expectStatus(204, "createCertificateTag", { path: { certificate_id: first }, body: { tag: { key: "app", value: "web" } } });
    await pca.expectStatus(204, "addCertificateTags", { path: { certificate_id: second }, body: { tags: [{ key: "app", value: "api" }] } });
    expect(await pca.expectStatus(200, "listCertificateTags", { path: { certificate_id: second } })).toEqual({ tags: [{ key: "app", value: "api" }] });
    expect(await pca.expectStatus(200, "listAccountCertificateTags")).toEqual({ tags: [{ key: "app", values: ["web", "api"] }] });
    const listed = await pca.expectStatus(200, "listCertificatesByTags", { body: { tags: [{ key: "app", values: ["api"] }] } });
    expect(listed).toMatchObject({ total_count: 1, resources: [{ resource_id: second, resource_name: "two", resource_detail: { certificate_id: second } }] });
    expect(await pca.expectStatus(200, "countCertificatesByTags", { body: {} })).toEqual({ total_count: 2 });
    await pca.expectStatus(204, "removeCertificateTags", { path: { certificate_id: second }, body: { tags: [{ key: "app" }] } });
    await pca.expectStatus(204, "deleteCertificate", { path: { certificate_id: first } });
    expect(await pca.expectStatus(200, "listAccountCertificateTags")).toEqual({ tags: [] });
  });
});

describe("seeding, reset and the CRL helper", () => {
  it("seeds a ready root and a hierarchy, and reset forgets everything", async () => {
    const emulator = createPcaEmulator({ now: () => NOW });
    const rootId = await emulator.seedRoot({ commonName: "Seed Root", keyAlgorithm: "EC384", signatureAlgorithm: "SHA384", years: 2 });
    const { rootId: otherRoot, subordinateId } = await emulator.seedHierarchy();
    const get = (id: string) => emulator.handlers["getCertificateAuthority"]!({ operationId: "getCertificateAuthority", path: { ca_id: id }, query: {}, body: undefined, now: NOW });
    expect((await get(rootId)).body).toMatchObject({ status: "ACTIVED", key_algorithm: "EC384", signature_algorithm: "SHA384", not_after: Date.UTC(2028, 10, 24, 12), distinguished_name: { common_name: "Seed Root" } });
    const dn = { country: "CN", state: "Guangdong", locality: "Shenzhen", organization: "Emulator", organizational_unit: "PKI" };
    const defaults = { key_algorithm: "EC256", signature_algorithm: "SHA256" };
    expect((await get(subordinateId)).body).toMatchObject({ status: "ACTIVED", type: "SUBORDINATE", issuer_id: otherRoot, path_length: 0, ...defaults, distinguished_name: { common_name: "Emulator Subordinate CA", ...dn }, not_after: Date.UTC(2031, 10, 24, 12) });
    expect((await get(otherRoot)).body).toMatchObject({ type: "ROOT", ...defaults, distinguished_name: { common_name: "Emulator Root CA", ...dn }, not_after: Date.UTC(2036, 10, 24, 12) });
    const { subordinateId: deep } = await emulator.seedHierarchy({ root: { commonName: "R2" }, subordinate: { commonName: "S2", pathLength: 1, keyAlgorithm: "EC384", signatureAlgorithm: "SHA512", years: 1 } });
    expect((await get(deep)).body).toMatchObject({ path_length: 1, key_algorithm: "EC384", signature_algorithm: "SHA512", distinguished_name: { common_name: "S2" }, not_after: Date.UTC(2027, 10, 24, 12) });
    await expect(emulator.seedRoot({ keyAlgorithm: "SM2" })).rejects.toThrow(/seeding a CA failed: .*PCA.00020102/);
    emulator.reset();
    expect((await get(rootId)).body).toMatchObject({ error_code: "PCA.10010002" });
  });

  it("makes no CRL while it is disabled, and lists revoked subordinates on the issuer's", async () => {
    const pca = new Driver();
    const rootId = await pca.createRoot({ crl_configuration: { enabled: true, obs_bucket_name: "crls", valid_days: 10 } });
    expect((await pca.ca(rootId))["crl_configuration"]).toEqual({ enabled: true, crl_name: rootId, obs_bucket_name: "crls", valid_days: 10, crl_dis_point: `https://crls.obs.myhuaweicloud.com/${rootId}.crl` });
    const subId = await pca.createSubordinate(rootId);
    await pca.expectStatus(204, "revokeCertificateAuthority", { path: { ca_id: subId }, body: { reason: "CESSATION_OF_OPERATION" } });
    const crl = (await pca.emulator.crl(rootId))!;
    const text = runWith({ "c.pem": crl }, "openssl", ["crl", "-in", "c.pem", "-noout", "-text"]);
    expect(text).toContain(`Serial Number: ${(await pca.ca(subId))["serial_number"].toUpperCase()}`);
    expect(text).toContain("Cessation Of Operation");
    expect(text).toContain("Next Update: Dec  4 12:00:00 2026 GMT");
    // The subordinate's certificate carries the root's CRL distribution point.
    const sub = await pca.expectStatus(200, "exportCertificateAuthorityCertificate", { path: { ca_id: subId } });
    expect(runWith({ "s.pem": sub["certificate"] }, "openssl", ["x509", "-in", "s.pem", "-noout", "-ext", "crlDistributionPoints"])).toContain(`URI:https://crls.obs.myhuaweicloud.com/${rootId}.crl`);
    await pca.expectStatus(204, "disableCertificateAuthorityCrl", { path: { ca_id: rootId } });
    expect(await pca.emulator.crl(rootId)).toBeUndefined();
    expect((await pca.ca(rootId))["crl_configuration"]).toEqual({ enabled: false });
    expect(await pca.emulator.crl("abcdef00-0000-4000-8000-00000000000a")).toBeUndefined();
    await pca.expectStatus(204, "enableCertificateAuthorityCrl", { path: { ca_id: rootId }, body: { obs_bucket_name: "b2", valid_days: 7, crl_name: "root" } });
    expect((await pca.ca(rootId))["crl_configuration"]).toMatchObject({ crl_name: "root", crl_dis_point: "https://b2.obs.myhuaweicloud.com/root.crl" });
    await pca.expectRefusal("PCA.00020001", "enableCertificateAuthorityCrl", { path: { ca_id: rootId }, body: { valid_days: 7 } });
  });

  it("answers one request at a time, so concurrent creations respect the quota", async () => {
    const pca = new Driver({ quotas: { certificateAuthorities: 2 } });
    const answers = await Promise.all([0, 1, 2].map(() => pca.call("createCertificateAuthority", { body: { type: "ROOT", distinguished_name: { common_name: "c" }, key_algorithm: "EC256", signature_algorithm: "SHA256", validity: { type: "DAY", value: 1 } } })));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 400]);
  });
});
