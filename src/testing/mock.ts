/**
 * startMock(): the whole offline stand-in for the certificate APIs, for this project's tests,
 * `npm start`, `npm run mock`, and users testing their own code.
 *
 * One Prism process (prism-process.ts) serves every bundled spec (generated/<api>.json) on
 * 127.0.0.1, each behind a gateway (gateway.ts) in this process that checks tokens and AK/SK
 * signatures the way Huawei's API gateway does, applies scenarios and records requests. IAM's
 * token call is open, as it is in the cloud. Everything is stopped by stop() (or `await using`),
 * and nothing is left running if startup fails half-way.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { startGateway, type Gateway } from "./gateway.js";
import { resolvePrismModules } from "./prism-modules.js";
import { startPrismProcess, type PrismProcess } from "./prism-process.js";
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
  /** Answers the next calls (of one operation, or of any) as told, then the spec's behaviour again. */
  scenario(options: ScenarioOptions): Scenario;
  /** Every request the mock received since it started or was last cleared, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Forgets the recorded requests. */
  clearRequests(): void;
  /** Removes every scenario not yet used up. */
  clearScenarios(): void;
  /** Both of the above: the state of a freshly started mock (between tests). */
  reset(): void;
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
  const parsed = Object.fromEntries(SERVICES.map((api) => [api, JSON.parse(readFileSync(documents[api], "utf8")) as DocumentJson])) as Record<Service, DocumentJson>;
  const known = SERVICES.flatMap((api) => operationIds(parsed[api]));
  const scenarios = new ScenarioQueue(known);
  const recorder = new Recorder();

  let prism: PrismProcess<Service> | undefined;
  const gateways: Gateway[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.allSettled(gateways.map((g) => g.close()));
      await prism?.stop();
    })();
    return stopping;
  };

  try {
    prism = await startPrismProcess({ modules, documents });
    const endpoints = {} as Record<Service, string>;
    for (const api of SERVICES) {
      const gateway = await startGateway({
        upstream: prism.urls[api],
        accessKeyId,
        secretAccessKey,
        open: api === "iam",
        service: api,
        document: parsed[api],
        scenarios,
        recorder,
      });
      gateways.push(gateway);
      endpoints[api] = gateway.url;
    }
    return {
      endpoints,
      credentials: {
        accessKeyId,
        secretAccessKey,
        // Long enough for every service: CCM tokens are 32 to 2097152 characters.
        token: `mock-token-${randomBytes(16).toString("hex")}`,
        projectId: "0c3b9c1f4b00d5e72f8ac0093a11f0ba",
        domainId: "a5b3e2f1c0d94e8f9b7a6c5d4e3f2a1b",
      },
      pids: [prism.pid],
      scenario: (scenarioOptions) => scenarios.add(scenarioOptions),
      get requests() {
        return recorder.list();
      },
      clearRequests: () => recorder.clear(),
      clearScenarios: () => scenarios.clear(),
      reset: () => {
        scenarios.clear();
        recorder.clear();
      },
      stop,
      [asyncDispose]: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

type DocumentJson = Parameters<typeof routerFor>[0];

function operationIds(document: DocumentJson): string[] {
  return Object.values(document.paths ?? {}).flatMap((item) =>
    Object.values(item).flatMap((op) => (typeof op?.operationId === "string" ? [op.operationId] : [])),
  );
}
