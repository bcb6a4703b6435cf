import { defineConfig } from "vitest/config";

// Six layers, each its own project so that the slow ones keep their own rules (plus "examples",
// the README's example test suite):
// unit (injected fetch, fixed clock), spec (the documents against the pages and Prism),
// contract (the SDK against Prism behind the signature-checking gateway, one worker, one mock)
// package (the packed tarball in a fresh consumer), runtimes (that tarball under every runtime and
// compiler setup) and docs (the reference docs in a real browser).
// Every project loads the loopback guard: no test may reach an address outside 127.0.0.0/8 or ::1.
const setupFiles = ["test/setup/loopback-guard.ts"];
// A test that makes no assertion fails: a check whose expect() was removed (or never reached,
// as in a loop over nothing) cannot pass silently.
const expect = { requireAssertions: true };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          setupFiles,
          expect,
          include: ["test/unit/**/*.test.ts", "test/types/**/*.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "spec",
          setupFiles,
          expect,
          include: ["test/spec/**/*.test.ts", "test/docs-diff/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "contract",
          setupFiles,
          expect,
          include: ["test/contract/**/*.test.ts"],
          globalSetup: ["test/contract/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The README's "Testing your code" example: a user's own suite against startMock().
        test: {
          name: "examples",
          setupFiles,
          expect,
          include: ["examples/testing/**/*.test.ts"],
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: "package",
          setupFiles,
          expect,
          include: ["test/package/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          // The packed tarball in one fresh consumer (global-setup.ts): the smoke program under
          // Node 20/22/24, Deno, Bun and Chromium against one mock, and the consumer type-check
          // matrix (TypeScript 5.9/6.0/7.0 x module resolutions, CommonJS consumers).
          name: "runtimes",
          setupFiles,
          expect,
          include: ["test/runtimes/**/*.test.ts", "test/consumers/**/*.test.ts"],
          globalSetup: ["test/runtimes/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: "docs",
          setupFiles,
          expect,
          include: ["test/docs/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
