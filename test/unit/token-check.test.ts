/**
 * The token's length rule is checked once per token string (it walks the whole token), so it
 * must still catch a provider's new token: each different string is checked before it is sent.
 */
import { describe, expect, it } from "vitest";
import { AuthenticationError, BcsClient, ValidationError } from "../../src/index.js";
import { jsonResponse, recordingFetch } from "./support/fakes.js";

const FREEZE = { blockchain_id: "bc", org_name: "org1", user_name: "user01" } as const;
const GOOD = "good-token-".padEnd(64, "x");
const TOO_LONG = "long-token-".padEnd(40_000, "z"); // BCS allows at most 32768 characters

describe("token length rule, checked once per token", () => {
  it("a good token is sent on every call; a provider's later over-long token is refused before sending", async () => {
    const tokens = [GOOD, TOO_LONG];
    let asked = 0;
    const http = recordingFetch(
      jsonResponse(200, { result: "success" }),
      jsonResponse(200, { result: "success" }),
      jsonResponse(401, { error_code: "APIGW.0301", error_msg: "expired" }),
    );
    const client = new BcsClient({
      endpoint: "https://bcs.example.test",
      projectId: "p",
      credentials: { token: async () => ({ token: tokens[Math.min(asked++, tokens.length - 1)]! }) },
      fetch: http.fetch,
      maxRetries: 0,
      env: {},
    });
    await client.freezeUserCertificate(FREEZE);
    await client.freezeUserCertificate(FREEZE);
    expect(http.calls.map((c) => c.headers.get("x-auth-token"))).toEqual([GOOD, GOOD]);
    // The 401 drops the cached token; the provider's next one is too long.
    await expect(client.freezeUserCertificate(FREEZE)).rejects.toBeInstanceOf(AuthenticationError);
    const error = await client.freezeUserCertificate(FREEZE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).rule).toBe("maxLength");
    expect(http.calls).toHaveLength(3);
  });

  it("a fixed over-long token is refused on every call, not only the first", async () => {
    const http = recordingFetch(jsonResponse(200, { result: "success" }));
    const client = new BcsClient({ endpoint: "https://bcs.example.test", projectId: "p", credentials: { token: TOO_LONG }, fetch: http.fetch, env: {} });
    for (let i = 0; i < 3; i++) {
      const error = await client.freezeUserCertificate(FREEZE).catch((e: unknown) => e);
      expect((error as ValidationError).rule).toBe("maxLength");
    }
    expect(http.calls).toHaveLength(0);
  });
});
