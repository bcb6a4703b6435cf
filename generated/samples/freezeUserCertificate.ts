/** Code sample of freezeUserCertificate in the reference docs, written by `npm run generate` from the spec's examples (do not edit; type-checked by `npm run typecheck`). */
import { readFile } from "node:fs/promises";
import { BcsClient } from "../../src/index.js";

// AK/SK from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the project id from HUAWEICLOUD_SDK_PROJECT_ID.
const bcs = new BcsClient({ region: "cn-north-4" });

const result = await bcs.freezeUserCertificate({
  user_name: "user01",
  blockchain_id: "4f9d8a2e-0c56-11ee-9c1a-0255ac100b05",
  org_name: "org1",
  file: await readFile("file.zip"),
});
console.log(result);
