/** Code sample of orderCertificateAuthority in the reference docs, written by `npm run generate` from the spec's examples (do not edit; type-checked by `npm run typecheck`). */
import { PcaClient } from "../../src/index.js";

// AK/SK from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the account id from HUAWEICLOUD_SDK_DOMAIN_ID.
const pca = new PcaClient({ region: "ap-southeast-3" });

const result = await pca.orderCertificateAuthority({
  cloud_service_type: "hws.service.type.ccm",
  charging_mode: 0,
  period_type: 3,
  period_num: 1,
  is_auto_renew: 0,
  subscription_num: 1,
  is_auto_pay: 1,
  product_infos: [
    {
      cloud_service_type: "hws.service.type.ccm",
      resource_type: "hws.resource.type.pca.duration",
      resource_spec_code: "ca.duration",
    },
  ],
});
console.log(result);
