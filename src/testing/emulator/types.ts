/**
 * The emulator's contract with the gateway: a request by operationId in, an answer (JSON or a
 * file) out. The gateway validates the request against the spec before it reaches a handler and
 * serializes the answer; the handler only decides what the service would do.
 */

/** One request, as the gateway hands it over. */
export interface EmulatorRequest {
  /** The spec's operationId. */
  readonly operationId: string;
  /** Path parameters by name, decoded. */
  readonly path: Readonly<Record<string, string>>;
  /** Query parameters (the first value of each). */
  readonly query: Readonly<Record<string, string>>;
  /** The parsed JSON body, or undefined. */
  readonly body: unknown;
  /** The time the request is answered at: statuses, validity and expiry are judged by it. */
  readonly now: Date;
}

/** What the emulator answers: a status and a JSON body, or a file. */
export interface EmulatorAnswer {
  readonly status: number;
  /** A JSON value: the gateway serializes it. */
  readonly body?: unknown;
  /** A binary answer (the certificate zip). */
  readonly file?: { readonly bytes: Uint8Array; readonly contentType: string; readonly fileName: string };
}

export type EmulatorHandler = (request: EmulatorRequest) => EmulatorAnswer | Promise<EmulatorAnswer>;

/** The request the seeding helpers make: everything optional, sensible defaults. */
export interface SeedCaOptions {
  /** The CA's common name (default "Emulator Root CA" or "Emulator Subordinate CA"). */
  readonly commonName?: string;
  /** RSA2048, RSA4096, EC256 (default) or EC384. */
  readonly keyAlgorithm?: string;
  /** SHA256 (default), SHA384 or SHA512. */
  readonly signatureAlgorithm?: string;
  /** Validity in years (default 10 for a root, 5 for a subordinate). */
  readonly years?: number;
  /** A subordinate's path length (default 0). */
  readonly pathLength?: number;
}

/** A stateful Private CA: CAs, certificates and tags, kept in memory per instance. */
export interface PcaEmulator {
  /** By operationId; an operation without a handler falls through to Prism. */
  readonly handlers: Readonly<Record<string, EmulatorHandler>>;
  /** Forgets every CA, certificate and tag. */
  reset(): void;
  /** Creates an active root CA, as createCertificateAuthority would; resolves to its ca_id. */
  seedRoot(options?: SeedCaOptions): Promise<string>;
  /** Creates an active root and an active subordinate signed by it, in one call. */
  seedHierarchy(options?: { readonly root?: SeedCaOptions; readonly subordinate?: SeedCaOptions }): Promise<{ readonly rootId: string; readonly subordinateId: string }>;
  /**
   * The CA's current CRL in PEM, signed by the CA and listing the serials it revoked, or
   * undefined while its CRL is not enabled (or the CA is unknown). The service publishes it to an
   * OBS bucket, which the emulator has not: this is how a test reads it.
   */
  crl(caId: string, now?: Date): Promise<string | undefined>;
}
