/**
 * Corners of the signer that survived Stryker's first run (MUTATION.md): percent-escapes in
 * either case and malformed ones in the canonical path, X-Sdk-Date parsing, the Host check.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonicalQueryString, canonicalRequest, canonicalUri, formatSdkDate, hmacSha256Hex, parseSdkDate, percentEncode, sha256Hex, signRequest, type AkSkCredentials } from "../../src/core/auth/signer.js";

describe("canonicalUri decodes escapes of either case and keeps malformed ones literal", () => {
  it.each([
    ["/a%2fb", "/a%2Fb/"],
    ["/a%2Fb", "/a%2Fb/"],
    ["/%41%61%7a%7A", "/Aazz/"],
    ["/%09%0a", "/%09%0A/"],
    ["/x%3a%3A", "/x%3A%3A/"],
    ["/%e2%82%ac", "/%E2%82%AC/"],
    ["/%zz", "/%25zz/"],
    ["/%g1", "/%25g1/"],
    ["/%1g", "/%251g/"],
    ["/%4", "/%254/"],
    ["/%", "/%25/"],
    ["/%/%2", "/%25/%252/"],
    ["/%:0", "/%25%3A0/"],
    ["/%@0", "/%25%400/"],
    ["/%`0", "/%25%600/"],
    ["/%G0", "/%25G0/"],
    ["/%0G", "/%250G/"],
  ])("%s → %s", (path, canonical) => {
    expect(canonicalUri(path)).toBe(canonical);
  });
});

describe("X-Sdk-Date", () => {
  it("formats without milliseconds", () => {
    expect(formatSdkDate(new Date("2020-06-08T02:39:00.123Z"))).toBe("20200608T023900Z");
  });
  it("parses a real time and refuses a rolled-over one or another shape", () => {
    expect(parseSdkDate("20200608T023900Z")?.toISOString()).toBe("2020-06-08T02:39:00.000Z");
    expect(parseSdkDate("20200230T000000Z")).toBeUndefined();
    expect(parseSdkDate("2020-06-08T02:39:00Z")).toBeUndefined();
    expect(parseSdkDate("20200608T023900")).toBeUndefined();
  });
  it("an invalid Date cannot be formatted (a TypeError naming the header)", () => {
    expect(() => formatSdkDate(new Date(Number.NaN))).toThrow(/X-Sdk-Date/);
  });
});

describe("the Host header", () => {
  const credentials = { accessKeyId: "AK", secretAccessKey: "SK" };
  const request = (host: string) => ({ method: "GET", url: new URL("https://h.example.com/x"), headers: new Headers({ host }), body: undefined });
  it("equal to the URL host in any case is signed", async () => {
    await expect(signRequest(request("H.Example.COM"), credentials, new Date(0))).resolves.toHaveProperty("Authorization");
  });
  it("another host is refused", async () => {
    await expect(signRequest(request("other.example.com"), credentials, new Date(0))).rejects.toThrow(/Host header differs/);
  });
});

describe("signRequest reports every refusal as a rejected promise, never a synchronous throw", () => {
  const request = { method: "GET", url: new URL("https://h.example.com/x"), headers: new Headers(), body: undefined };
  it.each([
    ["a bad access key id", { accessKeyId: "A K", secretAccessKey: "SK" }, request],
    ["a bad X-Sdk-Date", { accessKeyId: "AK", secretAccessKey: "SK" }, { ...request, headers: new Headers({ "x-sdk-date": "today" }) }],
  ])("%s", async (_name, credentials, req) => {
    let signing: Promise<unknown> | undefined;
    expect(() => (signing = signRequest(req, credentials, new Date(0)))).not.toThrow();
    await expect(signing).rejects.toBeInstanceOf(TypeError);
  });
});

describe("canonicalQueryString splits and sorts as URLSearchParams reads the query", () => {
  /** The reference: URLSearchParams' pairs, sorted by name then value, each percent-encoded. */
  const reference = (search: string) =>
    [...new URLSearchParams(search)]
      .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
      .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
      .join("&");
  it("for any query of names, values, '=', '&' and unreserved or other characters, short or long", () => {
    const part = fc.stringMatching(/^[ab=&.~é-]{0,4}$/);
    fc.assert(
      fc.property(fc.array(part, { maxLength: 40 }), fc.boolean(), (parts, mark) => {
        const search = (mark ? "?" : "") + parts.join("&");
        expect(canonicalQueryString(search)).toBe(reference(search));
      }),
      { numRuns: 400 },
    );
  });
  it.each(["", "?", "?&", "?a", "?a=", "?=x", "?a=1=2", "?&&b=2&a=1&", "?b=2&a=1&a=0&a"])("%j", (search) => {
    expect(canonicalQueryString(search)).toBe(reference(search));
  });
});

describe("more than a handful of pairs or headers still sort (Array.prototype.sort past 16)", () => {
  const names = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, "0")}`);
  it("query pairs", () => {
    expect(canonicalQueryString("?" + [...names].reverse().map((n) => `${n}=v`).join("&"))).toBe(names.map((n) => `${n}=v`).join("&"));
  });
  it("headers", () => {
    const { signedHeaders } = canonicalRequest({ method: "GET", url: new URL("https://h.example.com/"), headers: [...names].reverse().map((n) => [n, "v"] as const), payloadHash: "x" });
    expect(signedHeaders).toBe(names.join(";"));
  });
});

describe("X-Sdk-Date of a year outside 0000-9999", () => {
  it("is refused with a RangeError saying so", () => {
    expect(() => formatSdkDate(new Date("+010000-01-01T00:00:00Z"))).toThrow(new RangeError("cannot format X-Sdk-Date: year outside 0000-9999"));
  });
});

describe("percentEncode keeps the last letter and digit of each range (Z, z, 9) beside encoded bytes", () => {
  it.each([
    ["AZ az 09", "AZ%20az%2009"],
    ["Z/9", "Z%2F9"],
  ])("%j → %s", (value, encoded) => {
    expect(percentEncode(value)).toBe(encoded);
  });
  it("in a canonical path segment too", () => {
    expect(canonicalUri("/Z9%20z")).toBe("/Z9%20z/");
  });
});

describe("canonicalRequest trims only HTTP whitespace (space, tab, CR, LF) at either end of a value", () => {
  const canonicalHeaderLines = (values: string[]) =>
    canonicalRequest({
      method: "GET",
      url: new URL("https://h.example.com/"),
      headers: values.map((value, i) => [`h${i}`, value] as const),
      payloadHash: "x",
    }).canonicalRequest.split("\n").slice(3, 3 + values.length);
  it.each([
    ["a space at both ends", " v ", "v"],
    ["a tab at both ends", "\tv\t", "v"],
    ["a line feed at both ends", "\nv\n", "v"],
    ["a carriage return at both ends", "\rv\r", "v"],
    ["leading whitespace only", " \tv", "v"],
    ["trailing whitespace only", "v\r\n", "v"],
    ["inner spaces kept, outer trimmed (leading)", "  a  b", "a  b"],
    ["inner spaces kept, outer trimmed (trailing)", "a  b  ", "a  b"],
    ["nothing to trim", "a b", "a b"],
  ])("%s", (_name, value, canonical) => {
    expect(canonicalHeaderLines([value])).toEqual([`h0:${canonical}`]);
  });
});

describe("signRequest refuses credentials that are not strings, with a message naming the field", () => {
  const request = { method: "GET", url: new URL("https://h.example.com/x"), headers: new Headers(), body: undefined };
  const refusal = (credentials: unknown) => signRequest(request, credentials as AkSkCredentials, new Date(0));
  it("an accessKeyId that is a number", async () => {
    await expect(refusal({ accessKeyId: 12345, secretAccessKey: "SK" })).rejects.toThrow(
      new TypeError("accessKeyId must be a non-empty string without whitespace, ',' or '='"),
    );
  });
  it("a secretAccessKey that is a number", async () => {
    await expect(refusal({ accessKeyId: "AK", secretAccessKey: 12345 })).rejects.toThrow(new TypeError("secretAccessKey must be a non-empty string"));
  });
  it("a securityToken that is a number", async () => {
    await expect(refusal({ accessKeyId: "AK", secretAccessKey: "SK", securityToken: 12345 })).rejects.toThrow(
      new TypeError("securityToken must be printable ASCII without leading or trailing spaces"),
    );
  });
  it("an empty securityToken means none: signed without X-Security-Token", async () => {
    const added = await signRequest(request, { accessKeyId: "AK", secretAccessKey: "SK", securityToken: "" }, new Date(0));
    expect(Object.keys(added).sort()).toEqual(["Authorization", "X-Sdk-Date"]);
    expect(added["Authorization"]).toContain("SignedHeaders=host;x-sdk-date,");
  });
});

describe("the exported hash helpers", () => {
  it("hmacSha256Hex gives the lowercase hex HMAC-SHA256 (RFC 4231 test case 2)", async () => {
    expect(await hmacSha256Hex("Jefe", "what do ya want for nothing?")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });
  it("sha256Hex of nothing is EMPTY_BODY_SHA256", async () => {
    expect(await sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
