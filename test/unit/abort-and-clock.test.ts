/**
 * The two small waiting primitives on their own: untilAborted (a wait raced against a signal)
 * and systemClock, the real clock every client uses unless given another. systemClock is tested
 * with real timers of a few milliseconds, each bounded by within().
 */
import { describe, expect, it, vi } from "vitest";
import { untilAborted } from "../../src/core/abort.js";
import { systemClock } from "../../src/core/clock.js";
import { settle, within } from "./support/fakes.js";

describe("untilAborted", () => {
  it("an already aborted signal rejects at once with its reason, whatever the promise does", async () => {
    const controller = new AbortController();
    const reason = new Error("gone");
    controller.abort(reason);
    await expect(within(untilAborted(Promise.resolve("late"), controller.signal))).rejects.toBe(reason);
  });

  it("takes its listener off the signal once the promise settles", async () => {
    const signal = new AbortController().signal;
    const added = vi.spyOn(signal, "addEventListener");
    const removed = vi.spyOn(signal, "removeEventListener");
    await expect(within(untilAborted(Promise.resolve(7), signal))).resolves.toBe(7);
    await new Promise((resolve) => setImmediate(resolve)); // the clean-up runs in a finally after the value
    expect(removed).toHaveBeenCalledTimes(1);
    expect(removed.mock.calls[0]?.[0]).toBe("abort");
    expect(removed.mock.calls[0]?.[1]).toBe(added.mock.calls[0]?.[1]);
  });
});

describe("systemClock", () => {
  it("now() is the wall clock in epoch milliseconds", () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("random() is in [0, 1)", () => {
    for (let i = 0; i < 20; i++) {
      const r = systemClock.random();
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThan(1);
    }
  });

  it("sleep resolves after its delay", async () => {
    const started = Date.now();
    await within(systemClock.sleep(5), 1_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4);
  });

  it("sleep with a signal resolves too, and takes its listener off the signal", async () => {
    const signal = new AbortController().signal;
    const added = vi.spyOn(signal, "addEventListener");
    const removed = vi.spyOn(signal, "removeEventListener");
    await within(systemClock.sleep(2, signal), 1_000);
    expect(added).toHaveBeenCalledTimes(1);
    expect(added.mock.calls[0]?.[0]).toBe("abort");
    expect(removed).toHaveBeenCalledTimes(1);
    expect(removed.mock.calls[0]?.[0]).toBe("abort");
    expect(removed.mock.calls[0]?.[1]).toBe(added.mock.calls[0]?.[1]);
  });

  it("sleep on an aborted signal rejects at once with its reason", async () => {
    const controller = new AbortController();
    const reason = new Error("already");
    controller.abort(reason);
    await expect(within(systemClock.sleep(60_000, controller.signal), 1_000)).rejects.toBe(reason);
  });

  it("an abort during a sleep rejects it with the reason, long before the delay", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const sleeping = systemClock.sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(reason), 2);
    const outcome = await settle(within(sleeping, 1_000));
    expect(outcome).toEqual({ ok: false, error: reason });
  });

  it("setTimer calls its function after the delay", async () => {
    const fired = await within(new Promise<boolean>((resolve) => systemClock.setTimer(() => resolve(true), 2)), 1_000);
    expect(fired).toBe(true);
  });

  it("a cancelled timer never fires", async () => {
    const fn = vi.fn();
    const cancel = systemClock.setTimer(fn, 2);
    cancel();
    await within(systemClock.sleep(10), 1_000);
    expect(fn).not.toHaveBeenCalled();
  });
});
