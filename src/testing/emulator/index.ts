/**
 * createPcaEmulator(): an offline Private CA that keeps state per instance and issues real keys
 * and certificates. Its handlers answer by operationId; the gateway puts a scenario before them
 * and Prism behind them (for the operations it has no handler for: the OBS agency and bucket
 * calls, the service agency, the console configuration, yearly/monthly orders and the OCSP switch).
 */
import { refusalAnswer, Refusal } from "./errors.js";
import { activationHandlers } from "./handlers/activation.js";
import { caExportHandlers } from "./handlers/ca-export.js";
import { certificateAuthorityHandlers } from "./handlers/certificate-authorities.js";
import { certificateExportHandlers } from "./handlers/certificate-export.js";
import { certificateHandlers } from "./handlers/certificates.js";
import type { Context, Handler } from "./handlers/context.js";
import { csrHandlers } from "./handlers/csr.js";
import { tagHandlers } from "./handlers/tags.js";
import { makeCrl } from "./crl.js";
import { signingKey } from "./keys.js";
import { caStatus } from "./lifecycle.js";
import { SERVICE_QUOTAS, type Quotas } from "./quotas.js";
import { seedHierarchy, seedRoot } from "./seed.js";
import { clearState, emptyState } from "./state.js";
import type { EmulatorAnswer, EmulatorHandler, EmulatorRequest, PcaEmulator } from "./types.js";

export type { EmulatorAnswer, EmulatorHandler, EmulatorRequest, PcaEmulator, SeedCaOptions } from "./types.js";

export interface PcaEmulatorOptions {
  /** The clock of the seeding helpers and of `crl()` (requests carry their own `now`). Default: the system clock. */
  readonly now?: () => Date;
  /** Lower quotas than the service's 100 CAs and 100000 certificates, e.g. to test a refusal. */
  readonly quotas?: Partial<Quotas>;
}

export function createPcaEmulator(options: PcaEmulatorOptions = {}): PcaEmulator {
  const clock = options.now ?? (() => new Date());
  const context: Context = { state: emptyState(), quotas: { ...SERVICE_QUOTAS, ...options.quotas } };
  const groups = [certificateAuthorityHandlers, activationHandlers, caExportHandlers, certificateHandlers, csrHandlers, certificateExportHandlers, tagHandlers];
  // One request at a time: a handler that awaits key generation must not see another change the
  // state it checked (a quota, a status) before it commits.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = (handler: Handler): EmulatorHandler => (request: EmulatorRequest) => {
    const answer = queue.then(() => answerOf(handler, request));
    queue = answer.catch(() => undefined);
    return answer;
  };
  const handlers: Record<string, EmulatorHandler> = {};
  for (const group of groups) {
    for (const [operationId, handler] of Object.entries(group(context))) handlers[operationId] = serialized(handler);
  }
  const emulator: PcaEmulator = {
    handlers,
    reset: () => clearState(context.state),
    seedRoot: (seed) => seedRoot(handlers, clock(), seed),
    seedHierarchy: (seed) => seedHierarchy(handlers, clock(), seed),
    async crl(caId, now = clock()) {
      const ca = context.state.cas.get(caId);
      if (ca?.crl === undefined || ca.key === undefined || ca.certificate === undefined || caStatus(ca, now) === "PENDING") return undefined;
      const signatureAlgorithm = ca.signatureAlgorithm ?? "SHA256";
      return makeCrl(
        { certificate: ca.certificate, key: await signingKey(ca.key, signatureAlgorithm), keyAlgorithm: ca.key.algorithm, signatureAlgorithm },
        context.state.revocations.get(caId) ?? [],
        now,
        ca.crl.validDays,
      );
    },
  };
  return emulator;
}

async function answerOf(handler: Handler, request: EmulatorRequest): Promise<EmulatorAnswer> {
  try {
    return await handler(request);
  } catch (error) {
    if (error instanceof Refusal) return refusalAnswer(error);
    throw error;
  }
}
