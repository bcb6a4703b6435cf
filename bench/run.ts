/**
 * npm run bench [-- --smoke] [-- --only=a,b]: runs each section (bench/<section>.ts) as its own
 * child process, collects the JSON line each prints (bench/lib/output.ts: emit), prints the rows
 * and targets, writes them to bench/results.json, and exits non-zero when a target is missed
 * (not with --smoke, which runs tiny counts for CI: numbers then mean nothing).
 *
 *   per-call     raw fetch, bare openapi-fetch, the SDK with a token and with AK/SK: in memory and on loopback
 *   signing      the SDK's signer against the official AKSKSigner (same Authorization asserted first)
 *   cold-import  fresh processes: bare node, the package, openapi-fetch alone, the official core
 *   size         esbuild --bundle --minify of each entry point, gzipped
 *   memory       a 50 MiB download streamed and buffered, SDK against raw fetch, a fresh process each
 *   mock-start   startMock() to a first call, stateful against stateless
 *   issuance     the emulated CA issuing a certificate, RSA 2048 against EC P-256
 */
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import type { Row, Target } from "./lib/output.js";

const SECTIONS = ["per-call", "signing", "cold-import", "size", "memory", "mock-start", "issuance"];
const smoke = process.argv.includes("--smoke");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface SectionResult {
  readonly section: string;
  readonly rows: Row[];
  readonly targets: Target[];
  readonly seconds: number;
}

function runSection(section: string): Promise<SectionResult> {
  const started = performance.now();
  const args = ["--import", "tsx", here(`./${section}.ts`), ...(smoke ? ["--smoke"] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = out.trim().split("\n").reverse().find((l) => l.startsWith("{"));
      if (code !== 0 || !line) return reject(new Error(`bench section ${section} exited ${code}${line ? "" : " without a result line"}`));
      const parsed = JSON.parse(line) as Omit<SectionResult, "seconds">;
      resolve({ ...parsed, targets: parsed.targets ?? [], seconds: (performance.now() - started) / 1000 });
    });
  });
}

const results: SectionResult[] = [];
let failed = false;
for (const section of SECTIONS) {
  if (only && !only.includes(section)) continue;
  if (!existsSync(here(`./${section}.ts`))) {
    process.stdout.write(`\n## ${section}: not present, skipped\n`);
    continue;
  }
  try {
    const result = await runSection(section);
    results.push(result);
    process.stdout.write(`\n## ${section} (${result.seconds.toFixed(1)} s)\n`);
    const width = Math.max(...result.rows.map((r) => r.name.length), 10);
    for (const r of result.rows) {
      const range = r.min === r.max ? "" : `  (${r.min}–${r.max})`;
      process.stdout.write(`${r.name.padEnd(width)}  ${String(r.median).padStart(9)} ${r.unit}${range}${r.note ? `  ${r.note}` : ""}\n`);
    }
  } catch (error) {
    failed = true;
    process.stdout.write(`\n## ${section}: FAILED: ${(error as Error).message}\n`);
  }
}

process.stdout.write(`\n## targets${smoke ? " (smoke run: tiny counts, not judged)" : ""}\n`);
const targets = results.flatMap((r) => r.targets.map((t) => ({ section: r.section, ...t })));
for (const t of targets) {
  process.stdout.write(`${t.met ? "met   " : "MISSED"}  ${t.name}: ${t.value} ${t.unit} (target ${t.target})${t.note ? `  ${t.note}` : ""}\n`);
}
const missed = targets.filter((t) => !t.met);
process.stdout.write(`\n${targets.length - missed.length} of ${targets.length} targets met\n`);

const machine = { node: process.version, platform: `${process.platform}/${process.arch}`, cpus: cpus().length, cpu: cpus()[0]?.model, date: new Date().toISOString(), smoke };
writeFileSync(here(smoke ? "./results.smoke.json" : "./results.json"), JSON.stringify({ machine, results }, null, 2) + "\n");
if (failed || (!smoke && missed.length > 0)) process.exitCode = 1;
