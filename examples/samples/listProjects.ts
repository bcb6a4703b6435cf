/** Code sample of listProjects in the reference docs (type-checked by `npm run typecheck`). */
import { BcsClient } from "../../src/index.js";

// With AK/SK and a region but no projectId (and no HUAWEICLOUD_SDK_PROJECT_ID), the client asks
// IAM for the region's project (GET /v3/projects?name=<region>) on its first call and keeps it.
const bcs = new BcsClient({ region: "cn-north-4" });

const file = await bcs.downloadCertificates({ blockchain_id: process.env.BCS_BLOCKCHAIN_ID!, org_name: "org1", cert_type: "ca" });
console.log(file.requestId);
