/**
 * What a client's constructor refuses (src/core/client-options.ts), each with its exact
 * message naming the option, and when a client's fetch is wrapped for endpoint failover: only for
 * a region with a second endpoint, never for an explicit endpoint or a single-endpoint region.
 */
import { describe, expect, it } from "vitest";
import { BcsClient, ConfigurationError, PcaClient } from "../../src/index.js";
import { FakeClock, jsonResponse, emptyResponse } from "./support/fakes.js";

const TOKEN = { token: "client-options-token".padEnd(40, "x") };
const FREEZE = { blockchain_id: "bc", org_name: "org1", user_name: "user01" } as const;
const CA_ID = "4c0e772e-a30c-4029-b929-b7acb04143f7";

describe("the constructor refuses", () => {
  const bcs = (options: Record<string, unknown>) => () =>
    new BcsClient({ region: "cn-north-4", projectId: "p", credentials: TOKEN, env: {}, fetch: async () => emptyResponse(), ...options });
  it("a fetch that is not a function", () => {
    expect(bcs({ fetch: 42 })).toThrow(new ConfigurationError("no fetch implementation: pass options.fetch"));
  });
  it.each([
    ["timeoutMs", -1, /^timeoutMs must be a positive number of milliseconds/],
    ["maxRetries", -1, /^maxRetries must be a non-negative integer$/],
    ["maxBufferedBytes", 0, /^maxBufferedBytes must be a positive integer number of bytes$/],
  ])("a bad %s, naming it", (name, value, message) => {
    expect(bcs({ [name]: value })).toThrow(message);
  });
  it("a bad iamEndpoint, at construction", () => {
    expect(bcs({ iamEndpoint: "ftp://iam.example.com" })).toThrow(new ConfigurationError("endpoint protocol ftp: is not supported"));
  });
  it("credentials that are a string, as the authenticator words it", () => {
    expect(bcs({ credentials: "a-token-string" })).toThrow(
      new ConfigurationError("credentials must be { token }, { accessKeyId, secretAccessKey } or { akSk }"),
    );
  });
});

describe("fetch is called directly (the URL as a string) where there is no second endpoint", () => {
  /** A fetch recording the type of the URL it is handed. */
  function urlTypes(response: () => Response) {
    const seen: string[] = [];
    const fetch = (async (input: unknown) => {
      seen.push(input instanceof URL ? "URL" : typeof input);
      return response();
    }) as typeof globalThis.fetch;
    return { fetch, seen };
  }
  it("an explicit endpoint", async () => {
    const http = urlTypes(() => jsonResponse(200, { result: "success" }));
    await new BcsClient({ endpoint: "https://bcs.example.com", projectId: "p", credentials: TOKEN, fetch: http.fetch, clock: new FakeClock(), env: {} }).freezeUserCertificate(FREEZE);
    expect(http.seen).toEqual(["string"]);
  });
  it("a region with one endpoint (PCA ap-southeast-3)", async () => {
    const http = urlTypes(() => emptyResponse(204));
    await new PcaClient({ region: "ap-southeast-3", credentials: TOKEN, fetch: http.fetch, clock: new FakeClock(), env: {} }).revokeCertificateAuthority({ ca_id: CA_ID });
    expect(http.seen).toEqual(["string"]);
  });
});
