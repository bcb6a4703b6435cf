/**
 * README quick start, credentials from the environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK
 * (and HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary credentials), HUAWEICLOUD_SDK_PROJECT_ID.
 * Type-checked by `npm run typecheck`.
 */
import { BcsClient } from "../src/index.js";

const bcs = new BcsClient({ region: "cn-north-4" });
const { stream } = await bcs.downloadCertificates(
  { blockchain_id: process.env.BCS_BLOCKCHAIN_ID!, org_name: "org1", cert_type: "ca" },
  { stream: true },
);
console.log(await new Response(stream).arrayBuffer());
