/**
 * Waiting with a way out: every wait of a call is raced against its AbortSignal, so a promise
 * that never settles (a stalled provider, a stalled body) cannot hold the call.
 */

/** Waits for `promise`, or rejects with the signal's reason as soon as it aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: the finally below removes the listener, and an AbortSignal fires abort only once
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
