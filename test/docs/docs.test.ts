/**
 * The reference docs in a real browser (Chromium from @sparticuz/chromium, driven by
 * playwright-core), offline: builds the docs into a temporary directory with scripts/docs.ts,
 * then checks that every page renders every operation of generated/<api>.json (summary, method,
 * path, documented status codes, and its TypeScript sample from examples/samples/) without any
 * request leaving the machine, that index.html links every page by its spec's title and the SDK
 * reference, and that the SDK reference (TypeDoc) documents both entry points' public symbols.
 * Screenshots (the top of each tag's route) go to test-results/docs/<api>.png.
 *
 * No browser is not a reason to skip: every test fails with the launch error.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import sparticuz from "@sparticuz/chromium";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { buildDocs, docsPages, root, sdkReference, type DocsPage } from "../../scripts/docs.js";
import { sampleSource } from "../../scripts/lib/code-samples.js";
import { stackPngs } from "./png.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

interface Operation {
  operationId: string;
  summary: string;
  method: string;
  path: string;
  tag: string;
  statuses: string[];
}

interface BundledDocument {
  info: { title: string };
  paths?: Record<string, Partial<Record<(typeof METHODS)[number], BundledOperation>>>;
}

interface BundledOperation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  responses?: Record<string, unknown>;
}

/** What generated/<api>.json says the page must show. */
function bundled(api: string): { title: string; operations: Operation[] } {
  const doc = JSON.parse(readFileSync(join(root, "generated", `${api}.json`), "utf8")) as BundledDocument;
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `${api}: ${method.toUpperCase()} ${path}`;
      if (!op.operationId || !op.summary || !op.tags?.[0] || !op.responses) {
        throw new Error(`${where} lacks an operationId, summary, tag or responses`);
      }
      operations.push({
        operationId: op.operationId,
        summary: op.summary,
        method,
        path,
        tag: op.tags[0],
        statuses: Object.keys(op.responses),
      });
    }
  }
  return { title: doc.info.title, operations };
}

const pages = docsPages();
const screenshotDir = join(root, "test-results", "docs");

// Built and launched once, on first use, by whichever test comes first. Memoised promises rather
// than beforeAll: a failed build or launch then fails every test with its own error.
let siteDir: string | undefined;
let site: Promise<DocsPage[]> | undefined;
let browser: Promise<Browser> | undefined;
let context: Promise<BrowserContext> | undefined;

/** The directory the docs were built into. */
async function builtSite(): Promise<string> {
  siteDir ??= mkdtempSync(join(tmpdir(), "hw-cert-docs-site-"));
  const dir = siteDir;
  site ??= buildDocs(dir);
  await site;
  return dir;
}

function launchedBrowser(): Promise<Browser> {
  browser ??= (async () => {
    const executablePath = await sparticuz.executablePath();
    return chromium.launch({
      executablePath,
      args: [...sparticuz.args, "--disable-background-networking"],
      headless: true,
    });
  })();
  return browser;
}

/**
 * One context for every page: @sparticuz/chromium runs Chromium with --single-process, where
 * closing a browser context ends the whole browser. Tests open and close pages only.
 */
function sharedContext(): Promise<BrowserContext> {
  context ??= launchedBrowser().then((b) => b.newContext({ viewport: { width: 1280, height: 900 } }));
  return context;
}

afterAll(async () => {
  try {
    if (browser) await (await browser.catch(() => undefined))?.close();
  } finally {
    if (siteDir) rmSync(siteDir, { recursive: true, force: true });
  }
});

/** Local means on this machine: the page's own file, the loopback host, or inline data. */
function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "file:" || protocol === "data:" || protocol === "blob:" || protocol === "about:") return true;
  return (protocol === "http:" || protocol === "https:") && hostname === "127.0.0.1";
}

interface Watched {
  page: Page;
  /** Requests to anywhere but this machine; each one was aborted. */
  external: string[];
  /** Resources the page's Content-Security-Policy blocked before they reached the network. */
  blocked: { directive: string; url: string }[];
  errors: string[];
}

async function watchedPage(): Promise<Watched> {
  const page = await (await sharedContext()).newPage();
  const watched: Watched = { page, external: [], blocked: [], errors: [] };
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    watched.external.push(url);
    return route.abort("internetdisconnected");
  });
  await page.exposeBinding("__recordCspViolation", (_source, directive: string, url: string) => {
    watched.blocked.push({ directive, url });
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const record = (window as unknown as { __recordCspViolation(d: string, u: string): void }).__recordCspViolation;
      void record(event.effectiveDirective, event.blockedURI);
    });
  });
  page.on("pageerror", (error) => watched.errors.push(error.message));
  return watched;
}

/** Redoc 3 gives an operation's section the id `<tag>/<operationId>`, lower-cased. */
const sectionId = (op: Operation) => `${op.tag}/${op.operationId}`.toLowerCase();

/**
 * The rendered text of the operation's section. Redoc 3 routes `#/<tag>/<operationId>` to the
 * operation (rendering it, where a tag route renders only the sections near the viewport): set
 * the hash, then wait for the section's text.
 */
async function operationText(page: Page, op: Operation): Promise<string | undefined> {
  await page.evaluate((route) => {
    window.location.hash = route;
  }, `#/${op.tag}/${op.operationId}`);
  const handle = await page
    .waitForFunction(
      (id) => {
        const section = [...document.querySelectorAll<HTMLElement>("#api-content [id]")].find(
          (element) => element.id.toLowerCase() === id,
        );
        return section === undefined || section.innerText.trim() === "" ? false : section.innerText;
      },
      sectionId(op),
      { timeout: 10_000, polling: 25 },
    )
    .catch(() => undefined);
  return handle ? ((await handle.jsonValue()) as string) : undefined;
}

/** Whitespace collapsed, so a line of code matches however the page wraps and indents it. */
const squash = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * A fresh load of a tag's route (Redoc 3's routes are `#/<tag>`; the Redoc 2 form `#tag/<tag>` is
 * redirected there), waiting for its section.
 */
async function openTag(page: Page, url: string, tag: string): Promise<void> {
  await page.goto("about:blank");
  await page.goto(`${url}#/${encodeURIComponent(tag)}`, { waitUntil: "load" });
  await page.waitForFunction((id) => document.getElementById(id) !== null, tag, { timeout: 15_000 });
}

/** Height of one capture (this Chromium wraps a single capture taller than about 8192 px). */
const SLICE = 4096;
/**
 * At most this many captures of a tag: the screenshot is for a reader to look at (the assertions
 * are on the text), and the Private CA's tags are many screens long; their first screens show
 * the layout.
 */
const SLICES_PER_TAG = 2;

/**
 * Captures of the top of a tag's route, in slices of at most SLICE pixels. Playwright's fullPage
 * capture does not work on these pages: Redoc 3 only renders the sections near the viewport, so
 * content beyond it comes out blank, and a viewport as tall as the page makes this
 * single-process Chromium stall on captures. So for each slice set the viewport to it, scroll
 * there, wait until the sections in view have rendered, and capture what is in view.
 */
async function tagScreenshots(page: Page, url: string, tag: string, operations: readonly Operation[]): Promise<Buffer[]> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  await openTag(page, url, tag);
  // Sticky elements (the sidebar, the request and response panels) would show once per slice:
  // put them back in the flow, where a reader sees them at the top of the page or section.
  await page.evaluate(() => {
    for (const element of document.querySelectorAll<HTMLElement>("body *")) {
      if (getComputedStyle(element).position === "sticky") element.style.setProperty("position", "static", "important");
    }
  });
  const slices: Buffer[] = [];
  for (let top = 0; slices.length < SLICES_PER_TAG; top += SLICE) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (top >= height) break;
    await page.setViewportSize({ width: viewport.width, height: Math.min(SLICE, height - top) });
    await page.evaluate((y) => window.scrollTo(0, y), top);
    await page.waitForFunction(
      ({ y, ids }) => {
        if (Math.abs(window.scrollY - y) > 1) return false;
        return [...document.querySelectorAll<HTMLElement>("#api-content [id]")]
          .filter((element) => ids.includes(element.id.toLowerCase()))
          .every((element) => {
            const { top: sectionTop, bottom } = element.getBoundingClientRect();
            return bottom <= 0 || sectionTop >= window.innerHeight || element.innerText.trim() !== "";
          });
      },
      { y: top, ids: operations.map(sectionId) },
      { timeout: 10_000, polling: 100 },
    );
    slices.push(await page.screenshot());
  }
  await page.setViewportSize(viewport);
  return slices;
}

describe("reference docs", () => {
  it.each(pages.map((p) => [p.api, p] as const))("%s renders every operation offline", { timeout: 180_000 }, async (api, expected) => {
    const dir = await builtSite();
    const { title, operations } = bundled(api);
    expect(operations.length, `generated/${api}.json has no operations`).toBeGreaterThan(0);

    const { page, external, blocked, errors } = await watchedPage();
    try {
      const url = pathToFileURL(join(dir, expected.file)).href;
      const tags = [...new Set(operations.map((op) => op.tag))];
      const slices: Buffer[] = [];
      for (const tag of tags) {
        // A fresh load per tag; each operation is then reached by its route `#/<tag>/<operationId>`.
        await openTag(page, url, tag);
        expect(await page.title()).toBe(title);

        const inTag = operations.filter((op) => op.tag === tag);
        for (const op of inTag) {
          const label = `${api} ${op.operationId} (${op.method.toUpperCase()} ${op.path})`;
          const text = await operationText(page, op);
          expect.soft(text, `${label}: no rendered section under #/${tag}`).toBeDefined();
          if (text === undefined) continue;
          const lines = new Set(text.split("\n").map((line) => line.trim()));
          expect.soft(lines.has(op.summary), `${label}: summary "${op.summary}" not rendered`).toBe(true);
          expect.soft(lines.has(op.path), `${label}: path not rendered`).toBe(true);
          expect.soft(lines.has(op.method.toUpperCase()), `${label}: method not rendered`).toBe(true);
          for (const status of op.statuses) {
            expect.soft(lines.has(status), `${label}: response ${status} not rendered`).toBe(true);
          }
          // The request sample: a TypeScript tab showing every line of examples/samples/<id>.ts.
          expect.soft(lines.has("TypeScript"), `${label}: no TypeScript sample tab`).toBe(true);
          const shown = squash(text);
          for (const line of sampleSource(op.operationId).split("\n")) {
            if (line.trim() === "") continue;
            expect.soft(shown.includes(squash(line)), `${label}: sample line not rendered: ${line.trim()}`).toBe(true);
          }
        }
        slices.push(...(await tagScreenshots(page, url, tag, inTag)));
      }

      mkdirSync(screenshotDir, { recursive: true });
      writeFileSync(join(screenshotDir, `${api}.png`), stackPngs(slices));

      expect(errors, "uncaught errors in the page").toEqual([]);
      expect(external, "requests that needed the network").toEqual([]);
      // Redoc 3 asks Redocly's CDN for its logo; the page's policy blocks it. Anything else
      // (a script, style, font or fetch) would mean the page is not self-contained.
      expect(blocked.filter((b) => b.directive !== "img-src"), "resources the page's policy had to block").toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("index.html links every page by its spec's title", async () => {
    const dir = await builtSite();
    const { page, external, errors } = await watchedPage();
    try {
      const indexUrl = pathToFileURL(join(dir, "index.html")).href;
      await page.goto(indexUrl, { waitUntil: "load" });
      const links = await page.$$eval("a[href]", (anchors) =>
        anchors.map((a) => ({ href: a.getAttribute("href") ?? "", text: (a as HTMLElement).innerText.trim() })),
      );
      for (const { api, file } of pages) {
        const { title } = bundled(api);
        expect(links, `index.html links ${file} as "${title}"`).toContainEqual({ href: file, text: title });
        await page.goto(indexUrl, { waitUntil: "load" });
        await page.click(`a[href="${file}"]`);
        await page.waitForURL((u) => u.pathname.endsWith(`/${file}`));
        expect(await page.title()).toBe(title);
      }
      expect(links, "index.html links the SDK reference").toContainEqual({ href: sdkReference.file, text: sdkReference.title });
      expect(links).toHaveLength(pages.length + 1);
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await page.close();
    }
  });

  /**
   * TypeDoc's pages hide their body (display: none) until its script shows them, or for 500 ms at
   * most; innerText reads "" until then. On a loaded machine "load" can come first.
   */
  const typedocPageShown = (page: Page) => page.waitForFunction(() => document.body.style.display !== "none", undefined, { timeout: 15_000 });

  it("the SDK reference documents the public symbols of both entry points, offline", async () => {
    const dir = await builtSite();
    const { page, external, errors } = await watchedPage();
    try {
      const indexUrl = pathToFileURL(join(dir, "index.html")).href;
      await page.goto(indexUrl, { waitUntil: "load" });
      await page.click(`a[href="${sdkReference.file}"]`);
      await page.waitForURL((u) => u.pathname.endsWith(`/${sdkReference.file}`));
      expect(await page.title()).toContain("huaweicloud-cert-sdk");
      // Every value and type the two entry points export has a page or an entry (TypeDoc itself
      // fails the build on a symbol without TSDoc).
      const entries = {
        index: [...Object.keys(await import("../../src/index.js")), "BcsClientOptions", "PcaClientOptions", "Credentials", "LogEvent", "CallOptions", "FileResult"],
        testing: [...Object.keys(await import("../../src/testing/index.js")), "MockOptions", "RunningMock", "SignatureVerdict"],
      };
      for (const [entry, symbols] of Object.entries(entries)) {
        await page.goto(pathToFileURL(join(dir, sdkReference.dir, "modules", `${entry}.html`)).href, { waitUntil: "load" });
        await typedocPageShown(page);
        const names = new Set((await page.evaluate(() => document.body.innerText)).split(/\s+/));
        expect(symbols.filter((name) => !names.has(name)), `symbols missing from the ${entry} module page`).toEqual([]);
      }
      // A class page shows its TSDoc.
      await page.goto(pathToFileURL(join(dir, sdkReference.dir, "classes", "index.PcaClient.html")).href, { waitUntil: "load" });
      await typedocPageShown(page);
      const classText = await page.evaluate(() => document.body.innerText);
      expect(classText).toContain("activateCertificateAuthority");
      expect(classText).toContain("Private CA");
      expect(errors).toEqual([]);
      expect(external, "requests that needed the network").toEqual([]);
    } finally {
      await page.close();
    }
  });
});
