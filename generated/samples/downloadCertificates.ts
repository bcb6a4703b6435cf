/** Code sample of downloadCertificates in the reference docs, written by `npm run generate` from the spec's examples (do not edit; type-checked by `npm run typecheck`). */
import { BcsClient } from "../../src/index.js";

// AK/SK from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the project id from HUAWEICLOUD_SDK_PROJECT_ID.
const bcs = new BcsClient({ region: "cn-north-4" });

const file = await bcs.downloadCertificates({
  blockchain_id: "4f9d8a2e-0c56-11ee-9c1a-0255ac100b05",
  org_name: "org1",
  cert_type: "admin",
});
console.log(file.fileName, file.data.byteLength, file.requestId);
