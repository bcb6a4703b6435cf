/**
 * The test-wide loopback guard (test/setup/loopback-guard.ts) refuses, before any connection
 * attempt or DNS lookup, every address outside 127.0.0.0/8 and ::1, on each of Node's paths.
 */
import http from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { isLoopbackTarget, takeLoopbackViolations } from "../setup/loopback-guard.js";

/** The guard's error for a failed socket, or the error itself when it is not the guard's. */
function socketError(socket: net.Socket): Promise<Error> {
  return new Promise((resolve) => socket.once("error", resolve));
}

/** A DNS lookup that records being asked: the guard must refuse a host name before this runs. */
function recordingLookup() {
  const asked: string[] = [];
  const lookup = ((hostname: string, _options: unknown, callback: (e: Error | null, a?: string, f?: number) => void) => {
    asked.push(hostname);
    callback(new Error("lookup must not run"));
  }) as unknown as net.LookupFunction;
  return { asked, lookup };
}

afterEach(() => {
  // Each test here provokes the guard on purpose; the setup's afterEach would fail it otherwise.
  takeLoopbackViolations();
});

describe("loopback guard", () => {
  it("fetch to the metadata address is refused", async () => {
    const error = await fetch("http://169.254.169.254/openstack/latest/securitykey").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as Error).cause as { code?: string }).code).toBe("ELOOPBACKGUARD");
    expect(takeLoopbackViolations()).toEqual(["169.254.169.254"]);
  });

  it("fetch through a Request object to a private address is refused", async () => {
    await expect(fetch(new Request("https://10.0.0.1/"))).rejects.toThrow("fetch failed");
    expect(takeLoopbackViolations()).toEqual(["10.0.0.1"]);
  });

  it("net.connect to 10.0.0.1 fails with the guard's error, without a connection attempt", async () => {
    const socket = net.connect({ host: "10.0.0.1", port: 80 });
    const error = await socketError(socket);
    expect((error as { code?: string }).code).toBe("ELOOPBACKGUARD");
    expect(socket.remoteAddress).toBeUndefined();
    expect(takeLoopbackViolations()).toEqual(["10.0.0.1:80"]);
  });

  it("net.connect(port, host) form is refused too", async () => {
    const error = await socketError(net.connect(443, "169.254.169.254"));
    expect((error as { code?: string }).code).toBe("ELOOPBACKGUARD");
  });

  it("a host name is refused before its DNS lookup", async () => {
    const { asked, lookup } = recordingLookup();
    const error = await socketError(net.connect({ host: "iam.myhuaweicloud.com", port: 443, lookup }));
    expect((error as { code?: string }).code).toBe("ELOOPBACKGUARD");
    expect(asked).toEqual([]);
  });

  it("http.request and https.request to the metadata address fail with the guard's error", async () => {
    for (const [module, url] of [
      [http, "http://169.254.169.254/meta-data/latest/api/token"],
      [https, "https://169.254.169.254/"],
    ] as const) {
      const error = await new Promise<Error>((resolve) => {
        const request = module.request(url, { method: "PUT" });
        request.once("error", resolve);
        request.end();
      });
      expect((error as { code?: string }).code).toBe("ELOOPBACKGUARD");
    }
    expect(takeLoopbackViolations()).toHaveLength(2);
  });

  it("tls.connect to an IPv6 address outside ::1 is refused", async () => {
    const error = await socketError(tls.connect({ host: "2001:db8::1", port: 443 }));
    expect((error as { code?: string }).code).toBe("ELOOPBACKGUARD");
  });

  it("loopback servers stay reachable", async () => {
    const server = http.createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("ok");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(takeLoopbackViolations()).toEqual([]);
  });

  it("classifies addresses", () => {
    for (const host of ["127.0.0.1", "127.255.0.9", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"]) {
      expect(isLoopbackTarget(host), host).toBe(true);
    }
    for (const host of ["169.254.169.254", "10.0.0.1", "128.0.0.1", "0.0.0.0", "::", "example.com", "127.example.com", "::ffff:10.0.0.1"]) {
      expect(isLoopbackTarget(host), host).toBe(false);
    }
  });

  it("switches the SDK's metadata default endpoint off for the whole suite", () => {
    expect(process.env.HUAWEICLOUD_SDK_METADATA_DISABLED).toBe("true");
  });
});
