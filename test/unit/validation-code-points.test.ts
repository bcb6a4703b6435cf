/**
 * Length rules count code points: a surrogate pair is one character, at both ends of the
 * high-surrogate range (U+10000 is D800 DC00, U+10FFFF is DBFF DFFF), and a character just below
 * the range is one unit.
 */
import { describe, expect, it } from "vitest";
import { validateValue } from "../../src/core/request/validate.js";

const schema = { type: "string", minLength: 2, maxLength: 2 } as const;
const check = (value: string) => () => validateValue({ operationId: "op" }, "p", schema, value);

describe("length rules count code points", () => {
  it.each([
    ["U+10000 (high surrogate D800)", "\u{10000}"],
    ["U+10FFFF (high surrogate DBFF)", "\u{10FFFF}"],
    ["U+1F600, an emoji (D83D)", "\u{1F600}"],
    ["U+D7FF, just below the surrogates", "\uD7FF"],
    ["U+E000, just above them", "\uE000"],
  ])("two of %s are two characters", (_name, char) => {
    expect(check(char + char)).not.toThrow();
    expect(check(char)).toThrow("op: p must be at least 2 characters long (rule: minLength;");
    expect(check(char + char + char)).toThrow("op: p must be at most 2 characters long (rule: maxLength;");
  });
});
