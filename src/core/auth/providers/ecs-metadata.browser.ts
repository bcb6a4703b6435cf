/**
 * The ECS metadata provider of the browser build (the package's "browser" export condition,
 * scripts/lib/browser-build.ts): a page cannot reach the link-local metadata service (mixed
 * content, private network access), so the provider always reports that it has nothing here and
 * a chain moves on, without a request. Node, Deno and Bun load ecs-metadata.ts.
 */
import type { EcsMetadataCredentialsOptions } from "./ecs-metadata.js";
import { type CredentialProvider, CredentialsNotFoundError } from "./provider.js";

export type { EcsMetadataCredentialsOptions };

/** In the browser build: a provider that always reports "not found" (the service is out of reach). */
export function ecsMetadataCredentials(_options: EcsMetadataCredentialsOptions = {}): CredentialProvider {
  return () => Promise.reject(new CredentialsNotFoundError("ECS metadata: not available in the browser build"));
}
