/**
 * Wrong shapes in options and provider answers are typed errors, never a raw TypeError, and never
 * quote a secret: checked at construction where they can be, else before anything is sent.
 */
import { describe, expect, it } from "vitest";
import {
  BcsClient,
  PcaClient,
  iamPasswordTokenProvider,
  isConfigurationError,
  isUnexpectedResponseError,
  isValidationError,
  type Credentials,
} from "../../src/index.js";
import { FakeClock, recordingFetch } from "./support/fakes.js";

const TOKEN = "MIIEXAMPLE-shapes-token-0123456789abcdef";
const CA_ID = "4c0e772e-a30c-4029-b929-b7acb04143f7";
const pcaWith = (credentials: unknown, extra: Record<string, unknown> = {}) =>
  new PcaClient({ endpoint: "https://ccm.example.test", credentials: credentials as Credentials, env: {}, ...extra });

describe("credentials of the wrong shape", () => {
  it.each([
    ["a number token", { token: 123 }],
    ["a string akSk", { akSk: "x" }],
    ["an empty secret key", { accessKeyId: "AK", secretAccessKey: "" }],
    ["null", null],
  ])("%s is a ConfigurationError at construction", (_name, credentials) => {
    let error: unknown;
    try {
      pcaWith(credentials, { domainId: "d" });
    } catch (e) {
      error = e;
    }
    expect(isConfigurationError(error), String(error)).toBe(true);
  });

  it("an id that is not a header value is a ConfigurationError that does not quote it", () => {
    let error: unknown;
    try {
      new BcsClient({ endpoint: "https://bcs.example.test", projectId: "p\nINJECTED", credentials: { accessKeyId: "AK", secretAccessKey: "SK" }, env: {} });
    } catch (e) {
      error = e;
    }
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).not.toContain("INJECTED");
  });

  it("a provider's expiresAt that is not a Date is a ConfigurationError, before anything is sent", async () => {
    const http = recordingFetch(new Response(null, { status: 204 }));
    const client = pcaWith({ token: async () => ({ token: TOKEN, expiresAt: 1234 }) }, { fetch: http.fetch, clock: new FakeClock() });
    const error = await client.revokeCertificateAuthority({ ca_id: CA_ID }).catch((e: unknown) => e);
    expect(isConfigurationError(error), String(error)).toBe(true);
    expect(http.calls).toHaveLength(0);
  });
});

describe("credentials headers in the call input", () => {
  it.each(["X-Auth-Token", "x-auth-token", "X-AUTH-TOKEN"])("%s is refused, masked, and never sent in a body", async (name) => {
    const http = recordingFetch(new Response(null, { status: 204 }));
    const client = pcaWith({ token: TOKEN }, { fetch: http.fetch });
    const error = await client.revokeCertificateAuthority({ ca_id: CA_ID, [name]: "SECRET-TOKEN-CANARY" } as never).catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect((error as Error).message).not.toContain("SECRET-TOKEN-CANARY");
    expect(http.calls).toHaveLength(0);
  });
});

describe("iamPasswordTokenProvider", () => {
  const base = { userName: "u", password: "p", domainName: "d", scope: { project: { name: "cn-north-4" } }, endpoint: "https://iam.example.test" };

  it.each([2 ** 31, -1, Number.NaN, Number.POSITIVE_INFINITY])("refuses timeoutMs %s as a ConfigurationError", (timeoutMs) => {
    expect(() => iamPasswordTokenProvider({ ...base, timeoutMs })).toThrow(/timeoutMs/);
  });

  it("asks HUAWEICLOUD_SDK_IAM_ENDPOINT without an endpoint option (adding https:// when it has no scheme), else the official default", async () => {
    const { endpoint: _ignored, ...noEndpoint } = base;
    const urls: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      urls.push(String(input));
      return new Response("{}", { status: 401 });
    }) as typeof globalThis.fetch;
    for (const env of [{ HUAWEICLOUD_SDK_IAM_ENDPOINT: "http://127.0.0.1:4012" }, { HUAWEICLOUD_SDK_IAM_ENDPOINT: "iam.env.example" }, { HUAWEICLOUD_SDK_IAM_ENDPOINT: "" }, {}]) {
      await iamPasswordTokenProvider({ ...noEndpoint, env, fetch })().catch(() => undefined);
    }
    await iamPasswordTokenProvider({ ...base, env: { HUAWEICLOUD_SDK_IAM_ENDPOINT: "http://127.0.0.1:4012" }, fetch })().catch(() => undefined);
    expect(urls.map((url) => new URL(url).origin)).toEqual([
      "http://127.0.0.1:4012",
      "https://iam.env.example",
      "https://iam.myhuaweicloud.com",
      "https://iam.myhuaweicloud.com",
      "https://iam.example.test",
    ]);
  });

  it("reads process.env when given no env", async () => {
    const { endpoint: _ignored, ...noEndpoint } = base;
    const saved = process.env.HUAWEICLOUD_SDK_IAM_ENDPOINT;
    process.env.HUAWEICLOUD_SDK_IAM_ENDPOINT = "http://127.0.0.1:4013";
    try {
      const http = recordingFetch(new Response("{}", { status: 401 }));
      await iamPasswordTokenProvider({ ...noEndpoint, fetch: http.fetch })().catch(() => undefined);
      expect(new URL(http.calls[0]!.url).origin).toBe("http://127.0.0.1:4013");
    } finally {
      if (saved === undefined) delete process.env.HUAWEICLOUD_SDK_IAM_ENDPOINT;
      else process.env.HUAWEICLOUD_SDK_IAM_ENDPOINT = saved;
    }
  });

  it("a 201 body without the spec's token is an UnexpectedResponseError, not a TypeError", async () => {
    const http = recordingFetch(new Response("{}", { status: 201, headers: { "content-type": "application/json", "x-subject-token": "subject" } }));
    const error = await iamPasswordTokenProvider({ ...base, fetch: http.fetch })().catch((e: unknown) => e);
    expect(isUnexpectedResponseError(error), String(error)).toBe(true);
    expect((error as Error).message).toContain("body.token");
  });
});
