/**
 * The IAM password is `format: password` in spec/iam.yaml: validation masks it from the table,
 * rather than by searching error messages for it.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { iamPasswordTokenProvider, isValidationError } from "../../src/index.js";
import { recordingFetch } from "./support/fakes.js";

const base = { domainName: "acct", scope: { project: { name: "cn-north-4" } }, endpoint: "https://iam.example.test" } as const;

describe("the IAM password in validation errors", () => {
  it("leaves another member's error intact even when the password is a substring of it", async () => {
    const http = recordingFetch(new Response(null, { status: 201 }));
    const provider = iamPasswordTokenProvider({ ...base, userName: "", password: "user", fetch: http.fetch });
    const error = await provider().catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect((error as Error).message).toContain("auth.identity.password.user.name");
    expect(http.calls).toHaveLength(0);
  });

  it("masks the password's own value when it breaks a rule", async () => {
    const http = recordingFetch(new Response(null, { status: 201 }));
    const secret = 424242;
    const provider = iamPasswordTokenProvider({ ...base, userName: "u", password: secret as unknown as string, fetch: http.fetch });
    const error = await provider().catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect((error as { parameter: string }).parameter).toBe("auth.identity.password.user.password");
    for (const text of [(error as Error).message, (error as Error).stack ?? "", inspect(error, { depth: 5 }), JSON.stringify(error)]) {
      expect(text).not.toContain(String(secret));
    }
    expect(http.calls).toHaveLength(0);
  });
});
