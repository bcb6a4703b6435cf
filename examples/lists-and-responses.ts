/** README "Lists, and the raw response": paging through a list, and a result's HTTP response. */
import { PcaClient, rawResponse } from "../src/index.js";

const pca = new PcaClient({ region: "ap-southeast-3" });

// Awaited: one page, as the service answers it (with the request id).
const page = await pca.listCertificateAuthorities({ limit: 10, status: "ACTIVED" });
console.log(page.total, page.certificate_authorities?.length, page.requestId);

// Iterated: every CA of every page; the next page is asked for when this one is used up.
for await (const ca of pca.listCertificateAuthorities({ status: "ACTIVED" })) {
  console.log(ca.ca_id, ca.distinguished_name?.common_name);
}

// The HTTP response of any result: its status and headers.
console.log(rawResponse(page)?.status, rawResponse(page)?.headers.get("x-request-id"));
