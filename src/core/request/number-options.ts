/**
 * The rules for the numeric options (timeoutMs, maxRetries, maxBufferedBytes), shared by the
 * client options and the per-call options so both reject the same values.
 */
export type NumberOptionKind = "timeout" | "count" | "size";

/** Timers fire at once for delays above 2^31 − 1 ms, so longer timeouts are refused. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why `value` is not acceptable for an option of this kind, or undefined when it is (or is absent). */
export function numberOptionProblem(value: number | undefined, kind: NumberOptionKind): string | undefined {
  if (value === undefined) return undefined;
  switch (kind) {
    case "timeout":
      return Number.isFinite(value) && value > 0 && value <= MAX_TIMER_MS
        ? undefined
        : `must be a positive number of milliseconds up to ${MAX_TIMER_MS}`;
    case "count":
      return Number.isInteger(value) && value >= 0 ? undefined : "must be a non-negative integer";
    case "size":
      return Number.isSafeInteger(value) && value > 0 ? undefined : "must be a positive integer number of bytes";
  }
}
