/**
 * startMock(): the whole offline stand-in for the certificate APIs, for this project's tests,
 * `npm start`, `npm run mock`, and users testing their own code.
 *
 * For each service, Prism serves the bundled spec (generated/<api>.json) on 127.0.0.1, behind a
 * gateway (gateway.ts) that checks tokens and AK/SK signatures the way Huawei's API gateway does.
 * IAM's token call is open, as it is in the cloud. Everything is stopped by stop(), and nothing is
 * left running if startup fails half-way.
 */
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { startGateway, type Gateway } from "./gateway.js";
import { startPrism, type PrismServer } from "./prism.js";

/** Options of {@link startMock}. */
export interface MockOptions {
  /** The access key id the gateway accepts; a random one when omitted. */
  readonly accessKeyId?: string;
  /** The secret access key the gateway accepts; a random one when omitted. */
  readonly secretAccessKey?: string;
}

/** A started mock: where it listens, what it accepts, and how to stop it. */
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
  /** The Prism processes, for tests that check nothing is left behind. */
  readonly pids: readonly number[];
  /** Stops the gateways and Prism; resolves once every process has exited. */
  stop(): Promise<void>;
}

const SERVICES = ["bcs", "pca", "iam"] as const;

/** The path of a service's bundled OpenAPI document (JSON), shipped in this package. */
export function bundledSpecPath(api: (typeof SERVICES)[number]): string {
  return fileURLToPath(new URL(`../../generated/${api}.json`, import.meta.url));
}

/**
 * Starts an offline mock of the BCS, PCA and IAM APIs on 127.0.0.1: Prism serving the bundled
 * specs' examples, behind gateways that check tokens and AK/SK signatures. Needs the optional peer
 * dependency `@stoplight/prism-cli`. Call `stop()` when done.
 */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const accessKeyId = options.accessKeyId ?? `MOCKAK${randomBytes(7).toString("hex").toUpperCase()}`;
  const secretAccessKey = options.secretAccessKey ?? randomBytes(20).toString("base64url");
  const prisms: PrismServer[] = [];
  const gateways: Gateway[] = [];
  const stop = async () => {
    await Promise.allSettled(gateways.map((g) => g.close()));
    await Promise.allSettled(prisms.map((p) => p.stop()));
  };

  try {
    const started = await Promise.allSettled(SERVICES.map((api) => startPrism({ spec: bundledSpecPath(api) })));
    for (const result of started) if (result.status === "fulfilled") prisms.push(result.value);
    const failure = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw failure.reason;

    const endpoints: Record<string, string> = {};
    for (const [i, api] of SERVICES.entries()) {
      const gateway = await startGateway({
        upstream: prisms[i]!.url,
        accessKeyId,
        secretAccessKey,
        open: api === "iam",
      });
      gateways.push(gateway);
      endpoints[api] = gateway.url;
    }
    return {
      endpoints: { bcs: endpoints.bcs!, pca: endpoints.pca!, iam: endpoints.iam! },
      credentials: {
        accessKeyId,
        secretAccessKey,
        // Long enough for every service: CCM tokens are 32 to 2097152 characters.
        token: `mock-token-${randomBytes(16).toString("hex")}`,
        projectId: "0c3b9c1f4b00d5e72f8ac0093a11f0ba",
        domainId: "a5b3e2f1c0d94e8f9b7a6c5d4e3f2a1b",
      },
      pids: prisms.map((p) => p.pid),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
