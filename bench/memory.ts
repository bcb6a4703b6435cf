/**
 * Memory: a 50 MiB download from the loopback server (its own process, with Content-Length),
 * each way in a fresh process, interleaved and repeated: raw fetch streamed and buffered, the
 * SDK streamed and buffered, and a baseline process that loads the same code and makes one small
 * request. The figure is the peak resident set (maxRSS) above the baseline's.
 */
import { bundle } from "./lib/bundle.js";
import { atMost, emit, row, smoke, type Row, type Target } from "./lib/output.js";
import { run, startLoopbackServer } from "./lib/processes.js";
import { summarize } from "./lib/stats.js";

const SIZE = (smoke ? 4 : 50) * 1024 * 1024;
const MODES = ["baseline", "raw fetch, streamed", "raw fetch, buffered", "SDK, streamed", "SDK, buffered"] as const;
type Mode = (typeof MODES)[number];
// lib/memory-child.ts knows the same names.

// The children run one esbuild bundle of lib/memory-child.ts (the SDK's src included) with plain
// node: no TypeScript loader in the measured process.
const childBundle = await bundle("memory-child", { entry: "bench/lib/memory-child.ts" }, { minify: false, platform: "node" });

const server = await startLoopbackServer(["--cert-bytes", String(SIZE)]);
const rss: Record<Mode, number[]> = Object.fromEntries(MODES.map((m) => [m, []])) as unknown as Record<Mode, number[]>;
const rounds = smoke ? 1 : 5;
try {
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < MODES.length; k++) {
      const mode = MODES[(round + k) % MODES.length]!;
      const out = await run(process.execPath, [childBundle.file, mode, server.origin, String(SIZE)]);
      const { bytes, maxRssKiB } = JSON.parse(out) as { bytes: number; maxRssKiB: number };
      if (mode !== "baseline" && bytes !== SIZE) throw new Error(`${mode}: read ${bytes} bytes, expected ${SIZE}`);
      rss[mode].push(maxRssKiB / 1024);
    }
  }
} finally {
  await server.stop();
}

const rows: Row[] = [];
const targets: Target[] = [];
const mib = SIZE / 1024 / 1024;
const base = summarize(rss.baseline);
rows.push(row("baseline process peak RSS", "MiB", base));
const growth: Record<string, ReturnType<typeof summarize>> = {};
for (const mode of MODES.slice(1)) {
  growth[mode] = summarize(rss[mode].map((x, i) => x - rss.baseline[i]!));
  rows.push(row(`${mode}, ${mib} MiB: peak RSS over baseline`, "MiB", growth[mode]!));
}
const streamed = growth["SDK, streamed"]!.median;
const rawStreamed = growth["raw fetch, streamed"]!.median;
targets.push(atMost(`streamed ${mib} MiB: SDK's peak RSS growth / raw fetch's`, streamed / rawStreamed, 1.1, "x", `${streamed.toFixed(1)} vs ${rawStreamed.toFixed(1)} MiB`));
targets.push(atMost(`buffered ${mib} MiB with Content-Length: SDK's peak RSS growth / body size`, growth["SDK, buffered"]!.median / mib, 1.25, "x"));
rows.push(row(`raw fetch buffered growth / body size`, "ratio", { median: growth["raw fetch, buffered"]!.median / mib, min: growth["raw fetch, buffered"]!.min / mib, max: growth["raw fetch, buffered"]!.max / mib }));
emit("memory", rows, targets);
