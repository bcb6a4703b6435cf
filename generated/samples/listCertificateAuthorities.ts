/** Code sample of listCertificateAuthorities in the reference docs, written by `npm run generate` from the spec's examples (do not edit; type-checked by `npm run typecheck`). */
import { PcaClient } from "../../src/index.js";

// AK/SK from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the account id from HUAWEICLOUD_SDK_DOMAIN_ID.
const pca = new PcaClient({ region: "ap-southeast-3" });

const page = await pca.listCertificateAuthorities({
  limit: 10,
  name: "Example",
  offset: 0,
  status: "ACTIVED",
  type: "SUBORDINATE",
  sort_key: "create_time",
  sort_dir: "DESC",
});
console.log(page.certificate_authorities, page.requestId);

// Every item of every page:
for await (const item of pca.listCertificateAuthorities({
  limit: 10,
  name: "Example",
  offset: 0,
  status: "ACTIVED",
  type: "SUBORDINATE",
  sort_key: "create_time",
  sort_dir: "DESC",
})) console.log(item);
