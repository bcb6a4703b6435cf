import { defineConfig } from "vitest/config";

// The unit project alone, for Stryker (stryker.config.json): the mutants of src/core and
// src/testing run against the fast tests (injected fetch, fixed clock); the slow layers (Prism,
// the packed tarball, a browser) would turn a run of hours into days. The loopback guard is loaded
// as in every project of vitest.config.ts: a mutant may point a client anywhere, and no mutant may
// reach past 127.0.0.0/8 (nor the metadata address, which the guard switches off).
export default defineConfig({
  test: {
    setupFiles: ["test/setup/loopback-guard.ts"],
    expect: { requireAssertions: true },
    include: ["test/unit/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
