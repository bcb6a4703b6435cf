/**
 * The two commands a user runs first: `npm start` (the walkthrough) and `npm run mock`. Both are
 * run as child processes, as a user would, and must leave no Prism worker behind.
 */
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mockWorkerPids, stillRunningAfter } from "./support/processes.js";

const root = resolve(import.meta.dirname, "../..");
const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
const work = mkdtempSync(join(tmpdir(), "hw-cert-commands-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm start (examples/walkthrough.ts)", () => {
  it("walks the BCS operations and a Private CA's lifecycle against the mock, saves the files and exits 0", () => {
    const before = new Set(mockWorkerPids());
    const output = execFileSync(process.execPath, [tsx, join(root, "examples/walkthrough.ts")], {
      cwd: work,
      encoding: "utf8",
      timeout: 90_000,
    });
    const lines = output.split("\n");
    for (const [status, step] of [
      ["201", "obtain an IAM token"],
      ["200", "generate user certificate"],
      ["200", "find the project id of cn-north-4"],
      ["200", "download admin certificates"],
      ["200", "download user certificates"],
      ["200", "download ca certificates"],
      ["200", "freeze user certificate"],
      ["200", "unfreeze user certificate"],
      ["200", "create a root CA"],
      ["200", "create a subordinate CA (pending)"],
      ["204", "activate the subordinate under the root"],
      ["204", "enable the subordinate's CRL"],
      ["200", "issue a certificate for www.example.com"],
      ["200", "export it as PEM"],
      ["200", "export it as a zip for NGINX"],
      ["200", "list the CAs, page after page"],
      ["204", "revoke the certificate"],
      ["204", "disable the subordinate CA"],
      ["204", "delete the subordinate CA"],
      ["200", "read it back"],
    ] as const) {
      const line = lines.find((l) => l.includes(step));
      expect(line, step).toBeDefined();
      expect(line!.startsWith(status), line).toBe(true);
      expect(line).toMatch(/request id mock-[0-9a-f]+-[0-9a-f]{4}/);
    }
    expect(output).toMatch(/bad input rejected before any request .*user_name must be at least 4 characters/);
    // The chain's subjects, leaf to root, and the signatures between them check out.
    expect(output).toMatch(/the chain .*CN=www\.example\.com <- CN=Example Issuing CA <- CN=Example Root CA; verifies: true/);
    expect(output).toMatch(/read it back .*status DELETED/);
    expect(output).toContain("walkthrough complete");
    expect(readdirSync(join(work, "out")).sort()).toEqual([
      "org1-admin-certificates.bin",
      "org1-ca-certificates.bin",
      "org1-user-certificates.bin",
      "user01-certificate.bin",
      "www.example.com-nginx.zip",
      "www.example.com.pem",
    ]);
    const leftover = mockWorkerPids().filter((pid) => !before.has(pid));
    for (const pid of leftover) process.kill(pid, "SIGKILL");
    expect(leftover).toEqual([]);
  });
});

describe("npm run mock (scripts/mock.ts)", () => {
  it("prints endpoints and credentials that work, and stops everything on SIGINT", async () => {
    const before = new Set(mockWorkerPids());
    const child = spawn(process.execPath, [tsx, join(root, "scripts/mock.ts")], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!output.includes("Press Ctrl-C") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain("Press Ctrl-C");
      const bcs = /BCS\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      const token = /e\.g\. (mock-token-[0-9a-f]+)/.exec(output)?.[1];
      expect(bcs).toBeDefined();
      expect(output).toMatch(/accessKeyId\s+MOCKAK[0-9A-F]+/);
      // The export lines name the same endpoint and keys.
      expect(output).toContain(`export HUAWEICLOUD_SDK_REGION_BCS_CN_NORTH_4='${bcs}'\n`);
      expect(output).toMatch(/^export HUAWEICLOUD_SDK_AK='MOCKAK[0-9A-F]+'$/m);
      const ok = await fetch(`${bcs}/v2/p/blockchains/b/cert?org_name=o&cert_type=ca`, {
        headers: { "X-Auth-Token": token! },
        signal: AbortSignal.timeout(10_000),
      });
      expect(ok.status).toBe(200);
      const denied = await fetch(`${bcs}/v2/p/blockchains/b/cert?org_name=o&cert_type=ca`, { signal: AbortSignal.timeout(10_000) });
      expect(denied.status).toBe(401);
    } finally {
      child.kill("SIGINT");
    }
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("timeout"), 15_000))]);
    if (code === "timeout") child.kill("SIGKILL");
    expect(code).toBe(0);
    const leftover = await stillRunningAfter(mockWorkerPids().filter((pid) => !before.has(pid)), 0);
    // Fail, but do not leave them running for the rest of the suite either.
    for (const pid of leftover) process.kill(pid, "SIGKILL");
    expect(leftover).toEqual([]);
  });
});
