/**
 * npm run build: compiles src/ and generated/ to dist/ (ESM with declarations) and copies the
 * bundled specs beside the compiled tables, where the mock (src/testing/mock.ts) finds them, and
 * the mock's Prism worker (plain CommonJS, run as its own process) beside the testing entry.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
rmSync(join(root, "dist"), { recursive: true, force: true });
execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
  cwd: root,
  stdio: "inherit",
});
for (const name of readdirSync(join(root, "generated")).filter((n) => n.endsWith(".json"))) {
  copyFileSync(join(root, "generated", name), join(root, "dist/generated", name));
}
copyFileSync(join(root, "src/testing/prism-worker.cjs"), join(root, "dist/src/testing/prism-worker.cjs"));
process.stdout.write("built dist/\n");
