/**
 * What a client's constructor refuses (src/core/client/options.ts, service-client.ts), each with its exact
 * message naming the option, and when a client's fetch is wrapped for endpoint failover: only for
 * a region with a second endpoint, never for an explicit endpoint or a single-endpoint region.
 */
import { describe, expect, it } from "vitest";
import { operations as bcsOperations } from "../../generated/bcs.operations.js";
import { tokenSchemaOf } from "../../scripts/lib/client-module.js";
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

describe("the token's length bound comes from the spec's X-Auth-Token header parameter (the generator's choice)", () => {
  const op = bcsOperations.freezeUserCertificate;
  const tokenHeader = op.parameters.find((p) => p.name === "X-Auth-Token")!;
  const otherHeader = { name: "X-Other", in: "header", required: false, schema: { type: "string", maxLength: 2 } } as const;
  const table = (ops: Record<string, { parameters: readonly { name: string; in: string; schema: object }[] }>) => tokenSchemaOf(ops as never);
  it("not from another header parameter listed before it", () => {
    expect(table({ freeze: { parameters: [otherHeader, ...op.parameters] } })).toBe(tokenHeader.schema);
  });
  it("nor from a parameter of that name elsewhere (a query parameter)", () => {
    const inQuery = { ...otherHeader, name: "X-Auth-Token", in: "query" } as const;
    expect(table({ freeze: { parameters: [inQuery, ...op.parameters] } })).toBe(tokenHeader.schema);
  });
  it("from a later operation when the first has none", () => {
    const withoutToken = { parameters: op.parameters.filter((p) => p.name !== "X-Auth-Token") };
    expect(table({ first: withoutToken, freeze: op })).toBe(tokenHeader.schema);
    expect(table({ first: withoutToken })).toBeUndefined();
  });
  it("and the clients enforce it: a token longer than its maxLength is refused before any request", async () => {
    let sent = 0;
    const client = new BcsClient({ endpoint: "https://bcs.example.com", projectId: "p", credentials: { token: "t".repeat((tokenHeader.schema.maxLength ?? 0) + 1) }, fetch: async () => (sent++, jsonResponse(200, { result: "success" })), clock: new FakeClock(), env: {} });
    await expect(client.freezeUserCertificate(FREEZE)).rejects.toMatchObject({ parameter: "X-Auth-Token", rule: "maxLength" });
    expect(sent).toBe(0);
  });
});
