import { describe, it, expect } from "vitest";
import {
  EMPTY_BODY_SHA256,
  SIGNING_ALGORITHM,
  authorizationHeader,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  computeSignature,
  formatSdkDate,
  parseSdkDate,
  sha256Hex,
  signRequest,
  type AkSkCredentials,
  type RequestToSign,
} from "../../src/core/auth/signer.js";

const utf8 = new TextEncoder();
const NOW = new Date("2024-05-06T07:08:09.123Z");
const CREDS: AkSkCredentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "sk-Very/Secret+Key==" };

interface SignInit {
  method?: string;
  url: string | URL;
  headers?: HeadersInit;
  body?: Uint8Array | undefined;
}

function request(overrides: SignInit): RequestToSign {
  return {
    method: overrides.method ?? "GET",
    url: new URL(overrides.url),
    headers: new Headers(overrides.headers),
    body: overrides.body,
  };
}

function signedHeadersOf(authorization: string | undefined): string {
  return /SignedHeaders=([^,]+),/.exec(authorization ?? "")?.[1] ?? "";
}

/** The Authorization our lower-level function gives for an explicit header set. */
async function expectedAuthorization(
  req: RequestToSign,
  headers: Array<[string, string]>,
  payloadHash: string,
  sdkDate: string,
  creds: AkSkCredentials = CREDS,
): Promise<string> {
  const sig = await computeSignature({ method: req.method, url: req.url, headers, payloadHash, sdkDate }, creds.secretAccessKey);
  return authorizationHeader(creds.accessKeyId, sig.signedHeaders, sig.signature);
}

describe("official SDK-HMAC-SHA256 vectors (huawei-api-facts.md §6.4)", () => {
  const goSk = "SecretKey";
  const goDate = "20060102T150405Z";

  // Go signs only the headers in its map: x-sdk-date (TEST_UNDERSCORE is skipped, host is absent),
  // so these go through computeSignature with that exact header set.
  it("Go vector 1: GET /path?limit=1", async () => {
    const sig = await computeSignature(
      {
        method: "GET",
        url: new URL("https://example.huaweicloud.com/path?limit=1"),
        headers: [["X-Sdk-Date", goDate]],
        payloadHash: await sha256Hex(""),
        sdkDate: goDate,
      },
      goSk,
    );
    expect(sig.canonicalRequest).toBe(`GET\n/path/\nlimit=1\nx-sdk-date:${goDate}\n\nx-sdk-date\n${EMPTY_BODY_SHA256}`);
    expect(authorizationHeader("AccessKey", sig.signedHeaders, sig.signature)).toBe(
      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
    );
  });

  it("Go vector 2: POST /path?key=value, body with Go's trailing newline", async () => {
    const sign = async (body: string) =>
      computeSignature(
        {
          method: "POST",
          url: new URL("https://example.huaweicloud.com/path?key=value"),
          headers: [["X-Sdk-Date", goDate]],
          payloadHash: await sha256Hex(utf8.encode(body)),
          sdkDate: goDate,
        },
        goSk,
      );
    const sig = await sign('{"Name":"test","Id":1}\n');
    expect(authorizationHeader("AccessKey", sig.signedHeaders, sig.signature)).toBe(
      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
    );
    expect((await sign('{"Name":"test","Id":1}')).signature.startsWith("83599e52")).toBe(true);
  });

  it("Go/Python canonical query vector 4", () => {
    const q = new URLSearchParams();
    q.append("limit", "1");
    q.append("multi", "3");
    q.append("enable", "true");
    q.append("test", "一 (&=?!#%.*)");
    q.append("multi", "1");
    q.append("path", "/tmp/123");
    q.append("multi", "2");
    expect(canonicalQueryString(q.toString())).toBe(
      "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29",
    );
  });

  const pyCreds: AkSkCredentials = { accessKeyId: "AccessKey", secretAccessKey: "SecretKey" };
  const pyRequest = (method: string, body: Uint8Array | undefined) =>
    request({
      method,
      url: "https://service.endpoint.myhuaweicloud.com/resources?size=1",
      // TEST_UNDERSCORE is in the published request and, as in Python, stays unsigned.
      headers: { "X-Sdk-Date": "20200608T023900Z", TEST_UNDERSCORE: "TEST_VALUE" },
      body,
    });

  it("Python vector 1 through signRequest: GET, host;x-sdk-date", async () => {
    const added = await signRequest(pyRequest("GET", undefined), pyCreds, NOW);
    expect(added).toEqual({
      "X-Sdk-Date": "20200608T023900Z",
      Authorization:
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
    });
    const sig = await computeSignature(
      {
        method: "GET",
        url: new URL("https://service.endpoint.myhuaweicloud.com/resources?size=1"),
        headers: [["host", "service.endpoint.myhuaweicloud.com"], ["x-sdk-date", "20200608T023900Z"]],
        payloadHash: EMPTY_BODY_SHA256,
        sdkDate: "20200608T023900Z",
      },
      "SecretKey",
    );
    expect(sig.canonicalRequest).toBe(
      `GET\n/resources/\nsize=1\nhost:service.endpoint.myhuaweicloud.com\nx-sdk-date:20200608T023900Z\n\nhost;x-sdk-date\n${EMPTY_BODY_SHA256}`,
    );
    expect(sig.stringToSign).toBe(
      "SDK-HMAC-SHA256\n20200608T023900Z\nde94dd1e1ccdb730b403ce35d7e14f7c7b04337f6def1c3a3a2ba936852b133f",
    );
  });

  it("Python vector 2 through signRequest: POST with a JSON body", async () => {
    const body = utf8.encode('{"name":"test","id":1}');
    expect(await sha256Hex(body)).toBe("8ed555081b9961769014bc1182c629bb0fe68d7b01c1fc1caab4dc791f377e8c");
    const added = await signRequest(pyRequest("POST", body), pyCreds, NOW);
    expect(added["Authorization"]).toBe(
      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f",
    );
  });
});

describe("X-Sdk-Date", () => {
  it("formats a Date as YYYYMMDDTHHMMSSZ in UTC", () => {
    expect(formatSdkDate(NOW)).toBe("20240506T070809Z");
    expect(formatSdkDate(new Date(Date.UTC(2020, 5, 8, 2, 39, 0)))).toBe("20200608T023900Z");
    expect(() => formatSdkDate(new Date(Number.NaN))).toThrow(TypeError);
  });

  it("parses only real YYYYMMDDTHHMMSSZ instants", () => {
    expect(parseSdkDate("20200608T023900Z")?.toISOString()).toBe("2020-06-08T02:39:00.000Z");
    for (const bad of ["20200230T000000Z", "20200608T023900", "2020-06-08T02:39:00Z", "20200608T246000Z"]) {
      expect(parseSdkDate(bad)).toBeUndefined();
    }
  });

  it("is formatted from `now` when absent", async () => {
    const added = await signRequest(request({ url: "https://h.example.com/x" }), CREDS, NOW);
    expect(added["X-Sdk-Date"]).toBe("20240506T070809Z");
  });

  it("is reused when the request already carries it", async () => {
    const req = request({ url: "https://h.example.com/x", headers: { "x-sdk-date": "20200101T000000Z" } });
    const added = await signRequest(req, CREDS, NOW);
    expect(added["X-Sdk-Date"]).toBe("20200101T000000Z");
    expect(added["Authorization"]).toBe(
      await expectedAuthorization(req, [["host", "h.example.com"], ["x-sdk-date", "20200101T000000Z"]], EMPTY_BODY_SHA256, "20200101T000000Z"),
    );
  });

  it("rejects a malformed X-Sdk-Date on the request", async () => {
    const req = request({ url: "https://h.example.com/x", headers: { "X-Sdk-Date": "2020-01-01" } });
    await expect(signRequest(req, CREDS, NOW)).rejects.toThrow(/X-Sdk-Date/);
  });
});

describe("canonical URI", () => {
  it("appends a trailing slash, keeps an existing one, and maps an empty path to /", () => {
    expect(canonicalUri("/v2/certs")).toBe("/v2/certs/");
    expect(canonicalUri("/v2/certs/")).toBe("/v2/certs/");
    expect(canonicalUri("/")).toBe("/");
    expect(canonicalUri("")).toBe("/");
    expect(canonicalUri(new URL("https://h.example.com").pathname)).toBe("/");
  });

  it("keeps unreserved characters and encodes reserved ones as uppercase %XX", () => {
    expect(canonicalUri("/a-b_c.d~e/AZaz09")).toBe("/a-b_c.d~e/AZaz09/");
    expect(canonicalUri("/!*'();:@&=+$,[]")).toBe("/%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%5B%5D/");
  });

  it("encodes unicode as UTF-8 bytes, whether raw or already percent-encoded", () => {
    expect(canonicalUri("/证书/é/😀")).toBe("/%E8%AF%81%E4%B9%A6/%C3%A9/%F0%9F%98%80/");
    expect(canonicalUri(new URL("https://h.example.com/证书/é").pathname)).toBe("/%E8%AF%81%E4%B9%A6/%C3%A9/");
    expect(canonicalUri("/%c3%a9")).toBe("/%C3%A9/");
  });

  it("decodes each segment first: an encoded '/', '%' or space stays inside its segment", () => {
    expect(canonicalUri("/users/a%2Fb")).toBe("/users/a%2Fb/");
    expect(canonicalUri("/users/100%25")).toBe("/users/100%25/");
    expect(canonicalUri("/a%20b")).toBe(canonicalUri("/a b"));
    // A "%" without two hex digits is a literal percent sign.
    expect(canonicalUri("/a%zz/%")).toBe("/a%25zz/%25/");
  });
});

describe("canonical query string", () => {
  it("is empty without a query, with or without '?'", () => {
    expect(canonicalQueryString("")).toBe("");
    expect(canonicalQueryString("?")).toBe("");
    expect(canonicalQueryString("?b=2&a=1")).toBe(canonicalQueryString("b=2&a=1"));
  });

  it("sorts keys by UTF-16 code unit, not by locale", () => {
    expect(canonicalQueryString("b=1&a=2&B=3&_=4&~=5")).toBe("B=3&_=4&a=2&b=1&~=5");
  });

  it("emits one pair per value of a multi-valued key, values sorted", () => {
    expect(canonicalQueryString("tag=z&limit=10&tag=a&tag=m")).toBe("limit=10&tag=a&tag=m&tag=z");
  });

  it("decodes the wire form and re-encodes key and value with the URI encoder", () => {
    expect(canonicalQueryString("name=%E8%AF%81%20x&k%26=v%3D")).toBe("k%26=v%3D&name=%E8%AF%81%20x");
    expect(canonicalQueryString("flag&empty=")).toBe("empty=&flag=");
  });

  it("reads '+' as a space (form semantics), so a literal plus must be sent as %2B", () => {
    expect(canonicalQueryString("q=a+b")).toBe("q=a%20b");
    expect(canonicalQueryString("q=a%2Bb")).toBe("q=a%2Bb");
    const params = new URLSearchParams({ q: "a b+c" });
    expect(canonicalQueryString(params.toString())).toBe("q=a%20b%2Bc");
  });
});

describe("canonical headers", () => {
  it("lowercases names, sorts them, trims values, and lists SignedHeaders ';'-joined", () => {
    const { canonicalRequest: text, signedHeaders } = canonicalRequest({
      method: "get",
      url: new URL("https://h.example.com/x"),
      headers: [
        ["X-Project-Id", "  p1 \t"],
        ["Content-Type", "application/json"],
        ["host", "h.example.com"],
        ["X-Sdk-Date", "20200101T000000Z"],
      ],
      payloadHash: EMPTY_BODY_SHA256,
    });
    expect(signedHeaders).toBe("content-type;host;x-project-id;x-sdk-date");
    expect(text).toBe(
      [
        "GET",
        "/x/",
        "",
        "content-type:application/json\nhost:h.example.com\nx-project-id:p1\nx-sdk-date:20200101T000000Z\n",
        "content-type;host;x-project-id;x-sdk-date",
        EMPTY_BODY_SHA256,
      ].join("\n"),
    );
  });

  it("rejects the same header given twice in different case", () => {
    expect(() =>
      canonicalRequest({
        method: "GET",
        url: new URL("https://h.example.com/"),
        headers: [["X-A", "1"], ["x-a", "2"]],
        payloadHash: EMPTY_BODY_SHA256,
      }),
    ).toThrow(/x-a/);
  });

  it("signs the method uppercased", async () => {
    const lower = await signRequest(request({ method: "post", url: "https://h.example.com/x" }), CREDS, NOW);
    const upper = await signRequest(request({ method: "POST", url: "https://h.example.com/x" }), CREDS, NOW);
    expect(lower).toEqual(upper);
  });
});

describe("signRequest: which headers are signed", () => {
  it("signs every request header plus host (url.host incl. a non-default port), but does not return host", async () => {
    const req = request({
      url: "https://ccm.example.com:8443/v1/private-cas?limit=2",
      headers: { "X-Project-Id": "p1", "Content-Type": "application/json" },
    });
    const added = await signRequest(req, CREDS, NOW);
    expect(Object.keys(added).sort()).toEqual(["Authorization", "X-Sdk-Date"]);
    expect(added["Authorization"]).toBe(
      await expectedAuthorization(
        req,
        [["content-type", "application/json"], ["host", "ccm.example.com:8443"], ["x-project-id", "p1"], ["x-sdk-date", "20240506T070809Z"]],
        EMPTY_BODY_SHA256,
        "20240506T070809Z",
      ),
    );
  });

  it("signs the host without a default port, as URL and fetch send it", async () => {
    const added = await signRequest(request({ url: "https://h.example.com:443/x" }), CREDS, NOW);
    const req = request({ url: "https://h.example.com/x" });
    expect(added["Authorization"]).toBe(
      await expectedAuthorization(req, [["host", "h.example.com"], ["x-sdk-date", "20240506T070809Z"]], EMPTY_BODY_SHA256, "20240506T070809Z"),
    );
  });

  it("rejects a Host header that differs from the URL host", async () => {
    const req = request({ url: "https://h.example.com/x", headers: { Host: "other.example.com" } });
    await expect(signRequest(req, CREDS, NOW)).rejects.toThrow(/Host/);
  });

  it("leaves names with '_' and a stale Authorization unsigned", async () => {
    const req = request({ url: "https://h.example.com/x", headers: { X_Custom: "1", Authorization: "old" } });
    const added = await signRequest(req, CREDS, NOW);
    expect(signedHeadersOf(added["Authorization"])).toBe("host;x-sdk-date");
  });

  it("adds and signs X-Security-Token for temporary credentials", async () => {
    const creds: AkSkCredentials = { ...CREDS, securityToken: "token-ABC.def" };
    const req = request({ url: "https://h.example.com/x" });
    const added = await signRequest(req, creds, NOW);
    expect(added["X-Security-Token"]).toBe("token-ABC.def");
    expect(added["Authorization"]).toBe(
      await expectedAuthorization(
        req,
        [["host", "h.example.com"], ["x-sdk-date", "20240506T070809Z"], ["x-security-token", "token-ABC.def"]],
        EMPTY_BODY_SHA256,
        "20240506T070809Z",
      ),
    );
  });

  it("never mutates the request", async () => {
    const req = request({ method: "POST", url: "https://h.example.com/x", headers: { "content-type": "multipart/form-data; boundary=b" }, body: utf8.encode("x") });
    const before = [...req.headers];
    await signRequest(req, { ...CREDS, securityToken: "t" }, NOW);
    expect([...req.headers]).toEqual(before);
    expect(req.url.href).toBe("https://h.example.com/x");
  });
});

describe("signRequest: payload hash", () => {
  it("hashes the exact JSON body bytes and signs content-type", async () => {
    const body = utf8.encode('{"cert_type":"user"}');
    const req = request({ method: "POST", url: "https://h.example.com/x", headers: { "Content-Type": "application/json;charset=UTF-8" }, body });
    const added = await signRequest(req, CREDS, NOW);
    expect(added["X-Sdk-Content-Sha256"]).toBeUndefined();
    expect(added["Authorization"]).toBe(
      await expectedAuthorization(
        req,
        [["content-type", "application/json;charset=UTF-8"], ["host", "h.example.com"], ["x-sdk-date", "20240506T070809Z"]],
        await sha256Hex(body),
        "20240506T070809Z",
      ),
    );
  });

  it("uses the empty-string hash without a body", async () => {
    expect(await sha256Hex(new Uint8Array(0))).toBe(EMPTY_BODY_SHA256);
    const req = request({ method: "DELETE", url: "https://h.example.com/x" });
    const added = await signRequest(req, CREDS, NOW);
    expect(added["Authorization"]).toBe(
      await expectedAuthorization(req, [["host", "h.example.com"], ["x-sdk-date", "20240506T070809Z"]], EMPTY_BODY_SHA256, "20240506T070809Z"),
    );
  });

  it("multipart: UNSIGNED-PAYLOAD, content-type unsigned, the body not covered", async () => {
    const make = (body: string) =>
      request({ method: "POST", url: "https://h.example.com/freeze", headers: { "Content-Type": "multipart/form-data; boundary=abc" }, body: utf8.encode(body) });
    const added = await signRequest(make("--abc\r\n...one"), CREDS, NOW);
    expect(added["X-Sdk-Content-Sha256"]).toBe("UNSIGNED-PAYLOAD");
    expect(signedHeadersOf(added["Authorization"])).toBe("host;x-sdk-content-sha256;x-sdk-date");
    expect(added["Authorization"]).toBe(
      await expectedAuthorization(
        make(""),
        [["host", "h.example.com"], ["x-sdk-content-sha256", "UNSIGNED-PAYLOAD"], ["x-sdk-date", "20240506T070809Z"]],
        "UNSIGNED-PAYLOAD",
        "20240506T070809Z",
      ),
    );
    expect(await signRequest(make("--abc\r\n...two"), CREDS, NOW)).toEqual(added);
  });

  it("honours a caller-set X-Sdk-Content-Sha256 on a JSON request as the payload hash", async () => {
    const req = request({ method: "POST", url: "https://h.example.com/x", headers: { "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD" }, body: utf8.encode("{}") });
    const added = await signRequest(req, CREDS, NOW);
    expect(added["Authorization"]).toBe(
      await expectedAuthorization(
        req,
        [["host", "h.example.com"], ["x-sdk-content-sha256", "UNSIGNED-PAYLOAD"], ["x-sdk-date", "20240506T070809Z"]],
        "UNSIGNED-PAYLOAD",
        "20240506T070809Z",
      ),
    );
  });
});

describe("secrets", () => {
  const secretCreds: AkSkCredentials = { accessKeyId: "AK0123", secretAccessKey: "SUPER-secret-key-42", securityToken: "TOKEN-very-private" };

  it("only the AK appears in Authorization; the SK nowhere; the token only as X-Security-Token", async () => {
    const added = await signRequest(request({ url: "https://h.example.com/x" }), secretCreds, NOW);
    const text = JSON.stringify(added);
    expect(text).not.toContain(secretCreds.secretAccessKey);
    expect(added["Authorization"]).toMatch(new RegExp(`^${SIGNING_ALGORITHM} Access=AK0123, SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$`));
    const { ["X-Security-Token"]: token, ...rest } = added;
    expect(token).toBe(secretCreds.securityToken);
    expect(JSON.stringify(rest)).not.toContain("TOKEN-very-private");
  });

  it("names the bad field in errors but never its value", async () => {
    const req = request({ url: "https://h.example.com/x" });
    const cases: AkSkCredentials[] = [
      { accessKeyId: "", secretAccessKey: "SUPER-secret-key-42" },
      { accessKeyId: "AK 1", secretAccessKey: "SUPER-secret-key-42" },
      { accessKeyId: "AK1", secretAccessKey: "" },
      { accessKeyId: "AK1", secretAccessKey: "SUPER-secret-key-42", securityToken: " TOKEN-very-private\n" },
    ];
    for (const creds of cases) {
      const error: unknown = await signRequest(req, creds, NOW).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TypeError);
      const message = (error as Error).message;
      expect(message).not.toContain("SUPER-secret-key-42");
      expect(message).not.toContain("TOKEN-very-private");
    }
  });
});
