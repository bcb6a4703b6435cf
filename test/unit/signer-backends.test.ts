/**
 * The two hashing backends of the signer (src/core/auth/hashing.ts): node:crypto (synchronous,
 * used wherever the runtime has it) and Web Crypto (browsers). Both must give the official
 * vectors' signatures byte for byte, and Web Crypto imports the HMAC key once per secret.
 */
import { describe, it, expect } from "vitest";
import { defaultHashBackend, nodeCryptoBackend, webCryptoBackend, type HashBackend } from "../../src/core/auth/hashing.js";
import { EMPTY_BODY_SHA256, formatSdkDate, signRequest, type RequestToSign } from "../../src/core/auth/signer.js";

const utf8 = new TextEncoder();
const NOW = new Date("2024-05-06T07:08:09.123Z");

const node = nodeCryptoBackend();
const web = webCryptoBackend();

/** The Python SDK's published vectors (huawei-api-facts.md §6.4), through signRequest. */
const pyCreds = { accessKeyId: "AccessKey", secretAccessKey: "SecretKey" };
const pyRequest = (method: string, body: Uint8Array | undefined): RequestToSign => ({
  method,
  url: new URL("https://service.endpoint.myhuaweicloud.com/resources?size=1"),
  headers: new Headers({ "X-Sdk-Date": "20200608T023900Z", TEST_UNDERSCORE: "TEST_VALUE" }),
  body,
});
const vectors = [
  {
    name: "Python vector 1: GET",
    request: () => pyRequest("GET", undefined),
    signature: "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
  },
  {
    name: "Python vector 2: POST with a JSON body",
    request: () => pyRequest("POST", utf8.encode('{"name":"test","id":1}')),
    signature: "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f",
  },
];

function signatureOf(authorization: string | undefined): string {
  return /Signature=([0-9a-f]{64})$/.exec(authorization ?? "")?.[1] ?? "";
}

describe("hashing backends", () => {
  it("node:crypto is there in Node and is the default", () => {
    expect(node?.name).toBe("node:crypto");
    expect(defaultHashBackend().name).toBe("node:crypto");
  });

  it("node:crypto hashes synchronously (no promise per hash)", () => {
    expect(node!.sha256Hex("")).toBe(EMPTY_BODY_SHA256);
    expect(typeof node!.hmacSha256Hex("key", "message")).toBe("string");
  });

  it("is absent where the runtime has no node:crypto, so Web Crypto is used", () => {
    expect(nodeCryptoBackend(() => ({}))).toBeUndefined();
    expect(nodeCryptoBackend(() => undefined)).toBeUndefined();
    expect(
      nodeCryptoBackend(() => {
        throw new Error("no such module");
      }),
    ).toBeUndefined();
  });

  for (const backend of [node!, web]) {
    describe(backend.name, () => {
      for (const vector of vectors) {
        it(vector.name, async () => {
          const added = await signRequest(vector.request(), pyCreds, NOW, backend);
          expect(signatureOf(added["Authorization"])).toBe(vector.signature);
        });
      }
    });
  }

  it("both give the same hashes and HMACs, also for non-ASCII input and a long key", async () => {
    const inputs = ["", "a", "一 (&=?!#%.*)", "x".repeat(10_000)];
    const longKey = "k".repeat(200); // longer than the SHA-256 block: HMAC hashes it first
    for (const input of inputs) {
      expect(await web.sha256Hex(input)).toBe(node!.sha256Hex(input));
      expect(await web.sha256Hex(utf8.encode(input))).toBe(node!.sha256Hex(utf8.encode(input)));
      for (const key of ["SecretKey", "sk-Very/Secret+Key==", "ключ", longKey]) {
        expect(await web.hmacSha256Hex(key, input)).toBe(node!.hmacSha256Hex(key, input));
      }
    }
  });

  it("both give the same Authorization on a JSON POST with a security token and on a multipart upload", async () => {
    const creds = { accessKeyId: "AKID", secretAccessKey: "sk/+=", securityToken: "token-abc" };
    const requests = (): RequestToSign[] => [
      {
        method: "POST",
        url: new URL("https://ccm.example.com/v1/private-certificate-authorities/ca%2F1/activate"),
        headers: new Headers({ "content-type": "application/json", "x-domain-id": "d" }),
        body: utf8.encode('{"validity":{"type":"YEAR","value":1}}'),
      },
      {
        method: "PUT",
        url: new URL("https://bcs.example.com/v2/p/blockchains/b/orgs/o/usercert/u/freeze?x=1+2"),
        headers: new Headers({ "content-type": "multipart/form-data; boundary=x", "x-project-id": "p" }),
        body: utf8.encode("--x--"),
      },
    ];
    const [viaNode, viaWeb] = [requests(), requests()];
    for (let i = 0; i < viaNode.length; i++) {
      const a = await signRequest(viaNode[i]!, creds, NOW, node!);
      const b = await signRequest(viaWeb[i]!, creds, NOW, web);
      expect(b).toEqual(a);
    }
  });

  it("Web Crypto imports the HMAC key once per secret, and again after a failed import", async () => {
    const subtle = globalThis.crypto.subtle;
    let imports = 0;
    let failNext = false;
    const counting = {
      digest: subtle.digest.bind(subtle),
      sign: subtle.sign.bind(subtle),
      importKey: (...args: Parameters<SubtleCrypto["importKey"]>) => {
        imports++;
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error("import failed"));
        }
        return subtle.importKey(...args);
      },
    } as unknown as SubtleCrypto;
    const backend: HashBackend = webCryptoBackend(counting);
    const first = await backend.hmacSha256Hex("secret-1", "m");
    await backend.hmacSha256Hex("secret-1", "n");
    expect(await backend.hmacSha256Hex("secret-1", "m")).toBe(first);
    expect(imports).toBe(1);
    await backend.hmacSha256Hex("secret-2", "m");
    expect(imports).toBe(2);

    failNext = true;
    await expect(backend.hmacSha256Hex("secret-3", "m")).rejects.toThrow("import failed");
    await backend.hmacSha256Hex("secret-3", "m");
    expect(imports).toBe(4);
  });

  it("Web Crypto keeps a bounded number of keys: an old secret is imported again after many others", async () => {
    const subtle = globalThis.crypto.subtle;
    let imports = 0;
    const counting = {
      digest: subtle.digest.bind(subtle),
      sign: subtle.sign.bind(subtle),
      importKey: (...args: Parameters<SubtleCrypto["importKey"]>) => {
        imports++;
        return subtle.importKey(...args);
      },
    } as unknown as SubtleCrypto;
    const backend = webCryptoBackend(counting);
    for (let i = 0; i < 50; i++) await backend.hmacSha256Hex(`secret-${i}`, "m");
    expect(imports).toBe(50);
    await backend.hmacSha256Hex("secret-0", "m");
    expect(imports).toBe(51);
  });
});

describe("X-Sdk-Date formatting", () => {
  it("gives each second its own value, also when calls alternate between seconds", () => {
    const a = new Date("2024-05-06T07:08:09.001Z");
    const b = new Date("2024-05-06T07:08:10.999Z");
    expect(formatSdkDate(a)).toBe("20240506T070809Z");
    expect(formatSdkDate(new Date("2024-05-06T07:08:09.999Z"))).toBe("20240506T070809Z");
    expect(formatSdkDate(b)).toBe("20240506T070810Z");
    expect(formatSdkDate(a)).toBe("20240506T070809Z");
    expect(formatSdkDate(new Date("1999-12-31T23:59:59.500Z"))).toBe("19991231T235959Z");
  });

  it("refuses years outside 0000-9999", () => {
    expect(() => formatSdkDate(new Date("+010000-01-01T00:00:00Z"))).toThrow(RangeError);
    expect(() => formatSdkDate(new Date("-000001-01-01T00:00:00Z"))).toThrow(RangeError);
    expect(formatSdkDate(new Date("0000-01-01T00:00:00Z"))).toBe("00000101T000000Z");
  });
});

describe("canonical query string", () => {
  it("splits a query without '+' or '%' exactly as URLSearchParams does", async () => {
    const { canonicalQueryString } = await import("../../src/core/auth/signer.js");
    const viaForm = (search: string) => {
      const pairs = [...new URLSearchParams(search)];
      pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
      return pairs.map(([k, v]) => `${encodeURIComponent(k).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())}=${encodeURIComponent(v).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())}`).join("&");
    };
    for (const search of ["?a=1", "a=1&b", "?b=2&a=1&a=0", "?&&x=&=y&", "?k=v=w", "?é=ü&z=一", "?a==&a=&a", "?q=a/b:c@d;e,f"]) {
      expect(canonicalQueryString(search), search).toBe(viaForm(search));
    }
  });
});
