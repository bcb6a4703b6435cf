/** Code sample of revokeCertificateAuthority in the reference docs (type-checked by `npm run typecheck`). */
import { PcaClient } from "../../src/index.js";

const pca = new PcaClient({ region: "ap-southeast-3" });

// Without a reason, pass only ca_id: the SDK sends the body {} that the API expects.
const { requestId } = await pca.revokeCertificateAuthority({
  ca_id: "6434f74f-2d13-4e6a-89eb-93ee313f1a43",
  reason: "KEY_COMPROMISE",
});
console.log("revoked", requestId);
