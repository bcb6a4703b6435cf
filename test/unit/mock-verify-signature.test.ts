/**
 * The mock gateway's signature check (src/testing/verify-signature.ts), at the edges the tamper
 * tests (signature-tamper.test.ts) leave: repeated SignedHeaders, an empty secret, a declared
 * body hash that matches, a malformed header with the right algorithm.
 */
import { describe, expect, it } from "vitest";
import { sha256Hex, signRequest } from "../../src/core/auth/signer.js";
import { verifySignature, type ReceivedRequest } from "../../src/testing/verify-signature.js";

const NOW = new Date("2026-05-06T07:08:09Z");
const AK = "AK-EDGES";
const SK = "sk-edges";
const lookup = (ak: string) => (ak === AK ? SK : undefined);

async function signed(headers: Record<string, string>, body?: string): Promise<ReceivedRequest> {
  const request = { method: "POST", url: new URL("https://bcs.example.test/v3/p/certificates?x=1"), headers: new Headers(headers), body: body === undefined ? undefined : new TextEncoder().encode(body) };
  const added = await signRequest(request, { accessKeyId: AK, secretAccessKey: SK }, NOW);
  const all = new Headers(request.headers);
  for (const [name, value] of Object.entries(added)) all.set(name, value);
  return { ...request, headers: all };
}

function withAuthorization(req: ReceivedRequest, change: (value: string) => string): ReceivedRequest {
  const headers = new Headers(req.headers);
  headers.set("authorization", change(headers.get("authorization")!));
  return { ...req, headers };
}

describe("verifySignature edges", () => {
  it("accepts a request that declares the body's true SHA-256", async () => {
    const body = '{"a":1}';
    const req = await signed({ "content-type": "application/json", "x-sdk-content-sha256": await sha256Hex(body) }, body);
    expect(await verifySignature(req, lookup, NOW)).toEqual({ ok: true, accessKeyId: AK });
  });

  it("refuses SignedHeaders that repeat a name", async () => {
    const req = await signed({ "content-type": "application/json" }, "{}");
    const repeated = withAuthorization(req, (v) => v.replace("SignedHeaders=", "SignedHeaders=content-type;"));
    expect(repeated.headers.get("authorization")).toContain("SignedHeaders=content-type;content-type;");
    expect(await verifySignature(repeated, lookup, NOW)).toEqual({ ok: false, reason: "malformed SignedHeaders" });
  });

  it("refuses an access key whose secret is empty as unknown", async () => {
    const req = await signed({ "content-type": "application/json" }, "{}");
    expect(await verifySignature(req, () => "", NOW)).toEqual({ ok: false, reason: "unknown access key" });
  });

  it.each([
    ["a signature of the wrong length", (v: string) => v.replace(/Signature=([0-9a-f]+)/, "Signature=$1ab")],
    ["no SignedHeaders", (v: string) => v.replace(/ SignedHeaders=[^,]+,/, "")],
    ["nothing after the algorithm", () => "SDK-HMAC-SHA256"],
  ])("refuses %s as a malformed Authorization header", async (_name, change) => {
    const req = withAuthorization(await signed({}), change);
    expect(await verifySignature(req, lookup, NOW)).toEqual({ ok: false, reason: "malformed Authorization header" });
  });
});
