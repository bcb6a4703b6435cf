/**
 * What the aggregated clients (BcsClient, PcaClient) find by themselves, and a bare client with
 * the `discovery` plugin: credentials when none are given (the HUAWEICLOUD_SDK_* environment variables, read at
 * construction, then the default chain of profile file and ECS metadata on the first call), and
 * a missing project or account id through IAM. Imported only by the aggregated clients, so a bare
 * client's bundle carries none of it.
 */
import { credentialsFromEnvironment } from "../auth/credentials.js";
import { defaultCredentialChain } from "../auth/providers/chain.js";
import { AccountScope } from "../scope/account-scope.js";
import { iamScopeLookup } from "../scope/iam-scope-lookup.js";
import type { ClientFeatures } from "./service-client.js";

/** Credentials and ids a client finds by itself; for a bare client: `plugins: [discovery, akSkSigning]`. */
export const discovery: ClientFeatures = {
  // The default chain's first link is read now: AK/SK in the environment are fixed credentials,
  // checked at construction (half a pair is a mistake to report, not a cue to look elsewhere).
  defaultCredentials: (env) => credentialsFromEnvironment(env) ?? { akSk: defaultCredentialChain({ env }) },
  accountScope: (options) => new AccountScope({ ...options, iam: iamScopeLookup }),
};
