/**
 * The small provider pieces: isCredentialsNotFoundError on values that are not errors, the
 * chain's message when nothing is found, the default chain handing its options to the metadata
 * provider (an injected fetch, never a real address), and the environment provider's id fields.
 */
import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  CredentialsNotFoundError,
  credentialChain,
  defaultCredentialChain,
  environmentCredentials,
  isCredentialsNotFoundError,
} from "../../src/index.js";
import { FakeClock } from "./support/fakes.js";

describe("isCredentialsNotFoundError", () => {
  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a string", "not found"],
    ["a plain Error", new Error("not found")],
  ])("is false for %s", (_name, value) => {
    expect(isCredentialsNotFoundError(value)).toBe(false);
  });
  it("is true for a CredentialsNotFoundError", () => {
    expect(isCredentialsNotFoundError(new CredentialsNotFoundError("x"))).toBe(true);
  });
});

describe("credentialChain", () => {
  it("lists exactly what each provider tried when none finds any", async () => {
    const chain = credentialChain(
      async () => {
        throw new CredentialsNotFoundError("first: nothing");
      },
      async () => {
        throw new CredentialsNotFoundError("second: nothing");
      },
    );
    await expect(chain()).rejects.toThrow(
      new ConfigurationError("no credentials found; pass credentials or set up one of these:\n  - first: nothing\n  - second: nothing"),
    );
  });
});

describe("defaultCredentialChain", () => {
  it("hands its metadata options and env to the metadata provider", async () => {
    const START = Date.UTC(2024, 0, 15, 8, 0, 0);
    const calls: string[] = [];
    const fetch = (async (url: string | URL, init?: RequestInit) => {
      calls.push(`${init?.method} ${String(url)}`);
      if (init?.method === "PUT") return new Response(null, { status: 404 });
      const expires = new Date(START + 3_600_000).toISOString();
      return new Response(JSON.stringify({ credential: { access: "MDAK", secret: "s", securitytoken: "t", expires_at: expires } }), { status: 200 });
    }) as typeof globalThis.fetch;
    const chain = defaultCredentialChain({
      env: {},
      profilePath: "/nonexistent/hwc-credentials",
      metadata: { endpoint: "http://127.0.0.1:9", fetch, clock: new FakeClock(START) },
    });
    expect(await chain()).toMatchObject({ accessKeyId: "MDAK" });
    expect(calls).toEqual(["PUT http://127.0.0.1:9/meta-data/latest/api/token", "GET http://127.0.0.1:9/openstack/latest/securitykey"]);
  });
});

describe("environmentCredentials", () => {
  const pair = { HUAWEICLOUD_SDK_AK: "ENVAK", HUAWEICLOUD_SDK_SK: "ENVSK" };
  it("without an id variable, the result has no id field at all", async () => {
    const found = await environmentCredentials({ env: pair })({ kind: "basic" });
    expect(Object.keys(found).sort()).toEqual(["accessKeyId", "secretAccessKey"]);
  });
  it("called without a context, reads the project id (basic)", async () => {
    const found = await environmentCredentials({ env: { ...pair, HUAWEICLOUD_SDK_PROJECT_ID: "proj", HUAWEICLOUD_SDK_DOMAIN_ID: "dom" } })();
    expect(found).toStrictEqual({ accessKeyId: "ENVAK", secretAccessKey: "ENVSK", projectId: "proj" });
  });
});
