/**
 * Bench section "mock-start": wall time from startMock() to the end of the first successful SDK
 * call against it (what a user's `beforeAll` plus first test waits for): the stateful mock (the
 * emulated Private CA loading while Prism starts; the first call creates a root CA with an EC
 * P-256 key) against the stateless one (Prism alone; the first call is the spec's example),
 * interleaved so that both see the same machine load; and the stateful mock's first start after an
 * install, when Prism's cache of its reading of the documents (src/testing/prism-cache.ts) is empty.
 * The package is loaded from dist/ as published (after `npm run build`; from src/ otherwise, which
 * adds tsx's compiling of the emulator's sources).
 *
 * Each measurement runs in a fresh Node process (`--one stateful|stateless|stateful-cold`), as a
 * test worker would start the mock: nothing in the process is warm. Prints one JSON line (the bench protocol in
 * bench/run.ts). `--smoke`: one run of each.
 *
 * Also reported: the CPU time each design spends (this process and its reaped children, from
 * /proc/self/stat on Linux), which a busy machine changes much less than the wall time.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const TARGET_MS = 500;
const RUNS = process.argv.includes("--smoke") ? 1 : Number(process.env.MOCK_START_RUNS ?? 5);

/**
 * stateful-cold: the stateful mock after Prism's cache of its reading of the documents
 * (src/testing/prism-cache.ts) was emptied, as on the first start after an install.
 */
type Design = "stateful" | "stateless" | "stateful-cold";
const DESIGNS: readonly Design[] = ["stateful", "stateless", "stateful-cold"];

/** The package as published (dist/, after `npm run build`), else its sources. */
const BUILT = existsSync(fileURLToPath(new URL("../dist/testing/index.js", import.meta.url)));
const entries = BUILT ? { sdk: "../dist/index.js", testing: "../dist/testing/index.js" } : { sdk: "../src/index.js", testing: "../src/testing/index.js" };

type Sdk = typeof import("../src/index.js");
type Testing = typeof import("../src/testing/index.js");

const NAME = { country: "CN", state: "Guangdong", locality: "Shenzhen", organization: "Example Ltd", organizational_unit: "IT" };

/** One measurement, in this process: the milliseconds from start to the first call's result. */
async function once(design: Design): Promise<number> {
  const { PcaClient } = (await import(entries.sdk)) as Sdk;
  const { startMock } = (await import(entries.testing)) as Testing;
  const start = performance.now();
  const mock = await startMock({ stateless: design === "stateless" });
  try {
    await new PcaClient({ endpoint: mock.endpoints.pca, credentials: { token: mock.credentials.token }, maxRetries: 0 }).createCertificateAuthority({
      type: "ROOT",
      key_algorithm: "EC256",
      signature_algorithm: "SHA256",
      distinguished_name: { ...NAME, common_name: "Bench Root CA" },
      validity: { type: "YEAR", value: 10 },
    });
    return performance.now() - start;
  } finally {
    await mock.stop();
  }
}

/** CPU ms of this process and its waited-for children so far; undefined where /proc is missing. */
function cpuMs(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime, stime, cutime, cstime are fields 14-17 (1-based), i.e. 11-14 after the state field.
    const ticks = fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

function measureInFreshProcess(design: Design): { ms: number; cpuMs: number | undefined } {
  const output = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--one", design], {
    encoding: "utf8",
    timeout: 180_000,
  });
  return JSON.parse(output.trim().split("\n").pop()!) as { ms: number; cpuMs: number | undefined };
}

/** The 1-minute load average, for the note (a busy machine explains slow wall times). */
function readLoad(): string {
  try {
    return `; load average at the end ${readFileSync("/proc/loadavg", "utf8").split(" ")[0]}`;
  } catch {
    return "";
  }
}

function summary(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median: Math.round(median), min: Math.round(sorted[0]!), max: Math.round(sorted.at(-1)!) };
}

const one = process.argv.indexOf("--one");
if (one !== -1) {
  // Imported before the CPU count starts, as the wall time starts after them too.
  await Promise.all([import(entries.sdk), import(entries.testing)]);
  const design = process.argv[one + 1] as Design;
  if (design === "stateful-cold") {
    const { resolvePrismModules } = await import("../src/testing/prism-modules.js");
    const { prismCachePaths } = await import("../src/testing/prism-cache.js");
    const paths = prismCachePaths(resolvePrismModules(), { bcs: "" });
    if (paths) rmSync(dirname(paths.bcs), { recursive: true, force: true });
  }
  const before = cpuMs();
  const ms = await once(design);
  const after = cpuMs();
  process.stdout.write(`${JSON.stringify({ ms, cpuMs: before === undefined || after === undefined ? undefined : after - before })}\n`);
} else {
  const times: Record<Design, number[]> = { stateful: [], stateless: [], "stateful-cold": [] };
  const cpu: Record<Design, number[]> = { stateful: [], stateless: [], "stateful-cold": [] };
  for (let i = 0; i < RUNS; i++) {
    // Rotate which goes first, so none always follows another's cleanup.
    const order = DESIGNS.map((_, k) => DESIGNS[(i + k) % DESIGNS.length]!);
    for (const design of order) {
      const { ms, cpuMs } = measureInFreshProcess(design);
      times[design].push(ms);
      if (cpuMs !== undefined) cpu[design].push(cpuMs);
    }
  }
  const stateful = summary(times.stateful);
  const stateless = summary(times.stateless);
  const cold = summary(times["stateful-cold"]);
  const load = readLoad();
  const note = `${RUNS} interleaved runs, each in a fresh process, ${BUILT ? "dist/ as built" : "src/ (no dist/: run npm run build)"}; startMock() to the first createCertificateAuthority result${load}`;
  const cpuRows = DESIGNS
    .filter((d) => cpu[d].length > 0)
    .map((d) => ({
      name: `CPU time of startMock() + first call + stop(), ${d}`,
      unit: "ms",
      ...summary(cpu[d]),
      note: "this process and its Prism children, user + system",
    }));
  process.stdout.write(
    `${JSON.stringify({
      section: "mock-start",
      rows: [
        { name: "startMock() + first call, stateful (the emulated CA creates an EC P-256 root)", unit: "ms", ...stateful, note },
        { name: "startMock({ stateless: true }) + first call (Prism's example)", unit: "ms", ...stateless, note },
        { name: "startMock() + first call, stateful, Prism's cache emptied first (the first start after an install)", unit: "ms", ...cold, note },
        ...cpuRows,
      ],
      targets: [{ name: "startMock() + first call, stateful, median", target: "<= 0.5 s", value: stateful.median, unit: "ms", met: stateful.median <= TARGET_MS }],
    })}\n`,
  );
}
