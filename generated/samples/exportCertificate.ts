/** Code sample of exportCertificate in the reference docs, written by `npm run generate` from the spec's examples (do not edit; type-checked by `npm run typecheck`). */
import { PcaClient } from "../../src/index.js";

// AK/SK from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the account id from HUAWEICLOUD_SDK_DOMAIN_ID.
const pca = new PcaClient({ region: "ap-southeast-3" });

const result = await pca.exportCertificate({
  certificate_id: "11972320-6ee6-4484-877b-5ff929a1bd25",
  is_compressed: "true",
  type: "NGINX",
  password: "Example#Pass-2026",
});
console.log(result);
