/**
 * startMock(): the whole offline stand-in for the certificate APIs, for this project's tests,
 * `npm start`, `npm run mock`, and users testing their own code.
 *
 * One Prism process (prism-process.ts) serves every bundled spec (generated/<api>.json) on
 * 127.0.0.1, each behind a gateway (gateway.ts) in this process that checks tokens and AK/SK
 * signatures the way Huawei's API gateway does, applies scenarios and records requests. IAM's
 * token call is open, as it is in the cloud. Everything is stopped by stop() (or `await using`),
 * and nothing is left running if startup fails half-way.
 *
 * When the Prism process stops by itself (a crash), the gateways hear of it at once: requests
 * waiting on it and every later one are answered 502 with its exit status and last output, a
 * warning says so, and restart() starts a new one behind the same endpoints.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { servers as bcsServers } from "../../generated/bcs.operations.js";
import { servers as pcaServers } from "../../generated/pca.operations.js";
import { ENV } from "../core/auth/credentials.js";
import { endpointVariable, knownRegions, serviceKeyOf } from "../core/endpoints.js";
import { ConfigurationError } from "../core/errors.js";
import { emulatorHandlers } from "./answerers/emulator.js";
import type { OperationHandler } from "./answerers/handlers.js";
import { freshToken } from "./answerers/iam-token.js";
import type { PcaEmulator, SeedCaOptions } from "./emulator/types.js";
import { startGateway, type Gateway, type Upstream } from "./gateway.js";
import { prismCachePaths } from "./prism-cache.js";
import { resolvePrismModules } from "./prism-modules.js";
import { startPrismProcess, type PrismExit, type PrismProcess } from "./prism-process.js";
import { Recorder, type RecordedRequest } from "./recording.js";
import { routerFor } from "./routes.js";
import { ScenarioQueue, type Scenario, type ScenarioOptions } from "./scenarios.js";
import { SERVICES, bundledSpecPath, type Service } from "./services.js";

export { bundledSpecPath } from "./services.js";

/** Options of {@link startMock}. */
export interface MockOptions {
  /** The access key id the gateway accepts; a random one when omitted. */
  readonly accessKeyId?: string;
  /** The secret access key the gateway accepts; a random one when omitted. */
  readonly secretAccessKey?: string;
  /**
   * The Private CA without state: every PCA call answers the spec's example (Prism), as the mock
   * did before it emulated the CA. Default false: CAs and certificates are kept, with real keys.
   */
  readonly stateless?: boolean;
}

/** The CAs seedHierarchy() made. */
export interface SeededHierarchy {
  /** The root CA's ca_id. */
  readonly rootId: string;
  /** The ca_id of the active subordinate CA signed by the root. */
  readonly subordinateId: string;
}

/** The emulated Private CA of a stateful mock: ready CAs in one call, and a CA's CRL. */
export interface MockPrivateCa {
  /** Creates an active root CA (EC P-256 by default), as createCertificateAuthority would; resolves to its ca_id. */
  seedRoot(options?: SeedCaOptions): Promise<string>;
  /** Creates an active root and an active subordinate signed by it; resolves to both ca_ids. */
  seedHierarchy(options?: { readonly root?: SeedCaOptions; readonly subordinate?: SeedCaOptions }): Promise<SeededHierarchy>;
  /**
   * The CA's current CRL in PEM (signed by the CA, listing the serials it revoked), or undefined
   * while its CRL is not enabled. The service publishes it to an OBS bucket; a test reads it here.
   */
  crl(caId: string): Promise<string | undefined>;
}

/**
 * `Symbol.asyncDispose`, or on runtimes that lack it (early Node 20) the registered symbol that
 * TypeScript's and esbuild's `await using` helpers fall back to.
 */
export function asyncDisposeOf(symbols: { readonly asyncDispose?: symbol }): typeof Symbol.asyncDispose {
  return (symbols.asyncDispose ?? Symbol.for("Symbol.asyncDispose")) as typeof Symbol.asyncDispose;
}
const asyncDispose: typeof Symbol.asyncDispose = asyncDisposeOf(Symbol);

export interface RunningMock {
  /** Endpoints to pass as `endpoint` to BcsClient, PcaClient and iamPasswordTokenProvider. */
  readonly endpoints: {
    /** The BCS endpoint. */
    readonly bcs: string;
    /** The PCA (CCM) endpoint. */
    readonly pca: string;
    /** The IAM endpoint. */
    readonly iam: string;
  };
  /** Credentials the mock accepts, and ids to pass along. The gateway accepts any token; Prism checks its length against the spec. */
  readonly credentials: {
    /** The access key id the gateway accepts. */
    readonly accessKeyId: string;
    /** The secret access key the gateway accepts. */
    readonly secretAccessKey: string;
    /** A token of a length both services accept. */
    readonly token: string;
    /** A project id for BcsClient. */
    readonly projectId: string;
    /** An account id for PcaClient. */
    readonly domainId: string;
  };
  /** The Prism process's pid (one process serves every document), for tests that check nothing is left behind. */
  readonly pids: readonly number[];
  /**
   * The environment variables that point code which reads them at this mock, for one region or
   * for every region the specs list: HUAWEICLOUD_SDK_REGION_BCS_<REGION> and
   * HUAWEICLOUD_SDK_REGION_CCM_<REGION> (the endpoints), HUAWEICLOUD_SDK_IAM_ENDPOINT, and the
   * mock's HUAWEICLOUD_SDK_AK, _SK, _PROJECT_ID and _DOMAIN_ID. Pass them as a client's `env`,
   * to a child process, or print them with exportLines().
   */
  environment(region?: string): Record<string, string>;
  /** The same variables as `export NAME='value'` lines for a POSIX shell, one a line. */
  exportLines(region?: string): string;
  /**
   * Starts a new Prism process behind the same endpoints, keeping credentials, scenarios and
   * records: after Prism stopped by itself (every call then answers 502 saying so), or to begin
   * afresh. Resolves once it answers.
   */
  restart(): Promise<void>;
  /** Answers the next calls (of one operation, or of any) as told, then the spec's behaviour again. */
  scenario(options: ScenarioOptions): Scenario;
  /**
   * Every request that reached the mock since it started or was last cleared, in the order they
   * arrived: recorded on arrival (status undefined until answered), also when the mock could not
   * answer (`error` says why).
   */
  readonly requests: readonly RecordedRequest[];
  /** Forgets the recorded requests, and those still being answered: none of them shows afterwards. */
  clearRequests(): void;
  /** Removes every scenario not yet used up. */
  clearScenarios(): void;
  /**
   * The state of a freshly started mock (between tests): no scenario, no record, and no CA,
   * certificate or tag of the emulated Private CA.
   */
  reset(): void;
  /** The emulated Private CA (undefined with `stateless: true`). */
  readonly privateCa: MockPrivateCa | undefined;
  /** Stops the gateways and the Prism process; resolves once the process has exited. */
  stop(): Promise<void>;
  /** The same as `stop()`, for `await using mock = await startMock()`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts an offline mock of the BCS, PCA and IAM APIs on 127.0.0.1: one Prism process serving the
 * bundled specs' examples, behind gateways that check tokens and AK/SK signatures, answer
 * scenarios and record requests. Needs the optional peer dependency `@stoplight/prism-cli`.
 * Call `stop()` (or `await using`) when done.
 */
export function startMock(options: MockOptions = {}): Promise<RunningMock> {
  return launchMock(options, { resolvePrismModules, startPrismProcess, startGateway });
}

/** What startMock() starts things with; tests replace one to make a start fail half-way. */
export interface MockParts {
  readonly resolvePrismModules: typeof resolvePrismModules;
  readonly startPrismProcess: typeof startPrismProcess;
  readonly startGateway: typeof startGateway;
}

export async function launchMock(options: MockOptions, parts: MockParts): Promise<RunningMock> {
  const { startGateway, startPrismProcess } = parts;
  const modules = parts.resolvePrismModules();
  const accessKeyId = options.accessKeyId ?? `MOCKAK${randomBytes(7).toString("hex").toUpperCase()}`;
  const secretAccessKey = options.secretAccessKey ?? randomBytes(20).toString("base64url");
  const documents = Object.fromEntries(SERVICES.map((api) => [api, bundledSpecPath(api)])) as Record<Service, string>;
  const texts = Object.fromEntries(SERVICES.map((api) => [api, readFileSync(documents[api], "utf8")])) as Record<Service, string>;
  const parsed = Object.fromEntries(SERVICES.map((api) => [api, JSON.parse(texts[api]) as DocumentJson])) as Record<Service, DocumentJson>;
  const caches = prismCachePaths(modules, texts);
  const known = SERVICES.flatMap((api) => operationIds(parsed[api]));
  const scenarios = new ScenarioQueue(known);
  const recorder = new Recorder();

  /** The Prism process serving now, and the signal that tells the gateways it stopped. */
  let current: { prism: PrismProcess<Service>; stopped: AbortController; intended: boolean } | undefined;
  const gateways: Gateway[] = [];
  let stopping: Promise<void> | undefined;
  const stopPrism = async () => {
    if (current === undefined) return;
    current.intended = true;
    await current.prism.stop();
  };
  const stop = () => {
    stopping ??= (async () => {
      await Promise.allSettled(gateways.map((g) => g.close()));
      await stopPrism();
    })();
    return stopping;
  };
  const startPrism = async () => {
    const prism = await startPrismProcess({ modules, documents, caches });
    const serving = { prism, stopped: new AbortController(), intended: false };
    current = serving;
    void prism.exited.then((exit) => {
      const reason = stoppedReason(exit, serving.intended);
      // Said once, where a test run shows it, when nobody asked for the stop.
      if (!serving.intended) process.emitWarning(reason, { code: PRISM_STOPPED_WARNING });
      serving.stopped.abort(reason);
    });
  };
  let restarting: Promise<void> | undefined;
  const restart = () => {
    if (stopping) return Promise.reject(new ConfigurationError("the mock was stopped: start a new one with startMock()"));
    restarting ??= (async () => {
      try {
        await stopPrism();
        await startPrism();
      } finally {
        restarting = undefined;
      }
    })();
    return restarting;
  };

  // The emulator's modules (an X.509 library among them) load while Prism starts.
  const emulating = options.stateless ? undefined : import("./emulator/index.js").then((m) => m.createPcaEmulator());
  // Not awaited before the try: a failed start must still stop what did start.
  emulating?.catch(() => undefined);
  let emulator: PcaEmulator | undefined;
  let pcaHandlers: Record<string, OperationHandler> = {};
  // IAM's token call (the `password-token` role of its document) answers with fresh times.
  const tokenOperation = roleOperation(parsed.iam, "password-token");
  const handlers: Record<Service, () => Readonly<Record<string, OperationHandler>>> = {
    bcs: () => ({}),
    pca: () => pcaHandlers,
    iam: () => (tokenOperation ? { [tokenOperation]: freshToken } : {}),
  };

  try {
    await startPrism();
    emulator = await emulating;
    if (emulator) pcaHandlers = emulatorHandlers(emulator);
    const endpoints = {} as Record<Service, string>;
    for (const api of SERVICES) {
      const gateway = await startGateway({
        upstream: (): Upstream => ({ url: current!.prism.urls[api], stopped: current!.stopped.signal }),
        accessKeyId,
        secretAccessKey,
        service: api,
        handlers: handlers[api],
        document: parsed[api],
        scenarios,
        recorder,
      });
      gateways.push(gateway);
      endpoints[api] = gateway.url;
    }
    const credentials = {
      accessKeyId,
      secretAccessKey,
      // Long enough for every service: CCM tokens are 32 to 2097152 characters.
      token: `mock-token-${randomBytes(16).toString("hex")}`,
      projectId: "0c3b9c1f4b00d5e72f8ac0093a11f0ba",
      domainId: "a5b3e2f1c0d94e8f9b7a6c5d4e3f2a1b",
    };
    const environment = (region?: string) => mockEnvironment(endpoints, credentials, region);
    return {
      endpoints,
      credentials,
      get pids() {
        return [current!.prism.pid];
      },
      environment,
      exportLines: (region) =>
        Object.entries(environment(region))
          .map(([name, value]) => `export ${name}='${value}'`)
          .join("\n"),
      restart,
      scenario: (scenarioOptions) => scenarios.add(scenarioOptions),
      get requests() {
        return recorder.list();
      },
      clearRequests: () => recorder.clear(),
      clearScenarios: () => scenarios.clear(),
      reset: () => {
        scenarios.clear();
        recorder.clear();
        emulator?.reset();
      },
      privateCa: emulator && privateCaOf(emulator),
      stop,
      [asyncDispose]: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The code of the warning emitted when the Prism process stops by itself. */
export const PRISM_STOPPED_WARNING = "HUAWEICLOUD_MOCK_PRISM_STOPPED";

/** What the gateways answer (and the warning says) once the Prism process has stopped. */
export function stoppedReason(exit: PrismExit, intended: boolean): string {
  if (intended) return `the mock's Prism process was stopped (${exit.status})`;
  const output = exit.output.trim() === "" ? "(none)" : exit.output.trim();
  return `the mock's Prism process stopped by itself (${exit.status}), so the mock cannot answer: call mock.restart(), or start a new mock. Its last output:\n${output}`;
}

/** The services whose endpoints the region variables set, with their servers. */
const REGIONAL = [
  ["bcs", bcsServers],
  ["pca", pcaServers],
] as const;

/** The variables of RunningMock.environment(). */
export function mockEnvironment(endpoints: Readonly<Record<Service, string>>, credentials: RunningMock["credentials"], region?: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [service, servers] of REGIONAL) {
    for (const id of region === undefined ? knownRegions(servers) : [region]) variables[endpointVariable(serviceKeyOf(servers), id)] = endpoints[service];
  }
  return {
    ...variables,
    [ENV.iamEndpoint]: endpoints.iam,
    [ENV.accessKeyId]: credentials.accessKeyId,
    [ENV.secretAccessKey]: credentials.secretAccessKey,
    [ENV.projectId]: credentials.projectId,
    [ENV.domainId]: credentials.domainId,
  };
}

type DocumentJson = Parameters<typeof routerFor>[0];

/** What a test reaches of the emulator: seeding and CRLs, not its handlers. */
function privateCaOf(emulator: PcaEmulator): MockPrivateCa {
  return {
    seedRoot: (seed) => emulator.seedRoot(seed),
    seedHierarchy: (seed) => emulator.seedHierarchy(seed),
    crl: (caId) => emulator.crl(caId),
  };
}

/** The operation of a document that has this `x-sdk-role`. */
function roleOperation(document: DocumentJson, role: string): string | undefined {
  for (const item of Object.values(document.paths ?? {})) {
    for (const op of Object.values(item) as { operationId?: string; "x-sdk-role"?: string }[]) {
      if (op?.["x-sdk-role"] === role && typeof op.operationId === "string") return op.operationId;
    }
  }
  return undefined;
}

function operationIds(document: DocumentJson): string[] {
  return Object.values(document.paths ?? {}).flatMap((item) =>
    Object.values(item).flatMap((op) => (typeof op?.operationId === "string" ? [op.operationId] : [])),
  );
}
