/**
 * The browser build's one difference from the others: a module of src/ with a `.browser.ts`
 * sibling (the profile file and ECS metadata providers) is replaced by that sibling, so code
 * that only a server can run never reaches a page's bundle. Used by scripts/build.ts for
 * dist/index.browser.js (the package's "browser" export condition) and by the size benchmark,
 * which measures what a browser bundler gets.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, sep } from "node:path";
import type { Plugin } from "esbuild";

/** The `.browser.ts` twin of a source file, if it has one. */
export function browserTwin(path: string): string | undefined {
  if (!path.endsWith(".ts") || path.endsWith(".browser.ts") || !path.includes(`${sep}src${sep}`)) return undefined;
  const twin = path.replace(/\.ts$/, ".browser.ts");
  return existsSync(twin) ? twin : undefined;
}

export const browserTwins: Plugin = {
  name: "browser-twins",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const twin = browserTwin(args.path);
      return twin === undefined ? undefined : { contents: readFileSync(twin, "utf8"), loader: "ts", resolveDir: dirname(twin) };
    });
  },
};
