/**
 * RefreshingValue (src/core/auth/credentials.ts): a refresh abandoned by every waiter, or one
 * that settles after a newer refresh has started, never unhooks the newer one, so later callers
 * keep sharing it (one source call, not two). Plus the environment readers' edges.
 */
import { describe, expect, it } from "vitest";
import { RefreshingValue, credentialsFromEnvironment, runtimeEnvironment } from "../../src/core/auth/credentials.js";
import { fakeClock, withProcess } from "./support/fakes.js";

interface Deferred {
  resolve: (value: { value: string; expiresAt: number | undefined }) => void;
  reject: (error: Error) => void;
}

/** A source whose calls stay pending until the test settles them, in call order. */
function controlledSource() {
  const calls: Deferred[] = [];
  const source = () =>
    new Promise<{ value: string; expiresAt: number | undefined }>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { calls, source };
}

/** Lets the refresh's Promise.resolve().then(source) chains run. */
const turns = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

const abandoned = async (promise: Promise<unknown>) => {
  await expect(promise).rejects.toBeDefined();
};

describe("a refresh started after an abandoned one is shared by later callers", () => {
  it("when a second waiter of the abandoned refresh aborts too", async () => {
    const clock = fakeClock();
    const { calls, source } = controlledSource();
    const value = new RefreshingValue(source, clock);
    const a = new AbortController();
    const b = new AbortController();
    const first = value.get(a.signal);
    const second = value.get(b.signal);
    await turns();
    a.abort();
    await abandoned(first);
    const third = value.get(new AbortController().signal); // starts a new refresh
    await turns();
    b.abort();
    await abandoned(second);
    const fourth = value.get(new AbortController().signal);
    await turns();
    expect(calls.length).toBe(2);
    calls[1]!.resolve({ value: "v2", expiresAt: undefined });
    await expect(Promise.all([third, fourth])).resolves.toEqual(["v2", "v2"]);
  });

  it.each([
    ["succeeds", (d: Deferred) => d.resolve({ value: "stale", expiresAt: 0 })],
    ["fails", (d: Deferred) => d.reject(new Error("source failed"))],
  ])("when the abandoned refresh %s late", async (_name, settle) => {
    const clock = fakeClock();
    const { calls, source } = controlledSource();
    const value = new RefreshingValue(source, clock);
    const a = new AbortController();
    const first = value.get(a.signal);
    await turns();
    a.abort();
    await abandoned(first);
    const second = value.get(new AbortController().signal); // the newer refresh
    await turns();
    settle(calls[0]!); // an expired value (or an error): the newer refresh is still needed
    await turns();
    const third = value.get(new AbortController().signal);
    await turns();
    expect(calls.length).toBe(2);
    calls[1]!.resolve({ value: "v2", expiresAt: undefined });
    await expect(Promise.all([second, third])).resolves.toEqual(["v2", "v2"]);
  });
});

describe("peek", () => {
  it("gives the cached value once fetched, and nothing before", async () => {
    const value = new RefreshingValue(async () => ({ value: "v", expiresAt: undefined }), fakeClock());
    expect(value.peek()).toBeUndefined();
    await value.get(new AbortController().signal);
    expect(value.peek()).toBe("v");
  });
});

describe("the environment", () => {
  it("only one of AK and SK set: a ConfigurationError naming both variables", () => {
    expect(() => credentialsFromEnvironment({ HUAWEICLOUD_SDK_AK: "AK" })).toThrow("set both HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or pass credentials");
    expect(() => credentialsFromEnvironment({ HUAWEICLOUD_SDK_SK: "SUPER-secret" })).toThrow(
      "set both HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or pass credentials",
    );
  });

  it("is empty in a runtime without process (a browser)", () => {
    expect(withProcess(undefined, () => ({ ...runtimeEnvironment() }))).toEqual({});
  });
  it("is empty in a runtime whose process has no env", () => {
    expect(withProcess({}, () => ({ ...runtimeEnvironment() }))).toEqual({});
  });
});
