/** Code sample of listAuthDomains in the reference docs (type-checked by `npm run typecheck`). */
import { PcaClient } from "../../src/index.js";

// With AK/SK but no domainId (and no HUAWEICLOUD_SDK_DOMAIN_ID), the client asks IAM for the
// caller's account (GET /v3/auth/domains) on its first call and keeps it.
const pca = new PcaClient({ region: "ap-southeast-3" });

const { requestId } = await pca.revokeCertificateAuthority({ ca_id: "6434f74f-2d13-4e6a-89eb-93ee313f1a43" });
console.log("revoked", requestId);
