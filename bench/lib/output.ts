/**
 * The one line a bench section prints on stdout (the bench protocol bench/run.ts reads): its rows and its
 * targets, as JSON. The runner (bench/run.ts) collects them.
 */
import type { Summary } from "./stats.js";

export interface Row {
  readonly name: string;
  readonly unit: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly note?: string;
}

export interface Target {
  readonly name: string;
  /** As written in the issue, e.g. "<= 1.25x". */
  readonly target: string;
  readonly value: number;
  readonly unit: string;
  readonly met: boolean;
  readonly note?: string;
}

export function row(name: string, unit: string, s: Pick<Summary, "median" | "min" | "max">, note?: string): Row {
  const round = (x: number) => Number(x.toPrecision(4));
  return { name, unit, median: round(s.median), min: round(s.min), max: round(s.max), ...(note ? { note } : {}) };
}

export function atMost(name: string, value: number, limit: number, unit: string, note?: string): Target {
  const round = Number(value.toPrecision(4));
  return { name, target: `<= ${limit} ${unit}`.trim(), value: round, unit, met: value <= limit, ...(note ? { note } : {}) };
}

export function emit(section: string, rows: readonly Row[], targets: readonly Target[] = []): void {
  process.stdout.write(JSON.stringify({ section, rows, targets }) + "\n");
}

export const smoke = process.argv.includes("--smoke");
