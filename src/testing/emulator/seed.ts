/**
 * Seeding helpers: a ready root, or a root with an active subordinate, in one call each. They go
 * through the same handlers as requests do, so a seeded CA is one the API could have made.
 */
import type { EmulatorHandler, SeedCaOptions } from "./types.js";

const DEFAULTS = { keyAlgorithm: "EC256", signatureAlgorithm: "SHA256" } as const;

export async function seedRoot(handlers: Readonly<Record<string, EmulatorHandler>>, now: Date, options: SeedCaOptions = {}): Promise<string> {
  return create(handlers, now, {
    type: "ROOT",
    distinguished_name: { common_name: options.commonName ?? "Emulator Root CA", country: "CN", state: "Guangdong", locality: "Shenzhen", organization: "Emulator", organizational_unit: "PKI" },
    key_algorithm: options.keyAlgorithm ?? DEFAULTS.keyAlgorithm,
    signature_algorithm: options.signatureAlgorithm ?? DEFAULTS.signatureAlgorithm,
    validity: { type: "YEAR", value: options.years ?? 10 },
  });
}

export async function seedHierarchy(
  handlers: Readonly<Record<string, EmulatorHandler>>,
  now: Date,
  options: { readonly root?: SeedCaOptions; readonly subordinate?: SeedCaOptions } = {},
): Promise<{ rootId: string; subordinateId: string }> {
  const rootId = await seedRoot(handlers, now, options.root);
  const sub = options.subordinate ?? {};
  const subordinateId = await create(handlers, now, {
    type: "SUBORDINATE",
    distinguished_name: { common_name: sub.commonName ?? "Emulator Subordinate CA", country: "CN", state: "Guangdong", locality: "Shenzhen", organization: "Emulator", organizational_unit: "PKI" },
    key_algorithm: sub.keyAlgorithm ?? DEFAULTS.keyAlgorithm,
    signature_algorithm: sub.signatureAlgorithm ?? DEFAULTS.signatureAlgorithm,
    validity: { type: "YEAR", value: sub.years ?? 5 },
    issuer_id: rootId,
    path_length: sub.pathLength ?? 0,
  });
  return { rootId, subordinateId };
}

async function create(handlers: Readonly<Record<string, EmulatorHandler>>, now: Date, body: Record<string, unknown>): Promise<string> {
  const answer = await handlers["createCertificateAuthority"]!({ operationId: "createCertificateAuthority", path: {}, query: {}, body, now });
  const caId = (answer.body as { ca_id?: unknown } | undefined)?.ca_id;
  if (answer.status !== 200 || typeof caId !== "string") throw new Error(`seeding a CA failed: ${JSON.stringify(answer.body)}`);
  return caId;
}
