/** Code sample of createCertificateAuthority in the reference docs, written by `npm run generate` from the spec's examples (do not edit; type-checked by `npm run typecheck`). */
import { PcaClient } from "../../src/index.js";

// AK/SK from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the account id from HUAWEICLOUD_SDK_DOMAIN_ID.
const pca = new PcaClient({ region: "ap-southeast-3" });

const result = await pca.createCertificateAuthority({
  type: "ROOT",
  distinguished_name: {
    common_name: "Example Root CA",
    country: "CN",
    state: "Guangdong",
    locality: "Shenzhen",
    organization: "Example Ltd",
    organizational_unit: "IT",
  },
  key_algorithm: "RSA4096",
  signature_algorithm: "SHA256",
  validity: { type: "YEAR", value: 10 },
});
console.log(result);
