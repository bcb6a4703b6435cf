/**
 * Private certificates: issuing (page Applying for a Certificate; model
 * model_create_certificate_request_body.go), reading, listing, revoking (page Revoking a
 * Certificate), deleting (page Deleting a Certificate) and the certificate quota. Only an
 * ACTIVED CA that holds its key issues; key and signature algorithms default to the CA's, and the
 * subject's members other than the common name to the CA's.
 */
import { keyAlgorithmOf, signatureAlgorithmOf, type KeyAlgorithm } from "../algorithms.js";
import { Refusal, wrongState } from "../errors.js";
import { customizedExtension, extendedKeyUsages, keyUsageFlags, subjectAlternativeNames } from "../extensions.js";
import { caIdOf, certificateIdOf, newId, newSerialNumber } from "../ids.js";
import { objectOf, optionalArray, optionalObject, optionalString, queryInteger, requiredString } from "../input.js";
import { chainOf, withCrl } from "../issuing.js";
import { generateKey, signingKey } from "../keys.js";
import { certificateStatus, findCa, findCertificate, requireIssuer, sweepDeleted } from "../lifecycle.js";
import { isRevocationReason } from "../crl.js";
import { distinguishedNameOf } from "../names.js";
import { paged, sorted } from "../paging.js";
import { requireCertificateQuota } from "../quotas.js";
import type { CertificateRecord } from "../state.js";
import { MAX_YEARS, periodOf } from "../validity.js";
import { certificateView } from "../views.js";
import { makeCertificate } from "../x509.js";
import { NO_CONTENT, ok, type HandlerGroup } from "./context.js";

export const certificateHandlers: HandlerGroup = ({ state, quotas }) => ({
  async issueCertificate(request) {
    sweepDeleted(state, request.now);
    const body = objectOf(request.body);
    const issuer = findCa(state, caIdOf(requiredString(body, "issuer_id", "PCA.00020201")));
    requireIssuer(issuer, request.now);
    const keyText = optionalString(body, "key_algorithm");
    const keyAlgorithm = keyAlgorithmOf(keyText ?? issuer.keyAlgorithm);
    const signatureText = optionalString(body, "signature_algorithm");
    const signatureAlgorithm = signatureText === undefined ? (issuer.signatureAlgorithm ?? "SHA256") : signatureAlgorithmOf(signatureText);
    const distinguishedName = distinguishedNameOf(body["distinguished_name"], issuer.distinguishedName);
    const period = periodOf(body["validity"], request.now, MAX_YEARS.other);
    const keyUsages = keyUsageFlags(optionalArray(body, "key_usages") ?? []);
    const sans = subjectAlternativeNames(optionalArray(body, "subject_alternative_names") ?? []);
    const ekus = extendedKeyUsages(optionalObject(body, "extended_key_usage"));
    const custom = optionalObject(body, "customized_extension");
    const extraExtensions = custom === undefined ? [] : [customizedExtension(custom)];
    requireCertificateQuota(state, quotas);
    const key = await generateKey(keyAlgorithm);
    const certificate = await makeCertificate(
      {
        subject: distinguishedName,
        publicKey: key.keys.publicKey,
        serialNumber: newSerialNumber(),
        period,
        signatureAlgorithm,
        keyUsages,
        extendedKeyUsages: ekus,
        subjectAlternativeNames: sans,
        extraExtensions,
        ...withCrl(issuer),
      },
      { certificate: issuer.certificate, key: await signingKey(issuer.key, signatureAlgorithm), keyAlgorithm: issuer.key.algorithm as KeyAlgorithm },
    );
    const record: CertificateRecord = {
      id: newId(),
      issuerId: issuer.id,
      issuerName: issuer.distinguishedName.common_name,
      status: "ISSUED",
      key,
      keyAlgorithm,
      signatureAlgorithm,
      genMode: "GENERATE",
      distinguishedName,
      certificate,
      chain: chainOf(issuer),
      createTime: request.now.getTime(),
      revoked: undefined,
    };
    state.certificates.set(record.id, record);
    return ok({ certificate_id: record.id });
  },

  async listCertificates(request) {
    sweepDeleted(state, request.now);
    const { name, status } = request.query;
    const matching = [...state.certificates.values()].filter(
      (certificate) =>
        (name === undefined || certificate.distinguishedName.common_name.includes(name)) &&
        (status === undefined || certificateStatus(certificate, request.now) === status),
    );
    const ordered = sorted(
      matching,
      {
        create_time: (certificate) => certificate.createTime,
        common_name: (certificate) => certificate.distinguishedName.common_name,
        issuer_name: (certificate) => certificate.issuerName,
        not_after: (certificate) => certificate.certificate.notAfter.getTime(),
      },
      request.query["sort_key"],
      request.query["sort_dir"],
    );
    const page = paged(ordered, queryInteger(request.query, "limit"), queryInteger(request.query, "offset"));
    return ok({ total: matching.length, certificates: page.map((certificate) => certificateView(certificate, request.now)) });
  },

  async getCertificate(request) {
    sweepDeleted(state, request.now);
    return ok(certificateView(findCertificate(state, certificateIdOf(request.path["certificate_id"])), request.now));
  },

  async revokeCertificate(request) {
    sweepDeleted(state, request.now);
    const certificate = findCertificate(state, certificateIdOf(request.path["certificate_id"]));
    // The page: send {} when there is no reason; an absent body is an error.
    if (request.body === undefined) throw new Refusal("PCA.00020001");
    const reason = optionalString(objectOf(request.body), "reason") ?? "UNSPECIFIED";
    if (!isRevocationReason(reason)) throw new Refusal("PCA.00020001");
    if (certificate.status === "REVOKED") throw wrongState();
    const entry = { serialNumber: certificate.certificate.serialNumber, revokedAt: request.now, reason };
    certificate.status = "REVOKED";
    certificate.revoked = entry;
    state.revocations.set(certificate.issuerId, [...(state.revocations.get(certificate.issuerId) ?? []), entry]);
    return NO_CONTENT;
  },

  async deleteCertificate(request) {
    sweepDeleted(state, request.now);
    const certificate = findCertificate(state, certificateIdOf(request.path["certificate_id"]));
    state.certificates.delete(certificate.id);
    state.certificateTags.delete(certificate.id);
    return NO_CONTENT;
  },

  async getCertificateQuota(request) {
    sweepDeleted(state, request.now);
    return ok({ quotas: { resources: [{ type: "CERTIFICATE", used: state.certificates.size, quota: quotas.certificates }] } });
  },
});
