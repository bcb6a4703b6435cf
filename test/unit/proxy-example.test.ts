/**
 * examples/proxy.ts: the SDK through undici's ProxyAgent, via a CONNECT proxy this test runs on
 * 127.0.0.1 in front of a loopback service. The proxy only tunnels to loopback addresses.
 */
import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { proxiedFetch } from "../../examples/proxy.js";
import { BcsClient } from "../../src/index.js";
import { type LoopbackServer, startLoopbackServer } from "./support/loopback-http.js";

interface Proxy {
  readonly url: string;
  readonly connects: { target: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

/** A CONNECT proxy on 127.0.0.1 that asks for Basic user:pass and tunnels to 127.0.0.1 only. */
async function startConnectProxy(): Promise<Proxy> {
  const connects: Proxy["connects"] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    const target = req.url ?? "";
    const authorization = req.headers["proxy-authorization"];
    connects.push({ target, authorization });
    const [host, port] = target.split(":");
    if (authorization !== `Basic ${Buffer.from("user:pass").toString("base64")}`) {
      client.end("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n");
      return;
    }
    if (host !== "127.0.0.1") {
      client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    const upstream = net.connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    close: () => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let service: LoopbackServer | undefined;
let proxy: Proxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await service?.close();
  proxy = service = undefined;
});

describe("examples/proxy.ts", () => {
  it("a BcsClient with proxiedFetch reaches the service only through the proxy's CONNECT tunnel", async () => {
    service = await startLoopbackServer(() => ({ status: 200, body: JSON.stringify({ result: "success" }) }));
    proxy = await startConnectProxy();
    const withAuth = proxy.url.replace("http://", "http://user:pass@");
    const bcs = new BcsClient({
      endpoint: service.url,
      projectId: "p",
      credentials: { accessKeyId: "PROXYAK", secretAccessKey: "s" },
      fetch: proxiedFetch(withAuth),
      env: {},
    });
    const result = await bcs.freezeUserCertificate({ blockchain_id: "bc", org_name: "org1", user_name: "user01" });
    expect(result.result).toBe("success");
    expect(proxy.connects).toEqual([{ target: service.url.replace("http://", ""), authorization: `Basic ${Buffer.from("user:pass").toString("base64")}` }]);
    expect(service.requests).toHaveLength(1);
    expect(service.requests[0]?.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=PROXYAK,/);
    // The proxy's credentials stay with the proxy.
    expect(service.requests[0]?.headers["proxy-authorization"]).toBeUndefined();
  });

  it("a proxy that refuses the credentials fails the call; nothing reaches the service", async () => {
    service = await startLoopbackServer(() => ({ status: 200, body: "{}" }));
    proxy = await startConnectProxy();
    const bcs = new BcsClient({
      endpoint: service.url,
      projectId: "p",
      credentials: { token: "t" },
      fetch: proxiedFetch(proxy.url.replace("http://", "http://user:wrong@")),
      maxRetries: 0,
      env: {},
    });
    await expect(bcs.freezeUserCertificate({ blockchain_id: "bc", org_name: "org1", user_name: "user01" })).rejects.toThrow();
    expect(proxy.connects).toHaveLength(1);
    expect(service.requests).toHaveLength(0);
  });
});
