/**
 * The `dependencies` script (npm runs it after every npm ci / npm install that changes
 * node_modules in this checkout, and never in a project that installs the package, where a
 * `prepare` script would be listed as an install script): puts back the command links that the
 * side-by-side toolchains take over.
 *
 * The runtime and consumer matrices install Node 22 and 24 and TypeScript 6.0 and 7.0 as npm
 * aliases; their packages also declare the bins `node` and `tsc`, and npm links whichever it
 * meets last into node_modules/.bin. Since npm scripts put that folder first on PATH, `npm test`
 * would otherwise run on Node 22 (not the machine's Node) and type-check with TypeScript 6.
 * The matrices call those toolchains by their package paths, never through .bin.
 */
import { existsSync, lstatSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";

const bin = resolve(import.meta.dirname, "..", "node_modules", ".bin");
const removeIfLink = (name: string) => {
  const path = join(bin, name);
  if (existsSync(path) || isLink(path)) rmSync(path, { force: true });
  return path;
};
const isLink = (path: string) => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
};

if (existsSync(bin)) {
  // No `node` of our own: the machine's node runs everything.
  const node = join(bin, "node");
  if (isLink(node) && /node2[24]/.test(readlinkSync(node))) removeIfLink("node");
  // tsc and tsserver are the project's TypeScript (5.9.3).
  for (const name of ["tsc", "tsserver"]) symlinkSync(`../typescript/bin/${name}`, removeIfLink(name));
}
