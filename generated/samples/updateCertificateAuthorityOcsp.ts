/** Code sample of updateCertificateAuthorityOcsp in the reference docs, written by `npm run generate` from the spec's examples (do not edit; type-checked by `npm run typecheck`). */
import { PcaClient } from "../../src/index.js";

// AK/SK from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the account id from HUAWEICLOUD_SDK_DOMAIN_ID.
const pca = new PcaClient({ region: "ap-southeast-3" });

const { requestId } = await pca.updateCertificateAuthorityOcsp({ ca_id: "4c0e772e-a30c-4029-b929-b7acb04143f7", ocsp_switch: true });
console.log(requestId);
