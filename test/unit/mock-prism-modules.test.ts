/**
 * Where the mock finds Prism's libraries (src/testing/prism-modules.ts): through the installed
 * @stoplight/prism-cli, with a message that says what to install when it is missing or broken.
 * The missing and broken installs are small fake node_modules trees in a temporary folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/core/errors.js";
import { PRISM_PACKAGE, PRISM_VERSION, resolvePrismModules } from "../../src/testing/prism-modules.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder with node_modules holding `packages` (each a package.json and an index.js). */
function tree(packages: string[]): string {
  const root = mkdtempSync(join(tmpdir(), "mock-prism-modules-"));
  dirs.push(root);
  for (const name of packages) {
    const file = join(root, "node_modules", name, "index.js");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(join(dirname(file), "package.json"), JSON.stringify({ name, main: "index.js" }));
    writeFileSync(file, "");
  }
  writeFileSync(join(root, "from.js"), "");
  return pathToFileURL(join(root, "from.js")).href;
}

function refusal(from: string): string {
  try {
    resolvePrismModules(from);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("resolved");
}

const BASE = ["@stoplight/prism-cli", "@stoplight/prism-http", "@stoplight/prism-http-server", "@stoplight/prism-core"];

describe("resolvePrismModules", () => {
  it("finds the installed Prism's libraries from this package by default", () => {
    const modules = resolvePrismModules();
    expect(modules.http).toMatch(/@stoplight[\\/]prism-http[\\/]/);
    expect(modules.httpServer).toMatch(/@stoplight[\\/]prism-http-server[\\/]/);
    expect(modules.core).toMatch(/@stoplight[\\/]prism-core[\\/]/);
    expect(modules.faker).toMatch(/@faker-js[\\/]faker[\\/]/);
  });

  it("says what to install when Prism is missing", () => {
    expect(PRISM_PACKAGE).toBe("@stoplight/prism-cli");
    expect(refusal(tree([]))).toBe(
      `startMock() needs the optional peer dependency @stoplight/prism-cli, which is not installed: run \`npm install --save-dev @stoplight/prism-cli@${PRISM_VERSION}\``,
    );
  });

  it("says to reinstall when one of Prism's own dependencies is missing, quoting the first line of why", () => {
    const message = refusal(tree(["@stoplight/prism-cli", "@stoplight/prism-http", "@stoplight/prism-core"]));
    expect(message).toMatch(/^@stoplight\/prism-cli is installed but incomplete \(Cannot find module '@stoplight\/prism-http-server'[^\n]*\): reinstall it with `npm install --save-dev @stoplight\/prism-cli@5\.14\.2`$/);
  });

  it("resolves each library from where the CLI is installed", () => {
    const from = tree(BASE);
    const root = dirname(new URL(from).pathname);
    expect(resolvePrismModules(from)).toEqual({
      http: join(root, "node_modules/@stoplight/prism-http/index.js"),
      httpServer: join(root, "node_modules/@stoplight/prism-http-server/index.js"),
      core: join(root, "node_modules/@stoplight/prism-core/index.js"),
      faker: undefined,
      postman: undefined,
    });
  });

  it("finds the optional faker and postman-collection when they are there", () => {
    const from = tree([...BASE, "@faker-js/faker", "postman-collection"]);
    const root = dirname(new URL(from).pathname);
    const httpSpec = join(root, "node_modules/@stoplight/http-spec/postman/operation.js");
    mkdirSync(dirname(httpSpec), { recursive: true });
    writeFileSync(httpSpec, "");
    const modules = resolvePrismModules(from);
    expect(modules.faker).toBe(join(root, "node_modules/@faker-js/faker/index.js"));
    expect(modules.postman).toBe(join(root, "node_modules/postman-collection/index.js"));
  });
});
