/**
 * A user's own CSR: issuing from it (page Issuing a Certificate with a CSR) and parsing it (page
 * Parsing a CSR). Issuing signs with SHA384; the key usages the CSR asks for win, else
 * digitalSignature and keyAgreement for a private certificate, digitalSignature, keyCertSign and
 * cRLSign for a subordinate CA (type INTERMEDIATE_CA, path length 0 unless given). Such a CA uses
 * no CA quota, is not listed, cannot issue (its key stays with the user), and its ca_id is the
 * certificate_id answered.
 */
import { createPublicKey } from "node:crypto";
import { type KeyAlgorithm } from "../algorithms.js";
import { Refusal } from "../errors.js";
import { CA_KEY_USAGES, keyUsageFlags } from "../extensions.js";
import { caIdOf, newId, newSerialNumber } from "../ids.js";
import { objectOf, optionalInteger, optionalString, requiredString } from "../input.js";
import { chainOf, subordinatePathLength, withCrl } from "../issuing.js";
import { signingKey } from "../keys.js";
import { findCa, requireIssuer, sweepDeleted } from "../lifecycle.js";
import { readCsr, requestedKeyUsages } from "../csr.js";
import { fromX509Name } from "../names.js";
import { apiText } from "../pem.js";
import { requireCertificateQuota } from "../quotas.js";
import { MAX_YEARS, periodOf } from "../validity.js";
import { x509 } from "../x509-library.js";
import { makeCertificate } from "../x509.js";
import { ok, type HandlerGroup } from "./context.js";

const CSR_SIGNATURE_ALGORITHM = "SHA384";
const ENTITY_KEY_USAGES = ["digitalSignature", "keyAgreement"];

export const csrHandlers: HandlerGroup = ({ state, quotas }) => ({
  async issueCertificateFromCsr(request) {
    sweepDeleted(state, request.now);
    const body = objectOf(request.body);
    const issuer = findCa(state, caIdOf(requiredString(body, "issuer_id", "PCA.00020201")));
    requireIssuer(issuer, request.now);
    const csr = await readCsr(requiredString(body, "csr"));
    const type = optionalString(body, "type") ?? "ENTITY_CERT";
    if (type !== "ENTITY_CERT" && type !== "INTERMEDIATE_CA") throw new Refusal("PCA.00020001");
    const intermediate = type === "INTERMEDIATE_CA";
    const period = periodOf(body["validity"], request.now, MAX_YEARS.other);
    const pathLength = intermediate ? subordinatePathLength(issuer, optionalInteger(body, "path_length")) : undefined;
    const keyAlgorithm = keyAlgorithmOfKey(csr.publicKey);
    if (!intermediate) requireCertificateQuota(state, quotas);
    const certificate = await makeCertificate(
      {
        subject: csr.subjectName,
        publicKey: csr.publicKey,
        serialNumber: newSerialNumber(),
        period,
        signatureAlgorithm: CSR_SIGNATURE_ALGORITHM,
        ...(pathLength === undefined ? {} : { ca: { pathLength } }),
        keyUsages: requestedKeyUsages(csr) ?? keyUsageFlags(intermediate ? CA_KEY_USAGES : ENTITY_KEY_USAGES),
        ...withCrl(issuer),
      },
      { certificate: issuer.certificate, key: await signingKey(issuer.key, CSR_SIGNATURE_ALGORITHM), keyAlgorithm: issuer.key.algorithm },
    );
    const id = newId();
    const distinguishedName = fromX509Name(csr.subjectName);
    const common = { id, key: undefined, keyAlgorithm, distinguishedName, certificate, chain: chainOf(issuer), createTime: request.now.getTime(), revoked: undefined };
    if (intermediate) {
      state.cas.set(id, {
        ...common,
        type: "SUBORDINATE",
        status: "ACTIVED",
        pathLength: pathLength ?? 0,
        signatureAlgorithm: CSR_SIGNATURE_ALGORITHM,
        issuerId: issuer.id,
        issuerName: issuer.distinguishedName.common_name,
        genMode: "CSR",
        deleteTime: null,
        crl: undefined,
        listed: false,
      });
    } else {
      state.certificates.set(id, {
        ...common,
        issuerId: issuer.id,
        issuerName: issuer.distinguishedName.common_name,
        status: "ISSUED",
        signatureAlgorithm: CSR_SIGNATURE_ALGORITHM,
        genMode: "CSR",
      });
    }
    return ok({ certificate_id: id });
  },

  async parseCertificateSigningRequest(request) {
    const csr = await readCsr(requiredString(objectOf(request.body), "csr"));
    const details = createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: "der", type: "spki" });
    const rsa = details.asymmetricKeyType === "rsa";
    const hash = (csr.signatureAlgorithm.hash?.name ?? "").replace("-", "");
    return ok({
      key_algorithm: rsa ? "RSA" : "EC",
      key_algorithm_length: rsa ? details.asymmetricKeyDetails?.modulusLength : curveBits(details.asymmetricKeyDetails?.namedCurve),
      signature_algorithm: `${hash}with${rsa ? "RSA" : "ECDSA"}`,
      public_key: apiText(csr.publicKey.toString("pem")),
      distinguished_name: fromX509Name(csr.subjectName),
    });
  },
});

/** The API's key algorithm for a CSR's key: RSA 2048/4096 or EC P-256/P-384; any other is PCA.00020102. */
function keyAlgorithmOfKey(publicKey: x509.PublicKey): KeyAlgorithm {
  const details = createPublicKey({ key: Buffer.from(publicKey.rawData), format: "der", type: "spki" });
  const { modulusLength, namedCurve } = details.asymmetricKeyDetails ?? {};
  if (details.asymmetricKeyType === "rsa" && (modulusLength === 2048 || modulusLength === 4096)) return `RSA${modulusLength}`;
  const bits = curveBits(namedCurve);
  if (details.asymmetricKeyType === "ec" && bits !== undefined) return `EC${bits}`;
  throw new Refusal("PCA.00020102");
}

function curveBits(namedCurve: string | undefined): 256 | 384 | undefined {
  return namedCurve === "prime256v1" ? 256 : namedCurve === "secp384r1" ? 384 : undefined;
}
