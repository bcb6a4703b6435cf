/**
 * README quick start, with AK/SK signing (type-checked by `npm run typecheck`; run it against the
 * real cloud with HW_AK, HW_SK, HW_DOMAIN_ID, CA_ID and ISSUER_ID set).
 */
import { PcaClient } from "../src/index.js";

const pca = new PcaClient({
  region: "ap-southeast-3",
  domainId: process.env.HW_DOMAIN_ID!, // sent as the signed X-Domain-Id header
  credentials: { accessKeyId: process.env.HW_AK!, secretAccessKey: process.env.HW_SK! },
});

await pca.activateCertificateAuthority({
  ca_id: process.env.CA_ID!,
  issuer_id: process.env.ISSUER_ID!,
  path_length: 3, // optional, 0 to 6
  signature_algorithm: "SHA256",
  validity: { type: "YEAR", value: 1, start_from: new Date() }, // or epoch milliseconds
});
await pca.revokeCertificateAuthority({ ca_id: process.env.CA_ID!, reason: "KEY_COMPROMISE" }); // {} without a reason
