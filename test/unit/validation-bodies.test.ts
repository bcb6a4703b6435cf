/**
 * What reaches the wire for bodies: uploads for freeze and unfreeze (forms, limits, the zip
 * check) and the JSON bodies of activate, revoke and generate.
 */
import { describe, expect, it } from "vitest";
import { operations as bcsOperations } from "../../generated/bcs.operations.js";
import { bytesResponse, decode, zipBytes, CA_ID, activation } from "./support/fakes.js";
import {
  asUpload,
  expectValidationError,
  bcs,
  pca,
} from "./support/operation-walker.js";

describe("uploads for freeze and unfreeze", () => {
  const maxBytes = bcsOperations.freezeUserCertificate.requestBody!.schema.properties!.file!["x-max-bytes"]!;

  for (const operation of ["freezeUserCertificate", "unfreezeUserCertificate"] as const) {
    it.each(["Uint8Array", "ArrayBuffer", "Blob"] as const)(`${operation} sends a %s as the file part file.zip`, async (form) => {
      const { client, fetch } = bcs();
      const bytes = zipBytes(100);
      bytes[50] = 7;
      const result = await client[operation]({ blockchain_id: "b", org_name: "o", user_name: "alice", file: asUpload(bytes, form) });
      expect(result).toEqual({ result: "ok", requestId: "r1" });
      expect(fetch.calls).toHaveLength(1);
      const call = fetch.calls[0]!;
      expect(call.method).toBe("POST");
      const contentType = call.headers.get("content-type") ?? "";
      expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
      const text = decode(call.body);
      expect(text).toMatch(/Content-Disposition: form-data; name="file"; filename="file\.zip"/);
      expect(text).toMatch(/Content-Type: application\/zip/);
      const formData = await new Response(call.body, { headers: { "content-type": contentType } }).formData();
      expect([...formData.keys()]).toEqual(["file"]);
      const file = formData.get("file") as File;
      expect(file.name).toBe("file.zip");
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    });

    it(`${operation} sends only the bytes of a Uint8Array view`, async () => {
      const { client, fetch } = bcs();
      const backing = new Uint8Array(200).fill(9);
      backing.set([0x50, 0x4b, 0x03, 0x04], 10);
      const view = backing.subarray(10, 60);
      await client[operation]({ blockchain_id: "b", org_name: "o", user_name: "alice", file: view });
      const contentType = fetch.calls[0]!.headers.get("content-type")!;
      const formData = await new Response(fetch.calls[0]!.body, { headers: { "content-type": contentType } }).formData();
      expect(new Uint8Array(await (formData.get("file") as File).arrayBuffer())).toEqual(new Uint8Array(view));
    });

    it(`${operation} rejects more than x-max-bytes and non-zip content before I/O`, async () => {
      for (const form of ["Uint8Array", "ArrayBuffer", "Blob"] as const) {
        const big = bcs();
        await expectValidationError(
          big.client[operation]({ blockchain_id: "b", org_name: "o", user_name: "alice", file: asUpload(zipBytes(maxBytes + 1), form) }),
          big.fetch,
          { parameter: "file", rule: "x-max-bytes" },
        );
        const notZip = bcs();
        await expectValidationError(
          notZip.client[operation]({ blockchain_id: "b", org_name: "o", user_name: "alice", file: asUpload(new TextEncoder().encode("hello"), form) }),
          notZip.fetch,
          { parameter: "file", rule: "zip" },
        );
      }
    });
  }

  it("x-max-bytes is the page's \"less than 30 KB\": at most 30719 bytes", () => {
    expect(maxBytes).toBe(30 * 1024 - 1);
  });
});

describe("bodies", () => {
  it("start_from accepts a Date and sends epoch milliseconds", async () => {
    const { client, fetch } = pca();
    const start = new Date(Date.UTC(2030, 5, 1, 12, 30, 15, 250));
    await client.activateCertificateAuthority({ ...activation, validity: { ...activation.validity, start_from: start } });
    const body = JSON.parse(decode(fetch.calls[0]!.body));
    expect(body.validity.start_from).toBe(start.getTime());
    expect(body.validity).toEqual({ type: "YEAR", value: 1, start_from: 1906547415250 });
  });

  it("start_from accepts a number and sends it as given", async () => {
    const { client, fetch } = pca();
    await client.activateCertificateAuthority({ ...activation, validity: { ...activation.validity, start_from: 1_900_000_000_000 } });
    expect(JSON.parse(decode(fetch.calls[0]!.body)).validity.start_from).toBe(1_900_000_000_000);
  });

  it("start_from rejects an invalid Date before I/O", async () => {
    const { client, fetch } = pca();
    await expectValidationError(
      client.activateCertificateAuthority({ ...activation, validity: { ...activation.validity, start_from: new Date(Number.NaN) } }),
      fetch,
      { parameter: "validity.start_from", rule: "date" },
    );
  });

  it("activate sends exactly the given members as JSON", async () => {
    const { client, fetch } = pca();
    const result = await client.activateCertificateAuthority(activation);
    expect(result).toEqual({ requestId: "r1" });
    const call = fetch.calls[0]!;
    expect(call.url.pathname).toBe(`/v1/private-certificate-authorities/${CA_ID}/activate`);
    expect(call.headers.get("content-type")).toBe("application/json");
    const { ca_id: _, ...body } = activation;
    expect(JSON.parse(decode(call.body))).toEqual(body);
  });

  it.each([[{ ca_id: CA_ID }], [{ ca_id: CA_ID, reason: undefined }]])("revoke without a reason sends exactly {} (%j)", async (input) => {
    const { client, fetch } = pca();
    await client.revokeCertificateAuthority(input as { ca_id: string });
    expect(decode(fetch.calls[0]!.body)).toBe("{}");
    expect(fetch.calls[0]!.headers.get("content-type")).toBe("application/json");
  });

  it("revoke with a reason sends it", async () => {
    const { client, fetch } = pca();
    await client.revokeCertificateAuthority({ ca_id: CA_ID, reason: "KEY_COMPROMISE" });
    expect(decode(fetch.calls[0]!.body)).toBe('{"reason":"KEY_COMPROMISE"}');
  });

  it("generate without security_mode sends exactly {}", async () => {
    const { client, fetch } = bcs([bytesResponse(new Uint8Array([1, 2]), { "X-Request-Id": "g1" })]);
    const result = await client.generateUserCertificate({ blockchain_id: "b", org_name: "o", user_name: "alice" });
    expect(result.data).toEqual(new Uint8Array([1, 2]));
    expect(result.requestId).toBe("g1");
    expect(decode(fetch.calls[0]!.body)).toBe("{}");
    expect(fetch.calls[0]!.headers.get("content-type")).toBe("application/json");
  });

  it("generate with security_mode sends it", async () => {
    const { client, fetch } = bcs([bytesResponse(new Uint8Array([1]))]);
    await client.generateUserCertificate({ blockchain_id: "b", org_name: "o", user_name: "alice", security_mode: false });
    expect(decode(fetch.calls[0]!.body)).toBe('{"security_mode":false}');
  });
});
