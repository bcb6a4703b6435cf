/**
 * The mock's scenario queue (src/testing/scenarios.ts) as plain objects: what it refuses, with
 * which message, and which scenario answers which call, how often.
 */
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/core/errors.js";
import { ScenarioQueue, type ScenarioOptions, type ScenarioResponse } from "../../src/testing/scenarios.js";
import type { OperationId } from "../../src/testing/services.js";

const A = "OpA" as OperationId;
const B = "OpB" as OperationId;
const queue = () => new ScenarioQueue([A, B]);

function refusal(options: ScenarioOptions): string {
  try {
    queue().add(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("add() accepted it");
}

describe("ScenarioQueue.add refuses", () => {
  it.each([0, -1, 1.5, Number.NaN, -Infinity])("times %s", (times) => {
    expect(refusal({ times, respond: {} })).toBe(`scenario times must be a positive integer or Infinity, got ${String(times)}`);
  });

  it("an operation the mock does not serve, listing those it does", () => {
    expect(refusal({ operation: "Nope" as OperationId, respond: {} })).toBe('scenario operation "Nope" is not an operation of the mock (OpA, OpB)');
  });

  it.each([null, undefined, "500"])("a respond that is %s", (respond) => {
    expect(refusal({ respond: respond as unknown as ScenarioResponse })).toBe("scenario respond must be an object");
  });

  it.each([199, 600, 200.5, Number.NaN])("status %s", (status) => {
    expect(refusal({ respond: { status } })).toBe(`scenario status must be an integer from 200 to 599, got ${String(status)}`);
  });

  it.each([-1, Infinity, Number.NaN])("delayMs %s", (delayMs) => {
    expect(refusal({ respond: { delayMs } })).toBe(`scenario delayMs must be a finite number >= 0, got ${String(delayMs)}`);
  });

  it.each([-1, 1.5, new Date(Number.NaN)])("retryAfter %s", (retryAfter) => {
    expect(refusal({ respond: { retryAfter } })).toBe(`scenario retryAfter must be whole seconds >= 0 or a valid Date, got ${String(retryAfter)}`);
  });

  it.each<ScenarioResponse>([
    { reset: true, stallBody: true },
    { reset: true, malformedBody: true },
    { reset: true, status: 500 },
    { reset: true, body: "x" },
  ])("reset with something to answer: %o", (respond) => {
    expect(refusal({ respond })).toBe("scenario reset answers nothing: it cannot be combined with status, body, stallBody or malformedBody");
  });
});

describe("ScenarioQueue.add accepts", () => {
  it.each<ScenarioOptions>([
    { times: 1, respond: {} },
    { times: 3, respond: {} },
    { times: Infinity, respond: {} },
    { respond: { status: 200 } },
    { respond: { status: 599 } },
    { respond: { delayMs: 0 } },
    { respond: { delayMs: 2.5 } },
    { respond: { retryAfter: 0 } },
    { respond: { retryAfter: new Date(0) } },
    { respond: { reset: true, delayMs: 5, headers: { a: "b" } } },
    { operation: A, respond: { stallBody: true, malformedBody: true, status: 500 } },
  ])("%o", (options) => {
    expect(queue().add(options).remaining).toBe(options.times ?? 1);
  });
});

describe("ScenarioQueue.take", () => {
  it("answers nothing when no scenario is set", () => {
    expect(queue().take(A)).toBeUndefined();
  });

  it("answers a scenario once by default, then the spec again", () => {
    const q = queue();
    const respond = { status: 500 };
    const scenario = q.add({ operation: A, respond });
    expect(q.take(A)).toBe(respond);
    expect(scenario).toMatchObject({ remaining: 0, used: 1 });
    expect(q.take(A)).toBeUndefined();
  });

  it("answers only its own operation, any operation (or none) without one", () => {
    const q = queue();
    const forB = { status: 502 };
    const forAny = { status: 503 };
    q.add({ operation: B, times: 5, respond: forB });
    expect(q.take(A)).toBeUndefined();
    expect(q.take(B)).toBe(forB);
    q.add({ times: 2, respond: forAny });
    expect(q.take(A)).toBe(forAny);
    expect(q.take(undefined)).toBe(forAny);
    expect(q.take(undefined)).toBeUndefined();
  });

  it("takes the first scenario that matches, in the order they were added", () => {
    const q = queue();
    const first = { status: 500 };
    const second = { status: 501 };
    q.add({ operation: A, respond: first });
    q.add({ respond: second });
    expect(q.take(A)).toBe(first);
    expect(q.take(A)).toBe(second);
  });

  it("counts down `times`, and Infinity never runs out", () => {
    const q = queue();
    const three = q.add({ operation: A, times: 3, respond: {} });
    const forever = q.add({ operation: B, times: Infinity, respond: {} });
    for (let i = 0; i < 3; i++) expect(q.take(A)).toBeDefined();
    expect(q.take(A)).toBeUndefined();
    expect(three).toMatchObject({ remaining: 0, used: 3 });
    for (let i = 0; i < 50; i++) q.take(B);
    expect(forever).toMatchObject({ remaining: Infinity, used: 50 });
  });
});

describe("Scenario.cancel and ScenarioQueue.clear", () => {
  it("cancel removes that scenario only", () => {
    const q = queue();
    const a = q.add({ operation: A, times: 2, respond: { status: 500 } });
    const b = { status: 501 };
    q.add({ operation: A, respond: b });
    a.cancel();
    expect(a.remaining).toBe(0);
    expect(q.take(A)).toBe(b);
    expect(q.take(A)).toBeUndefined();
  });

  it("cancel of a used-up scenario changes nothing else", () => {
    const q = queue();
    const a = q.add({ operation: A, respond: {} });
    const later = { status: 503 };
    q.take(A);
    q.add({ operation: A, respond: later });
    a.cancel();
    expect(a).toMatchObject({ remaining: 0, used: 1 });
    expect(q.take(A)).toBe(later);
  });

  it("clear removes every scenario and leaves none remaining", () => {
    const q = queue();
    const a = q.add({ operation: A, times: 4, respond: {} });
    const b = q.add({ times: Infinity, respond: {} });
    q.clear();
    expect([a.remaining, b.remaining]).toEqual([0, 0]);
    expect(q.take(A)).toBeUndefined();
    expect(q.take(B)).toBeUndefined();
  });
});
