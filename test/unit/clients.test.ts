/**
 * All six operations through BcsClient and PcaClient, with an injected fetch and a fake clock:
 * what goes on the wire (method, URL, body, content-type, credentials) and what comes back.
 */
import { describe, expect, it } from "vitest";
import { servers as bcsServers } from "../../generated/bcs.operations.js";
import { servers as pcaServers } from "../../generated/pca.operations.js";
import {
  BcsClient,
  PcaClient,
  ResponseTooLargeError,
  isResponseTooLargeError,
  type Credentials,
} from "../../src/index.js";
import { verifySignature } from "../../src/testing/verify-signature.js";
import {
  FakeClock,
  type RecordedRequest,
  ZIP_BYTES,
  chunkedBody,
  decode,
  fileResponse,
  jsonResponse,
  noContent,
  readAll,
  recordingFetch,
} from "./support/fakes.js";

const PROJECT_ID = "0c3b9c1f4b00d5e72f8ac0093a11f0ba";
const DOMAIN_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
const CA_ID = "4c0e772e-a30c-4029-b929-b7acb04143f7";
const AK = "HPUAEXAMPLEAK0001";
const SK = "example/Secret+Key==";
const SECURITY_TOKEN = "temporary-security-token-value";
/** Long enough for PCA's 32-character minimum (generated/pca.operations.ts). */
const TOKEN = "MIIexampleIAMtoken".padEnd(48, "0");
const START = Date.UTC(2024, 0, 15, 8, 30, 0);
const SDK_DATE = "20240115T083000Z";

const BCS_BASE = bcsServers[0].url.replace("{region}", "cn-north-4");
const PCA_BASE = pcaServers[0].url.replace("{region}", "ap-southeast-3");

type Mode = "token" | "aksk" | "temporary";
const MODES: readonly Mode[] = ["token", "aksk", "temporary"];

function credentialsFor(mode: Mode): Credentials {
  switch (mode) {
    case "token":
      return { token: TOKEN };
    case "aksk":
      return { accessKeyId: AK, secretAccessKey: SK };
    case "temporary":
      return { accessKeyId: AK, secretAccessKey: SK, securityToken: SECURITY_TOKEN };
  }
}

function signedHeadersOf(request: RecordedRequest): string[] {
  const match = /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([^,\s]+), Signature=([0-9a-f]{64})$/.exec(
    request.headers.get("authorization") ?? "",
  );
  expect(match, "Authorization has the SDK-HMAC-SHA256 form").not.toBeNull();
  expect(match?.[1]).toBe(AK);
  return (match?.[2] ?? "").split(";");
}

/** Checks the credential headers of one request for one auth mode. */
async function expectAuthenticated(
  request: RecordedRequest,
  mode: Mode,
  scope: { header: "x-project-id" | "x-domain-id"; value: string },
  multipart: boolean,
): Promise<void> {
  if (mode === "token") {
    expect(request.headers.get("x-auth-token")).toBe(TOKEN);
    expect(request.headers.get("authorization")).toBeNull();
    expect(request.headers.get("x-sdk-date")).toBeNull();
    expect(request.headers.get("x-security-token")).toBeNull();
    return;
  }
  expect(request.headers.get("x-auth-token")).toBeNull();
  expect(request.headers.get("x-sdk-date")).toBe(SDK_DATE);
  expect(request.headers.get(scope.header)).toBe(scope.value);
  const signed = signedHeadersOf(request);
  expect(signed).toContain("host");
  expect(signed).toContain("x-sdk-date");
  expect(signed).toContain(scope.header);
  if (mode === "temporary") {
    expect(request.headers.get("x-security-token")).toBe(SECURITY_TOKEN);
    expect(signed).toContain("x-security-token");
  } else {
    expect(request.headers.get("x-security-token")).toBeNull();
    expect(signed).not.toContain("x-security-token");
  }
  if (multipart) {
    expect(request.headers.get("x-sdk-content-sha256")).toBe("UNSIGNED-PAYLOAD");
    expect(signed).toContain("x-sdk-content-sha256");
    expect(signed).not.toContain("content-type");
  } else {
    expect(request.headers.get("x-sdk-content-sha256")).toBeNull();
  }
  const verdict = await verifySignature(
    { method: request.method, url: request.url, headers: request.headers, body: request.body },
    (id) => (id === AK ? SK : undefined),
    new Date(START),
  );
  expect(verdict).toEqual({ ok: true, accessKeyId: AK });
}

function bcs(mode: Mode, fetch: typeof globalThis.fetch, extra: Partial<ConstructorParameters<typeof BcsClient>[0]> = {}) {
  return new BcsClient({
    region: "cn-north-4",
    projectId: PROJECT_ID,
    credentials: credentialsFor(mode),
    fetch,
    clock: new FakeClock(START),
    env: {},
    ...extra,
  });
}

function pca(mode: Mode, fetch: typeof globalThis.fetch) {
  return new PcaClient({
    region: "ap-southeast-3",
    domainId: DOMAIN_ID,
    credentials: credentialsFor(mode),
    fetch,
    clock: new FakeClock(START),
    env: {},
  });
}

const BCS_SCOPE = { header: "x-project-id", value: PROJECT_ID } as const;
const PCA_SCOPE = { header: "x-domain-id", value: DOMAIN_ID } as const;
const FILE = new TextEncoder().encode("PK\u0003\u0004 certificate bytes");

describe.each(MODES)("BcsClient with %s credentials", (mode) => {
  it("generateUserCertificate: POST a JSON body, returns the file bytes, name and request id", async () => {
    const http = recordingFetch(
      fileResponse(FILE, { "content-disposition": 'attachment; filename="user01.zip"', "x-request-id": "req-gen" }),
    );
    const result = await bcs(mode, http.fetch).generateUserCertificate({
      blockchain_id: "bc-1",
      org_name: "org1",
      user_name: "user01",
      security_mode: true,
    });
    const request = http.only();
    expect(request.method).toBe("POST");
    expect(request.url.href).toBe(`${BCS_BASE}/v2/${PROJECT_ID}/blockchains/bc-1/orgs/org1/usercert/user01`);
    expect(request.headers.get("content-type")).toMatch(/^application\/json/);
    expect(JSON.parse(decode(request.body))).toEqual({ security_mode: true });
    await expectAuthenticated(request, mode, BCS_SCOPE, false);

    expect(result.data).toBeInstanceOf(Uint8Array);
    expect([...result.data]).toEqual([...FILE]);
    expect(result.contentType).toBe("application/octet-stream");
    expect(result.fileName).toBe("user01.zip");
    expect(result.requestId).toBe("req-gen");
  });

  it("generateUserCertificate without security_mode still sends a JSON object", async () => {
    const http = recordingFetch(fileResponse(FILE));
    await bcs(mode, http.fetch).generateUserCertificate({ blockchain_id: "bc-1", org_name: "org1", user_name: "user01" });
    expect(decode(http.only().body)).toBe("{}");
    expect(http.only().headers.get("content-type")).toMatch(/^application\/json/);
    await expectAuthenticated(http.only(), mode, BCS_SCOPE, false);
  });

  it("downloadCertificates: GET with the query parameters and no body", async () => {
    const http = recordingFetch(
      fileResponse(FILE, {
        "content-type": "application/zip",
        "content-disposition": "attachment; filename*=UTF-8''%E8%AF%81%E4%B9%A6.zip",
        "x-request-id": "req-dl",
      }),
    );
    const result = await bcs(mode, http.fetch).downloadCertificates({ blockchain_id: "bc-1", org_name: "org1", cert_type: "admin" });
    const request = http.only();
    expect(request.method).toBe("GET");
    expect(request.url.origin + request.url.pathname).toBe(`${BCS_BASE}/v2/${PROJECT_ID}/blockchains/bc-1/cert`);
    expect(Object.fromEntries(request.url.searchParams)).toEqual({ org_name: "org1", cert_type: "admin" });
    expect(request.body).toBeUndefined();
    await expectAuthenticated(request, mode, BCS_SCOPE, false);
    expect([...result.data]).toEqual([...FILE]);
    expect(result.contentType).toBe("application/zip");
    expect(result.fileName).toBe("证书.zip");
    expect(result.requestId).toBe("req-dl");
  });

  it.each([
    ["freezeUserCertificate", "freeze", "req-freeze"],
    ["unfreezeUserCertificate", "unfreeze", "req-unfreeze"],
  ] as const)("%s: multipart upload of the zip, returns { result, requestId }", async (method, segment, requestId) => {
    const http = recordingFetch(jsonResponse(200, { result: "success" }, { "x-request-id": requestId }));
    const result = await bcs(mode, http.fetch)[method]({
      blockchain_id: "bc-1",
      org_name: "org1",
      user_name: "user01",
      file: ZIP_BYTES,
    });
    expect(result).toEqual({ result: "success", requestId });
    const request = http.only();
    expect(request.method).toBe("POST");
    expect(request.url.href).toBe(`${BCS_BASE}/v2/${PROJECT_ID}/blockchains/bc-1/orgs/org1/usercert/user01/${segment}`);
    const contentType = request.headers.get("content-type") ?? "";
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    // The body is the multipart document fetch built: parse it back.
    const form = await new Response(request.body, { headers: { "content-type": contentType } }).formData();
    const file = form.get("file");
    expect(file).toBeInstanceOf(Blob);
    expect([...new Uint8Array(await (file as Blob).arrayBuffer())]).toEqual([...ZIP_BYTES]);
    expect((file as File).name).toBe("file.zip");
    expect((file as Blob).type).toBe("application/zip");
    await expectAuthenticated(request, mode, BCS_SCOPE, true);
  });

  it("freezeUserCertificate sends a File under its own name", async () => {
    const http = recordingFetch(jsonResponse(200, { result: "success" }));
    await bcs(mode, http.fetch).freezeUserCertificate({ blockchain_id: "bc-1", org_name: "org1", user_name: "user01", file: new File([ZIP_BYTES], "user01-certs.zip") });
    const request = http.only();
    const form = await new Response(request.body, { headers: { "content-type": request.headers.get("content-type")! } }).formData();
    expect((form.get("file") as File).name).toBe("user01-certs.zip");
  });

  it("freezeUserCertificate accepts an ArrayBuffer and a Blob as the file", async () => {
    const http = recordingFetch(jsonResponse(200, { result: "success" }));
    const client = bcs(mode, http.fetch);
    const base = { blockchain_id: "bc-1", org_name: "org1", user_name: "user01" };
    await client.freezeUserCertificate({ ...base, file: ZIP_BYTES.slice().buffer });
    await client.freezeUserCertificate({ ...base, file: new Blob([ZIP_BYTES]) });
    expect(http.calls).toHaveLength(2);
    for (const request of http.calls) {
      const form = await new Response(request.body, { headers: { "content-type": request.headers.get("content-type")! } }).formData();
      expect([...new Uint8Array(await (form.get("file") as Blob).arrayBuffer())]).toEqual([...ZIP_BYTES]);
      await expectAuthenticated(request, mode, BCS_SCOPE, true);
    }
  });
});

describe.each(MODES)("PcaClient with %s credentials", (mode) => {
  it("activateCertificateAuthority: POST JSON, a Date start_from is sent as epoch ms, returns { requestId }", async () => {
    const http = recordingFetch(noContent({ "x-request-id": "req-act" }));
    const start = new Date(Date.UTC(2024, 1, 1));
    const result = await pca(mode, http.fetch).activateCertificateAuthority({
      ca_id: CA_ID,
      issuer_id: "issuer-1",
      path_length: 0,
      signature_algorithm: "SHA256",
      validity: { type: "YEAR", value: 5, start_from: start },
    });
    expect(result).toEqual({ requestId: "req-act" });
    const request = http.only();
    expect(request.method).toBe("POST");
    expect(request.url.href).toBe(`${PCA_BASE}/v1/private-certificate-authorities/${CA_ID}/activate`);
    expect(request.headers.get("content-type")).toMatch(/^application\/json/);
    expect(JSON.parse(decode(request.body))).toEqual({
      issuer_id: "issuer-1",
      path_length: 0,
      signature_algorithm: "SHA256",
      validity: { type: "YEAR", value: 5, start_from: start.getTime() },
    });
    await expectAuthenticated(request, mode, PCA_SCOPE, false);
  });

  it("revokeCertificateAuthority: sends the reason", async () => {
    const http = recordingFetch(noContent({ "x-request-id": "req-rev" }));
    const result = await pca(mode, http.fetch).revokeCertificateAuthority({ ca_id: CA_ID, reason: "KEY_COMPROMISE" });
    expect(result).toEqual({ requestId: "req-rev" });
    const request = http.only();
    expect(request.method).toBe("POST");
    expect(request.url.href).toBe(`${PCA_BASE}/v1/private-certificate-authorities/${CA_ID}/revoke`);
    expect(JSON.parse(decode(request.body))).toEqual({ reason: "KEY_COMPROMISE" });
    await expectAuthenticated(request, mode, PCA_SCOPE, false);
  });

  it("revokeCertificateAuthority without a reason sends {}", async () => {
    const http = recordingFetch(noContent());
    const result = await pca(mode, http.fetch).revokeCertificateAuthority({ ca_id: CA_ID });
    expect(result).toEqual({ requestId: undefined });
    expect(decode(http.only().body)).toBe("{}");
    expect(http.only().headers.get("content-type")).toMatch(/^application\/json/);
    await expectAuthenticated(http.only(), mode, PCA_SCOPE, false);
  });
});

describe("PcaClient with a token and no domainId", () => {
  it("sends no X-Domain-Id", async () => {
    const http = recordingFetch(noContent());
    await new PcaClient({ region: "ap-southeast-3", credentials: { token: TOKEN }, fetch: http.fetch, env: {} }).revokeCertificateAuthority({
      ca_id: CA_ID,
    });
    expect(http.only().headers.get("x-domain-id")).toBeNull();
    expect(http.only().headers.get("x-auth-token")).toBe(TOKEN);
  });
});

describe("file names from Content-Disposition", () => {
  it.each([
    ['attachment; filename="a.zip"', "a.zip"],
    ["attachment; filename=plain.zip", "plain.zip"],
    ["attachment; filename*=UTF-8''%E8%AF%81%E4%B9%A6.zip", "证书.zip"],
    ["attachment; filename=\"fallback.zip\"; filename*=UTF-8''pr%C3%A9f%C3%A9r%C3%A9.zip", "préféré.zip"],
    ['attachment; filename="../../x"', "x"],
    ["attachment; filename=..\\..\\windows\\evil.zip", "evil.zip"],
    // In a quoted-string a backslash escapes the next character (RFC 6266/7230): no separator survives.
    ['attachment; filename="..\\..\\evil.zip"', "....evil.zip"],
    ['attachment; filename="..\\\\evil.zip"', "evil.zip"], // an escaped backslash is a separator
    ["attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd", "passwd"],
    // A name that is only "." or ".." would still point outside the directory it is joined to.
    ['attachment; filename=".."', undefined],
    ["attachment; filename*=UTF-8''%2E%2E", undefined],
    // An extended name that leaves nothing after the last separator falls back to filename.
    ["attachment; filename=\"ok.zip\"; filename*=UTF-8''dir%2F", "ok.zip"],
    ["attachment; filename*=UTF-8''dir%2F", undefined],
    ["attachment", undefined],
    // "." alone points at the directory itself, as ".." at its parent.
    ['attachment; filename="."', undefined],
    ["attachment; filename*=UTF-8''.; filename=\"dot.zip\"", "dot.zip"],
    // Spaces around a value, and around the "=" of filename*, are not part of the name.
    ["attachment; filename*=UTF-8''a.zip ; size=3", "a.zip"],
    ["attachment; filename=plain.zip ; size=3", "plain.zip"],
    ["attachment; filename* = UTF-8''spaced.zip", "spaced.zip"],
    // A language tag between the quotes of filename* is skipped.
    ["attachment; filename*=UTF-8'fr'caf%C3%A9.zip", "café.zip"],
    // A filename* that is not charset'lang'value (here quoted) is ignored for filename.
    ["attachment; filename*=\"UTF-8''bad.zip\"; filename=\"good.zip\"", "good.zip"],
    // A quoted name may hold a ";"; a token's stray quote at its end is kept.
    ['attachment; filename="a;b.zip"', "a;b.zip"],
    ['attachment; filename=name.zip"', 'name.zip"'],
  ])("%s → %s", async (disposition, expected) => {
    const http = recordingFetch(fileResponse(FILE, { "content-disposition": disposition }));
    const result = await bcs("token", http.fetch).downloadCertificates({ blockchain_id: "bc", org_name: "o", cert_type: "ca" });
    expect(result.fileName).toBe(expected);
  });

  it("no Content-Disposition and no X-Request-Id give undefined", async () => {
    const http = recordingFetch(new Response(FILE, { status: 200 }));
    const result = await bcs("token", http.fetch).downloadCertificates({ blockchain_id: "bc", org_name: "o", cert_type: "ca" });
    expect(result.fileName).toBeUndefined();
    expect(result.requestId).toBeUndefined();
  });
});

describe("file operations as a stream", () => {
  it("{ stream: true } returns a ReadableStream of the body with the metadata", async () => {
    const http = recordingFetch(
      fileResponse(FILE, {
        "content-disposition": 'attachment; filename="s.zip"',
        "x-request-id": "req-stream",
        "content-length": String(FILE.byteLength),
      }),
    );
    const result = await bcs("token", http.fetch).downloadCertificates(
      { blockchain_id: "bc", org_name: "o", cert_type: "user" },
      { stream: true },
    );
    expect(result.stream).toBeInstanceOf(ReadableStream);
    expect(result.fileName).toBe("s.zip");
    expect(result.requestId).toBe("req-stream");
    expect(result.contentLength).toBe(FILE.byteLength);
    expect([...(await readAll(result.stream))]).toEqual([...FILE]);
  });

  it("the stream form of generate is not capped by maxBufferedBytes", async () => {
    const big = new Uint8Array(4096).fill(7);
    const http = recordingFetch(() => new Response(chunkedBody([big, big]), { status: 200 }));
    const result = await bcs("token", http.fetch, { maxBufferedBytes: 100 }).generateUserCertificate(
      { blockchain_id: "bc", org_name: "o", user_name: "user01" },
      { stream: true },
    );
    expect(result.contentLength).toBeUndefined();
    expect((await readAll(result.stream)).byteLength).toBe(8192);
  });
});

describe("maxBufferedBytes", () => {
  const params = { blockchain_id: "bc", org_name: "o", cert_type: "admin" } as const;
  const body = new Uint8Array(1000).fill(1);
  const withLength = () => fileResponse(body, { "content-length": "1000", "x-request-id": "req-big" });
  const withoutLength = () => new Response(chunkedBody([body.slice(0, 400), body.slice(400, 800), body.slice(800)]), { status: 200, headers: { "x-request-id": "req-big" } });

  it.each([
    ["with Content-Length", withLength],
    ["without Content-Length", withoutLength],
  ])("the client option refuses a larger body %s", async (_name, respond) => {
    const http = recordingFetch(respond);
    const error = await bcs("token", http.fetch, { maxBufferedBytes: 999 })
      .downloadCertificates(params)
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(isResponseTooLargeError(error)).toBe(true);
    expect((error as ResponseTooLargeError).limitBytes).toBe(999);
    expect((error as ResponseTooLargeError).requestId).toBe("req-big");
    expect(http.calls).toHaveLength(1);
  });

  it.each([
    ["with Content-Length", withLength],
    ["without Content-Length", withoutLength],
  ])("the per-call option overrides the client's %s", async (_name, respond) => {
    const http = recordingFetch(respond);
    const client = bcs("token", http.fetch, { maxBufferedBytes: 10_000 });
    await expect(client.downloadCertificates(params, { maxBufferedBytes: 500 })).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(client.generateUserCertificate({ blockchain_id: "bc", org_name: "o", user_name: "user01" }, { maxBufferedBytes: 500 })).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
    // ...and a per-call cap may also be larger than the client's.
    const small = bcs("token", http.fetch, { maxBufferedBytes: 10 });
    expect((await small.downloadCertificates(params, { maxBufferedBytes: 1000 })).data.byteLength).toBe(1000);
  });

  it("refusing a cloned body (one branch of a tee, as caching fetch wrappers return) does not hang", async () => {
    for (const template of [withLength(), withoutLength()]) {
      const http = recordingFetch(() => template.clone());
      const call = bcs("token", http.fetch, { maxBufferedBytes: 999 }).downloadCertificates(params);
      const outcome = await Promise.race([
        call.then(() => "resolved", (e: unknown) => (e instanceof ResponseTooLargeError ? "refused" : e)),
        new Promise((resolve) => setTimeout(resolve, 1000, "hung")),
      ]);
      expect(outcome).toBe("refused");
    }
  });

  it("a body exactly at the cap is accepted", async () => {
    for (const respond of [withLength, withoutLength]) {
      const http = recordingFetch(respond);
      const result = await bcs("token", http.fetch, { maxBufferedBytes: 1000 }).downloadCertificates(params);
      expect(result.data.byteLength).toBe(1000);
    }
  });
});

describe("freeze and unfreeze results", () => {
  it("keep a result other than success and a missing request id", async () => {
    const http = recordingFetch(jsonResponse(200, { result: "pending" }));
    const result = await bcs("token", http.fetch).unfreezeUserCertificate({ blockchain_id: "bc", org_name: "o", user_name: "u" });
    expect(result).toEqual({ result: "pending", requestId: undefined });
  });

  it("send no body when no file is given", async () => {
    const http = recordingFetch(jsonResponse(200, { result: "success" }));
    await bcs("aksk", http.fetch).freezeUserCertificate({ blockchain_id: "bc", org_name: "o", user_name: "u" });
    expect(http.only().body).toBeUndefined();
  });
});

describe("project and endpoint options", () => {
  it("project_id comes from HUAWEICLOUD_SDK_PROJECT_ID when not passed, and a custom endpoint is used as is", async () => {
    const http = recordingFetch(jsonResponse(200, { result: "success" }));
    const client = new BcsClient({
      endpoint: "http://127.0.0.1:4010/",
      credentials: { token: TOKEN },
      env: { HUAWEICLOUD_SDK_PROJECT_ID: "env-project" },
      fetch: http.fetch,
    });
    expect(client.projectId).toBe("env-project");
    expect(client.endpoint).toBe("http://127.0.0.1:4010");
    await client.freezeUserCertificate({ blockchain_id: "bc", org_name: "o", user_name: "u" });
    expect(http.only().url.href).toBe("http://127.0.0.1:4010/v2/env-project/blockchains/bc/orgs/o/usercert/u/freeze");
  });

  it("path parameters are percent-encoded into one segment", async () => {
    const http = recordingFetch(jsonResponse(200, { result: "success" }));
    await bcs("aksk", http.fetch).freezeUserCertificate({ blockchain_id: "a/b?c", org_name: "o#1", user_name: "u" });
    expect(http.only().url.pathname).toBe(`/v2/${PROJECT_ID}/blockchains/a%2Fb%3Fc/orgs/o%231/usercert/u/freeze`);
    expect(http.only().url.search).toBe("");
    await expectAuthenticated(http.only(), "aksk", BCS_SCOPE, false);
  });
});
