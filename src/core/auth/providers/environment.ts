/**
 * The environment provider: HUAWEICLOUD_SDK_AK / _SK (/ _SECURITY_TOKEN), with
 * HUAWEICLOUD_SDK_PROJECT_ID for basic and HUAWEICLOUD_SDK_DOMAIN_ID for global credentials, the
 * official SDKs' names. First in the default chain.
 */
import { credentialsFromEnvironment, ENV, type Environment, runtimeEnvironment } from "../credentials.js";
import { type CredentialProvider, CredentialsNotFoundError, type ProvidedCredentials } from "./provider.js";

export interface EnvironmentCredentialsOptions {
  /** Default process.env where there is one. */
  readonly env?: Environment | undefined;
}

export function environmentCredentials(options: EnvironmentCredentialsOptions = {}): CredentialProvider {
  return async (context) => {
    const env = options.env ?? runtimeEnvironment();
    // Half a pair is a mistake, not an absence: credentialsFromEnvironment throws for it.
    const found = credentialsFromEnvironment(env);
    if (!found) throw new CredentialsNotFoundError(`environment: ${ENV.accessKeyId} and ${ENV.secretAccessKey} are not set`);
    const idName = context?.kind === "global" ? ENV.domainId : ENV.projectId;
    const id = env[idName] || undefined;
    const result: ProvidedCredentials = { ...found };
    if (id === undefined) return result;
    return context?.kind === "global" ? { ...result, domainId: id } : { ...result, projectId: id };
  };
}
