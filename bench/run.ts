/**
 * npm run bench: the SDK's own costs, measured outside the test suite (tests never time things).
 * Results are written down in BENCHMARKS.md.
 *
 *   sign          AK/SK signatures per second (Web Crypto), one JSON POST
 *   call          whole client calls per second with an injected fetch answering 204 at once:
 *                 validation, request building, openapi-fetch, transport, auth (token / AK/SK)
 *   validation    rejected calls per second (bad enum): the cost of failing before I/O
 *   download      peak resident memory of a 32 MiB download, buffered vs streamed, each in a
 *                 fresh process
 *   mock start    seconds from startMock() to ready (three Prism processes and gateways)
 *
 */
import { PcaClient, BcsClient } from "../src/index.js";
import { signRequest } from "../src/core/auth/signer.js";
import { startMock } from "../src/testing/mock.js";

async function rate(label: string, seconds: number, fn: () => Promise<unknown>): Promise<[string, string]> {
  for (let i = 0; i < 200; i++) await fn(); // warm-up
  const deadline = performance.now() + seconds * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < deadline && n < 5_000_000) {
    await fn();
    n++;
  }
  const elapsed = (performance.now() - start) / 1000;
  const perSecond = n / elapsed;
  return [label, `${Math.round(perSecond).toLocaleString("en")}/s (${((1 / perSecond) * 1e6).toFixed(1)} µs each, n=${n})`];
}

const ok204 = async () => new Response(null, { status: 204, headers: { "x-request-id": "r" } });
const activate = {
  ca_id: "4c0e772e-a30c-4029-b929-b7acb04143f7",
  issuer_id: "c718fe5f-d44a-467f-80f1-948348ff4132",
  path_length: 3,
  signature_algorithm: "SHA256",
  validity: { type: "YEAR", value: 1 },
} as const;
const token = "MIIEXAMPLE-benchmark-token-0123456789abcdef";

/**
 * One download in a fresh process, so that its peak resident memory (maxRSS) is its own.
 * Modes: none (baseline: the same process without a download), buffered, buffered-chunked, stream.
 */
async function downloadOnce(mode: string): Promise<void> {
  const size = 32 * 1024 * 1024;
  const chunk = new Uint8Array(64 * 1024).fill(7);
  let sent = 0;
  // Collect the garbage of earlier chunks every 2 MiB, so the peak reflects what the SDK keeps
  // alive rather than when V8 chose to collect (the child runs with --expose-gc).
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent % (2 * 1024 * 1024) === 0) gc();
      controller.enqueue(chunk.slice());
      sent += chunk.byteLength;
      if (sent >= size) controller.close();
    },
  });
  const headers = mode === "buffered" ? { "content-length": String(size) } : {};
  const bcs = new BcsClient({
    endpoint: "https://bcs.example.test",
    projectId: "p",
    credentials: { token },
    fetch: async () => new Response(mode === "none" ? "" : body, { headers }),
  });
  const params = { blockchain_id: "b", org_name: "o", cert_type: "ca" } as const;
  let bytes = 0;
  if (mode === "stream") {
    const { stream } = await bcs.downloadCertificates(params, { stream: true });
    for await (const part of stream as unknown as AsyncIterable<Uint8Array>) bytes += part.byteLength;
  } else {
    bytes = (await bcs.downloadCertificates(params, { maxBufferedBytes: size })).data.byteLength;
  }
  process.stdout.write(JSON.stringify({ bytes, maxRssKiB: process.resourceUsage().maxRSS }));
}

async function bufferedVersusStream(): Promise<[string, string][]> {
  const { execFileSync } = await import("node:child_process");
  const measure = (mode: string) =>
    JSON.parse(
      execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", new URL(import.meta.url).pathname, "--download", mode], { encoding: "utf8" }),
    ) as { bytes: number; maxRssKiB: number };
  const baseline = measure("none").maxRssKiB;
  const labels: Record<string, string> = {
    buffered: "download buffered, 32 MiB, Content-Length",
    "buffered-chunked": "download buffered, 32 MiB, no length",
    stream: "download streamed, 32 MiB",
  };
  return Object.entries(labels).map(([mode, label]) => {
    const { bytes, maxRssKiB } = measure(mode);
    const extra = (maxRssKiB - baseline) / 1024;
    return [label, `peak RSS +${extra.toFixed(1)} MiB over a process without the download (${bytes} bytes read)`];
  });
}

async function mockStart(): Promise<[string, string]> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const mock = await startMock();
    times.push((performance.now() - start) / 1000);
    await mock.stop();
  }
  times.sort((a, b) => a - b);
  return ["mock start (3 runs)", `median ${times[1]!.toFixed(2)} s, min ${times[0]!.toFixed(2)} s, max ${times[2]!.toFixed(2)} s`];
}

const downloadMode = process.argv.indexOf("--download");
if (downloadMode !== -1) {
  await downloadOnce(process.argv[downloadMode + 1] ?? "none");
  process.exit(0);
}

const rows: [string, string][] = [];
const signInput = {
  method: "POST",
  url: new URL("https://ccm.ap-southeast-3.myhuaweicloud.com/v1/private-certificate-authorities/4c0e772e-a30c-4029-b929-b7acb04143f7/activate"),
  headers: new Headers({ "content-type": "application/json", "x-domain-id": "d" }),
  body: new TextEncoder().encode(JSON.stringify(activate)),
};
const creds = { accessKeyId: "AK", secretAccessKey: "SK" };
rows.push(await rate("sign (SDK-HMAC-SHA256, JSON POST)", 2, () => signRequest(signInput, creds, new Date())));

const pcaToken = new PcaClient({ endpoint: "https://ccm.example.test", credentials: { token }, fetch: ok204 });
rows.push(await rate("call activate, token, fetch answers 204", 2, () => pcaToken.activateCertificateAuthority(activate)));
const pcaAkSk = new PcaClient({ endpoint: "https://ccm.example.test", credentials: creds, domainId: "d", fetch: ok204 });
rows.push(await rate("call activate, AK/SK, fetch answers 204", 2, () => pcaAkSk.activateCertificateAuthority(activate)));
rows.push(
  await rate("call rejected by validation (bad enum)", 2, () =>
    pcaToken.activateCertificateAuthority({ ...activate, signature_algorithm: "MD5" as "SHA256" }).catch(() => undefined),
  ),
);
rows.push(...(await bufferedVersusStream()));
rows.push(await mockStart());

const width = Math.max(...rows.map(([label]) => label.length));
process.stdout.write(`node ${process.version}, ${process.platform}/${process.arch}\n`);
for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
