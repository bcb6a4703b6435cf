/** Code sample of revokeCertificateAuthority in the reference docs, written by `npm run generate` from the spec's examples (do not edit; type-checked by `npm run typecheck`). */
import { PcaClient } from "../../src/index.js";

// AK/SK from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the account id from HUAWEICLOUD_SDK_DOMAIN_ID.
const pca = new PcaClient({ region: "ap-southeast-3" });

const { requestId } = await pca.revokeCertificateAuthority({
  ca_id: "6434f74f-2d13-4e6a-89eb-93ee313f1a43",
  reason: "KEY_COMPROMISE",
});
console.log(requestId);
