/**
 * npm run mock: starts the offline mock (Prism behind a signature-checking gateway) and prints
 * the endpoints and credentials to use, and the same as shell variables for code that reads
 * them (mock.exportLines()). Ctrl-C stops it.
 */
import { startMock } from "../src/testing/mock.js";

const mock = await startMock();
const { endpoints, credentials } = mock;
process.stdout.write(
  [
    "Huawei Cloud certificate API mock (Prism behind an AK/SK-checking gateway), on loopback:",
    `  BCS  ${endpoints.bcs}`,
    `  PCA  ${endpoints.pca}`,
    `  IAM  ${endpoints.iam}`,
    "Credentials it accepts (generated for this run; they unlock nothing else):",
    `  accessKeyId      ${credentials.accessKeyId}`,
    `  secretAccessKey  ${credentials.secretAccessKey}`,
    `  token            any token of a valid length (CCM: 32+ characters), e.g. ${credentials.token}`,
    `  projectId        ${credentials.projectId}`,
    `  domainId         ${credentials.domainId}`,
    "To point code that reads the environment (clients built with a region, no endpoint, no credentials) at it:",
    mock.exportLines(),
    "Press Ctrl-C to stop.",
    "",
  ].join("\n"),
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void mock.stop().then(() => process.exit(0));
  });
}
