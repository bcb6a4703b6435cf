/**
 * The plugins a bare client takes (its `plugins` option), each bringing one part of what the
 * aggregated clients carry, so that an app bundles only the parts it uses:
 *
 *   akSkSigning  AK/SK request signing (SDK-HMAC-SHA256); without it a bare client takes tokens only
 *   discovery    credentials and ids a client finds by itself (discovery.ts)
 */
import { signAkSk } from "../auth/aksk-authenticator.js";
import type { ClientFeatures } from "./service-client.js";

/** AK/SK request signing for a bare client: `new PcaBareClient({ ..., plugins: [akSkSigning] })`. */
export const akSkSigning: ClientFeatures = { akSk: signAkSk };
