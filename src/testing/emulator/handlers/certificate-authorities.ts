/**
 * Creating, reading, listing, disabling, enabling, deleting and restoring CAs, and the CA quota.
 * Create (page Creating a CA; model_create_certificate_authority_request_body.go): a ROOT is
 * self-signed and ACTIVED at once; a SUBORDINATE given issuer_id, signature_algorithm and
 * validity is signed by that issuer and ACTIVED; without all three it waits in PENDING.
 */
import { keyAlgorithmOf, signatureAlgorithmOf } from "../algorithms.js";
import { Refusal } from "../errors.js";
import { CA_KEY_USAGES, keyUsageFlags } from "../extensions.js";
import { caIdOf, newId } from "../ids.js";
import { objectOf, optionalArray, optionalBoolean, optionalInteger, optionalObject, optionalString, queryInteger, requiredString, type Json } from "../input.js";
import { activateCa, ROOT_PATH_LENGTH, subordinatePathLength } from "../issuing.js";
import { generateKey } from "../keys.js";
import { caStatus, findCa, requireCaStatus, requireIssuer, sweepDeleted } from "../lifecycle.js";
import { distinguishedNameOf } from "../names.js";
import { paged, sorted } from "../paging.js";
import { requireCaQuota, usedCas } from "../quotas.js";
import type { CaRecord, CrlSettings } from "../state.js";
import { MAX_YEARS, periodOf } from "../validity.js";
import { caView } from "../views.js";
import { NO_CONTENT, ok, type HandlerGroup } from "./context.js";

/** Deleting a Private CA: "The scheduled time range can be 7 to 30 days", 30 when not given. */
const PENDING_DAYS = { min: 7, max: 30, default: 30 } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export const certificateAuthorityHandlers: HandlerGroup = ({ state, quotas }) => ({
  async createCertificateAuthority(request) {
    sweepDeleted(state, request.now);
    const body = objectOf(request.body);
    const type = requiredString(body, "type", "PCA.00020202");
    if (type !== "ROOT" && type !== "SUBORDINATE") throw new Refusal("PCA.00020202");
    const distinguishedName = distinguishedNameOf(body["distinguished_name"]);
    const keyAlgorithm = keyAlgorithmOf(requiredString(body, "key_algorithm", "PCA.00020102"));
    const id = newId();
    const crl = crlSettingsOf(optionalObject(body, "crl_configuration"), id);
    const issuerIdText = optionalString(body, "issuer_id");
    const signatureText = optionalString(body, "signature_algorithm");
    const root = type === "ROOT";
    // A root needs its signature algorithm and validity; a subordinate is activated at once only
    // when all three of issuer_id, signature_algorithm and validity are given.
    const activateNow = root || (issuerIdText !== undefined && signatureText !== undefined && body["validity"] !== undefined);
    let activation: Parameters<typeof activateCa>[2] | undefined;
    let issuer: CaRecord | undefined;
    if (activateNow) {
      if (signatureText === undefined) throw new Refusal("PCA.00020103");
      const signatureAlgorithm = signatureAlgorithmOf(signatureText);
      const period = periodOf(body["validity"], request.now, root ? MAX_YEARS.root : MAX_YEARS.other);
      if (!root) {
        issuer = findCa(state, caIdOf(issuerIdText));
        requireIssuer(issuer, request.now);
      }
      activation = {
        period,
        signatureAlgorithm,
        keyUsages: root ? keyUsageFlags(CA_KEY_USAGES) : keyUsageFlags(optionalArray(body, "key_usages") ?? CA_KEY_USAGES),
        pathLength: issuer === undefined ? ROOT_PATH_LENGTH : subordinatePathLength(issuer, optionalInteger(body, "path_length")),
      };
    }
    requireCaQuota(state, quotas);
    const ca: CaRecord = {
      id,
      type,
      status: "PENDING",
      key: await generateKey(keyAlgorithm),
      keyAlgorithm,
      distinguishedName,
      pathLength: 0,
      signatureAlgorithm: undefined,
      issuerId: null,
      issuerName: null,
      genMode: "GENERATE",
      certificate: undefined,
      chain: [],
      createTime: request.now.getTime(),
      deleteTime: null,
      crl,
      listed: true,
      revoked: undefined,
    };
    if (activation !== undefined) await activateCa(ca, issuer ?? ca, activation);
    state.cas.set(ca.id, ca);
    return ok({ ca_id: ca.id });
  },

  async listCertificateAuthorities(request) {
    sweepDeleted(state, request.now);
    const { name, status, type } = request.query;
    const matching = [...state.cas.values()].filter(
      (ca) =>
        ca.listed &&
        (name === undefined || ca.distinguishedName.common_name.includes(name)) &&
        (status === undefined || caStatus(ca, request.now) === status) &&
        (type === undefined || ca.type === type),
    );
    const ordered = sorted(
      matching,
      {
        create_time: (ca) => ca.createTime,
        common_name: (ca) => ca.distinguishedName.common_name,
        type: (ca) => ca.type,
        not_after: (ca) => ca.certificate?.notAfter.getTime() ?? 0,
      },
      request.query["sort_key"],
      request.query["sort_dir"],
    );
    const page = paged(ordered, queryInteger(request.query, "limit"), queryInteger(request.query, "offset"));
    return ok({ total: matching.length, certificate_authorities: page.map((ca) => caView(ca, request.now)) });
  },

  async getCertificateAuthority(request) {
    sweepDeleted(state, request.now);
    return ok(caView(findCa(state, caIdOf(request.path["ca_id"])), request.now));
  },

  async disableCertificateAuthority(request) {
    sweepDeleted(state, request.now);
    const ca = findCa(state, caIdOf(request.path["ca_id"]));
    requireCaStatus(ca, request.now, "ACTIVED", "EXPIRED");
    ca.status = "DISABLED";
    return NO_CONTENT;
  },

  async enableCertificateAuthority(request) {
    sweepDeleted(state, request.now);
    const ca = findCa(state, caIdOf(request.path["ca_id"]));
    requireCaStatus(ca, request.now, "DISABLED");
    ca.status = "ACTIVED";
    return NO_CONTENT;
  },

  async deleteCertificateAuthority(request) {
    sweepDeleted(state, request.now);
    const ca = findCa(state, caIdOf(request.path["ca_id"]));
    const pendingDays = queryInteger(request.query, "pending_days") ?? PENDING_DAYS.default;
    if (pendingDays < PENDING_DAYS.min || pendingDays > PENDING_DAYS.max) throw new Refusal("PCA.00020001");
    requireCaStatus(ca, request.now, "PENDING", "DISABLED");
    if (ca.status === "PENDING") {
      // A pending CA is deleted at once; no scheduled deletion (the page).
      state.cas.delete(ca.id);
      state.caTags.delete(ca.id);
    } else {
      ca.status = "DELETED";
      ca.deleteTime = request.now.getTime() + pendingDays * DAY_MS;
    }
    return NO_CONTENT;
  },

  async restoreCertificateAuthority(request) {
    sweepDeleted(state, request.now);
    const ca = findCa(state, caIdOf(request.path["ca_id"]));
    requireCaStatus(ca, request.now, "DELETED");
    ca.status = "DISABLED";
    ca.deleteTime = null;
    return NO_CONTENT;
  },

  async getCertificateAuthorityQuota(request) {
    sweepDeleted(state, request.now);
    return ok({ quotas: { resources: [{ type: "CERTIFICATE_AUTHORITY", used: usedCas(state), quota: quotas.certificateAuthorities }] } });
  },
});

/**
 * crl_configuration on creation (model_crl_configuration.go): when enabled, obs_bucket_name and
 * valid_days are required; crl_name defaults to the CA's own id ("the ID of the CA that issues
 * the certificates", as the model puts it).
 */
export function crlSettingsOf(source: Json | undefined, caId: string): CrlSettings | undefined {
  if (source === undefined || optionalBoolean(source, "enabled") !== true) return undefined;
  return crlSettingsFrom(source, caId);
}

export function crlSettingsFrom(source: Json, caId: string): CrlSettings {
  const obsBucketName = requiredString(source, "obs_bucket_name");
  const validDays = optionalInteger(source, "valid_days");
  if (validDays === undefined) throw new Refusal("PCA.00020001");
  return { crlName: optionalString(source, "crl_name") ?? caId, obsBucketName, validDays };
}
