/**
 * A pending subordinate CA's ways to its certificate, and its revocation:
 *  - activateCertificateAuthority (page Activating a CA): signed by an ACTIVED CA of this account.
 *  - exportCertificateAuthorityCsr (page Exporting a CSR of a CA): a PKCS#10 CSR of its key.
 *  - importCertificateAuthorityCertificate (page Importing a CA Certificate): a CA certificate
 *    signed elsewhere for that CSR; one whose public key is not the CA's is refused.
 *  - revokeCertificateAuthority (page Revoking a Subordinate CA): its serial goes on its issuer's CRL.
 */
import { signatureAlgorithmFromHash, signatureAlgorithmOf } from "../algorithms.js";
import { Refusal, wrongState } from "../errors.js";
import { CA_KEY_USAGES, keyUsageFlags } from "../extensions.js";
import { caIdOf } from "../ids.js";
import { objectOf, optionalArray, optionalInteger, optionalString, requiredString } from "../input.js";
import { activateCa, ROOT_PATH_LENGTH, subordinatePathLength } from "../issuing.js";
import { sameBytes, signingKey } from "../keys.js";
import { findCa, requireCaStatus, requireIssuer, sweepDeleted } from "../lifecycle.js";
import { makeCsr } from "../csr.js";
import { isRevocationReason } from "../crl.js";
import { fromX509Name } from "../names.js";
import { apiText, pemBlocks } from "../pem.js";
import { MAX_YEARS, periodOf } from "../validity.js";
import { isCaCertificate, parseCertificate } from "../x509.js";
import { x509 } from "../x509-library.js";
import { NO_CONTENT, ok, type HandlerGroup } from "./context.js";

export const activationHandlers: HandlerGroup = ({ state }) => ({
  async activateCertificateAuthority(request) {
    sweepDeleted(state, request.now);
    const ca = findCa(state, caIdOf(request.path["ca_id"]));
    const body = objectOf(request.body);
    requireCaStatus(ca, request.now, "PENDING");
    const signatureAlgorithm = signatureAlgorithmOf(requiredString(body, "signature_algorithm", "PCA.00020103"));
    const period = periodOf(body["validity"], request.now, MAX_YEARS.other);
    const issuer = findCa(state, caIdOf(requiredString(body, "issuer_id", "PCA.00020201")));
    if (issuer === ca) throw wrongState();
    requireIssuer(issuer, request.now);
    await activateCa(ca, issuer, {
      period,
      signatureAlgorithm,
      keyUsages: keyUsageFlags(optionalArray(body, "key_usages") ?? CA_KEY_USAGES),
      pathLength: subordinatePathLength(issuer, optionalInteger(body, "path_length")),
    });
    return NO_CONTENT;
  },

  async exportCertificateAuthorityCsr(request) {
    sweepDeleted(state, request.now);
    const ca = findCa(state, caIdOf(request.path["ca_id"]));
    requireCaStatus(ca, request.now, "PENDING");
    if (ca.key === undefined) throw wrongState();
    // The CSR is signed with SHA256: a pending CA has no signature algorithm of its own yet.
    const csr = await makeCsr(ca.distinguishedName, ca.key, "SHA256", await signingKey(ca.key, "SHA256"));
    return ok({ csr: apiText(csr) });
  },

  async importCertificateAuthorityCertificate(request) {
    sweepDeleted(state, request.now);
    const ca = findCa(state, caIdOf(request.path["ca_id"]));
    const body = objectOf(request.body);
    requireCaStatus(ca, request.now, "PENDING");
    if (ca.type !== "SUBORDINATE" || ca.key === undefined) throw wrongState();
    const certificate = parseCertificate(requiredString(body, "certificate"));
    // Not a certificate, not a CA certificate, or not for this CA's key (its CSR): refused. No
    // documented code covers these: PCA.00020001.
    if (certificate === undefined || !isCaCertificate(certificate)) throw new Refusal("PCA.00020001");
    if (!sameBytes(new Uint8Array(certificate.publicKey.rawData), ca.key.spki)) throw new Refusal("PCA.00020001");
    const chainText = optionalString(body, "certificate_chain") ?? "";
    const chain = pemBlocks(chainText, "CERTIFICATE");
    if (chain.some((pem) => parseCertificate(pem) === undefined)) throw new Refusal("PCA.00020001");
    ca.certificate = certificate;
    ca.chain = chain;
    ca.genMode = "IMPORT";
    ca.issuerId = null;
    ca.issuerName = fromX509Name(certificate.issuerName).common_name;
    ca.signatureAlgorithm = signatureAlgorithmFromHash(certificate.signatureAlgorithm.hash?.name);
    // The path length the imported certificate carries; none means not limited.
    ca.pathLength = certificate.getExtension(x509.BasicConstraintsExtension)?.pathLength ?? ROOT_PATH_LENGTH;
    ca.status = "ACTIVED";
    return NO_CONTENT;
  },

  async revokeCertificateAuthority(request) {
    sweepDeleted(state, request.now);
    const ca = findCa(state, caIdOf(request.path["ca_id"]));
    // The page: send {} when there is no reason; an absent body is an error.
    if (request.body === undefined) throw new Refusal("PCA.00020001");
    const reason = optionalString(objectOf(request.body), "reason") ?? "UNSPECIFIED";
    if (!isRevocationReason(reason)) throw new Refusal("PCA.00020001");
    // Only a subordinate with a certificate from a CA of this account, not yet revoked.
    if (ca.type !== "SUBORDINATE" || ca.certificate === undefined || ca.issuerId === null || ca.revoked !== undefined) throw wrongState();
    const entry = { serialNumber: ca.certificate.serialNumber, revokedAt: request.now, reason };
    ca.revoked = entry;
    state.revocations.set(ca.issuerId, [...(state.revocations.get(ca.issuerId) ?? []), entry]);
    return NO_CONTENT;
  },
});
