/**
 * npm run docs [-- OUT_DIR]
 *
 * Builds the offline reference docs: one Redoc page per API declared in redocly.yaml
 * (bcs, pca, iam) into site/ (or OUT_DIR), the SDK's own API reference (TypeDoc, from the TSDoc of
 * both entry points, typedoc.json) into site/sdk/, and site/index.html linking each page by the
 * title its spec gives, and the SDK reference.
 *
 * Each API is bundled with Redocly first (which fails on a broken $ref, where build-docs would
 * quietly render an empty schema), given its code samples (scripts/lib/code-samples.ts: one
 * type-checked program per operation from examples/samples/), then rendered with `build-docs`.
 *
 * Every page is self-contained: Redocly's `--inlineBundle` embeds the Redoc script (about 2.5 MB)
 * instead of loading it from Redocly's CDN, and the page template below adds a
 * Content-Security-Policy that forbids every request to another host. Redoc 3 still asks the CDN
 * for its "API docs by Redocly" logo; the policy blocks that request (the logo is left out, the
 * text stays), so opening the docs never touches the network. test/docs/docs.test.ts checks
 * all of this in a real browser.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { parse as parseYaml } from "yaml";
import { withCodeSamples, type SampledDocument } from "./lib/code-samples.js";

const run = promisify(execFile);

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const redoclyBin = join(root, "node_modules/@redocly/cli/bin/cli.js");
const typedocBin = join(root, "node_modules/typedoc/bin/typedoc");

/** Where the TypeDoc reference goes inside the output directory, and how the index names it. */
export const sdkReference = { dir: "sdk", file: "sdk/index.html", title: "SDK reference: classes, options and errors" } as const;

/**
 * Allows the page's own inline script and styles (and the eval Redoc's bundle uses), data: and
 * blob: URLs, and its own origin; nothing from any other host, so a page that still needed the
 * network would show it, and a reader's browser sends nothing anywhere.
 */
export const contentSecurityPolicy = "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:";

/** Redocly's default build-docs template plus the policy above. */
const pageTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf8" />
  <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}" />
  <title>{{title}}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <style>
    body {
      padding: 0;
      margin: 0;
    }
  </style>
  {{{redocHead}}}
</head>
<body>
  {{{redocHTML}}}
</body>
</html>
`;

export interface DocsPage {
  /** The API's name in redocly.yaml. */
  api: string;
  /** The page's file name inside the output directory. */
  file: string;
  /** info.title of the spec. */
  title: string;
  /** info.version of the spec. */
  version: string;
  /** info.summary of the spec, when it has one. */
  summary: string | undefined;
}

interface RedoclyConfig {
  apis?: Record<string, { root?: string }>;
}

interface SpecInfo {
  info?: { title?: unknown; version?: unknown; summary?: unknown };
}

/** The APIs declared in redocly.yaml, with each one's title read from its root document. */
export function docsPages(): DocsPage[] {
  const config = parseYaml(readFileSync(join(root, "redocly.yaml"), "utf8")) as RedoclyConfig;
  const apis = Object.entries(config.apis ?? {});
  if (apis.length === 0) throw new Error("redocly.yaml declares no apis");
  return apis.map(([api, { root: specPath }]) => {
    if (!specPath) throw new Error(`redocly.yaml: api ${api} has no root`);
    const spec = parseYaml(readFileSync(join(root, specPath), "utf8")) as SpecInfo;
    const { title, version, summary } = spec.info ?? {};
    if (typeof title !== "string" || title.trim() === "") throw new Error(`${specPath}: info.title is missing`);
    if (typeof version !== "string") throw new Error(`${specPath}: info.version is missing`);
    return {
      api,
      file: `${api}.html`,
      title: title.trim(),
      version,
      summary: typeof summary === "string" ? summary.trim() : undefined,
    };
  });
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`);

export function indexHtml(pages: readonly DocsPage[]): string {
  const items = pages
    .map(
      (p) =>
        `      <li>\n        <a href="${escapeHtml(p.file)}">${escapeHtml(p.title)}</a> <span class="version">${escapeHtml(p.version)}</span>` +
        (p.summary ? `\n        <p>${escapeHtml(p.summary)}</p>` : "") +
        `\n      </li>`,
    )
    .join("\n");
  const sdk =
    `      <li>\n        <a href="${sdkReference.file}">${escapeHtml(sdkReference.title)}</a>` +
    `\n        <p>The TypeScript API of huaweicloud-cert-sdk and huaweicloud-cert-sdk/testing.</p>\n      </li>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Huawei Cloud certificate SDK: API reference</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #1f2328; }
    li { margin-bottom: 1rem; }
    a { font-weight: 600; }
    .version { color: #59636e; font-size: 0.9em; }
    p { margin: 0.25rem 0 0; }
  </style>
</head>
<body>
  <main>
    <h1>API reference</h1>
    <ul>
${items}
${sdk}
    </ul>
  </main>
</body>
</html>
`;
}

function redocly(args: string[], what: string): Promise<unknown> {
  return tool(redoclyBin, args, what);
}

function tool(bin: string, args: string[], what: string): Promise<unknown> {
  return run(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: unknown) => {
    const e = error as { stdout?: string; stderr?: string; message?: string };
    // Drop Redocly's boxed banners (the Node 20 deprecation notice) from the report.
    const output = `${e.stdout ?? ""}${e.stderr ?? ""}`.replace(/^\s*[╔║╚].*$/gm, "").replace(/\n{3,}/g, "\n\n").trim();
    throw new Error(`${what} failed:\n${output || e.message}`);
  });
}

async function buildPage(page: DocsPage, outDir: string, workDir: string, templatePath: string): Promise<void> {
  // build-docs renders whatever it can (an unresolved $ref becomes an empty schema and it still
  // exits 0), so bundle first: that fails on any broken reference. Then render the bundle.
  const bundled = join(workDir, `${page.api}.json`);
  await redocly(["bundle", page.api, "--output", bundled], `redocly bundle ${page.api}`);
  // Each operation gets its TypeScript sample from examples/samples/ (Redoc's x-codeSamples);
  // an operation without one fails the build.
  const doc = JSON.parse(readFileSync(bundled, "utf8")) as SampledDocument;
  writeFileSync(bundled, JSON.stringify(withCodeSamples(doc)));
  const output = join(outDir, page.file);
  await redocly(
    ["build-docs", bundled, "--inlineBundle", "--template", templatePath, "--output", output],
    `redocly build-docs ${page.api}`,
  );
  // The page must not load Redoc from the CDN (that happens when --inlineBundle is lost).
  const html = readFileSync(output, "utf8");
  if (/<script[^>]+src=["']https?:|<link[^>]+href=["']https?:|import\s*\{[^}]*\}\s*from\s*["']https?:/.test(html)) {
    throw new Error(`${output} loads a script from the network: the inline bundle is missing`);
  }
  if (!html.includes(contentSecurityPolicy)) throw new Error(`${output} lacks the Content-Security-Policy`);
}

/** Builds every page and index.html into outDir; returns what it built. */
export async function buildDocs(outDir: string): Promise<DocsPage[]> {
  const pages = docsPages();
  mkdirSync(outDir, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), "hw-cert-docs-"));
  try {
    const templatePath = join(workDir, "page.hbs");
    writeFileSync(templatePath, pageTemplate);
    // TypeDoc fails on a warning (typedoc.json: treatWarningsAsErrors), so a public symbol without
    // TSDoc fails the build.
    const typedoc = tool(typedocBin, ["--options", join(root, "typedoc.json"), "--out", join(outDir, sdkReference.dir)], "typedoc");
    await Promise.all([...pages.map((page) => buildPage(page, outDir, workDir, templatePath)), typedoc]);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  writeFileSync(join(outDir, "index.html"), indexHtml(pages));
  return pages;
}

async function main(): Promise<void> {
  const outDir = resolve(process.argv[2] ?? join(root, "site"));
  const started = Date.now();
  const pages = await buildDocs(outDir);
  const where = relative(process.cwd(), outDir) || ".";
  for (const p of pages) {
    const size = Math.round(statSync(join(outDir, p.file)).size / 1024);
    process.stdout.write(`${where}/${p.file}  ${p.title} (${size} KiB)\n`);
  }
  process.stdout.write(`${where}/${sdkReference.file}  ${sdkReference.title}\n`);
  process.stdout.write(`${where}/index.html\nbuilt ${pages.length} pages and the SDK reference in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const invokedDirectly = (() => {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
