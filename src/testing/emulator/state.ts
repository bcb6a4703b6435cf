/**
 * What one emulator instance remembers: its CAs, its private certificates, the serials each CA
 * revoked, and the tags of both kinds of resource.
 */
import type { KeyAlgorithm, SignatureAlgorithm } from "./algorithms.js";
import type { RevokedSerial } from "./crl.js";
import type { KeyMaterial } from "./keys.js";
import type { DistinguishedName } from "./names.js";
import type { TagStore } from "./tags.js";
import type { x509 } from "./x509-library.js";

/** The statuses a CA is stored in; EXPIRED is not stored but read off not_after. */
export type StoredCaStatus = "PENDING" | "ACTIVED" | "DISABLED" | "DELETED";

/** How a certificate came to be (model_certificate_authorities.go gen_mode). */
export type GenMode = "GENERATE" | "IMPORT" | "CSR";

export interface CrlSettings {
  readonly crlName: string;
  readonly obsBucketName: string;
  readonly validDays: number;
}

export interface CaRecord {
  readonly id: string;
  readonly type: "ROOT" | "SUBORDINATE";
  status: StoredCaStatus;
  /** The key pair, or undefined for a subordinate issued from a user's CSR (the user keeps its key). */
  readonly key: KeyMaterial | undefined;
  readonly keyAlgorithm: KeyAlgorithm | string;
  readonly distinguishedName: DistinguishedName;
  pathLength: number;
  signatureAlgorithm: SignatureAlgorithm | undefined;
  issuerId: string | null;
  issuerName: string | null;
  genMode: GenMode;
  /** Its certificate, once it has one (not while PENDING). */
  certificate: x509.X509Certificate | undefined;
  /** The certificates above it, issuer first, root last (PEM). */
  chain: readonly string[];
  readonly createTime: number;
  /** When a scheduled deletion takes effect. */
  deleteTime: number | null;
  crl: CrlSettings | undefined;
  /** False for a subordinate issued from a CSR: it is not listed and uses no quota. */
  readonly listed: boolean;
  /** Set when its issuer revoked it. */
  revoked: RevokedSerial | undefined;
}

export interface CertificateRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly issuerName: string;
  status: "ISSUED" | "REVOKED";
  /** The key pair, or undefined when issued from a user's CSR. */
  readonly key: KeyMaterial | undefined;
  readonly keyAlgorithm: string;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly genMode: GenMode;
  readonly distinguishedName: DistinguishedName;
  readonly certificate: x509.X509Certificate;
  readonly chain: readonly string[];
  readonly createTime: number;
  revoked: RevokedSerial | undefined;
}

export interface EmulatorState {
  readonly cas: Map<string, CaRecord>;
  readonly certificates: Map<string, CertificateRecord>;
  /** Serials each CA revoked, by CA id: kept apart so that deleting a certificate leaves its CRL entry. */
  readonly revocations: Map<string, RevokedSerial[]>;
  readonly caTags: TagStore;
  readonly certificateTags: TagStore;
}

export function emptyState(): EmulatorState {
  return { cas: new Map(), certificates: new Map(), revocations: new Map(), caTags: new Map(), certificateTags: new Map() };
}

export function clearState(state: EmulatorState): void {
  state.cas.clear();
  state.certificates.clear();
  state.revocations.clear();
  state.caTags.clear();
  state.certificateTags.clear();
}
