/**
 * Profile files for the credential-provider tests: each test writes its own file into one
 * temporary directory per test file, removed after all its tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/** A secret key value the tests plant, to check it never shows in a message. */
export const PROFILE_SECRET = "sk-SECRET-value-1234567890";

/** The directory (removed after this file's tests) and a writer of a new profile file in it. */
export function profileFiles(prefix: string): { readonly dir: string; profile(text: string): string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let files = 0;
  return {
    dir,
    profile(text: string): string {
      const path = join(dir, `credentials-${files++}`);
      writeFileSync(path, text);
      return path;
    },
  };
}
