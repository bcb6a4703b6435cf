/**
 * Bench section "mock-start": wall time from startMock() to the end of the first successful SDK
 * call against it (what a user's `beforeAll` plus first test waits for), for the mock as it is
 * (one Prism process for every document) and as it was (three Prism CLI processes,
 * bench/legacy/prism-cli.ts), interleaved so that both see the same machine load.
 *
 * Each measurement runs in a fresh Node process (`--one new|legacy`), as a test worker would
 * start the mock: nothing is warm. Prints one JSON line (the bench protocol in bench/run.ts).
 * `--smoke`: one run of each.
 *
 * Also reported: the CPU time each design spends (this process and its reaped children, from
 * /proc/self/stat on Linux), which a busy machine changes much less than the wall time.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const TARGET_MS = 1_500;
const RUNS = process.argv.includes("--smoke") ? 1 : Number(process.env.MOCK_START_RUNS ?? 5);

type Design = "new" | "legacy";

/** One measurement, in this process: the milliseconds from start to the first call's result. */
async function once(design: Design): Promise<number> {
  const { BcsClient } = await import("../src/index.js");
  const call = (endpoint: string, token: string) =>
    new BcsClient({ endpoint, projectId: "0c3b9c1f4b00d5e72f8ac0093a11f0ba", credentials: { token }, maxRetries: 0 }).downloadCertificates({
      blockchain_id: "4f9d8a2e-0c56-11ee-9c1a-0255ac100b05",
      org_name: "org1",
      cert_type: "ca",
    });
  if (design === "new") {
    const { startMock } = await import("../src/testing/mock.js");
    const start = performance.now();
    const mock = await startMock();
    try {
      await call(mock.endpoints.bcs, mock.credentials.token);
      return performance.now() - start;
    } finally {
      await mock.stop();
    }
  }
  const { startLegacyMock } = await import("./legacy/prism-cli.js");
  const start = performance.now();
  const mock = await startLegacyMock();
  try {
    await call(mock.endpoints.bcs, mock.token);
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
  await Promise.all([import("../src/index.js"), import("../src/testing/mock.js"), import("./legacy/prism-cli.js")]);
  const before = cpuMs();
  const ms = await once(process.argv[one + 1] as Design);
  const after = cpuMs();
  process.stdout.write(`${JSON.stringify({ ms, cpuMs: before === undefined || after === undefined ? undefined : after - before })}\n`);
} else {
  const times: Record<Design, number[]> = { new: [], legacy: [] };
  const cpu: Record<Design, number[]> = { new: [], legacy: [] };
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first, so neither always follows the other's cleanup.
    const order: Design[] = i % 2 === 0 ? ["new", "legacy"] : ["legacy", "new"];
    for (const design of order) {
      const { ms, cpuMs } = measureInFreshProcess(design);
      times[design].push(ms);
      if (cpuMs !== undefined) cpu[design].push(cpuMs);
    }
  }
  const fresh = summary(times.new);
  const old = summary(times.legacy);
  const load = readLoad();
  const note = `${RUNS} interleaved runs, each in a fresh process; startMock() to the first downloadCertificates result${load}`;
  const cpuRows = (["new", "legacy"] as const)
    .filter((d) => cpu[d].length > 0)
    .map((d) => ({
      name: `CPU time of startMock() + first call + stop(), ${d === "new" ? "one Prism process" : "three Prism CLI processes"}`,
      unit: "ms",
      ...summary(cpu[d]),
      note: "this process and its Prism children, user + system",
    }));
  process.stdout.write(
    `${JSON.stringify({
      section: "mock-start",
      rows: [
        { name: "startMock() + first call: one Prism process for all documents", unit: "ms", ...fresh, note },
        { name: "the same, three Prism CLI processes (the design before)", unit: "ms", ...old, note },
        ...cpuRows,
      ],
      targets: [{ name: "startMock() + first call, median", target: "<= 1.5 s", value: fresh.median, unit: "ms", met: fresh.median <= TARGET_MS }],
    })}\n`,
  );
}
