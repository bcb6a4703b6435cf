/**
 * The browser build's twins (src/**\/*.browser.ts, swapped in by scripts/lib/browser-build.ts):
 * each exports what the module it replaces exports, and its providers report "not found" without
 * sending anything, so a chain in a page moves on as it does on a server with no file or service.
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { describe, expect, it, vi } from "vitest";
import { browserTwin, browserTwins } from "../../scripts/lib/browser-build.js";
import { credentialChain, environmentCredentials, isConfigurationError } from "../../src/index.js";
import { isCredentialsNotFoundError } from "../../src/core/auth/providers/provider.js";

const root = join(import.meta.dirname, "../..");
const src = join(root, "src");

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}
const twins = [...sources(src)].filter((p) => p.endsWith(".browser.ts"));

describe("browser twins", () => {
  it("are exactly the profile file and ECS metadata providers", () => {
    expect(twins.map((p) => relative(src, p)).sort()).toEqual([
      "core/auth/providers/ecs-metadata.browser.ts",
      "core/auth/providers/profile-file.browser.ts",
    ]);
    for (const twin of twins) expect(browserTwin(twin.replace(/\.browser\.ts$/, ".ts"))).toBe(twin);
    expect(browserTwin(join(src, "core/auth/signer.ts"))).toBeUndefined();
  });

  it.each(twins.map((twin) => [relative(src, twin), twin]))("%s exports the names of the module it replaces", async (_name, twin) => {
    const real = (await import(twin.replace(/\.browser\.ts$/, ".ts"))) as Record<string, unknown>;
    const stand = (await import(twin)) as Record<string, unknown>;
    expect(Object.keys(stand).sort()).toEqual(Object.keys(real).sort());
    for (const name of Object.keys(real)) expect(typeof stand[name], name).toBe(typeof real[name]);
  });

  it("report 'not found' and send nothing, so a chain moves on past them", async () => {
    const { profileFileCredentials } = await import("../../src/core/auth/providers/profile-file.browser.js");
    const { ecsMetadataCredentials } = await import("../../src/core/auth/providers/ecs-metadata.browser.js");
    const fetch = vi.fn<typeof globalThis.fetch>();
    const chain = credentialChain(
      profileFileCredentials({ path: "/anywhere" }),
      ecsMetadataCredentials({ fetch, endpoint: "http://127.0.0.1:9" }),
      environmentCredentials({ env: { HUAWEICLOUD_SDK_AK: "AK", HUAWEICLOUD_SDK_SK: "SK" } }),
    );
    await expect(chain()).resolves.toMatchObject({ accessKeyId: "AK", secretAccessKey: "SK" });
    expect(fetch).not.toHaveBeenCalled();

    const none = await credentialChain(profileFileCredentials(), ecsMetadataCredentials({ fetch }))().catch((e: unknown) => e);
    expect(isConfigurationError(none)).toBe(true);
    expect((none as Error).message).toContain("profile file: not available in the browser build");
    expect((none as Error).message).toContain("ECS metadata: not available in the browser build");
    await expect(profileFileCredentials()().catch((e: unknown) => isCredentialsNotFoundError(e))).resolves.toBe(true);
  });

  it("the plugin swaps them in: a bundle of src/index.ts has neither reader, the Node bundle both", async () => {
    const bundle = async (plugins: typeof browserTwins[]) => {
      const result = await build({
        entryPoints: [join(src, "index.ts")],
        bundle: true,
        format: "esm",
        platform: "neutral",
        mainFields: ["module", "main"],
        write: false,
        logLevel: "silent",
        plugins,
      });
      return result.outputFiles[0]!.text;
    };
    const [browser, node] = await Promise.all([bundle([browserTwins]), bundle([])]);
    for (const marker of ["169.254.169.254", "/openstack/latest/securitykey", "node:fs", "is outside any ["]) {
      expect(node, marker).toContain(marker);
      expect(browser, marker).not.toContain(marker);
    }
    expect(browser).toContain("not available in the browser build");
  });
});
