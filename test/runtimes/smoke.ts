/**
 * The runtime smoke program: what a user's first program does, in every runtime the SDK claims.
 * All six operations with a token and with AK/SK against the embedded mock, the file results
 * handed to Web APIs, one ValidationError and one ApiError with its request id.
 *
 * The build (global-setup.ts) points `../../src/index.js` at the installed tarball, so this runs
 * the package as published; the repo's tsc checks this file against the source.
 * It uses only Web APIs: it runs unchanged in Node, Deno, Bun and a browser page.
 */
import { zipStored } from "../../examples/lib/zip.js";
import {
  BcsClient,
  PcaClient,
  ecsMetadataCredentials,
  isApiError,
  isCredentialsNotFoundError,
  isValidationError,
  profileFileCredentials,
  type Credentials,
  type CredentialProvider,
  type FileResult,
} from "../../src/index.js";

export interface SmokeConfig {
  readonly endpoints: { readonly bcs: string; readonly pca: string };
  readonly credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly token: string;
    readonly projectId: string;
    readonly domainId: string;
  };
}

export interface FileReport {
  readonly bytes: number;
  readonly blobBytes: number;
  readonly sha256Bytes: number;
  readonly requestId: string | undefined;
}

export interface CredentialsReport {
  readonly generateUserCertificate: FileReport;
  readonly downloadCertificates: FileReport;
  readonly freezeUserCertificate: { readonly result: string | undefined; readonly requestId: string | undefined };
  readonly unfreezeUserCertificate: { readonly result: string | undefined; readonly requestId: string | undefined };
  readonly activateCertificateAuthority: { readonly requestId: string | undefined };
  readonly revokeCertificateAuthority: { readonly requestId: string | undefined };
}

export interface SmokeReport {
  readonly token: CredentialsReport;
  readonly akSk: CredentialsReport;
  readonly validationError: { readonly guard: boolean; readonly parameter: string | undefined; readonly rule: string | undefined };
  readonly apiError: { readonly guard: boolean; readonly status: number | undefined; readonly requestId: string | undefined };
  /**
   * What the server-only providers answer here: a browser bundle holds their "not available"
   * twins (the package's "browser" condition), every other runtime the real ones.
   */
  readonly serverProviders: { readonly profileFile: ProviderOutcome; readonly ecsMetadata: ProviderOutcome };
}

export interface ProviderOutcome {
  readonly notFound: boolean;
  readonly message: string;
}

async function outcomeOf(provider: CredentialProvider): Promise<ProviderOutcome> {
  try {
    await provider();
    return { notFound: false, message: "found credentials" };
  } catch (error) {
    return { notFound: isCredentialsNotFoundError(error), message: error instanceof Error ? error.message : String(error) };
  }
}

const target = { blockchain_id: "4f9d8a2e-0c56-11ee-9c1a-0255ac100b05", org_name: "org1" } as const;
const caId = "4c0e772e-a30c-4029-b929-b7acb04143f7";

async function fileReport(file: FileResult): Promise<FileReport> {
  const blob = new Blob([file.data]);
  const digest = await crypto.subtle.digest("SHA-256", file.data);
  return { bytes: file.data.byteLength, blobBytes: blob.size, sha256Bytes: digest.byteLength, requestId: file.requestId };
}

async function allOperations(config: SmokeConfig, credentials: Credentials): Promise<CredentialsReport> {
  // No `env` option: the default (process.env where there is one) is what users get.
  const common = { credentials, maxRetries: 0 };
  const bcs = new BcsClient({ ...common, endpoint: config.endpoints.bcs, projectId: config.credentials.projectId });
  const pca = new PcaClient({ ...common, endpoint: config.endpoints.pca, domainId: config.credentials.domainId });
  const zip = zipStored({ "user01.pem": "-----BEGIN CERTIFICATE-----\n" });
  const generated = await bcs.generateUserCertificate({ ...target, user_name: "user01", security_mode: true });
  const downloaded = await bcs.downloadCertificates({ ...target, cert_type: "ca" });
  const frozen = await bcs.freezeUserCertificate({ ...target, user_name: "user01", file: zip });
  const unfrozen = await bcs.unfreezeUserCertificate({ ...target, user_name: "user01", file: zip });
  const activated = await pca.activateCertificateAuthority({
    ca_id: caId,
    issuer_id: "c718fe5f-d44a-467f-80f1-948348ff4132",
    path_length: 3,
    signature_algorithm: "SHA384",
    validity: { type: "MONTH", value: 6, start_from: new Date() },
  });
  const revoked = await pca.revokeCertificateAuthority({ ca_id: caId, reason: "KEY_COMPROMISE" });
  return {
    generateUserCertificate: await fileReport(generated),
    downloadCertificates: await fileReport(downloaded),
    freezeUserCertificate: { result: frozen.result, requestId: frozen.requestId },
    unfreezeUserCertificate: { result: unfrozen.result, requestId: unfrozen.requestId },
    activateCertificateAuthority: { requestId: activated.requestId },
    revokeCertificateAuthority: { requestId: revoked.requestId },
  };
}

export async function runSmoke(config: SmokeConfig): Promise<SmokeReport> {
  const { accessKeyId, secretAccessKey, token } = config.credentials;
  const report = {
    token: await allOperations(config, { token }),
    akSk: await allOperations(config, { accessKeyId, secretAccessKey }),
  };

  const bcs = new BcsClient({ endpoint: config.endpoints.bcs, projectId: config.credentials.projectId, credentials: { token } });
  let validationError: SmokeReport["validationError"] = { guard: false, parameter: undefined, rule: undefined };
  try {
    await bcs.downloadCertificates({ ...target, cert_type: "nope" as "ca" });
  } catch (error) {
    if (isValidationError(error)) validationError = { guard: true, parameter: error.parameter, rule: error.rule };
  }

  // A wrong secret key: the gateway refuses the signature with a 401 and its request id.
  const wrong = new PcaClient({
    endpoint: config.endpoints.pca,
    domainId: config.credentials.domainId,
    credentials: { accessKeyId, secretAccessKey: `${secretAccessKey}-wrong` },
    maxRetries: 0,
  });
  let apiError: SmokeReport["apiError"] = { guard: false, status: undefined, requestId: undefined };
  try {
    await wrong.revokeCertificateAuthority({ ca_id: caId });
  } catch (error) {
    if (isApiError(error)) apiError = { guard: true, status: error.status, requestId: error.requestId };
  }
  const serverProviders = {
    // A file that does not exist (or, in Deno without --allow-read, cannot be read).
    profileFile: await outcomeOf(profileFileCredentials({ path: "/nonexistent/huaweicloud-cert-sdk-smoke/credentials" })),
    // The discard port on loopback: nothing listens, so the real provider finds nothing there.
    ecsMetadata: await outcomeOf(ecsMetadataCredentials({ endpoint: "http://127.0.0.1:9", timeoutMs: 2000 })),
  };
  return { ...report, validationError, apiError, serverProviders };
}
