/** Code sample of unfreezeUserCertificate in the reference docs (type-checked by `npm run typecheck`). */
import { readFile } from "node:fs/promises";
import { BcsClient } from "../../src/index.js";

const bcs = new BcsClient({ region: "cn-north-4", projectId: process.env.BCS_PROJECT_ID! });

// The .zip of the user's certificates (less than 30 KB) is optional.
const { result, requestId } = await bcs.unfreezeUserCertificate({
  blockchain_id: process.env.BCS_BLOCKCHAIN_ID!,
  org_name: "org1",
  user_name: "user01",
  file: await readFile("user01-cert.zip"),
});
console.log(result, requestId); // takes effect within 0.5 to 1 minute
