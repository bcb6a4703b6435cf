/**
 * The type guards work across two copies of the package (two versions in one node_modules),
 * where `instanceof` does not: a second, separately loaded copy of the errors module stands in
 * for the other copy.
 */
import { describe, expect, it } from "vitest";
import * as ours from "../../src/core/errors.js";

describe("errors from a second copy of the package", async () => {
  // The query string makes the module loader evaluate the file again: new classes, same brand.
  const secondCopy = "../../src/core/errors.js?second-copy"; // a variable: TypeScript cannot resolve the query
  const theirs = (await import(/* @vite-ignore */ secondCopy)) as typeof ours;
  const samples: [string, ours.HuaweiCloudError, (e: unknown) => boolean][] = [
    ["ApiError", new theirs.NotFoundError({ status: 404, method: "GET", path: "/x", headers: new Headers(), body: "" }), ours.isApiError],
    ["ValidationError", new theirs.ValidationError("op", "p", "enum", "bad", "v"), ours.isValidationError],
    ["TimeoutError", new theirs.TimeoutError(5), ours.isTimeoutError],
    ["AbortError", new theirs.AbortError(), ours.isAbortError],
    ["ConnectionError", new theirs.ConnectionError("reset", false), ours.isConnectionError],
  ];

  it("are really other classes: instanceof fails", () => {
    expect(theirs.ApiError).not.toBe(ours.ApiError);
    for (const [, error] of samples) expect(error instanceof ours.HuaweiCloudError).toBe(false);
  });

  it.each(samples)("%s is recognised by this copy's guards", (_name, error, guard) => {
    expect(guard(error)).toBe(true);
    expect(ours.isHuaweiCloudError(error)).toBe(true);
  });
});
