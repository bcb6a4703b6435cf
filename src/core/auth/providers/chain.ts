/**
 * Provider chains: each provider is asked in turn, and the first that finds credentials answers;
 * later ones are never asked (the metadata service is not contacted when the environment had
 * credentials). The answering provider is kept for later refreshes. A provider that fails for a
 * reason other than "nothing here" stops the chain: a malformed profile file is an error to fix,
 * not a cue to try the next source. When none finds anything, one ConfigurationError lists what
 * each tried.
 *
 * The default chain is the official Go SDK's: environment, profile file, ECS metadata.
 */
import { type Environment } from "../credentials.js";
import { ConfigurationError } from "../../errors.js";
import { ecsMetadataCredentials, type EcsMetadataCredentialsOptions } from "./ecs-metadata.js";
import { environmentCredentials } from "./environment.js";
import { profileFileCredentials } from "./profile-file.js";
import { type CredentialProvider, isCredentialsNotFoundError } from "./provider.js";

export function credentialChain(...providers: CredentialProvider[]): CredentialProvider {
  let answered: CredentialProvider | undefined;
  return async (context) => {
    if (answered) return answered(context);
    const tried: string[] = [];
    for (const provider of providers) {
      try {
        const found = await provider(context);
        answered = provider;
        return found;
      } catch (error) {
        if (!isCredentialsNotFoundError(error)) throw error;
        tried.push(error.message);
      }
    }
    throw new ConfigurationError(
      `no credentials found; pass credentials or set up one of these:\n${tried.map((line) => `  - ${line}`).join("\n")}`,
    );
  };
}

export interface DefaultCredentialChainOptions {
  readonly env?: Environment | undefined;
  /** The profile file; default HUAWEICLOUD_SDK_CREDENTIALS_FILE, else ~/.huaweicloud/credentials. */
  readonly profilePath?: string | undefined;
  readonly metadata?: EcsMetadataCredentialsOptions | undefined;
}

/** Environment, then profile file, then ECS instance metadata. */
export function defaultCredentialChain(options: DefaultCredentialChainOptions = {}): CredentialProvider {
  return credentialChain(
    environmentCredentials({ env: options.env }),
    profileFileCredentials({ env: options.env, path: options.profilePath }),
    ecsMetadataCredentials({ env: options.env, ...options.metadata }),
  );
}
