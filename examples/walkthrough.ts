/**
 * npm start: the SDK against the embedded mock (a gateway that checks tokens and AK/SK signatures,
 * in front of the emulated Private CA and Prism). BCS: a token from IAM, a user certificate,
 * downloads through a client that finds its project id through IAM, freeze and unfreeze. Private
 * CA: the whole lifecycle with real certificates (a root, a subordinate activated under it, a
 * CRL, a certificate issued, exported and listed, revoked, the subordinate disabled and deleted),
 * printing the chain's subjects. Prints each step with its HTTP status and request id, saves the
 * files under ./out, stops the mock and exits 0 (1 on any failure).
 */
import { X509Certificate } from "node:crypto";
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

  // The Private CA's lifecycle, against the mock's emulated CA: real keys and certificates.
  const name = { country: "CN", state: "Guangdong", locality: "Shenzhen", organization: "Example Ltd", organizational_unit: "IT" };
  const root = await pca.createCertificateAuthority({
    type: "ROOT",
    key_algorithm: "EC256",
    signature_algorithm: "SHA256",
    distinguished_name: { ...name, common_name: "Example Root CA" },
    validity: { type: "YEAR", value: 10 },
  });
  step("create a root CA", `ca ${root.ca_id}`);
  const sub = await pca.createCertificateAuthority({ type: "SUBORDINATE", key_algorithm: "EC256", distinguished_name: { ...name, common_name: "Example Issuing CA" } });
  step("create a subordinate CA (pending)", `ca ${sub.ca_id}`);
  const subId = sub.ca_id!;
  await pca.activateCertificateAuthority({
    ca_id: subId,
    issuer_id: root.ca_id!,
    path_length: 0,
    signature_algorithm: "SHA256",
    validity: { type: "YEAR", value: 5, start_from: new Date() },
  });
  step("activate the subordinate under the root");
  await pca.enableCertificateAuthorityCrl({ ca_id: subId, obs_bucket_name: "example-crl-bucket", valid_days: 7 });
  step("enable the subordinate's CRL");
  const issued = await pca.issueCertificate({
    issuer_id: subId,
    key_algorithm: "EC256",
    signature_algorithm: "SHA256",
    distinguished_name: { common_name: "www.example.com" },
    validity: { type: "MONTH", value: 3 },
    subject_alternative_names: [{ type: "DNS", value: "www.example.com" }],
  });
  step("issue a certificate for www.example.com", `certificate ${issued.certificate_id}`);
  const certificateId = issued.certificate_id!;
  const pem = await pca.exportCertificate({ certificate_id: certificateId, is_compressed: "false", type: "OTHER" });
  const certPath = join(OUT_DIR, "www.example.com.pem");
  await writeFile(certPath, `${pem.certificate}${pem.certificate_chain ?? ""}`);
  step("export it as PEM (certificate and chain)", `-> ${certPath}`);
  const nginx = await pca.exportCertificate({ certificate_id: certificateId, is_compressed: "true", type: "NGINX" });
  const zipPath = join(OUT_DIR, "www.example.com-nginx.zip");
  await writeFile(zipPath, nginx.data);
  step("export it as a zip for NGINX", `${nginx.data.byteLength} bytes (${nginx.fileName}) -> ${zipPath}`);
  const chain = [pem.certificate!, (await pca.exportCertificateAuthorityCertificate({ ca_id: subId })).certificate!, (await pca.exportCertificateAuthorityCertificate({ ca_id: root.ca_id! })).certificate!].map(
    (text) => new X509Certificate(text.replace(/\r\n/g, "\n")),
  );
  const verified = chain.every((cert, i) => cert.verify((chain[i + 1] ?? cert).publicKey));
  step("the chain", `${chain.map((c) => c.subject.split("\n").find((l) => l.startsWith("CN="))).join(" <- ")}; verifies: ${verified}`);
  let listed = 0;
  for await (const ca of pca.listCertificateAuthorities({ limit: 10 })) listed += ca.ca_id ? 1 : 0;
  step("list the CAs, page after page", `${listed} CAs`);
  await pca.revokeCertificate({ certificate_id: certificateId, reason: "KEY_COMPROMISE" });
  step("revoke the certificate (KEY_COMPROMISE)");
  await pca.disableCertificateAuthority({ ca_id: subId });
  step("disable the subordinate CA");
  await pca.deleteCertificateAuthority({ ca_id: subId, pending_days: "7" });
  step("delete the subordinate CA (7 days pending)");
  step("read it back", `status ${(await pca.getCertificateAuthority({ ca_id: subId })).status}`);

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
