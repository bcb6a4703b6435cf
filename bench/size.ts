/**
 * Size: each entry point bundled with esbuild (--bundle --minify, as a browser bundle for the
 * main entry: a static `node:` import would fail to resolve), gzipped; an app calling one PCA
 * operation with explicit credentials (the bare client and one operation function, as AWS SDK
 * v3's bare client and one command); the aggregated PcaClient with every operation; and a bundle
 * that imports PcaClient alone, which must carry no BCS operation table. The main entry is measured as a
 * browser bundler gets it (the "browser" condition: the server-only providers replaced by their
 * .browser.ts twins), and as the Node build for comparison.
 */
import { gzipSync } from "node:zlib";
import { existsSync, readFileSync } from "node:fs";
import { bundle, ROOT } from "./lib/bundle.js";
import { emit, type Row, type Target } from "./lib/output.js";
import { namedOperations } from "../scripts/lib/named-operations.js";

const gz = (code: Uint8Array) => gzipSync(code, { level: 9 }).byteLength;
const kb = (bytes: number) => Number((bytes / 1000).toFixed(2));
/** Strings only the BCS operation table holds (its operation ids and official SDK names). */
const BCS_MARKERS = ["DownloadBlockchainCert", "downloadCertificates", "freezeUserCertificate", "/blockchains/"];

const rows: Row[] = [];
const targets: Target[] = [];
const fixed = (name: string, value: number, unit: string, note?: string): Row => ({ name, unit, median: value, min: value, max: value, ...(note ? { note } : {}) });

const entries = [
  { name: "main entry (huaweicloud-cert-sdk)", file: "main", contents: `export * from "./src/index.ts";`, platform: "browser" as const },
  {
    name: "main entry, Node build (with the profile file and ECS metadata providers)",
    file: "main-node",
    contents: `export * from "./src/index.ts";`,
    platform: "browser" as const,
    node: true,
  },
  {
    name: "one PCA operation with explicit credentials (PcaBareClient + activateCertificateAuthority)",
    file: "one-operation",
    contents: `export { PcaBareClient, activateCertificateAuthority } from "./src/index.ts";`,
    platform: "browser" as const,
  },
  { name: "PcaClient with every operation", file: "pca-only", contents: `export { PcaClient } from "./src/index.ts";`, platform: "browser" as const },
  { name: "BcsClient alone", file: "bcs-only", contents: `export { BcsClient } from "./src/index.ts";`, platform: "browser" as const },
  { name: "testing entry (huaweicloud-cert-sdk/testing)", file: "testing", contents: `export * from "./src/testing/index.ts";`, platform: "node" as const },
  { name: "openapi-fetch alone", file: "openapi-fetch", contents: `export { default } from "openapi-fetch";`, platform: "browser" as const },
];
const sizes: Record<string, { min: number; gz: number; text: string }> = {};
for (const entry of entries) {
  const { code, metafile } = await bundle(`size-${entry.file}`, entry.contents, { minify: true, platform: entry.platform, node: "node" in entry });
  const text = new TextDecoder().decode(code);
  sizes[entry.file] = { min: code.byteLength, gz: gz(code), text };
  const nodeImports = Object.values(metafile.inputs).flatMap((i) => i.imports).filter((i) => i.path.startsWith("node:"));
  const note = entry.platform === "browser" ? `browser bundle, ${nodeImports.length} node: imports` : "node bundle";
  rows.push(fixed(`${entry.name}, min+gz`, kb(sizes[entry.file]!.gz), "KB", note));
  rows.push(fixed(`${entry.name}, min`, kb(code.byteLength), "KB"));
}
// What the one-operation bundle is made of: the bare client alone (the core every operation
// shares), and the range over every PCA operation (each with the bare client).
const bare = await bundle("size-pca-bare", `export { PcaBareClient } from "./src/index.ts";`, { minify: true, platform: "browser" });
rows.push(fixed("PcaBareClient alone (the shared core, no operation), min+gz", kb(gz(bare.code)), "KB", "browser bundle"));
const { operations: pcaOperations } = await import("../generated/pca.operations.js");
const perOperation: Array<[string, number]> = [];
for (const id of Object.keys(pcaOperations)) {
  const { code } = await bundle(`size-op-${id}`, `export { PcaBareClient, ${id} } from "./src/index.ts";`, { minify: true, platform: "browser" });
  perOperation.push([id, gz(code)]);
}
perOperation.sort((a, b) => a[1] - b[1]);
const [smallest, largest] = [perOperation[0]!, perOperation.at(-1)!];
rows.push(fixed(`one PCA operation with PcaBareClient, smallest of ${perOperation.length}, min+gz`, kb(smallest[1]), "KB", smallest[0]));
rows.push(fixed(`one PCA operation with PcaBareClient, largest of ${perOperation.length}, min+gz`, kb(largest[1]), "KB", largest[0]));

const main = sizes["main"]!;
const one = sizes["one-operation"]!;
targets.push({ name: "one PCA operation with explicit credentials, min+gz (browser build)", target: "<= 10 KB", value: kb(one.gz), unit: "KB", met: one.gz <= 10_000 });
targets.push({ name: "main entry with every operation of the spec, min+gz (browser build)", target: "<= 24 KB", value: kb(main.gz), unit: "KB", met: main.gz <= 24_000 });
// The one-operation bundle carries its own descriptor and no other operation's.
const others = ["revokeCertificateAuthority", "createCertificateAuthority", "listCertificateAuthorities", "generateUserCertificate"].filter((id) => one.text.includes(id));
targets.push({
  name: "the one-operation bundle carries no other operation",
  target: "none",
  value: others.length,
  unit: "other operations found",
  met: others.length === 0 && one.text.includes("activateCertificateAuthority"),
  ...(others.length ? { note: `found ${others.join(", ")}` } : {}),
});
const pcaCarries = BCS_MARKERS.filter((m) => sizes["pca-only"]!.text.includes(m));
targets.push({
  name: "a bundle of PcaClient alone carries no BCS operation table",
  target: "no BCS table",
  value: pcaCarries.length,
  unit: "BCS markers found",
  met: pcaCarries.length === 0,
  ...(pcaCarries.length ? { note: `found ${pcaCarries.join(", ")}` } : {}),
});

// No hand-written file of src/ (outside the mock) names an operation: they are generated.
const named = namedOperations();
targets.push({
  name: "operations named in hand-written src/ outside src/testing/",
  target: "0",
  value: named.length,
  unit: "names",
  met: named.length === 0,
  ...(named.length ? { note: named.slice(0, 5).join("; ") } : {}),
});

// The package as built, when there is a build: the files its "browser" and "import" conditions
// name, minified by esbuild and gzipped.
type Condition = { default?: string } | string | undefined;
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { exports?: Record<string, Record<string, Condition>> };
const fileOf = (condition: Condition) => (typeof condition === "string" ? condition : condition?.default);
for (const [condition, label] of [["browser", "browser build"], ["import", "ESM build"]] as const) {
  const built = fileOf(pkg.exports?.["."]?.[condition]);
  if (built === undefined || !existsSync(`${ROOT}${built}`)) continue;
  const { code } = await bundle(`size-dist-${condition}`, `export * from "./${built.replace(/^\.\//, "")}";`, { minify: true, platform: "browser", node: true });
  rows.push(fixed(`dist/ main entry, ${label} (the "${condition}" condition), min+gz`, kb(gz(code)), "KB", built));
}
emit("size", rows, targets);
