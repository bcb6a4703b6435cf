/** Code sample of importCertificateAuthorityCertificate in the reference docs, written by `npm run generate` from the spec's examples (do not edit; type-checked by `npm run typecheck`). */
import { PcaClient } from "../../src/index.js";

// AK/SK from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the account id from HUAWEICLOUD_SDK_DOMAIN_ID.
const pca = new PcaClient({ region: "ap-southeast-3" });

const { requestId } = await pca.importCertificateAuthorityCertificate({
  ca_id: "4c0e772e-a30c-4029-b929-b7acb04143f7",
  certificate: "-----BEGIN CERTIFICATE-----\r\nMIIB9jCCAZygAwIBAgIUL2waneBLPIWhHmQ0XxgvOFV9Rt4wCgYIKoZIzj0EAwIw\r\naTELMAkGA1UEBhMCQ04xEjAQBgNVBAgMCUd1YW5nZG9uZzERMA8GA1UEBwwIU2hl\r\n-----END CERTIFICATE-----\r\n",
  certificate_chain: "-----BEGIN CERTIFICATE-----\r\nMIICBjCCAaygAwIBAgIUWw6TxNKocW8MPQ0JV6qFd7a8Lz0wCgYIKoZIzj0EAwIw\r\nbTELMAkGA1UEBhMCQ04xEjAQBgNVBAgMCUd1YW5nZG9uZzERMA8GA1UEBwwIU2hl\r\n-----END CERTIFICATE-----\r\n",
});
console.log(requestId);
