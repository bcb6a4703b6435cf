/**
 * What a client's constructor refuses (src/core/client-options.ts), each with its exact
 * message naming the option, and when a client's fetch is wrapped for endpoint failover: only for
 * a region with a second endpoint, never for an explicit endpoint or a single-endpoint region.
 */
import { describe, expect, it } from "vitest";
import { operations as bcsOperations, servers as bcsServers } from "../../generated/bcs.operations.js";
import { buildCore } from "../../src/core/client-options.js";
import { invoke } from "../../src/core/operation.js";
import type { OperationSpec } from "../../src/core/request/operation-spec.js";
import { BcsClient, ConfigurationError, PcaClient, ValidationError } from "../../src/index.js";
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

describe("the token's length bound comes from the spec's X-Auth-Token header parameter", () => {
  const op = bcsOperations.freezeUserCertificate;
  const otherHeader = { name: "X-Other", in: "header", required: false, schema: { type: "string", maxLength: 2 } } as const;
  /** Calls freezeUserCertificate through a core built on `operations`, with `token`. */
  async function call(operations: Record<string, OperationSpec>, token: string) {
    const core = buildCore(
      { endpoint: "https://bcs.example.com", credentials: { token }, fetch: async () => jsonResponse(200, { result: "success" }), clock: new FakeClock(), env: {} },
      { service: "BcsClient", servers: bcsServers, operations, scope: { kind: "project", header: "X-Project-Id", given: "p", neededWithToken: true, missing: "pass projectId" } },
    );
    return invoke(core, { op, input: FREEZE, fixed: { project_id: "p" }, options: undefined }, "json").then(
      () => "sent",
      (error: unknown) => (error instanceof ValidationError ? `${error.parameter} ${error.rule}` : error),
    );
  }
  it("not from another header parameter listed before it", async () => {
    expect(await call({ freeze: { ...op, parameters: [otherHeader, ...op.parameters] } }, "t".repeat(40))).toBe("sent");
  });
  it("nor from a parameter of that name elsewhere (a query parameter)", async () => {
    const inQuery = { ...otherHeader, name: "X-Auth-Token", in: "query" } as const;
    expect(await call({ freeze: { ...op, parameters: [inQuery, ...op.parameters] } }, "t".repeat(40))).toBe("sent");
  });
  it("from a later operation when the first has none", async () => {
    const withoutToken = { ...op, parameters: op.parameters.filter((p) => p.name !== "X-Auth-Token") };
    expect(await call({ first: withoutToken, freeze: op }, "t".repeat(32769))).toBe("X-Auth-Token maxLength");
  });
});
