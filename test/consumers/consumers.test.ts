/**
 * The consumer matrix, against the tarball installed by test/runtimes/global-setup.ts:
 *
 * - fixtures/consumer.ts, a strict consumer of both entry points, type-checked with
 *   skipLibCheck false (so the package's own declarations are checked too) under TypeScript 5.9,
 *   6.0 and 7.0 (npm aliases ts6, ts7) in each module setup: nodenext, node16 and bundler for an
 *   ESM consumer, node16 for a CommonJS one (the same file as consumer.cts), and node10 (5.9 and
 *   6.0; 7.0 removed it; 6.0 asks for ignoreDeprecations);
 * - CommonJS programs that require() the package, run on Node 20 and 22: fixtures/require.cjs
 *   (both entries, guards across the CJS and ESM copies) and the smoke program built as CJS
 *   (all six operations against the mock).
 */
import { execFile } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { type Outcome, expectSmokePassed } from "../runtimes/expect-smoke.js";

const root = resolve(import.meta.dirname, "../..");
const { consumer, smoke } = inject("runtimes");

copyFileSync(join(consumer, "fixtures/consumer.ts"), join(consumer, "consumer.ts"));
copyFileSync(join(consumer, "fixtures/consumer.ts"), join(consumer, "consumer.cts"));
copyFileSync(join(consumer, "fixtures/require.cjs"), join(consumer, "require.cjs"));

function runIn(command: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd: consumer, timeout: 150_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      done({ code, output: `${stdout}${stderr}${error && code === -1 ? error.message : ""}` });
    });
  });
}

const compilers = {
  "5.9": join(root, "node_modules/typescript/bin/tsc"),
  "6.0": join(root, "node_modules/ts6/bin/tsc"),
  "7.0": join(root, "node_modules/ts7/bin/tsc"),
} as const;
type Version = keyof typeof compilers;

interface Setup {
  readonly name: string;
  readonly file: "consumer.ts" | "consumer.cts";
  readonly module: string;
  readonly moduleResolution: string;
  readonly versions: readonly Version[];
}

const all: readonly Version[] = ["5.9", "6.0", "7.0"];
const setups: readonly Setup[] = [
  { name: "ESM, nodenext", file: "consumer.ts", module: "nodenext", moduleResolution: "nodenext", versions: all },
  { name: "ESM, node16", file: "consumer.ts", module: "node16", moduleResolution: "node16", versions: all },
  { name: "ESM, bundler", file: "consumer.ts", module: "esnext", moduleResolution: "bundler", versions: all },
  { name: "CommonJS, node16", file: "consumer.cts", module: "node16", moduleResolution: "node16", versions: all },
  { name: "node10", file: "consumer.ts", module: "commonjs", moduleResolution: "node10", versions: ["5.9", "6.0"] },
];

describe.concurrent("consumer type-check matrix (skipLibCheck false)", () => {
  for (const setup of setups) {
    for (const version of setup.versions) {
      it(`TypeScript ${version}, ${setup.name}`, async () => {
        const config = `tsconfig.${version}.${setup.name.replace(/\W+/g, "-")}.json`;
        writeFileSync(
          join(consumer, config),
          JSON.stringify({
            compilerOptions: {
              target: "es2022",
              module: setup.module,
              moduleResolution: setup.moduleResolution,
              lib: ["es2023", "dom", "dom.iterable"],
              types: ["node"],
              strict: true,
              noUncheckedIndexedAccess: true,
              exactOptionalPropertyTypes: true,
              skipLibCheck: false,
              noEmit: true,
              // 6.0 deprecates node10 (7.0 removed it): the setting it asks for.
              ...(version === "6.0" && setup.moduleResolution === "node10" ? { ignoreDeprecations: "6.0" } : {}),
            },
            files: [setup.file],
          }),
        );
        const { code, output } = await runIn(process.execPath, [compilers[version], "-p", config, "--pretty", "false"]);
        expect(output.trim()).toBe("");
        expect(code).toBe(0);
      });
    }
  }
});

describe.concurrent("CommonJS consumers at run time", () => {
  const nodes = {
    "Node 20": process.execPath,
    "Node 22": join(root, "node_modules/node22/bin/node"),
  } as const;
  for (const [name, node] of Object.entries(nodes)) {
    it(`${name}: require() of both entry points; guards across the CJS and ESM copies`, async () => {
      const { code, output } = await runIn(node, ["require.cjs"]);
      expect(code, output).toBe(0);
      const result = JSON.parse(output.trim().split("\n").at(-1)!) as Record<string, unknown>;
      expect(result).toEqual({
        exports: ["function", "function", "function", "function"],
        testing: ["function", "function", "undefined", "undefined"], // startMock, verifySignature; the internal launchers are not exported
        cjsGuard: true,
        esmGuard: true,
        instanceofOtherCopy: false,
        parameter: "cert_type",
        version: expect.stringMatching(name === "Node 20" ? /^v20\./ : /^v22\./),
      });
    });

    it(`${name}: the smoke program as CommonJS, all six operations against the mock`, async () => {
      const { code, output } = await runIn(node, ["smoke.cjs", JSON.stringify(smoke)]);
      expect(code, output).toBe(0);
      const outcome = JSON.parse(output.trim().split("\n").at(-1)!) as Outcome;
      expect(outcome.runtime).toMatch(name === "Node 20" ? /^node v20\./ : /^node v22\./);
      expectSmokePassed(outcome);
    });
  }
});
