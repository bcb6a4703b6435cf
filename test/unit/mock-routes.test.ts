/**
 * The mock tells operations apart generically, from the documents Prism serves: by method and
 * path, after the servers' base path, literal segments before templated ones. So an operation
 * added to spec/ is routed (and can be given scenarios) without a change to src/testing.
 */
import { describe, expect, it } from "vitest";
import bcs from "../../generated/bcs.json" with { type: "json" };
import iam from "../../generated/iam.json" with { type: "json" };
import pca from "../../generated/pca.json" with { type: "json" };
import { routerFor } from "../../src/testing/routes.js";

describe("routerFor", () => {
  it("finds every operation of the bundled documents from its own path and method", () => {
    for (const document of [bcs, pca, iam]) {
      const route = routerFor(document);
      for (const [path, item] of Object.entries(document.paths)) {
        for (const [method, op] of Object.entries(item as Record<string, { operationId: string }>)) {
          const concrete = path.replace(/\{[^}]+\}/g, "x1");
          expect(route(method.toUpperCase(), concrete)?.operationId, `${method} ${path}`).toBe(op.operationId);
        }
      }
    }
  });

  it("answers undefined for another method or path", () => {
    const route = routerFor(pca);
    expect(route("GET", "/v1/private-certificate-authorities/x/activate")).toBeUndefined();
    expect(route("POST", "/v1/private-certificate-authorities/x/activate/more")).toBeUndefined();
    expect(route("POST", "/v1/private-certificate-authorities//activate")).toBeUndefined();
  });

  it("strips the servers' base path, and prefers literal segments to templated ones", () => {
    const route = routerFor({
      servers: [{ url: "https://api.{region}.example.test/base/v9" }],
      paths: {
        "/items/{id}": { get: { operationId: "getItem", responses: { "200": {} } } },
        "/items/latest": { get: { operationId: "getLatest", responses: { "200": {}, "404": {} } } },
      },
    });
    expect(route("GET", "/base/v9/items/42")?.operationId).toBe("getItem");
    expect(route("GET", "/base/v9/items/latest")).toMatchObject({ operationId: "getLatest", statuses: ["200", "404"] });
    expect(route("GET", "/items/42")).toBeUndefined();
  });
});
