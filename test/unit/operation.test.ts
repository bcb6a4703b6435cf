/**
 * operation.ts as users meet it: the exact ValidationError for input that is not an object, a
 * header parameter or a client-set value in the input, a missing required parameter, a member an
 * operation without a body does not know, bad per-call options; and a multipart body whose only
 * member is left undefined.
 */
import { describe, expect, it } from "vitest";
import { BcsClient } from "../../src/index.js";
import { bytesResponse, jsonResponse, recordingFetch, refusal } from "./support/fakes.js";

const download = { blockchain_id: "bc", org_name: "o", cert_type: "ca" } as const;
const user = { blockchain_id: "bc", org_name: "org1", user_name: "user01" } as const;

function bcs(response: Response = bytesResponse(new Uint8Array([1]))) {
  const http = recordingFetch(response);
  const client = new BcsClient({ endpoint: "https://bcs.example.test", projectId: "proj1", credentials: { token: "t".repeat(40) }, fetch: http.fetch, maxRetries: 0, env: {} });
  return { http, client };
}

describe("input the operation refuses before sending", () => {
  it("input that is not a plain object", async () => {
    const { client, http } = bcs();
    const error = await refusal(client.downloadCertificates("bc" as never));
    expect(error.message).toBe('downloadCertificates: input must be a plain object of parameters (rule: type; got "bc")');
    expect(http.calls).toHaveLength(0);
  });

  it("a header parameter (the token) in the input, in any letter case: masked", async () => {
    const { client } = bcs();
    const error = await refusal(client.downloadCertificates({ ...download, "x-auth-token": "SECRET" } as never));
    expect(error.message).toBe("downloadCertificates: x-auth-token is set by the client from its credentials (rule: unknown; got <redacted>)");
  });

  it("a value the client sets itself (project_id)", async () => {
    const { client } = bcs();
    const error = await refusal(client.downloadCertificates({ ...download, project_id: "other" } as never));
    expect(error.message).toBe('downloadCertificates: project_id is set by the client from its options (rule: unknown; got "other")');
  });

  it("a missing required parameter", async () => {
    const { client } = bcs();
    const { cert_type: _, ...rest } = download;
    const error = await refusal(client.downloadCertificates(rest as never));
    expect(error.message).toBe("downloadCertificates: cert_type is required (rule: required; got undefined)");
  });

  it("a member an operation without a body does not know: names the path and query parameters", async () => {
    const { client } = bcs();
    const error = await refusal(client.downloadCertificates({ ...download, colour: "red" } as never));
    expect(error.message).toBe(
      'downloadCertificates: colour is not a parameter of this operation (known: project_id, blockchain_id, org_name, cert_type) (rule: unknown; got "red")',
    );
  });

  it("an unknown member left undefined is no member at all", async () => {
    const { client, http } = bcs();
    await client.downloadCertificates({ ...download, colour: undefined } as never);
    expect(http.calls).toHaveLength(1);
  });
});

describe("per-call options", () => {
  it.each([
    ["maxBufferedBytes", { maxBufferedBytes: 0 }, "range", "must be a positive integer number of bytes", "0"],
    ["timeoutMs", { timeoutMs: -5 }, "range", "must be a positive number of milliseconds up to 2147483647", "-5"],
    ["maxRetries", { maxRetries: 1.5 }, "integer", "must be a non-negative integer", "1.5"],
  ] as const)("a bad %s names the option and its rule", async (name, options, rule, detail, shown) => {
    const { client, http } = bcs();
    const error = await refusal(client.downloadCertificates(download, options));
    expect(error.parameter).toBe(name);
    expect(error.rule).toBe(rule);
    expect(error.message).toBe(`downloadCertificates: ${name} ${detail} (rule: ${rule}; got ${shown})`);
    expect(http.calls).toHaveLength(0);
  });

  it("a timeout of 2^31 - 1 ms, the longest a timer takes, is accepted", async () => {
    const { client, http } = bcs();
    await client.downloadCertificates(download, { timeoutMs: 2 ** 31 - 1 });
    expect(http.calls).toHaveLength(1);
  });
});

describe("a multipart operation", () => {
  it("with its file left undefined sends no body at all", async () => {
    const { client, http } = bcs(jsonResponse(200, { result: "success" }));
    await client.freezeUserCertificate({ ...user, file: undefined } as never);
    expect(http.only().body).toBeUndefined();
  });

  it("a refused member names the operation", async () => {
    const { client } = bcs(jsonResponse(200, { result: "success" }));
    const error = await refusal(client.freezeUserCertificate({ ...user, file: "cert.zip" as never }));
    expect(error.operationId).toBe("freezeUserCertificate");
    expect(error.parameter).toBe("file");
  });
});
