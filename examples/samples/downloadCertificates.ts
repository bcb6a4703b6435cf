/** Code sample of downloadCertificates in the reference docs (type-checked by `npm run typecheck`). */
import { BcsClient } from "../../src/index.js";

const bcs = new BcsClient({ region: "cn-north-4", projectId: process.env.BCS_PROJECT_ID! });

// cert_type is "admin", "user" or "ca". Pass { stream: true } as a second argument for a stream.
const file = await bcs.downloadCertificates({
  blockchain_id: process.env.BCS_BLOCKCHAIN_ID!,
  org_name: "org1",
  cert_type: "ca",
});
console.log(file.fileName, file.data.byteLength, file.requestId);
