/**
 * A CA's certificate and chain (page Exporting a CA Certificate: only ACTIVED or EXPIRED; the
 * chain runs from the issuer up to the root, and is the root itself for a root), and turning its
 * CRL on and off (pages Enabling a CRL, Disabling a CRL; 204).
 */
import { caIdOf } from "../ids.js";
import { objectOf } from "../input.js";
import { chainOf } from "../issuing.js";
import { findCa, requireCaStatus, sweepDeleted } from "../lifecycle.js";
import { apiText } from "../pem.js";
import { crlSettingsFrom } from "./certificate-authorities.js";
import { NO_CONTENT, ok, type HandlerGroup } from "./context.js";

export const caExportHandlers: HandlerGroup = ({ state }) => ({
  async exportCertificateAuthorityCertificate(request) {
    sweepDeleted(state, request.now);
    const ca = findCa(state, caIdOf(request.path["ca_id"]));
    requireCaStatus(ca, request.now, "ACTIVED", "EXPIRED");
    const [certificate = "", ...above] = chainOf(ca);
    const chain = above.length > 0 ? above : [certificate];
    return ok({ certificate: apiText(certificate), certificate_chain: apiText(chain.join("")) });
  },

  async enableCertificateAuthorityCrl(request) {
    sweepDeleted(state, request.now);
    const ca = findCa(state, caIdOf(request.path["ca_id"]));
    ca.crl = crlSettingsFrom(objectOf(request.body), ca.id);
    return NO_CONTENT;
  },

  async disableCertificateAuthorityCrl(request) {
    sweepDeleted(state, request.now);
    const ca = findCa(state, caIdOf(request.path["ca_id"]));
    ca.crl = undefined;
    return NO_CONTENT;
  },
});
