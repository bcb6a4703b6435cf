/**
 * Timing helpers for the bench sections: variants measured interleaved (round after round, the
 * order rotating), so that whatever else the machine is doing falls on every variant alike.
 */

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, samples };
}

export interface InterleaveOptions {
  /** Rounds; each round runs every variant once, as one batch. */
  readonly rounds: number;
  /** Calls per batch: a sample is the batch's mean time per call. */
  readonly batch: number;
  /** Calls per variant before the first round. */
  readonly warmup: number;
}

export interface Timings {
  /** Wall-clock µs per call. */
  readonly wall: Summary;
  /**
   * CPU µs per call of this process (user + system). On a shared machine this is the steadier
   * figure: time spent descheduled does not count.
   */
  readonly cpu: Summary;
}

/** Mean µs per call of each variant, one sample per round. */
export async function interleave(
  variants: Readonly<Record<string, () => Promise<unknown> | unknown>>,
  { rounds, batch, warmup }: InterleaveOptions,
): Promise<Record<string, Timings>> {
  const names = Object.keys(variants);
  for (const name of names) for (let i = 0; i < warmup; i++) await variants[name]!();
  const wall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      const fn = variants[name]!;
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < batch; i++) await fn();
      wall[name]!.push(((performance.now() - start) * 1000) / batch);
      const used = process.cpuUsage(cpuStart);
      cpu[name]!.push((used.user + used.system) / batch);
    }
  }
  return Object.fromEntries(names.map((n) => [n, { wall: summarize(wall[n]!), cpu: summarize(cpu[n]!) }]));
}

/** Median of per-round ratios a/b: each pair was measured side by side, in the same round. */
export function pairedRatio(a: Summary, b: Summary): Summary {
  return summarize(a.samples.map((x, i) => x / b.samples[i]!));
}

/** Median of per-round differences a-b. */
export function pairedDifference(a: Summary, b: Summary): Summary {
  return summarize(a.samples.map((x, i) => x - b.samples[i]!));
}
