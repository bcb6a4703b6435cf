/**
 * README "Testing your own code against the mock": the mock started, a client pointed at it,
 * the mock stopped. Type-checked by `npm run typecheck`; test/unit/readme.test.ts checks that
 * the README quotes it word for word.
 */
import { BcsClient } from "../src/index.js";
import { startMock } from "../src/testing/index.js";

const mock = await startMock(); // Prism and the emulated Private CA, behind an AK/SK-checking gateway
const bcs = new BcsClient({
  endpoint: mock.endpoints.bcs,
  projectId: mock.credentials.projectId,
  credentials: { accessKeyId: mock.credentials.accessKeyId, secretAccessKey: mock.credentials.secretAccessKey },
});
// ... your code, for example:
const { requestId } = await bcs.downloadCertificates({ blockchain_id: "4f9d8a2e-0c56-11ee-9c1a-0255ac100b05", org_name: "org1", cert_type: "ca" });
console.log(requestId);
await mock.stop();
