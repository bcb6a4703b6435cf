/**
 * A real node:http server on 127.0.0.1 that answers from a script and records each request,
 * for providers that must be tested over the wire (ECS metadata, IAM lookups, proxies).
 * Stopped by the test that starts it; every open connection is closed with it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Answers a request: a status and body, or "hang" to never answer (a stalled service). */
export type Script = (request: SeenRequest, index: number) => { status: number; body?: string; headers?: Record<string, string> } | "hang";

export interface LoopbackServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Resolves when the n-th request (1-based) has arrived. */
  arrived(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startLoopbackServer(script: Script): Promise<LoopbackServer> {
  const requests: SeenRequest[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString() };
      requests.push(seen);
      for (const w of waiters.filter((w) => w.n <= requests.length)) w.resolve();
      const answer = script(seen, requests.length - 1);
      if (answer === "hang") return;
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    arrived: (n) => (requests.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
