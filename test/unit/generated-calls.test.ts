/**
 * Behaviours the generated Private CA methods get from the spec's extensions, in process with a
 * scripted fetch: the export that answers a zip only when `is_compressed` is "true" (x-file-when),
 * as bytes or as a stream; and Dates at `x-epoch-milliseconds` places sent as epoch milliseconds,
 * nested in the body, without touching the caller's object.
 */
import { describe, expect, it } from "vitest";
import { HuaweiCloudError, PcaClient, ValidationError } from "../../src/index.js";
import { bytesResponse, jsonResponse, scriptedFetch, type Step } from "./support/fakes.js";

const CA_ID = "4c0e772e-a30c-4029-b929-b7acb04143f7";
const CERT_ID = "0b6c1b7e-6a43-4f0f-9a55-7f6a2c3d4e5f";

function pca(...steps: Step[]) {
  const http = scriptedFetch(steps);
  const client = new PcaClient({ endpoint: "https://ccm.example.test", credentials: { token: "t".repeat(40) }, fetch: http.fetch, maxRetries: 0, env: {} });
  return { http, client };
}
const bodyOf = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;

describe("an export that answers a file for some requests (x-file-when)", () => {
  const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04]);
  const zipped = () => bytesResponse(zip, { "content-type": "application/zip", "content-disposition": 'attachment; filename="cert.zip"', "x-request-id": "r-1" });

  it("gives the file when is_compressed is \"true\"", async () => {
    const { client, http } = pca(zipped());
    const result = await client.exportCertificate({ certificate_id: CERT_ID, is_compressed: "true", type: "NGINX" });
    expect(result).toMatchObject({ data: zip, fileName: "cert.zip", contentType: "application/zip", requestId: "r-1" });
    expect(bodyOf(http.only().body)).toEqual({ is_compressed: "true", type: "NGINX" });
  });

  it("gives a stream of it with stream: true", async () => {
    const { client } = pca(zipped());
    const result = await client.exportCertificate({ certificate_id: CERT_ID, is_compressed: "true", type: "NGINX" }, { stream: true });
    expect(result.fileName).toBe("cert.zip");
    expect(new Uint8Array(await new Response(result.stream).arrayBuffer())).toEqual(zip);
  });

  it("gives the JSON members when is_compressed is \"false\"", async () => {
    const { client } = pca(jsonResponse(200, { certificate: "C", certificate_chain: "CH" }, { "x-request-id": "r-2" }));
    const result = await client.exportCertificate({ certificate_id: CERT_ID, is_compressed: "false", type: "OTHER" });
    expect(result).toEqual({ certificate: "C", certificate_chain: "CH", requestId: "r-2" });
  });

  it("refuses a zip where JSON was asked for, with the SDK's error", async () => {
    const { client } = pca(zipped());
    const error = await client.exportCertificate({ certificate_id: CERT_ID, is_compressed: "false", type: "OTHER" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HuaweiCloudError);
  });
});

describe("Dates at x-epoch-milliseconds places", () => {
  it("are sent as epoch milliseconds, nested in the body, and the caller's object keeps its Date", async () => {
    const { client, http } = pca(new Response(null, { status: 204 }));
    const start = new Date("2027-01-02T03:04:05.678Z");
    const validity = { type: "YEAR", value: 1, start_from: start };
    const params = { ca_id: CA_ID, issuer_id: CA_ID, signature_algorithm: "SHA256", validity } as const;
    await client.activateCertificateAuthority(params as never);
    expect(bodyOf(http.only().body)["validity"]).toEqual({ type: "YEAR", value: 1, start_from: start.getTime() });
    expect(validity.start_from).toBe(start);
  });

  it("leave numbers as they are, and refuse an invalid Date naming its place before sending", async () => {
    const { client, http } = pca(new Response(null, { status: 204 }));
    await client.activateCertificateAuthority({ ca_id: CA_ID, issuer_id: CA_ID, signature_algorithm: "SHA256", validity: { type: "YEAR", value: 1, start_from: 1_800_000_000_000 } } as never);
    expect(bodyOf(http.only().body)["validity"]).toEqual({ type: "YEAR", value: 1, start_from: 1_800_000_000_000 });
    const error = await client
      .activateCertificateAuthority({ ca_id: CA_ID, issuer_id: CA_ID, signature_algorithm: "SHA256", validity: { type: "YEAR", value: 1, start_from: new Date(Number.NaN) } } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain("validity.start_from");
    expect((error as ValidationError).message).toContain("must be a valid Date");
    expect(http.calls).toHaveLength(1);
  });
});
