import { defineConfig } from "vitest/config";

// The unit project alone, for Stryker (stryker.config.json): the mutants of src/core and
// src/testing run against the fast tests (injected fetch, fixed clock); the slow layers (Prism,
// the packed tarball, a browser) would turn a run of hours into days.
export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
