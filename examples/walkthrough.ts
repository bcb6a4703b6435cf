/**
 * npm start: the certificate lifecycle through the SDK, with a client that finds its project id
 * through IAM, against the embedded mock (Prism behind a gateway that checks tokens and AK/SK
 * signatures). Prints each step with its HTTP status and request id, saves the files under
 * ./out, stops the mock and exits 0 (1 on any failure).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BcsClient, PcaClient, iamPasswordTokenProvider, isValidationError, type LogEvent } from "../src/index.js";
import { startMock } from "../src/testing/mock.js";
import { zipStored } from "./lib/zip.js";

const OUT_DIR = "out";
let last: { status: number; requestId: string | undefined } | undefined;
const logger = (event: LogEvent) => {
  if (event.type !== "response") return;
  last = { status: event.status, requestId: event.requestId };
  // The token call happens inside the first BCS call, when the client first needs a token.
  if (event.operationId === "createUserTokenByPassword") step("obtain an IAM token (password)");
};

function step(name: string, detail = ""): void {
  const status = last ? `${last.status}` : "---";
  const requestId = last?.requestId ?? "-";
  process.stdout.write(`${status.padEnd(4)} ${name.padEnd(44)} request id ${requestId}${detail ? `  ${detail}` : ""}\n`);
  last = undefined;
}

const mock = await startMock();
let exitCode = 0;
try {
  const { endpoints, credentials } = mock;
  process.stdout.write(`mock: BCS ${endpoints.bcs}, PCA ${endpoints.pca}, IAM ${endpoints.iam}\n\n`);
  await mkdir(OUT_DIR, { recursive: true });

  // A token from IAM (password auth) for BCS, and AK/SK signing for PCA and the downloads.
  const token = iamPasswordTokenProvider({
    endpoint: endpoints.iam,
    userName: "sdk-user",
    password: "example-password",
    domainName: "example-account",
    scope: { project: { name: "cn-north-4" } },
    logger,
  });
  const bcsWithToken = new BcsClient({ endpoint: endpoints.bcs, projectId: credentials.projectId, credentials: { token }, logger });
  const aksk = { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey };
  // Built from a region and AK/SK alone: the project id comes from IAM (GET /v3/projects?name=
  // cn-north-4, signed with these AK/SK). endpoint and iamEndpoint point at the mock.
  const bcs = new BcsClient({ region: "cn-north-4", endpoint: endpoints.bcs, iamEndpoint: endpoints.iam, credentials: aksk, logger });
  const pca = new PcaClient({ endpoint: endpoints.pca, domainId: credentials.domainId, credentials: aksk, logger });
  const target = { blockchain_id: "4f9d8a2e-0c56-11ee-9c1a-0255ac100b05", org_name: "org1" };

  const generated = await bcsWithToken.generateUserCertificate({ ...target, user_name: "user01", security_mode: true });
  // Saved under names of our own: the service's file names (the mock's: the operation id) need
  // not tell the three downloads apart.
  const generatedPath = join(OUT_DIR, "user01-certificate.bin");
  await writeFile(generatedPath, generated.data);
  step("generate user certificate (IAM token)", `${generated.data.byteLength} bytes (${generated.fileName}) -> ${generatedPath}`);

  const projectId = await bcs.resolveProjectId();
  step("find the project id of cn-north-4 (IAM)", `project ${projectId}`);

  for (const cert_type of ["admin", "user", "ca"] as const) {
    const file = await bcs.downloadCertificates({ ...target, cert_type });
    const path = join(OUT_DIR, `org1-${cert_type}-certificates.bin`);
    await writeFile(path, file.data);
    step(`download ${cert_type} certificates (AK/SK)`, `${file.data.byteLength} bytes (${file.fileName}) -> ${path}`);
  }

  const zip = zipStored({ "user01.pem": new TextDecoder().decode(generated.data) });
  const frozen = await bcs.freezeUserCertificate({ ...target, user_name: "user01", file: zip });
  step("freeze user certificate with a .zip", `result ${frozen.result}`);
  const unfrozen = await bcs.unfreezeUserCertificate({ ...target, user_name: "user01", file: zip });
  step("unfreeze user certificate with a .zip", `result ${unfrozen.result}`);

  const caId = "4c0e772e-a30c-4029-b929-b7acb04143f7";
  await pca.activateCertificateAuthority({
    ca_id: caId,
    issuer_id: "c718fe5f-d44a-467f-80f1-948348ff4132",
    path_length: 3,
    signature_algorithm: "SHA256",
    validity: { type: "YEAR", value: 1, start_from: new Date() },
  });
  step("activate CA, 1 year from now");
  await pca.revokeCertificateAuthority({ ca_id: caId, reason: "KEY_COMPROMISE" });
  step("revoke CA (KEY_COMPROMISE)");

  try {
    await bcs.generateUserCertificate({ ...target, user_name: "Bob" });
    throw new Error("the bad input was not rejected");
  } catch (error) {
    if (!isValidationError(error)) throw error;
    step("bad input rejected before any request", error.message);
  }
  process.stdout.write("\nwalkthrough complete\n");
} catch (error) {
  exitCode = 1;
  process.stderr.write(`walkthrough failed: ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  await mock.stop();
}
process.exit(exitCode);
