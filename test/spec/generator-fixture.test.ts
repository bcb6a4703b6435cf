/**
 * A new operation is one YAML edit plus `npm run generate`, and no line of src/: a made-up service
 * (fixtures/widgets.yaml), with an operation of every kind the generator knows (marker paging,
 * offset paging in a POST body that only reads, epoch milliseconds at any depth, a JSON-or-file
 * answer, a DELETE with a body, a file answer), goes through Redocly and the generator into a
 * module of its own. That module type-checks, gets its docs and samples, and its operations
 * validate, page, convert Dates, retry and answer as the spec says: everything from src/ as it is.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, generateApi } from "../../scripts/generate.js";
import { isValidationError, rawResponse } from "../../src/index.js";
import { type FakeClock, type Step, bytesResponse, emptyResponse, fakeClock, jsonResponse, scriptedFetch } from "../unit/support/fakes.js";

const root = resolve(import.meta.dirname, "../..");
const fixture = join(root, "test/spec/fixtures/widgets.yaml");
// Beside src/, as generated/ is: the module imports ../src/core/... as the real ones do.
const dir = mkdtempSync(join(root, ".fixture-widgets-"));
let files: Map<string, string>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let widgets: any;

beforeAll(async () => {
  files = await generateApi("widgets", bundle(fixture));
  mkdirSync(join(dir, "samples"));
  // The samples import the package; here the package is the fixture's module.
  for (const [name, text] of files) writeFileSync(join(dir, name), name.startsWith("samples/") ? text.replace('"../../src/index.js"', '"../widgets.client.js"') : text);
  widgets = await import(join(dir, "widgets.client.ts"));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = { token: "widget-token" };
function client(steps: readonly Step[], bare = false): { client: object; calls: ReturnType<typeof scriptedFetch>["calls"]; clock: FakeClock } {
  const clock = fakeClock();
  const http = scriptedFetch(steps, clock);
  const options = { endpoint: "https://widgets.example.test", credentials: TOKEN, fetch: http.fetch, clock, env: {}, maxRetries: 1 };
  return { client: bare ? new widgets.WidgetBareClient(options) : new widgets.WidgetClient(options), calls: http.calls, clock };
}
const json = (call: { body: Uint8Array | undefined }) => JSON.parse(new TextDecoder().decode(call.body)) as Record<string, unknown>;

describe("a made-up operation of every kind, through Redocly and the generator", () => {
  it("lints clean, and a misspelt extension fails lint", () => {
    const redocly = join(root, "node_modules/@redocly/cli/bin/cli.js");
    const lint = (file: string) => {
      try {
        execFileSync(process.execPath, [redocly, "lint", file], { cwd: root, encoding: "utf8", stdio: "pipe", env: { ...process.env, REDOCLY_TELEMETRY: "off" } });
        return "";
      } catch (error) {
        return String((error as { stdout?: string }).stdout);
      }
    };
    expect(lint(fixture)).toBe("");
    const typo = join(mkdtempSync(join(tmpdir(), "hw-cert-typo-")), "widgets.yaml");
    writeFileSync(typo, readFileSync(fixture, "utf8").replace("x-pagination:\n        style: marker", "x-paginaton:\n        style: marker"));
    expect(lint(typo)).toContain("x-paginaton is not an extension of this project");
    writeFileSync(typo, readFileSync(fixture, "utf8").replace("x-idempotent: true", 'x-idempotent: "yes"'));
    expect(lint(typo)).toContain("x-idempotent must be true or false");
    writeFileSync(typo, readFileSync(fixture, "utf8").replace("x-epoch-milliseconds: true\n                  description: When it was made", "x-epoch-milliseconds: 1\n                  description: When it was made"));
    expect(lint(typo)).toContain("x-epoch-milliseconds must be true, on an integer of format int64");
  });

  it("gives each operation a function, a method on the aggregated client, types, docs and a sample", () => {
    const ids = ["listWidgets", "createWidget", "searchWidgets", "deleteWidget", "exportWidget", "getWidgetPicture"];
    const source = files.get("widgets.client.ts")!;
    for (const id of ids) {
      expect(typeof widgets[id], id).toBe("function");
      expect(typeof widgets.WidgetClient.prototype[id], id).toBe("function");
      expect(widgets.WidgetBareClient.prototype[id], id).toBeUndefined();
      expect(files.has(`samples/${id}.ts`), id).toBe(true);
      expect(source).toContain(`export type ${id[0]!.toUpperCase()}${id.slice(1)}Params =`);
    }
    // The docs: summary, every input with its rules, the official name, retries, paging, a sample.
    expect(source).toContain("Create a widget.");
    expect(source).toContain("- `name`: required; 1 to 16 characters; matching `^[a-z][a-z0-9-]*$`");
    expect(source).toContain("- `made_at`: required; epoch milliseconds or a Date");
    expect(source).toContain("official SDK name `SearchWidgets`; retried on any transient failure (idempotent)");
    expect(source).toContain("official SDK name `CreateWidget`; retried only where the service cannot have acted");
    expect(source).toContain("iterate it (`for await`) for every item of every result page");
    expect(source).toContain('const result = await widgets.createWidget({ name: "first", made_at: 1700000000000 });');
    expect(files.get("samples/listWidgets.ts")).toContain("for await (const item of widgets.listWidgets({ limit: 2 })) console.log(item);");
  });

  it("type-checks, with the Date and enum rules in the types", () => {
    const consumer = join(dir, "consumer.ts");
    writeFileSync(
      consumer,
      [
        `import { WidgetBareClient, WidgetClient, createWidget, listWidgets } from "./widgets.client.js";`,
        `const bare = new WidgetBareClient({ region: "r-one", credentials: { token: "widget-token" }, domainId: "d" });`,
        `await createWidget(bare, { name: "a", made_at: new Date(), parts: [{ built_at: new Date() }] });`,
        `await new WidgetClient().createWidget({ name: "a", made_at: 1 });`,
        `for await (const w of listWidgets(bare, { color: "red" })) w.widget_id?.toUpperCase();`,
        `// @ts-expect-error: not a colour of the spec`,
        `listWidgets(bare, { color: "green" });`,
        `// @ts-expect-error: made_at is required`,
        `createWidget(bare, { name: "a" });`,
        `// @ts-expect-error: a region the spec does not list`,
        `new WidgetClient({ region: "r-nine" });`,
      ].join("\n") + "\n",
    );
    const tsconfig = join(dir, "tsconfig.json");
    writeFileSync(tsconfig, JSON.stringify({ extends: "../tsconfig.json", include: ["./**/*.ts"], compilerOptions: { noEmit: true } }));
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    let output = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", tsconfig], { cwd: root, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toBe("");
  }, 120_000);

  it("marker paging: every item of every page, stopping when the answer has no next marker", async () => {
    const { client: c, calls } = client([
      jsonResponse(200, { widgets: [{ widget_id: "w-1" }, { widget_id: "w-2" }], next_marker: "w-2" }),
      jsonResponse(200, { widgets: [{ widget_id: "w-3" }] }),
    ]);
    const seen: string[] = [];
    for await (const widget of widgets.listWidgets(c, { limit: 2, color: "red" })) seen.push(widget.widget_id);
    expect(seen).toEqual(["w-1", "w-2", "w-3"]);
    expect(calls.map((call) => call.url.search)).toEqual(["?limit=2&color=red", "?marker=w-2&limit=2&color=red"]);
    expect(calls).toHaveLength(2);
  });

  it("awaiting a paged call gives the first page only, with its request id and raw response", async () => {
    const { client: c, calls } = client([jsonResponse(200, { widgets: [{ widget_id: "w-1" }], next_marker: "w-1" }, { "X-Request-Id": "r-1" })]);
    const first = await widgets.listWidgets(c, {});
    expect(first).toEqual({ widgets: [{ widget_id: "w-1" }], next_marker: "w-1", requestId: "r-1" });
    expect(rawResponse(first)?.status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it("offset paging in a POST body: offsets follow the items, stopping at the total", async () => {
    const { client: c, calls } = client([
      jsonResponse(200, { widgets: [{ widget_id: "a" }, { widget_id: "b" }], total: 3 }),
      jsonResponse(200, { widgets: [{ widget_id: "c" }], total: 3 }),
    ]);
    const seen: string[] = [];
    for await (const widget of widgets.searchWidgets(c, { limit: 2, names: ["x"] })) seen.push(widget.widget_id);
    expect(seen).toEqual(["a", "b", "c"]);
    expect(calls.map(json)).toEqual([{ limit: 2, names: ["x"] }, { limit: 2, names: ["x"], offset: 2 }]);
  });

  it("a Date at any depth of an epoch-milliseconds field is sent as its milliseconds; an invalid one is refused before I/O", async () => {
    const made = new Date(Date.UTC(2030, 0, 1));
    const { client: c, calls } = client([jsonResponse(201, { widget_id: "w-9" })]);
    const created = await widgets.createWidget(c, { name: "first", made_at: made, parts: [{ built_at: made }] });
    expect(created.widget_id).toBe("w-9");
    expect(json(calls[0]!)).toEqual({ name: "first", made_at: made.getTime(), parts: [{ built_at: made.getTime() }] });
    const refused = await widgets.createWidget(c, { name: "first", made_at: made, parts: [{ built_at: new Date(Number.NaN) }] }).catch((e: unknown) => e);
    expect(isValidationError(refused) && [refused.parameter, refused.rule]).toEqual(["parts[0].built_at", "date"]);
    const badName = await widgets.createWidget(c, { name: "First", made_at: 1 }).catch((e: unknown) => e);
    expect(isValidationError(badName) && [badName.parameter, badName.rule]).toEqual(["name", "pattern"]);
    expect(calls).toHaveLength(1);
  });

  it("an idempotent POST is retried after a 500; a state-changing one is not", async () => {
    const search = client([jsonResponse(500, { error_code: "W.500" }), jsonResponse(200, { widgets: [], total: 0 })]);
    await expect(widgets.searchWidgets(search.client, {})).resolves.toMatchObject({ total: 0 });
    expect(search.calls).toHaveLength(2);
    const create = client([jsonResponse(500, { error_code: "W.500" }), jsonResponse(201, { widget_id: "w" })]);
    await expect(widgets.createWidget(create.client, { name: "a", made_at: 1 })).rejects.toMatchObject({ status: 500 });
    expect(create.calls).toHaveLength(1);
  });

  it("x-file-when: the zip for as_zip true, the JSON members otherwise", async () => {
    const zip = client([bytesResponse(new Uint8Array([0x50, 0x4b, 3, 4]), { "content-type": "application/zip", "content-disposition": 'attachment; filename="w.zip"' })]);
    const file = await widgets.exportWidget(zip.client, { widget_id: "w-1", as_zip: true });
    expect([...file.data]).toEqual([0x50, 0x4b, 3, 4]);
    expect(file.fileName).toBe("w.zip");
    const text = client([jsonResponse(200, { pem: "P" })]);
    expect(await widgets.exportWidget(text.client, { widget_id: "w-1", as_zip: false })).toEqual({ pem: "P", requestId: undefined });
  });

  it("a DELETE sends its JSON body; a file answer streams on request; the bare client calls the functions", async () => {
    const del = client([emptyResponse(204, { "X-Request-Id": "r-d" })], true);
    expect(await widgets.deleteWidget(del.client, { widget_id: "w-1", reason: "broken" })).toEqual({ requestId: "r-d" });
    expect([del.calls[0]!.method, del.calls[0]!.url.pathname, json(del.calls[0]!)]).toEqual(["DELETE", "/v1/widgets/w-1", { reason: "broken" }]);
    const picture = client([bytesResponse(new Uint8Array([1, 2, 3]), { "content-type": "image/png" })], true);
    const { stream, contentType } = await widgets.getWidgetPicture(picture.client, { widget_id: "w-1" }, { stream: true });
    expect(contentType).toBe("image/png");
    expect([...new Uint8Array(await new Response(stream).arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it("no file of src/ names an operation of the fixture: the module is all it took", () => {
    const named = (pattern: string) => {
      try {
        return execFileSync("git", ["grep", "-l", "-E", pattern, "--", "src"], { cwd: root, encoding: "utf8", stdio: "pipe" }).trim();
      } catch (error) {
        // git grep exits 1 when nothing matches.
        if ((error as { status?: number }).status === 1) return "";
        throw error;
      }
    };
    expect(named("listWidgets|createWidget|searchWidgets|exportWidget|deleteWidget|getWidgetPicture")).toBe("");
    // The search itself works: it finds what src/ does hold.
    expect(named("callOperation")).toContain("src/core/client/call.ts");
  });
});
