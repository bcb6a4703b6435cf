/** Code sample of listCertificates in the reference docs, written by `npm run generate` from the spec's examples (do not edit; type-checked by `npm run typecheck`). */
import { PcaClient } from "../../src/index.js";

// AK/SK from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the account id from HUAWEICLOUD_SDK_DOMAIN_ID.
const pca = new PcaClient({ region: "ap-southeast-3" });

const page = await pca.listCertificates({
  limit: 10,
  name: "example.com",
  offset: 0,
  status: "ISSUED",
  sort_key: "not_after",
  sort_dir: "ASC",
});
console.log(page.certificates, page.requestId);

// Every item of every page:
for await (const item of pca.listCertificates({
  limit: 10,
  name: "example.com",
  offset: 0,
  status: "ISSUED",
  sort_key: "not_after",
  sort_dir: "ASC",
})) console.log(item);
