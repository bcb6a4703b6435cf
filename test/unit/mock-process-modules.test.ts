/**
 * resolvePrismModules() (src/testing/prism-modules.ts): where the mock's worker loads Prism's
 * libraries from, resolved through the installed @stoplight/prism-cli, and the ConfigurationError
 * that says what to install when it is missing or incomplete. Fake package trees in a temporary
 * directory stand in for the layouts; one test resolves the real installation.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/index.js";
import { PRISM_PACKAGE, PRISM_VERSION, resolvePrismModules } from "../../src/testing/prism-modules.js";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

type Package = "cli" | "http" | "httpServer" | "core" | "faker" | "httpSpec" | "postman";
const LAYOUT: Record<Package, { dir: string; file: string }> = {
  cli: { dir: "@stoplight/prism-cli", file: "dist/index.js" },
  http: { dir: "@stoplight/prism-http", file: "dist/index.js" },
  httpServer: { dir: "@stoplight/prism-http-server", file: "dist/index.js" },
  core: { dir: "@stoplight/prism-core", file: "dist/index.js" },
  faker: { dir: "@faker-js/faker", file: "dist/index.cjs" },
  httpSpec: { dir: "@stoplight/http-spec", file: "index.js" },
  postman: { dir: "postman-collection", file: "lib/index.js" },
};

/** A directory with node_modules holding the given packages; returns the path of a module to resolve from and the entry files. */
function tree(packages: readonly Package[]): { from: string; entry: (p: Package) => string } {
  const root = mkdtempSync(join(tmpdir(), "mock-process-modules-"));
  roots.push(root);
  const entry = (p: Package) => join(root, "node_modules", LAYOUT[p].dir, LAYOUT[p].file);
  for (const p of packages) {
    const dir = join(root, "node_modules", LAYOUT[p].dir);
    mkdirSync(dirname(entry(p)), { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: LAYOUT[p].dir, main: LAYOUT[p].file }));
    writeFileSync(entry(p), "");
    if (p === "httpSpec") {
      mkdirSync(join(dir, "postman"), { recursive: true });
      writeFileSync(join(dir, "postman", "operation.js"), "");
    }
  }
  const from = join(root, "app.js");
  writeFileSync(from, "");
  return { from, entry };
}

const ALL: readonly Package[] = ["cli", "http", "httpServer", "core", "faker", "httpSpec", "postman"];

function failure(from: string): ConfigurationError {
  try {
    resolvePrismModules(from);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error("resolvePrismModules did not throw");
}

describe("resolvePrismModules", () => {
  it("resolves Prism's libraries, faker and postman-collection through the installed prism-cli", () => {
    const { from, entry } = tree(ALL);
    expect(resolvePrismModules(from)).toEqual({
      http: entry("http"),
      httpServer: entry("httpServer"),
      core: entry("core"),
      faker: entry("faker"),
      postman: entry("postman"),
    });
  });

  it("leaves faker and postman-collection out when they are not installed (they are loaded only if used)", () => {
    const { from, entry } = tree(["cli", "http", "httpServer", "core"]);
    expect(resolvePrismModules(from)).toEqual({ http: entry("http"), httpServer: entry("httpServer"), core: entry("core"), faker: undefined, postman: undefined });
  });

  it("leaves postman-collection out when @stoplight/http-spec is there without it", () => {
    const { from, entry } = tree(["cli", "http", "httpServer", "core", "faker", "httpSpec"]);
    expect(resolvePrismModules(from).postman).toBeUndefined();
    expect(resolvePrismModules(from).faker).toBe(entry("faker"));
  });

  it("without prism-cli: a ConfigurationError that says what to install", () => {
    const { from } = tree(["http", "httpServer", "core"]);
    expect(failure(from).message).toBe(
      "startMock() needs the optional peer dependency @stoplight/prism-cli, which is not installed: " +
        "run `npm install --save-dev @stoplight/prism-cli@5.14.2`",
    );
  });

  it("with prism-cli but without one of its libraries: a ConfigurationError naming it, on one line", () => {
    const { from } = tree(["cli", "http", "core"]);
    expect(failure(from).message).toBe(
      "@stoplight/prism-cli is installed but incomplete (Cannot find module '@stoplight/prism-http-server'): " +
        "reinstall it with `npm install --save-dev @stoplight/prism-cli@5.14.2`",
    );
  });

  it("names prism-http and prism-core when they are the ones missing", () => {
    expect(failure(tree(["cli", "httpServer", "core"]).from).message).toContain("(Cannot find module '@stoplight/prism-http')");
    expect(failure(tree(["cli", "http", "httpServer"]).from).message).toContain("(Cannot find module '@stoplight/prism-core')");
  });

  it("finds every module of the real installation from this package", () => {
    const modules = resolvePrismModules();
    for (const path of Object.values(modules)) expect(path !== undefined && existsSync(path), String(path)).toBe(true);
    expect(modules.http).toContain("@stoplight/prism-http");
    expect(modules.httpServer).toContain("@stoplight/prism-http-server");
    expect(modules.core).toContain("@stoplight/prism-core");
    expect(modules.faker).toContain("@faker-js/faker");
    expect(modules.postman).toContain("postman-collection");
    expect([PRISM_PACKAGE, PRISM_VERSION]).toEqual(["@stoplight/prism-cli", "5.14.2"]);
  });
});
