/**
 * endpoints.ts directly: the exact ConfigurationError of each refused endpoint or region (what
 * the user reads), the loopback hosts that may use plain http, and how trailing slashes go.
 */
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/core/errors.js";
import { checkEndpoint, isLoopback, resolveEndpoint } from "../../src/core/endpoints.js";

const servers = [
  { url: "https://bcs.{region}.example.test", regions: ["r-one", "r-two"], defaultRegion: null },
  { url: "https://bcs.{region}.example.cn", regions: ["r-two", "r-three"], defaultRegion: null },
];

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigurationError");
}

describe("resolveEndpoint", () => {
  it("neither region nor endpoint: asks for one, listing each known region once", () => {
    expect(refusal(() => resolveEndpoint("bcs", servers, {}))).toBe("bcs: pass a region (r-one, r-two, r-three) or an endpoint");
  });

  it("an unknown region: names it and lists the known ones", () => {
    expect(refusal(() => resolveEndpoint("bcs", servers, { region: "r-four" }))).toBe(
      'bcs: unknown region "r-four"; known regions are r-one, r-two, r-three. Pass an endpoint for any other host.',
    );
  });

  it("a known region: the first server that has it", () => {
    expect(resolveEndpoint("bcs", servers, { region: "r-two" })).toBe("https://bcs.r-two.example.test");
    expect(resolveEndpoint("bcs", servers, { region: "r-three" })).toBe("https://bcs.r-three.example.cn");
  });
});

describe("checkEndpoint refuses, saying why", () => {
  it.each([
    ["not a url", 'endpoint "not a url" is not an absolute URL'],
    ["https://user@bcs.example.com", "endpoint must not carry user info"],
    ["https://:pass@bcs.example.com", "endpoint must not carry user info"],
    ["https://bcs.example.com/?x=1", "endpoint must not carry a query or fragment"],
    ["https://bcs.example.com/#top", "endpoint must not carry a query or fragment"],
    ["http://bcs.example.com:8080/x", "endpoint http://bcs.example.com:8080 uses plain http; only https is accepted for non-loopback hosts"],
    ["ftp://127.0.0.1", "endpoint protocol ftp: is not supported"],
  ])("%s", (endpoint, message) => {
    expect(refusal(() => checkEndpoint(endpoint))).toBe(message);
  });
});

describe("checkEndpoint accepts", () => {
  it.each([
    ["https://bcs.example.com//", "https://bcs.example.com"],
    ["https://proxy.example.com/bcs///", "https://proxy.example.com/bcs"],
    ["http://127.0.0.10:4010", "http://127.0.0.10:4010"],
    ["http://127.255.255.254", "http://127.255.255.254"],
    ["http://mock.localhost:4010", "http://mock.localhost:4010"],
    ["http://LOCALHOST:4010", "http://localhost:4010"],
  ])("%s as %s", (endpoint, expected) => {
    expect(checkEndpoint(endpoint)).toBe(expected);
  });
});

describe("isLoopback", () => {
  it.each(["localhost", "a.localhost", "[::1]", "::1", "127.0.0.1", "127.10.200.3"])("%s is loopback", (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each(["localhost.example.com", "localhostx", "10.0.0.1", "[::2]", "128.0.0.1"])("%s is not", (host) => {
    expect(isLoopback(host)).toBe(false);
  });
});
