import { describe, it, expect } from "vitest";
import { signRequest, type AkSkCredentials } from "../../src/core/auth/signer.js";
import { verifySignature, type ReceivedRequest } from "../../src/testing/verify-signature.js";

const utf8 = new TextEncoder();
const NOW = new Date("2024-05-06T07:08:09Z");
const CREDS: AkSkCredentials = { accessKeyId: "AK-TAMPER", secretAccessKey: "sk-tamper-secret", securityToken: "tok-1" };
const lookup = (ak: string) => (ak === CREDS.accessKeyId ? CREDS.secretAccessKey : undefined);
const MINUTE = 60_000;

/** A request as the gateway receives it: the original headers plus the ones signRequest added. */
async function signed(
  init: { method?: string; url?: string; headers?: Record<string, string>; body?: string } = {},
  creds: AkSkCredentials = CREDS,
): Promise<ReceivedRequest> {
  const request = {
    method: init.method ?? "POST",
    url: new URL(init.url ?? "https://pca.example.com:8443/v1/private-certificate-authorities/ca-1/activate?x=1&y=a%20b"),
    headers: new Headers(init.headers ?? { "Content-Type": "application/json", "X-Project-Id": "proj-1" }),
    body: init.body === undefined ? undefined : utf8.encode(init.body),
  };
  const added = await signRequest(request, creds, NOW);
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(added)) headers.set(name, value);
  return { ...request, headers };
}

function withHeader(req: ReceivedRequest, name: string, value: string): ReceivedRequest {
  const headers = new Headers(req.headers);
  headers.set(name, value);
  return { ...req, headers };
}

async function reasonFor(req: ReceivedRequest, now: Date = NOW): Promise<string | undefined> {
  const verdict = await verifySignature(req, lookup, now);
  return verdict.ok ? undefined : verdict.reason;
}

describe("verifySignature against signRequest", () => {
  it("accepts an untouched signed request", async () => {
    const req = await signed({ body: '{"validity":{"type":"YEAR","value":1}}' });
    expect(await verifySignature(req, lookup, NOW)).toEqual({ ok: true, accessKeyId: "AK-TAMPER" });
  });

  it("rejects a tampered method", async () => {
    const req = await signed({ body: "{}" });
    expect(await reasonFor({ ...req, method: "PUT" })).toBe("signature mismatch");
  });

  it("rejects a tampered path", async () => {
    const req = await signed({ body: "{}" });
    const url = new URL(req.url);
    url.pathname = url.pathname.replace("ca-1", "ca-2");
    expect(await reasonFor({ ...req, url })).toBe("signature mismatch");
  });

  it("rejects a tampered query", async () => {
    const req = await signed({ body: "{}" });
    const url = new URL(req.url);
    url.searchParams.set("x", "2");
    expect(await reasonFor({ ...req, url })).toBe("signature mismatch");
  });

  it("rejects a tampered signed header value", async () => {
    const req = await signed({ body: "{}" });
    expect(await reasonFor(withHeader(req, "X-Project-Id", "proj-2"))).toBe("signature mismatch");
    expect(await reasonFor(withHeader(req, "X-Security-Token", "tok-2"))).toBe("signature mismatch");
    expect(await reasonFor(withHeader(req, "Host", "evil.example.com"))).toBe("signature mismatch");
  });

  it("rejects a removed signed header", async () => {
    const req = await signed({ body: "{}" });
    const headers = new Headers(req.headers);
    headers.delete("X-Project-Id");
    expect(await reasonFor({ ...req, headers })).toMatch(/x-project-id is missing/);
  });

  it("rejects a tampered body", async () => {
    const req = await signed({ body: '{"reason":"KEY_COMPROMISE"}' });
    expect(await reasonFor({ ...req, body: utf8.encode('{"reason":"UNSPECIFIED"}') })).toBe("signature mismatch");
    expect(await reasonFor({ ...req, body: undefined })).toBe("signature mismatch");
  });

  it("rejects an X-Sdk-Date outside ±15 minutes, accepts it at the edge", async () => {
    const req = await signed({ body: "{}" });
    expect(await reasonFor(req, new Date(NOW.getTime() + 15 * MINUTE))).toBeUndefined();
    expect(await reasonFor(req, new Date(NOW.getTime() - 15 * MINUTE))).toBeUndefined();
    expect(await reasonFor(req, new Date(NOW.getTime() + 15 * MINUTE + 1000))).toMatch(/X-Sdk-Date/);
    expect(await reasonFor(req, new Date(NOW.getTime() - 16 * MINUTE))).toMatch(/X-Sdk-Date/);
  });

  it("rejects a re-dated request (X-Sdk-Date is in the string to sign)", async () => {
    const req = await signed({ body: "{}" });
    expect(await reasonFor(withHeader(req, "X-Sdk-Date", "20240506T070810Z"))).toBe("signature mismatch");
  });

  it("rejects a missing or malformed X-Sdk-Date", async () => {
    const req = await signed({ body: "{}" });
    const headers = new Headers(req.headers);
    headers.delete("X-Sdk-Date");
    expect(await reasonFor({ ...req, headers })).toBe("missing X-Sdk-Date header");
    expect(await reasonFor(withHeader(req, "X-Sdk-Date", "2024-05-06T07:08:09Z"))).toBe("malformed X-Sdk-Date header");
  });

  it("rejects a signature made with the wrong SK, and an unknown AK", async () => {
    const wrongSk = await signed({ body: "{}" }, { ...CREDS, secretAccessKey: "not-the-secret" });
    expect(await reasonFor(wrongSk)).toBe("signature mismatch");
    const unknownAk = await signed({ body: "{}" }, { ...CREDS, accessKeyId: "AK-OTHER" });
    expect(await reasonFor(unknownAk)).toBe("unknown access key");
  });

  it("rejects a missing, malformed or other-algorithm Authorization", async () => {
    const req = await signed({ body: "{}" });
    const auth = req.headers.get("Authorization") ?? "";
    const headers = new Headers(req.headers);
    headers.delete("Authorization");
    expect(await reasonFor({ ...req, headers })).toBe("missing Authorization header");
    expect(await reasonFor(withHeader(req, "Authorization", auth.replace("SDK-HMAC-SHA256", "V11-HMAC-SHA256")))).toBe(
      "unsupported signing algorithm",
    );
    expect(await reasonFor(withHeader(req, "Authorization", auth.replace(", Signature=", ",Signature=")))).toBe(
      "malformed Authorization header",
    );
    expect(await reasonFor(withHeader(req, "Authorization", auth.replace("SignedHeaders=", "SignedHeaders=zz;")))).toBe(
      "malformed SignedHeaders",
    );
  });

  it("still accepts the request when an unsigned header is added (e.g. User-Agent by fetch)", async () => {
    const req = await signed({ body: "{}" });
    expect(await reasonFor(withHeader(withHeader(req, "User-Agent", "undici"), "Accept", "*/*"))).toBeUndefined();
  });

  it("multipart: accepts any body under UNSIGNED-PAYLOAD and a content-type with a new boundary", async () => {
    const req = await signed({ headers: { "Content-Type": "multipart/form-data; boundary=one" }, body: "--one\r\n" });
    expect(req.headers.get("X-Sdk-Content-Sha256")).toBe("UNSIGNED-PAYLOAD");
    const refetched = withHeader({ ...req, body: utf8.encode("--two\r\n") }, "Content-Type", "multipart/form-data; boundary=two");
    expect(await reasonFor(refetched)).toBeUndefined();
    // X-Sdk-Content-Sha256 is itself signed, so it cannot be dropped to make the gateway hash the body.
    const headers = new Headers(req.headers);
    headers.delete("X-Sdk-Content-Sha256");
    expect(await reasonFor({ ...req, headers })).toBe("signed header x-sdk-content-sha256 is missing");
  });

  it("rejects an X-Sdk-Content-Sha256 that does not match the body", async () => {
    const req = await signed({ body: "{}" });
    expect(await reasonFor(withHeader(req, "X-Sdk-Content-Sha256", "0".repeat(64)))).toBe(
      "X-Sdk-Content-Sha256 does not match the body",
    );
  });

  it("gives reasons without secrets", async () => {
    const wrongSk = await signed({ body: "{}" }, { ...CREDS, secretAccessKey: "not-the-secret" });
    const reason = (await reasonFor(wrongSk)) ?? "";
    for (const secret of [CREDS.secretAccessKey, "not-the-secret", "tok-1"]) expect(reason).not.toContain(secret);
  });

  it("rejects a signature that does not cover X-Sdk-Date (the date could be replaced)", async () => {
    const req = await signed({ body: "{}" });
    const auth = req.headers.get("authorization")!;
    const withoutDate = auth.replace(/SignedHeaders=([^,]+)/, (_m, list: string) =>
      `SignedHeaders=${list.split(";").filter((h) => h !== "x-sdk-date").join(";")}`,
    );
    expect(await reasonFor(withHeader(req, "authorization", withoutDate))).toBe("X-Sdk-Date is not a signed header");
  });

  it("rejects UNSIGNED-PAYLOAD on a JSON body", async () => {
    const req = await signed({ body: '{"reason":"KEY_COMPROMISE"}' });
    expect(await reasonFor(withHeader(req, "x-sdk-content-sha256", "UNSIGNED-PAYLOAD"))).toBe(
      "a JSON body must be signed, not UNSIGNED-PAYLOAD",
    );
  });
});
