/** Code sample of generateUserCertificate in the reference docs (type-checked by `npm run typecheck`). */
import { writeFile } from "node:fs/promises";
import { BcsClient } from "../../src/index.js";

const bcs = new BcsClient({ region: "cn-north-4", projectId: process.env.BCS_PROJECT_ID! });

const cert = await bcs.generateUserCertificate({
  blockchain_id: process.env.BCS_BLOCKCHAIN_ID!,
  org_name: "org1",
  user_name: "user01",
  security_mode: true,
});
await writeFile(cert.fileName ?? "user01-cert", cert.data);
console.log(cert.contentType, cert.data.byteLength, cert.requestId);
