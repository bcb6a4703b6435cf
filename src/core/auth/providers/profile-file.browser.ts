/**
 * The profile file provider of the browser build (the package's "browser" export condition,
 * scripts/lib/browser-build.ts): a page has no file system, so the provider always reports that
 * it has nothing here and a chain moves on. The file reader and its parser stay out of browser
 * bundles; Node, Deno and Bun load profile-file.ts.
 */
import type { ProfileFileCredentialsOptions } from "./profile-file.js";
import { type CredentialProvider, CredentialsNotFoundError } from "./provider.js";

export type { ProfileFileCredentialsOptions };

/** In the browser build: a provider that always reports "not found" (no file system). */
export function profileFileCredentials(_options: ProfileFileCredentialsOptions = {}): CredentialProvider {
  return () => Promise.reject(new CredentialsNotFoundError("profile file: not available in the browser build (no file system)"));
}
