/**
 * A cached token is put on a Headers once per token string, and each attempt sends a copy of
 * it: Headers.set checks a several-KiB token character by character, so setting it on every call
 * would cost that every time. The copies must still be fresh per attempt, carry the call's own
 * headers, and follow a new token after a 401.
 */
import { signAkSk } from "../../src/core/auth/aksk-authenticator.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAuthenticator } from "../../src/core/auth/authenticator.js";
import { AuthenticationError, BcsClient, PcaClient } from "../../src/index.js";
import { bytesResponse, emptyResponse, fakeClock, jsonResponse, recordingFetch } from "./support/fakes.js";

const DOWNLOAD = { blockchain_id: "bc", org_name: "org1", cert_type: "ca" } as const;
const CA_ID = "4c0e772e-a30c-4029-b929-b7acb04143f7";
const TOKEN = "MIIT".padEnd(6 * 1024, "A");

/** How many times Headers.set was given the X-Auth-Token header, from now on. */
function countTokenSets(): () => number {
  const set = vi.spyOn(Headers.prototype, "set");
  return () => set.mock.calls.filter(([name]) => name.toLowerCase() === "x-auth-token").length;
}

afterEach(() => vi.restoreAllMocks());

describe("the token's headers, prepared once per token", () => {
  it("five calls set the token twice (for the first, which waited for it, and on the prepared Headers), and each sends it", async () => {
    const http = recordingFetch(bytesResponse(new Uint8Array([1, 2, 3])));
    const bcs = new BcsClient({ endpoint: "https://bcs.example.test", projectId: "p", credentials: { token: TOKEN }, fetch: http.fetch, env: {} });
    const sets = countTokenSets();
    for (let i = 0; i < 5; i++) await bcs.downloadCertificates(DOWNLOAD);
    expect(sets()).toBe(2);
    expect(http.calls.map((c) => c.headers.get("x-auth-token"))).toEqual(Array(5).fill(TOKEN));
  });

  it("each call gets its own copy: what a fetch does to one call's headers does not reach the next", async () => {
    const seen: (string | null)[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      const headers = init.headers as Headers;
      seen.push(headers.get("x-auth-token"));
      headers.delete("x-auth-token");
      headers.set("x-extra", "leaked");
      return new Response(null, { status: 204 });
    }) as unknown as typeof globalThis.fetch;
    const pca = new PcaClient({ endpoint: "https://ccm.example.test", credentials: { token: TOKEN }, fetch, env: {} });
    for (let i = 0; i < 3; i++) await pca.revokeCertificateAuthority({ ca_id: CA_ID });
    expect(seen).toEqual([TOKEN, TOKEN, TOKEN]);
  });

  it("the copy carries the call's own headers (a JSON body's content-type)", async () => {
    const http = recordingFetch(emptyResponse());
    const pca = new PcaClient({ endpoint: "https://ccm.example.test", credentials: { token: TOKEN }, fetch: http.fetch, env: {} });
    // The second call, with the token cached, is the one sent from the prepared Headers.
    for (let i = 0; i < 2; i++) await pca.revokeCertificateAuthority({ ca_id: CA_ID, reason: "KEY_COMPROMISE" });
    const { headers } = http.calls[1]!;
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("x-auth-token")).toBe(TOKEN);
  });

  it("after a 401 the provider's new token is prepared and sent", async () => {
    const tokens = ["first-token", "second-token"];
    let asked = 0;
    const http = recordingFetch(jsonResponse(401, { error_code: "APIGW.0301", error_msg: "expired" }), bytesResponse(new Uint8Array([1])));
    const bcs = new BcsClient({
      endpoint: "https://bcs.example.test",
      projectId: "p",
      credentials: { token: async () => tokens[asked++]! },
      fetch: http.fetch,
      maxRetries: 0,
      env: {},
    });
    await expect(bcs.downloadCertificates(DOWNLOAD)).rejects.toBeInstanceOf(AuthenticationError);
    await bcs.downloadCertificates(DOWNLOAD);
    await bcs.downloadCertificates(DOWNLOAD);
    expect(http.calls.map((c) => c.headers.get("x-auth-token"))).toEqual(["first-token", "second-token", "second-token"]);
  });

  it("the token wins over an X-Auth-Token already among the call's headers, as when set last", async () => {
    const authenticator = createAuthenticator({ akSk: signAkSk, credentials: { token: TOKEN }, clock: fakeClock(), tokenSchema: undefined, scope: undefined });
    // Not cached yet: the caller must authorize, which waits for the token.
    expect(authenticator.headersFor?.(new Headers())).toBeUndefined();
    await authenticator.authorize({ method: "GET", url: new URL("https://x.test/"), headers: new Headers(), body: undefined }, new Date(), new AbortController().signal);
    const base = new Headers({ "X-Auth-Token": "stale", "x-other": "kept" });
    const headers = authenticator.headersFor?.(base);
    expect([...(headers ?? [])]).toEqual([["x-auth-token", TOKEN], ["x-other", "kept"]]);
    expect(headers).not.toBe(base);
  });
});
