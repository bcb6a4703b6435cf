/**
 * Edges of the mock's router (src/testing/routes.ts) that the bundled documents do not reach:
 * no servers, server variables in the path, trailing slashes, keys of a path item that are not
 * operations, segments that are only partly a template, and characters special in a RegExp.
 */
import { describe, expect, it } from "vitest";
import { routerFor } from "../../src/testing/routes.js";

const op = (operationId: string) => ({ operationId, responses: { "200": {} } });

describe("routerFor edges", () => {
  it("routes from the root without servers, as OpenAPI's default server is /", () => {
    const route = routerFor({ paths: { "/items": { get: op("list") } } });
    expect(route("get", "/items")?.operationId).toBe("list");
  });

  it("routes the base path itself to the operation at /", () => {
    const route = routerFor({ servers: [{ url: "/v3" }], paths: { "/": { get: op("root") } } });
    expect(route("GET", "/v3")?.operationId).toBe("root");
    expect(route("GET", "/v3/")?.operationId).toBe("root");
  });

  it("does not route a path outside the base path", () => {
    const route = routerFor({ servers: [{ url: "/v3" }], paths: { "/items": { get: op("list") } } });
    expect(route("GET", "/x3/items")).toBeUndefined();
    expect(route("GET", "/v3/items")?.operationId).toBe("list");
  });

  it("fills a server variable in the base path with x", () => {
    const route = routerFor({ servers: [{ url: "/{stage}/v1" }], paths: { "/items": { get: op("list") } } });
    expect(route("GET", "/x/v1/items")?.operationId).toBe("list");
  });

  it("ignores trailing slashes of a server URL", () => {
    const route = routerFor({ servers: [{ url: "https://h.example.test/v3//" }], paths: { "/items": { get: op("list") } } });
    expect(route("GET", "/v3/items")?.operationId).toBe("list");
  });

  it("takes a relative server URL as a path even when it contains ://", () => {
    const route = routerFor({ servers: [{ url: "/mirror/s3://b" }], paths: { "/items": { get: op("list") } } });
    expect(route("GET", "/mirror/s3://b/items")?.operationId).toBe("list");
  });

  it("skips path item keys that are not methods, and operations without an operationId", () => {
    const route = routerFor({
      paths: {
        "/items": {
          "x-extension": { operationId: "notAnOperation" },
          parameters: {},
          get: { responses: { "200": {} } },
          put: op("put"),
        } as never,
      },
    });
    expect(route("X-EXTENSION", "/items")).toBeUndefined();
    expect(route("PARAMETERS", "/items")).toBeUndefined();
    expect(route("GET", "/items")).toBeUndefined();
    expect(route("PUT", "/items")?.operationId).toBe("put");
  });

  it("matches a segment that is only partly a template literally", () => {
    const route = routerFor({ paths: { "/files/{name}.json": { get: op("suffix") }, "/files/v{n}": { get: op("prefix") } } });
    expect(route("GET", "/files/a.json")).toBeUndefined();
    expect(route("GET", "/files/v2")).toBeUndefined();
    expect(route("GET", "/files/{name}.json")?.operationId).toBe("suffix");
  });

  it("matches characters special in a RegExp literally", () => {
    const route = routerFor({ paths: { "/a.b/c+d": { get: op("dots") } } });
    expect(route("GET", "/a.b/c+d")?.operationId).toBe("dots");
    expect(route("GET", "/aXb/ccd")).toBeUndefined();
  });
});
