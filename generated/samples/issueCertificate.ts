/** Code sample of issueCertificate in the reference docs, written by `npm run generate` from the spec's examples (do not edit; type-checked by `npm run typecheck`). */
import { PcaClient } from "../../src/index.js";

// AK/SK from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the account id from HUAWEICLOUD_SDK_DOMAIN_ID.
const pca = new PcaClient({ region: "ap-southeast-3" });

const result = await pca.issueCertificate({
  issuer_id: "4c0e772e-a30c-4029-b929-b7acb04143f7",
  key_algorithm: "EC256",
  signature_algorithm: "SHA256",
  distinguished_name: { common_name: "www.example.com" },
  validity: { type: "YEAR", value: 1 },
  key_usages: ["digitalSignature", "keyAgreement"],
  subject_alternative_names: [
    { type: "DNS", value: "www.example.com" },
    { type: "DNS", value: "api.example.com" },
  ],
  extended_key_usage: { server_auth: true },
});
console.log(result);
