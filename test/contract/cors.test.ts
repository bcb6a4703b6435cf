/**
 * CORS: a page on a loopback origin can call the mock. The preflight is answered before the
 * token/signature check (browsers send it without credentials), the headers the SDK reads are
 * exposed, and other origins get no CORS headers.
 */
import { describe, expect, inject, it } from "vitest";

const mock = inject("mock");
const path = `${mock.endpoints.pca}/v1/private-certificate-authorities/${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}/activate`;

function preflight(origin: string): Promise<Response> {
  return fetch(path, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type,x-auth-token,x-sdk-date,authorization",
    },
  });
}

describe("CORS for loopback pages", () => {
  it.each(["http://127.0.0.1:5173", "http://localhost:8080", "http://[::1]:3000"])("answers the preflight from %s", async (origin) => {
    const response = await preflight(origin);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(origin);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")).toBe("content-type,x-auth-token,x-sdk-date,authorization");
  });

  it("exposes the headers the SDK reads on an actual answer", async () => {
    const response = await fetch(path, { method: "POST", headers: { origin: "http://127.0.0.1:5173" } });
    await response.arrayBuffer();
    expect(response.status).toBe(401); // no credentials: the gateway still checks them
    expect(response.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    const exposed = (response.headers.get("access-control-expose-headers") ?? "").toLowerCase().split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(["x-request-id", "content-disposition", "content-length"]));
  });

  it("gives no CORS headers to a non-loopback origin, and checks its preflight like any request", async () => {
    const response = await preflight("https://example.com");
    await response.arrayBuffer();
    expect(response.status).toBe(401);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
