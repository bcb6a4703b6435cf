/**
 * The mock as it started before one Prism process served every document, kept for
 * bench/mock-start.ts only: three `prism mock` CLI processes (src/testing/prism.ts), one per
 * bundled document, each behind its own gateway. No scenarios or recording are needed to time it.
 */
import { randomBytes } from "node:crypto";
import { startGateway, type Gateway } from "../../src/testing/gateway.js";
import { startPrism, type PrismServer } from "../../src/testing/prism.js";
import { SERVICES, bundledSpecPath, type Service } from "../../src/testing/services.js";

export interface LegacyMock {
  readonly endpoints: Readonly<Record<Service, string>>;
  readonly token: string;
  stop(): Promise<void>;
}

export async function startLegacyMock(): Promise<LegacyMock> {
  const accessKeyId = "MOCKAKLEGACY";
  const secretAccessKey = randomBytes(20).toString("base64url");
  const prisms: PrismServer[] = [];
  const gateways: Gateway[] = [];
  const stop = async () => {
    await Promise.allSettled(gateways.map((g) => g.close()));
    await Promise.allSettled(prisms.map((p) => p.stop()));
  };
  try {
    const started = await Promise.allSettled(SERVICES.map((api) => startPrism({ spec: bundledSpecPath(api), startupTimeoutMs: 90_000 })));
    for (const result of started) if (result.status === "fulfilled") prisms.push(result.value);
    const failure = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw failure.reason;
    const endpoints = {} as Record<Service, string>;
    for (const [i, api] of SERVICES.entries()) {
      const gateway = await startGateway({ upstream: prisms[i]!.url, accessKeyId, secretAccessKey, open: api === "iam" });
      gateways.push(gateway);
      endpoints[api] = gateway.url;
    }
    return { endpoints, token: `mock-token-${randomBytes(16).toString("hex")}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
