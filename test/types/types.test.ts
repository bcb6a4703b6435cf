/**
 * The public types: parameter and result types of every method, by their wire names, and the
 * mistakes that must not compile. `tsc --noEmit` checks the @ts-expect-error lines (each one
 * fails the build if its line stops being an error); vitest runs the runtime assertions.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  BcsClient,
  PcaClient,
  type ActivateCertificateAuthorityParams,
  type BcsClientOptions,
  type BcsRegion,
  type CallOptions,
  type Credentials,
  type DownloadCertificatesParams,
  type FileCallOptions,
  type FileResult,
  type FileStreamResult,
  type FreezeUserCertificateParams,
  type GenerateUserCertificateParams,
  type NoContentResult,
  type FreezeUserCertificateResult,
  type UnfreezeUserCertificateResult,
  type PcaClientOptions,
  type PcaRegion,
  type RevokeCertificateAuthorityParams,
  type UnfreezeUserCertificateParams,
  type Upload,
} from "../../src/index.js";

type Reason =
  | "UNSPECIFIED"
  | "KEY_COMPROMISE"
  | "CERTIFICATE_AUTHORITY_COMPROMISE"
  | "AFFILIATION_CHANGED"
  | "SUPERSEDED"
  | "CESSATION_OF_OPERATION"
  | "CERTIFICATE_HOLD"
  | "PRIVILEGE_WITHDRAWN"
  | "ATTRIBUTE_AUTHORITY_COMPROMISE";

const CA_ID = "4c0e772e-a30c-4029-b929-b7acb04143f7";

// Values that must compile; the runtime tests below use them so the file is not only types.
const generate: GenerateUserCertificateParams = { blockchain_id: "bc", org_name: "org1", user_name: "user01", security_mode: false };
const download: DownloadCertificatesParams = { blockchain_id: "bc", org_name: "org1", cert_type: "ca" };
const freeze: FreezeUserCertificateParams = { blockchain_id: "bc", org_name: "org1", user_name: "user01", file: new Uint8Array([0x50, 0x4b, 3, 4]) };
const unfreeze: UnfreezeUserCertificateParams = { blockchain_id: "bc", org_name: "org1", user_name: "user01" };
const activate: ActivateCertificateAuthorityParams = {
  ca_id: CA_ID,
  issuer_id: "issuer",
  path_length: 1,
  signature_algorithm: "SM3",
  validity: { type: "DAY", value: 30, start_from: new Date(0) },
};
const revoke: RevokeCertificateAuthorityParams = { ca_id: CA_ID };

describe("parameter types", () => {
  it("generateUserCertificate takes the path parameters and security_mode, but not project_id", () => {
    expectTypeOf<GenerateUserCertificateParams>().toEqualTypeOf<{
      blockchain_id: string;
      org_name: string;
      user_name: string;
      security_mode?: boolean;
    }>();
    expectTypeOf<GenerateUserCertificateParams>().not.toHaveProperty("project_id");
    expectTypeOf(BcsClient.prototype.generateUserCertificate).parameter(0).toEqualTypeOf<GenerateUserCertificateParams>();
    expect(Object.keys(generate)).toEqual(["blockchain_id", "org_name", "user_name", "security_mode"]);
  });

  it("downloadCertificates: cert_type is the three-value union", () => {
    expectTypeOf<DownloadCertificatesParams["cert_type"]>().toEqualTypeOf<"admin" | "user" | "ca">();
    expectTypeOf<DownloadCertificatesParams>().toEqualTypeOf<{
      blockchain_id: string;
      org_name: string;
      cert_type: "admin" | "user" | "ca";
    }>();
    expectTypeOf(BcsClient.prototype.downloadCertificates).parameter(0).toEqualTypeOf<DownloadCertificatesParams>();
    expect(download.cert_type).toBe("ca");
  });

  it("freeze and unfreeze: file accepts Uint8Array, ArrayBuffer or Blob", () => {
    expectTypeOf<Upload>().toEqualTypeOf<Uint8Array | ArrayBuffer | Blob>();
    expectTypeOf<NonNullable<FreezeUserCertificateParams["file"]>>().toEqualTypeOf<Uint8Array | ArrayBuffer | Blob>();
    expectTypeOf<FreezeUserCertificateParams>().toEqualTypeOf<UnfreezeUserCertificateParams>();
    expectTypeOf<FreezeUserCertificateParams>().toEqualTypeOf<{
      user_name: string;
      blockchain_id: string;
      org_name: string;
      file?: Uint8Array | ArrayBuffer | Blob;
    }>();
    expectTypeOf<{ blockchain_id: "b"; org_name: "o"; user_name: "u"; file: ArrayBuffer }>().toExtend<FreezeUserCertificateParams>();
    expectTypeOf<{ blockchain_id: "b"; org_name: "o"; user_name: "u"; file: Blob }>().toExtend<FreezeUserCertificateParams>();
    expect(freeze.file).toBeInstanceOf(Uint8Array);
    expect(unfreeze).not.toHaveProperty("file");
  });

  it("activateCertificateAuthority: enums by wire value, start_from accepts number | Date", () => {
    expectTypeOf<ActivateCertificateAuthorityParams["ca_id"]>().toEqualTypeOf<string>();
    expectTypeOf<ActivateCertificateAuthorityParams["issuer_id"]>().toEqualTypeOf<string>();
    // Optional since the current edition of the activate page (2025-11-28).
    expectTypeOf<ActivateCertificateAuthorityParams["path_length"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<{ ca_id: string; issuer_id: string; signature_algorithm: "SHA256"; validity: { type: "YEAR"; value: 1 } }>().toExtend<ActivateCertificateAuthorityParams>();
    expectTypeOf<ActivateCertificateAuthorityParams["signature_algorithm"]>().toEqualTypeOf<"SHA256" | "SHA384" | "SHA512" | "SM3">();
    expectTypeOf<ActivateCertificateAuthorityParams["validity"]["type"]>().toEqualTypeOf<"YEAR" | "MONTH" | "DAY" | "HOUR">();
    expectTypeOf<ActivateCertificateAuthorityParams["validity"]["value"]>().toEqualTypeOf<number>();
    expectTypeOf<NonNullable<ActivateCertificateAuthorityParams["validity"]["start_from"]>>().toEqualTypeOf<number | Date>();
    expectTypeOf<{ type: "YEAR"; value: 1 }>().toExtend<ActivateCertificateAuthorityParams["validity"]>();
    expectTypeOf<{ type: "YEAR"; value: 1; start_from: number }>().toExtend<ActivateCertificateAuthorityParams["validity"]>();
    expectTypeOf(PcaClient.prototype.activateCertificateAuthority).parameter(0).toEqualTypeOf<ActivateCertificateAuthorityParams>();
    expect(activate.validity.start_from).toBeInstanceOf(Date);
  });

  it("revokeCertificateAuthority: reason is the nine-value union and optional", () => {
    expectTypeOf<NonNullable<RevokeCertificateAuthorityParams["reason"]>>().toEqualTypeOf<Reason>();
    expectTypeOf<RevokeCertificateAuthorityParams>().toEqualTypeOf<{ ca_id: string; reason?: Reason }>();
    expectTypeOf(PcaClient.prototype.revokeCertificateAuthority).parameter(0).toEqualTypeOf<RevokeCertificateAuthorityParams>();
    expect(revoke).toEqual({ ca_id: CA_ID });
  });

  it("call options", () => {
    expectTypeOf(BcsClient.prototype.freezeUserCertificate).parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf(PcaClient.prototype.revokeCertificateAuthority).parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf<FileCallOptions["maxBufferedBytes"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<CallOptions["signal"]>().toEqualTypeOf<AbortSignal | undefined>();
    // At run time: the options object a caller writes is accepted as it is.
    const options: FileCallOptions = { signal: new AbortController().signal, timeoutMs: 5, maxBufferedBytes: 10 };
    expect(Object.keys(options)).toEqual(["signal", "timeoutMs", "maxBufferedBytes"]);
  });
});

describe("result types", () => {
  it("file operations: buffered by default, a stream with { stream: true }", () => {
    const client = {} as BcsClient;
    const run = () => ({
      generated: client.generateUserCertificate(generate),
      generatedStream: client.generateUserCertificate(generate, { stream: true }),
      downloaded: client.downloadCertificates(download, { maxBufferedBytes: 1024 }),
      downloadedStream: client.downloadCertificates(download, { stream: true, timeoutMs: 5 }),
    });
    expectTypeOf<ReturnType<typeof run>["generated"]>().toEqualTypeOf<Promise<FileResult>>();
    expectTypeOf<ReturnType<typeof run>["downloaded"]>().toEqualTypeOf<Promise<FileResult>>();
    expectTypeOf<ReturnType<typeof run>["generatedStream"]>().toEqualTypeOf<Promise<FileStreamResult>>();
    expectTypeOf<ReturnType<typeof run>["downloadedStream"]>().toEqualTypeOf<Promise<FileStreamResult>>();
    // ArrayBuffer-backed (not ArrayBufferLike): TS 5.9's DOM lib takes only that as a BufferSource/BlobPart.
    expectTypeOf<FileResult["data"]>().toEqualTypeOf<Uint8Array<ArrayBuffer>>();
    expectTypeOf<FileResult["contentType"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<FileResult["fileName"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<FileResult["requestId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<FileStreamResult["stream"]>().toEqualTypeOf<ReadableStream<Uint8Array>>();
    expectTypeOf<FileStreamResult["contentLength"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<FileStreamResult>().not.toHaveProperty("data");
    expect(typeof run).toBe("function");
  });

  it("a file result goes to Blob, Response and crypto.subtle as it is (tsc checks these lines)", async () => {
    const file: FileResult = { data: new Uint8Array([1, 2, 3]), contentType: undefined, fileName: undefined, requestId: undefined };
    const blob = new Blob([file.data]);
    const response = new Response(file.data);
    const digest = await crypto.subtle.digest("SHA-256", file.data);
    expect([blob.size, (await response.arrayBuffer()).byteLength, digest.byteLength]).toEqual([3, 3, 32]);
  });

  it("freeze/unfreeze give { result, requestId }; activate/revoke give { requestId }", () => {
    expectTypeOf(BcsClient.prototype.freezeUserCertificate).returns.toEqualTypeOf<Promise<FreezeUserCertificateResult>>();
    expectTypeOf(BcsClient.prototype.unfreezeUserCertificate).returns.toEqualTypeOf<Promise<UnfreezeUserCertificateResult>>();
    // The answer's members (result, optional in the spec) plus the request id.
    expectTypeOf<FreezeUserCertificateResult["result"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<FreezeUserCertificateResult["requestId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<FreezeUserCertificateResult>().toEqualTypeOf<UnfreezeUserCertificateResult>();
    expectTypeOf(PcaClient.prototype.activateCertificateAuthority).returns.toEqualTypeOf<Promise<NoContentResult>>();
    expectTypeOf(PcaClient.prototype.revokeCertificateAuthority).returns.toEqualTypeOf<Promise<NoContentResult>>();
    expectTypeOf<NoContentResult>().toEqualTypeOf<{ readonly requestId: string | undefined }>();
    expect(typeof BcsClient.prototype.freezeUserCertificate).toBe("function");
  });
});

describe("regions and options", () => {
  it("BcsRegion and PcaRegion are the spec's region unions", () => {
    expectTypeOf<BcsRegion>().toEqualTypeOf<"cn-north-1" | "cn-north-4" | "cn-south-1" | "cn-east-2">();
    expectTypeOf<PcaRegion>().toEqualTypeOf<
      "cn-north-4" | "ap-southeast-3" | "eu-west-101" | "ru-moscow-1" | "my-kualalumpur-1" | "sa-brazil-1"
    >();
    expectTypeOf<NonNullable<BcsClientOptions["region"]>>().toEqualTypeOf<BcsRegion>();
    expectTypeOf<NonNullable<PcaClientOptions["region"]>>().toEqualTypeOf<PcaRegion>();
    const options: BcsClientOptions = { region: "cn-east-2", projectId: "p", credentials: { token: "t" }, env: {} };
    expect(new BcsClient(options).endpoint).toBe("https://bcs.cn-east-2.myhuaweicloud.com");
  });

  it("credentials take a token, a token provider, AK/SK or an AK/SK provider", () => {
    expectTypeOf<{ token: string }>().toExtend<Credentials>();
    expectTypeOf<{ token: () => Promise<string> }>().toExtend<Credentials>();
    expectTypeOf<{ token: () => Promise<{ token: string; expiresAt: Date }> }>().toExtend<Credentials>();
    expectTypeOf<{ accessKeyId: string; secretAccessKey: string; securityToken: string }>().toExtend<Credentials>();
    expectTypeOf<{ akSk: () => Promise<{ accessKeyId: string; secretAccessKey: string; expiresAt: Date }> }>().toExtend<Credentials>();
    expectTypeOf<{ accessKeyId: string }>().not.toExtend<Credentials>();
    expectTypeOf<{ token: number }>().not.toExtend<Credentials>();
    expect(new PcaClient({ region: "sa-brazil-1", credentials: { token: "t".repeat(40) }, env: {} }).endpoint).toBe(
      "https://ccm.myhuaweicloud.com",
    );
  });
});

describe("mistakes that must not compile", () => {
  // Each @ts-expect-error sits on the one line TypeScript reports for the named mistake, and
  // nothing else is wrong on that line: if the mistake compiled, tsc --noEmit would fail.
  it("misspelt enum values", () => {
    const bad: unknown[] = [
      {
        blockchain_id: "bc",
        org_name: "o",
        // @ts-expect-error "admn" is not a cert_type
        cert_type: "admn",
      } satisfies DownloadCertificatesParams,
      {
        ca_id: CA_ID,
        // @ts-expect-error "KEY_COMPROMISED" is not a reason
        reason: "KEY_COMPROMISED",
      } satisfies RevokeCertificateAuthorityParams,
      {
        ca_id: CA_ID,
        issuer_id: "i",
        path_length: 0,
        // @ts-expect-error "sha256" is not a signature_algorithm (the wire values are upper case)
        signature_algorithm: "sha256",
        validity: { type: "YEAR", value: 1 },
      } satisfies ActivateCertificateAuthorityParams,
      {
        ca_id: CA_ID,
        issuer_id: "i",
        path_length: 0,
        signature_algorithm: "SHA256",
        // @ts-expect-error "YEARS" is not a validity type
        validity: { type: "YEARS", value: 1 },
      } satisfies ActivateCertificateAuthorityParams,
    ];
    expect(bad).toHaveLength(4);
  });

  it("missing required fields", () => {
    // @ts-expect-error ca_id is required
    const noCaId: RevokeCertificateAuthorityParams = { reason: "SUPERSEDED" };
    // @ts-expect-error validity is required
    const noValidity: ActivateCertificateAuthorityParams = { ca_id: CA_ID, issuer_id: "i", path_length: 0, signature_algorithm: "SHA256" };
    // @ts-expect-error cert_type is required
    const noCertType: DownloadCertificatesParams = { blockchain_id: "bc", org_name: "o" };
    // @ts-expect-error user_name is required
    const noUserName: FreezeUserCertificateParams = { blockchain_id: "bc", org_name: "o" };
    const noValue: ActivateCertificateAuthorityParams = {
      ca_id: CA_ID,
      issuer_id: "i",
      path_length: 0,
      signature_algorithm: "SHA256",
      // @ts-expect-error validity.value is required
      validity: { type: "YEAR" },
    };
    expect([noCaId, noValidity, noCertType, noUserName, noValue]).toHaveLength(5);
  });

  it("wrong types", () => {
    const wrong: unknown[] = [
      {
        ca_id: CA_ID,
        issuer_id: "i",
        // @ts-expect-error path_length is a number, not a string
        path_length: "1",
        signature_algorithm: "SHA256",
        validity: { type: "YEAR", value: 1 },
      } satisfies ActivateCertificateAuthorityParams,
      {
        ca_id: CA_ID,
        issuer_id: "i",
        path_length: 1,
        signature_algorithm: "SHA256",
        // @ts-expect-error start_from is a number or a Date, not an ISO string
        validity: { type: "YEAR", value: 1, start_from: "2024-01-01T00:00:00Z" },
      } satisfies ActivateCertificateAuthorityParams,
      {
        blockchain_id: "bc",
        org_name: "o",
        user_name: "u",
        // @ts-expect-error security_mode is a boolean
        security_mode: "true",
      } satisfies GenerateUserCertificateParams,
      {
        blockchain_id: "bc",
        org_name: "o",
        user_name: "u",
        // @ts-expect-error file is bytes, not a path
        file: "./certs.zip",
      } satisfies FreezeUserCertificateParams,
    ];
    expect(wrong).toHaveLength(4);
  });

  it("unknown members, including project_id (the client fills it)", () => {
    const unknown: unknown[] = [
      {
        blockchain_id: "bc",
        org_name: "o",
        cert_type: "ca",
        // @ts-expect-error project_id comes from the client options
        project_id: "p",
      } satisfies DownloadCertificatesParams,
      {
        ca_id: CA_ID,
        // @ts-expect-error camelCase is not the wire name
        caId: CA_ID,
      } satisfies RevokeCertificateAuthorityParams,
    ];
    expect(unknown).toHaveLength(2);
  });

  it("unknown region literals", () => {
    const make = () => [
      // @ts-expect-error "cn-north-9" is not a BCS region
      new BcsClient({ region: "cn-north-9", projectId: "p" }),
      // @ts-expect-error BCS does not serve sa-brazil-1 (PCA does)
      new BcsClient({ region: "sa-brazil-1", projectId: "p" }),
      // @ts-expect-error "ap-southeast-1" is not a PCA region
      new PcaClient({ region: "ap-southeast-1" }),
    ];
    expect(typeof make).toBe("function");
  });

  it("buffered and stream results are not interchangeable", () => {
    const client = {} as BcsClient;
    const use = async () => {
      const streamed = await client.downloadCertificates(download, { stream: true });
      // @ts-expect-error the stream form has no data
      return streamed.data;
    };
    expect(typeof use).toBe("function");
  });
});
