/**
 * Cross-check against the official Node signer (@huaweicloud/huaweicloud-sdk-core 3.1.211,
 * auth/AKSKSigner.js), used only here as a test oracle.
 *
 * The property covers the domain where the official signer is right. Where it is not, an
 * example below pins down what each signer produces, and says what this SDK does instead.
 */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js";
import {
  authorizationHeader,
  canonicalUri,
  computeSignature,
  formatSdkDate,
  sha256Hex,
  signRequest,
  type AkSkCredentials,
  type RequestToSign,
} from "../../src/core/auth/signer.js";
import { verifySignature } from "../../src/testing/verify-signature.js";

const utf8 = new TextEncoder();
const NOW = new Date("2024-05-06T07:08:09Z");
const SDK_DATE = "20240506T070809Z";
const CREDS: AkSkCredentials = { accessKeyId: "AKORACLE", secretAccessKey: "oracle/Secret+Key=" };

/** The IHttpRequest fields AKSKSigner.sign reads. `endpoint` is the full URL: it takes the path from there. */
interface OfficialRequest {
  endpoint: string;
  method: string;
  headers: Record<string, string>;
  queryParams?: Record<string, string | string[]>;
  data?: unknown;
}

type OfficialCredential = Parameters<typeof AKSKSigner.sign>[1];

function officialAuthorization(req: OfficialRequest, creds: AkSkCredentials = CREDS): string {
  const credential = { getAk: () => creds.accessKeyId, getSk: () => creds.secretAccessKey } as unknown as OfficialCredential;
  // sign() sorts query value arrays in place: hand it copies.
  const copy = { ...req, headers: { ...req.headers }, queryParams: structuredClone(req.queryParams) };
  const out = AKSKSigner.sign(copy, credential) as Record<string, string>;
  return out["Authorization"] ?? "";
}

// Protected statics of the official signer, reached for the examples that pin one step down.
const official = AKSKSigner as unknown as {
  CanonicalURI(pathname: string): string;
  buildCanonicalHeaders(headers: Record<string, string>): string;
};

async function ourAuthorization(req: RequestToSign, creds: AkSkCredentials = CREDS): Promise<string> {
  return (await signRequest(req, creds, NOW))["Authorization"] ?? "";
}

function getRequest(url: string, headers: Record<string, string> = {}): RequestToSign {
  return { method: "GET", url: new URL(url), headers: new Headers({ "X-Sdk-Date": SDK_DATE, ...headers }), body: undefined };
}

// ---- generators: the domain where the official signer is correct ----

// url.parse (which the official signer runs on the endpoint) escapes these or cuts the path at
// them, and WHATWG URL drops tabs/newlines and resolves "." / "..": excluded, see the examples.
const NOT_IN_SEGMENT = /[/?#%\\ "'<>^`{|}]|\s|\p{Cc}/u;
const segment = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom(..."!$&()*+,;=:@[]~-._", "é", "证书", "😀", "Ω"),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
    ),
    maxLength: 6,
  })
  .filter((s) => !NOT_IN_SEGMENT.test(s) && s !== "." && s !== "..");

const queryText = fc.string({
  unit: fc.oneof(fc.constantFrom(..." +&=%#?/;~é证😀"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })),
  maxLength: 6,
});

const RESERVED_HEADERS = new Set(["host", "authorization", "content-type", "x-sdk-date", "x-sdk-content-sha256", "x-security-token"]);
// Lowercase-insensitive names over [a-z0-9-]: there the official signer's localeCompare and
// code-unit orders agree (see the "~" example). Values untrimmed-safe: it does not trim.
const header = fc.tuple(
  fc.stringMatching(/^[Xx]-[A-Za-z0-9-]{1,12}$/).filter((n) => !RESERVED_HEADERS.has(n.toLowerCase())),
  fc.string({ unit: "grapheme-ascii", maxLength: 20 }).filter((v) => v === v.trim()),
);

const body = fc.oneof(
  fc.constant({ kind: "none" as const }),
  fc.record({ kind: fc.constant("json" as const), data: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) }),
  fc.record({ kind: fc.constant("multipart" as const), bytes: fc.uint8Array({ maxLength: 32 }) }),
);

const signable = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"),
  host: fc.constantFrom("bcs.cn-north-4.myhuaweicloud.com", "ccm.ap-southeast-1.myhuaweicloud.com:8443", "127.0.0.1:4010", "localhost"),
  segments: fc.array(segment, { maxLength: 5 }),
  query: fc.uniqueArray(fc.tuple(queryText, fc.array(queryText, { minLength: 1, maxLength: 3 })), { selector: ([k]) => k, maxLength: 4 }),
  headers: fc.uniqueArray(header, { selector: ([n]) => n.toLowerCase(), maxLength: 4 }),
  body,
  date: fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }),
  securityToken: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{1,40}$/), { nil: undefined }),
});

describe("signRequest agrees with the official AKSKSigner", () => {
  it("on generated requests (300 runs, fixed seed)", async () => {
    await fc.assert(
      fc.asyncProperty(signable, async (c) => {
        const sdkDate = formatSdkDate(c.date);
        const search = new URLSearchParams();
        for (const [key, values] of c.query) for (const value of values) search.append(key, value);
        const query = search.size > 0 ? `?${search.toString()}` : "";
        const url = new URL(`https://${c.host}/${c.segments.map(encodeURIComponent).join("/")}${query}`);

        const common: Record<string, string> = { ...Object.fromEntries(c.headers), "X-Sdk-Date": sdkDate };
        const ours = new Headers(common);
        const theirs: Record<string, string> = { ...common };
        let bytes: Uint8Array | undefined;
        let data: unknown;
        if (c.body.kind === "json") {
          ours.set("Content-Type", "application/json");
          theirs["content-type"] = "application/json";
          bytes = utf8.encode(JSON.stringify(c.body.data));
          data = c.body.data;
        } else if (c.body.kind === "multipart") {
          ours.set("Content-Type", "multipart/form-data; boundary=oracle");
          theirs["content-type"] = "multipart/form-data; boundary=oracle";
          // Added by the official BaseCredentials before it calls AKSKSigner.
          theirs["X-Sdk-Content-Sha256"] = "UNSIGNED-PAYLOAD";
          bytes = c.body.bytes;
        }
        if (c.securityToken !== undefined) theirs["X-Security-Token"] = c.securityToken;

        const creds: AkSkCredentials = { ...CREDS, securityToken: c.securityToken };
        const request: RequestToSign = { method: c.method, url, headers: ours, body: bytes };
        const added = await signRequest(request, creds, NOW);
        const expected = officialAuthorization(
          {
            endpoint: `https://${c.host}/${c.segments.join("/")}`,
            method: c.method,
            headers: theirs,
            queryParams: Object.fromEntries(c.query.map(([k, vs]) => [k, vs.length === 1 ? (vs[0] as string) : vs])),
            data,
          },
          creds,
        );
        expect(added["Authorization"]).toBe(expected);

        const received = new Headers(ours);
        for (const [name, value] of Object.entries(added)) received.set(name, value);
        const verdict = await verifySignature({ ...request, headers: received }, () => creds.secretAccessKey, c.date);
        expect(verdict).toEqual({ ok: true, accessKeyId: CREDS.accessKeyId });
      }),
      { numRuns: 300, seed: 20240506 },
    );
  });
});

describe("where the official Node signer differs", () => {
  it("already-encoded path segment: it encodes the wire form again (%2F -> %252F)", async () => {
    // Official: CanonicalURI(url.parse(endpoint).pathname) encodes each raw segment without
    // decoding it first. Ours decodes each segment, then encodes, so the signed path is the one
    // the server decodes. (Python and Ruby decode the whole path before splitting, which turns
    // %2F into a separator; only "/" inside a segment is signed differently there.)
    expect(official.CanonicalURI("/v1/certs/a%2Fb")).toBe("/v1/certs/a%252Fb/");
    expect(canonicalUri("/v1/certs/a%2Fb")).toBe("/v1/certs/a%2Fb/");
    expect(official.CanonicalURI("/v1/100%25")).toBe("/v1/100%2525/");
    expect(canonicalUri("/v1/100%25")).toBe("/v1/100%25/");

    const ours = await ourAuthorization(getRequest("https://h.example.com/v1/certs/a%2Fb"));
    const theirs = officialAuthorization({ endpoint: "https://h.example.com/v1/certs/a%2Fb", method: "GET", headers: { "X-Sdk-Date": SDK_DATE } });
    expect(theirs).not.toBe(ours);
    // What the official signer signed is the path whose decoded segment is literally "a%2Fb".
    expect(theirs).toBe(await ourAuthorization(getRequest("https://h.example.com/v1/certs/a%252Fb")));
  });

  it("raw space, quote, <, >, ^, `, {, |, }: url.parse escapes them, then it encodes the escape again", async () => {
    // HcClient substitutes path parameters unencoded, so a value "a b" reaches url.parse raw.
    const theirs = officialAuthorization({ endpoint: "https://h.example.com/v1/a b", method: "GET", headers: { "X-Sdk-Date": SDK_DATE } });
    expect(theirs).toBe(await ourAuthorization(getRequest("https://h.example.com/v1/a%2520b")));
    // Ours: canonical segment a%20b, whether the URL holds "a b" or "a%20b".
    expect(await ourAuthorization(getRequest("https://h.example.com/v1/a b"))).not.toBe(theirs);
    expect(canonicalUri(new URL("https://h.example.com/v1/a b").pathname)).toBe("/v1/a%20b/");
  });

  it("header values: it does not trim them", async () => {
    // Official: "x-a: v " goes into the canonical request, while an HTTP parser strips the
    // spaces, so the gateway computes "x-a:v". Ours trims (Headers already does), as Go and Python do.
    expect(official.buildCanonicalHeaders({ "x-a": " v " })).toBe("x-a: v \n");
    const theirs = officialAuthorization({ endpoint: "https://h.example.com/x", method: "GET", headers: { "X-Sdk-Date": SDK_DATE, "x-a": " v " } });
    const ours = await ourAuthorization(getRequest("https://h.example.com/x", { "x-a": " v " }));
    expect(ours).toBe(await ourAuthorization(getRequest("https://h.example.com/x", { "x-a": "v" })));
    expect(theirs).not.toBe(ours);
    expect(officialAuthorization({ endpoint: "https://h.example.com/x", method: "GET", headers: { "X-Sdk-Date": SDK_DATE, "x-a": "v" } })).toBe(ours);
  });

  it("method: it signs the method as given; ours uppercases it", async () => {
    const theirs = (method: string) => officialAuthorization({ endpoint: "https://h.example.com/x", method, headers: { "X-Sdk-Date": SDK_DATE } });
    const ours = await ourAuthorization({ ...getRequest("https://h.example.com/x"), method: "get" });
    expect(theirs("GET")).toBe(ours);
    expect(theirs("get")).not.toBe(ours);
  });

  it("header order: SignedHeaders by code unit, canonical headers by localeCompare", async () => {
    // With "x-1" and "x-~" the two orders disagree ("~" sorts before digits in ICU), so its
    // canonical request lists the lines in another order than SignedHeaders: no gateway that
    // follows SignedHeaders can verify it. Ours sorts both by code unit.
    const headers = { "X-Sdk-Date": SDK_DATE, "x-1": "a", "x-~": "b" };
    expect(official.buildCanonicalHeaders({ host: "h.example.com", ...headers })).toBe(
      "host:h.example.com\nx-~:b\nx-1:a\nx-sdk-date:20240506T070809Z\n",
    );
    const theirs = officialAuthorization({ endpoint: "https://h.example.com/x", method: "GET", headers });
    expect(theirs).toContain("SignedHeaders=host;x-1;x-sdk-date;x-~,");
    const req = getRequest("https://h.example.com/x", headers);
    const ours = await ourAuthorization(req);
    expect(ours).toContain("SignedHeaders=host;x-1;x-sdk-date;x-~,");
    expect(theirs).not.toBe(ours);
    const received = new Headers(req.headers);
    received.set("Authorization", theirs);
    expect(await verifySignature({ ...req, headers: received }, () => CREDS.secretAccessKey, NOW)).toEqual({ ok: false, reason: "signature mismatch" });
  });

  it("header names with '_': it signs them; ours, like Go and Python, leaves them unsigned", async () => {
    // Python vector 1 (facts §6.4) carries TEST_UNDERSCORE; the published signature excludes it.
    const py = { "X-Sdk-Date": "20200608T023900Z", TEST_UNDERSCORE: "TEST_VALUE" };
    const endpoint = "https://service.endpoint.myhuaweicloud.com/resources";
    const pyCreds = { accessKeyId: "AccessKey", secretAccessKey: "SecretKey" };
    const theirs = officialAuthorization({ endpoint, method: "GET", headers: py, queryParams: { size: "1" } }, pyCreds);
    expect(theirs).toContain("SignedHeaders=host;test_underscore;x-sdk-date,");
    const ours = await ourAuthorization({ method: "GET", url: new URL(`${endpoint}?size=1`), headers: new Headers(py), body: undefined }, pyCreds);
    expect(ours).toBe(
      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
    );
  });

  it("explicit default port: it signs host:443, but URL and fetch send Host without it", async () => {
    const theirs = officialAuthorization({ endpoint: "https://h.example.com:443/x", method: "GET", headers: { "X-Sdk-Date": SDK_DATE } });
    const sig = await computeSignature(
      { method: "GET", url: new URL("https://h.example.com/x"), headers: [["host", "h.example.com:443"], ["x-sdk-date", SDK_DATE]], payloadHash: await sha256Hex(""), sdkDate: SDK_DATE },
      CREDS.secretAccessKey,
    );
    expect(theirs).toBe(authorizationHeader(CREDS.accessKeyId, sig.signedHeaders, sig.signature));
    expect(await ourAuthorization(getRequest("https://h.example.com:443/x"))).toBe(await ourAuthorization(getRequest("https://h.example.com/x")));
    expect(await ourAuthorization(getRequest("https://h.example.com:443/x"))).not.toBe(theirs);
  });

  it("non-JSON, non-multipart content-type: it keeps content-type signed; ours leaves it out", async () => {
    // Both use UNSIGNED-PAYLOAD (BaseCredentials adds it for any non-JSON type). Ours treats every
    // non-JSON type like multipart, where the transport may rewrite the content-type.
    const theirs = officialAuthorization({
      endpoint: "https://h.example.com/x",
      method: "PUT",
      headers: { "X-Sdk-Date": SDK_DATE, "content-type": "application/octet-stream", "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD" },
    });
    expect(theirs).toContain("SignedHeaders=content-type;host;x-sdk-content-sha256;x-sdk-date,");
    const ours = await ourAuthorization({ ...getRequest("https://h.example.com/x", { "content-type": "application/octet-stream" }), method: "PUT" });
    expect(ours).toContain("SignedHeaders=host;x-sdk-content-sha256;x-sdk-date,");
  });

  it("body: it hashes JSON.stringify(data), so a pre-serialised string body is quoted again", async () => {
    // Ours hashes the exact bytes sent.
    const text = '{"a":1}';
    const theirs = officialAuthorization({ endpoint: "https://h.example.com/x", method: "POST", headers: { "X-Sdk-Date": SDK_DATE }, data: text });
    const req = (body: string): RequestToSign => ({ ...getRequest("https://h.example.com/x"), method: "POST", body: utf8.encode(body) });
    expect(await ourAuthorization(req(text))).toBe(
      officialAuthorization({ endpoint: "https://h.example.com/x", method: "POST", headers: { "X-Sdk-Date": SDK_DATE }, data: { a: 1 } }),
    );
    expect(theirs).toBe(await ourAuthorization(req(JSON.stringify(text))));
  });

  it("a lowercase x-sdk-date header is not found: it adds a second X-Sdk-Date and signs both", () => {
    // Official looks the date up under the exact key "X-Sdk-Date" (it then stamps the current
    // time, which this assertion does not depend on). Ours reads headers case-insensitively.
    const theirs = officialAuthorization({ endpoint: "https://h.example.com/x", method: "GET", headers: { "x-sdk-date": SDK_DATE } });
    expect(theirs).toContain("SignedHeaders=host;x-sdk-date;x-sdk-date,");
  });
});
