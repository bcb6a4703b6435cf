/**
 * A redirect is never followed: a 302 to another origin must not carry the caller's token there.
 * Node's fetch, left to follow, drops Authorization on a cross-origin hop but forwards every
 * other header, X-Auth-Token included. Two real servers on 127.0.0.1 and the platform's own
 * fetch (the client's default), since a fetch double would not follow anything.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BcsClient, isApiError } from "../../src/index.js";

const TOKEN = "REDIRECT-CANARY-".padEnd(64, "t");

interface Recorder {
  readonly server: Server;
  readonly seen: IncomingHttpHeaders[];
  origin: string;
}

async function listen(answer: (res: import("node:http").ServerResponse) => void): Promise<Recorder> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, seen, origin: `http://127.0.0.1:${port}` };
}

let elsewhere: Recorder;
let redirecting: Recorder;

beforeAll(async () => {
  elsewhere = await listen((res) => {
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.end("stolen");
  });
  redirecting = await listen((res) => {
    res.writeHead(302, { location: `${elsewhere.origin}/collect`, "x-request-id": "req-302" });
    res.end();
  });
});

afterAll(async () => {
  for (const r of [redirecting, elsewhere]) {
    r.server.closeAllConnections();
    await new Promise<void>((resolve) => r.server.close(() => resolve()));
  }
});

describe("a cross-origin redirect", () => {
  it("is not followed: the call fails with the 302 as an ApiError and the token never reaches the other origin", async () => {
    const client = new BcsClient({ endpoint: redirecting.origin, projectId: "proj1", credentials: { token: TOKEN }, env: {}, maxRetries: 0, timeoutMs: 5_000 });
    const outcome = await client.downloadCertificates({ blockchain_id: "chain1", org_name: "org1", cert_type: "user" }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(redirecting.seen).toHaveLength(1);
    expect(redirecting.seen[0]!["x-auth-token"]).toBe(TOKEN); // the first hop was really made with the token
    expect(elsewhere.seen).toHaveLength(0);
    if (!isApiError(outcome)) throw outcome ?? new Error("the redirect was followed to a 200");
    expect(outcome.status).toBe(302);
    expect(outcome.requestId).toBe("req-302");
  });
});
