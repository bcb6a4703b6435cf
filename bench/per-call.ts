/**
 * Per call, side by side: raw fetch, bare openapi-fetch (createClient with the generated types),
 * the SDK with a token and the SDK with AK/SK, for activate, revoke and downloadCertificates;
 * once with an in-memory fetch (the cost of each layer alone) and once against a loopback
 * keep-alive node:http server in its own process (what a call costs end to end). The SDK is
 * loaded as one esbuild bundle of src/ (plain JavaScript, as published), openapi-fetch from
 * node_modules.
 */
import createClient from "openapi-fetch";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js";
import type { paths as PcaPaths } from "../generated/pca.types.js";
import type { paths as BcsPaths } from "../generated/bcs.types.js";
import { pathToFileURL } from "node:url";
import { bundle } from "./lib/bundle.js";
import {
  AK, BLOCKCHAIN_ID, CA_ID, DOMAIN_ID, PROJECT_ID, SK, TOKEN,
  activateBody, downloadQuery, inMemoryFetch, paths, revokeBody,
} from "./lib/fixtures.js";
import { atMost, emit, row, smoke, type Row, type Target } from "./lib/output.js";
import { startLoopbackServer } from "./lib/processes.js";
import { interleave, pairedDifference, pairedRatio, type Summary, type Timings } from "./lib/stats.js";

// The SDK as one esbuild bundle of src/, as the package ships it, loaded by plain Node: run
// through tsx, every named closure a call creates would carry tsx's extra __name wrapper.
const sdkBundle = await bundle("per-call-sdk", `export * from "./src/index.ts";`, { minify: false, platform: "node" });
const { BcsClient, PcaClient } = (await import(pathToFileURL(sdkBundle.file).href)) as typeof import("../src/index.js");

type Op = "activate" | "revoke" | "download";
const OPS: readonly Op[] = ["activate", "revoke", "download"];
const VARIANTS = ["raw fetch", "openapi-fetch", "SDK token", "SDK AK/SK"] as const;

function variantsFor(origin: string, fetch: typeof globalThis.fetch) {
  const pcaApi = createClient<PcaPaths>({ baseUrl: origin, fetch });
  const bcsApi = createClient<BcsPaths>({ baseUrl: origin, fetch });
  const common = { endpoint: origin, fetch, maxRetries: 0 };
  const pcaToken = new PcaClient({ ...common, credentials: { token: TOKEN } });
  const pcaAkSk = new PcaClient({ ...common, domainId: DOMAIN_ID, credentials: { accessKeyId: AK, secretAccessKey: SK } });
  const bcsToken = new BcsClient({ ...common, projectId: PROJECT_ID, credentials: { token: TOKEN } });
  const bcsAkSk = new BcsClient({ ...common, projectId: PROJECT_ID, credentials: { accessKeyId: AK, secretAccessKey: SK } });
  const tokenHeaders = { "X-Auth-Token": TOKEN };
  const jsonHeaders = { "content-type": "application/json", "x-auth-token": TOKEN };
  const download = { blockchain_id: BLOCKCHAIN_ID, ...downloadQuery };
  const check = (response: Response) => {
    if (!response.ok) throw new Error(`status ${response.status}`);
  };

  const ops: Record<Op, Record<(typeof VARIANTS)[number], () => Promise<unknown>>> = {
    activate: {
      "raw fetch": async () => {
        const r = await fetch(origin + paths.activate, { method: "POST", headers: jsonHeaders, body: JSON.stringify(activateBody) });
        check(r);
        await r.arrayBuffer();
      },
      "openapi-fetch": async () => {
        const { response } = await pcaApi.POST("/v1/private-certificate-authorities/{ca_id}/activate", {
          params: { path: { ca_id: CA_ID } },
          headers: tokenHeaders,
          body: activateBody,
        });
        check(response);
      },
      "SDK token": () => pcaToken.activateCertificateAuthority({ ca_id: CA_ID, ...activateBody }),
      "SDK AK/SK": () => pcaAkSk.activateCertificateAuthority({ ca_id: CA_ID, ...activateBody }),
    },
    revoke: {
      "raw fetch": async () => {
        const r = await fetch(origin + paths.revoke, { method: "POST", headers: jsonHeaders, body: JSON.stringify(revokeBody) });
        check(r);
        await r.arrayBuffer();
      },
      "openapi-fetch": async () => {
        const { response } = await pcaApi.POST("/v1/private-certificate-authorities/{ca_id}/revoke", {
          params: { path: { ca_id: CA_ID } },
          headers: tokenHeaders,
          body: revokeBody,
        });
        check(response);
      },
      "SDK token": () => pcaToken.revokeCertificateAuthority({ ca_id: CA_ID, ...revokeBody }),
      "SDK AK/SK": () => pcaAkSk.revokeCertificateAuthority({ ca_id: CA_ID, ...revokeBody }),
    },
    download: {
      "raw fetch": async () => {
        const r = await fetch(origin + paths.download, { headers: { "x-auth-token": TOKEN } });
        check(r);
        return new Uint8Array(await r.arrayBuffer());
      },
      "openapi-fetch": async () => {
        const { data, response } = await bcsApi.GET("/v2/{project_id}/blockchains/{blockchain_id}/cert", {
          params: { path: { project_id: PROJECT_ID, blockchain_id: BLOCKCHAIN_ID }, query: downloadQuery },
          headers: tokenHeaders,
          parseAs: "arrayBuffer",
        });
        check(response);
        return new Uint8Array(data as ArrayBuffer);
      },
      "SDK token": () => bcsToken.downloadCertificates(download),
      "SDK AK/SK": () => bcsAkSk.downloadCertificates(download),
    },
  };
  return ops;
}

/** The official signer on the activate request, as a per-call cost to compare AK/SK's extra with. */
function officialSign(origin: string): () => unknown {
  const credential = { getAk: () => AK, getSk: () => SK } as unknown as Parameters<typeof AKSKSigner.sign>[1];
  return () =>
    AKSKSigner.sign(
      { endpoint: origin + paths.activate, method: "POST", headers: { "content-type": "application/json", "X-Domain-Id": DOMAIN_ID }, data: activateBody } as never,
      credential,
    );
}

const rows: Row[] = [];
const targets: Target[] = [];

async function measure(medium: "in memory" | "loopback", origin: string, fetch: typeof globalThis.fetch) {
  const ops = variantsFor(origin, fetch);
  const inMemory = medium === "in memory";
  const counts = smoke
    ? { rounds: 3, batch: 5, warmup: 5 }
    : inMemory
      ? { rounds: 41, batch: 100, warmup: 2000 }
      : { rounds: 41, batch: 20, warmup: 300 };
  for (const op of OPS) {
    const variants: Record<string, () => unknown> = { ...ops[op] };
    if (inMemory && op === "activate") variants["official signer alone"] = officialSign(origin);
    const timings: Record<string, Timings> = await interleave(variants, counts);
    // In memory everything happens in this process: its CPU time is the cost, and unlike wall
    // time it does not count the moments another session had the core. On loopback the wall
    // time is the point (the server's share included); the client's CPU time is shown beside it.
    const results: Record<string, Summary> = Object.fromEntries(
      Object.entries(timings).map(([name, t]) => [name, inMemory ? t.cpu : t.wall]),
    );
    for (const [name, t] of Object.entries(timings)) {
      rows.push(row(`${op}, ${medium}: ${name}`, inMemory ? "CPU µs/call" : "wall µs/call", inMemory ? t.cpu : t.wall));
      if (!inMemory) rows.push(row(`${op}, ${medium}: ${name} (client process CPU)`, "CPU µs/call", t.cpu));
    }
    const bare = results["openapi-fetch"]!;
    const token = results["SDK token"]!;
    const aksk = results["SDK AK/SK"]!;
    const tokenRatio = pairedRatio(token, bare);
    rows.push(row(`${op}, ${medium}: SDK token / openapi-fetch`, "ratio", tokenRatio));
    rows.push(row(`${op}, ${medium}: openapi-fetch / raw fetch`, "ratio", pairedRatio(bare, results["raw fetch"]!)));
    const extra = pairedDifference(aksk, token);
    rows.push(row(`${op}, ${medium}: AK/SK minus token`, "µs/call", extra));
    targets.push(atMost(`${op}: token path / bare openapi-fetch, ${medium}`, tokenRatio.median, inMemory ? 1.25 : 1.05, "x"));
    if (inMemory && op === "activate") {
      const official = results["official signer alone"]!;
      targets.push(
        atMost("AK/SK minus token per call (activate, in memory) / the official signer's time", extra.median / official.median, 1, "x", `AK/SK adds ${extra.median.toFixed(1)} µs; the official signer alone takes ${official.median.toFixed(1)} µs`),
      );
    }
  }
}

await measure("in memory", "https://ccm.bench.test", inMemoryFetch);
const server = await startLoopbackServer();
try {
  await measure("loopback", server.origin, globalThis.fetch);
} finally {
  await server.stop();
}
emit("per-call", rows, targets);
