/**
 * Bench section "issuance": how long the mock's emulated Private CA takes to issue a private
 * certificate (the key pair generated, the certificate signed by an EC P-256 issuing CA), with an
 * RSA 2048 key and with an EC P-256 key, interleaved. Measured on the emulator's handlers in this
 * process, as the gateway calls them (the HTTP round trip is the mock-start section's).
 * `--smoke`: a few runs.
 */
import { createPcaEmulator } from "../src/testing/emulator/index.js";
import { emit, type Row } from "./lib/output.js";

const RUNS = process.argv.includes("--smoke") ? 2 : Number(process.env.ISSUANCE_RUNS ?? 15);
const emulator = createPcaEmulator();
const { subordinateId } = await emulator.seedHierarchy();
const issue = emulator.handlers["issueCertificate"]!;

async function once(keyAlgorithm: string): Promise<number> {
  const start = performance.now();
  const answer = await issue({
    operationId: "issueCertificate",
    path: {},
    query: {},
    now: new Date(),
    body: {
      issuer_id: subordinateId,
      key_algorithm: keyAlgorithm,
      signature_algorithm: "SHA256",
      distinguished_name: { common_name: "bench.example.com" },
      validity: { type: "DAY", value: 30 },
    },
  });
  const ms = performance.now() - start;
  if (answer.status !== 200) throw new Error(`issuing with ${keyAlgorithm} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return ms;
}

const times: Record<string, number[]> = { RSA2048: [], EC256: [] };
await once("EC256"); // warm: the X.509 library's first use
for (let i = 0; i < RUNS; i++) {
  for (const algorithm of i % 2 === 0 ? ["RSA2048", "EC256"] : ["EC256", "RSA2048"]) times[algorithm]!.push(await once(algorithm));
}

function summary(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median: Number(median.toFixed(1)), min: Number(sorted[0]!.toFixed(1)), max: Number(sorted.at(-1)!.toFixed(1)) };
}

const rsa = summary(times.RSA2048!);
const ec = summary(times.EC256!);
const rows: Row[] = [
  { name: "issue a certificate, RSA 2048 key (key generation included)", unit: "ms", ...rsa, note: `${RUNS} interleaved runs` },
  { name: "issue a certificate, EC P-256 key", unit: "ms", ...ec, note: `${RUNS} interleaved runs` },
  { name: "RSA 2048 / EC P-256", unit: "x", median: Number((rsa.median / ec.median).toFixed(1)), min: Number((rsa.median / ec.median).toFixed(1)), max: Number((rsa.median / ec.median).toFixed(1)) },
];
emit("issuance", rows, []);
