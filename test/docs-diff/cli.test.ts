/**
 * npm run docs:diff over pages this project wrote for the purpose (test/docs-diff/fixtures), one
 * in each layout the Huawei pages use, each carrying known changes against a small made-up spec
 * (fixtures/gadgets.json, with its own x-deviation and x-edition entries). The made-up spec keeps these tests
 * independent of the real documents; CI holds the real pages to the real spec.
 *
 * Each test asserts the complete JSON report of a page: exactly these differences, these accepted
 * deviations, these known edition differences and these items not compared, nothing more.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runDocsDiff } from "../../scripts/lib/pages/cli.js";

const root = resolve(import.meta.dirname, "../..");
const fixture = (name: string) => `test/docs-diff/fixtures/${name}`;
const SPEC = fixture("gadgets.json");

/** docs:diff in-process: the same function the command runs. */
function docsDiff(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const status = runDocsDiff(args, root, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

/** The real command, as npm runs it, for the exit status a shell sees. */
function docsDiffCommand(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "scripts/docs-diff.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function report(...pages: string[]) {
  const run = docsDiff("--json", "--spec", SPEC, ...pages.map(fixture));
  return { status: run.status, json: JSON.parse(run.stdout) };
}

const TOKEN_ACCEPTED = { where: "header X-Auth-Token", aspect: "required", page: true, spec: false, reason: "AK/SK signing is the alternative." };

describe("docs:diff on a page in the Table N layout (tune.table-n.txt)", () => {
  it("finds exactly the changed limit, parameters, enum, Mandatory, nested field, example, type, error limit and status codes", () => {
    const { status, json } = report("tune.table-n.txt");
    expect(json.pages).toEqual([
      {
        file: fixture("tune.table-n.txt"),
        title: "Tuning a Gadget",
        page: { method: "POST", path: "/v1/{project_id}/gadgets/{gadget_id}/tune" },
        operation: { api: "gadgets", operationId: "tuneGadget", method: "POST", path: "/v1/{project_id}/gadgets/{gadget_id}/tune" },
        differences: [
          { where: "path gadget_id", aspect: "maxLength", page: 40, spec: 36 },
          { where: "header X-Client-Id", aspect: "field", page: "X-Client-Id", spec: null },
          { where: "query verbose", aspect: "field", page: null, spec: "verbose" },
          { where: "body mode", aspect: "enum", page: ["FAST", "SLOW", "TURBO"], spec: ["FAST", "SLOW"] },
          { where: "body label", aspect: "required", page: true, spec: false },
          { where: "body settings.angle", aspect: "field", page: "angle", spec: null },
          { where: "body", aspect: "example", page: { level: 5, mode: "FAST" }, spec: { level: 3, mode: "FAST" } },
          { where: "response 200 result", aspect: "type", page: "integer", spec: "string" },
          { where: "response 400 error_code", aspect: "maxLength", page: 64, spec: 36 },
          { where: "response 409", aspect: "status", page: 409, spec: null },
          { where: "response 404", aspect: "status", page: null, spec: 404 },
        ],
        accepted: [
          TOKEN_ACCEPTED,
          { where: "body settings.depth", aspect: "minimum", page: null, spec: 0, reason: "A depth below zero means nothing." },
        ],
        knownEditionDifferences: [],
        notCompared: [{ where: "body priority", aspect: "enum", text: "The options are as follows:" }],
      },
    ]);
    expect(json.summary).toEqual({ pages: 1, differences: 11, accepted: 2, knownEditionDifferences: 0, notCompared: 1, unreadable: 0 });
    expect(status).toBe(1);
  });
});

describe("docs:diff on a page with one cell a line and | terminators (manual.cell-per-line.txt)", () => {
  it("finds the changed method (matching the operation by its path), Mandatory and error example; accepts the file's example", () => {
    const { status, json } = report("manual.cell-per-line.txt");
    expect(json.pages).toEqual([
      {
        file: fixture("manual.cell-per-line.txt"),
        title: "Downloading a Gadget Manual",
        page: { method: "POST", path: "/v1/{project_id}/gadgets/{gadget_id}/manual" },
        operation: { api: "gadgets", operationId: "downloadManual", method: "GET", path: "/v1/{project_id}/gadgets/{gadget_id}/manual" },
        differences: [
          { where: "operation", aspect: "method", page: "POST", spec: "GET" },
          { where: "query lang", aspect: "required", page: false, spec: true },
          {
            where: "response 400",
            aspect: "example",
            page: { error_code: "GDG.4000001", error_msg: "bad gadget" },
            spec: { error_code: "GDG.4000001", error_msg: "bad level" },
          },
        ],
        accepted: [
          TOKEN_ACCEPTED,
          { where: "response 200", aspect: "example", page: { result: "success" }, spec: "MANUAL", reason: "The page's example is not a file." },
        ],
        knownEditionDifferences: [],
        notCompared: [],
      },
    ]);
    expect(status).toBe(1);
  });
});

describe("docs:diff on a page whose token header is a security scheme in the spec (list.cell-per-line.txt)", () => {
  it("compares the header with the scheme (required from the security alternatives) and the members of an array of objects", () => {
    const { status, json } = report("list.cell-per-line.txt");
    expect(json.pages[0].operation).toEqual({ api: "gadgets", operationId: "listGadgets", method: "GET", path: "/v1/gadgets" });
    expect(json.pages[0].differences).toEqual([
      { where: "header X-Auth-Token", aspect: "minLength", page: 1, spec: null },
      { where: "header X-Auth-Token", aspect: "maxLength", page: 32768, spec: null },
      { where: "response 200 gadgets.colour", aspect: "field", page: null, spec: "colour" },
    ]);
    expect(json.pages[0].accepted).toEqual([
      { where: "header X-Auth-Token", aspect: "required", page: true, spec: false, reason: "Either the token or an AK/SK signature." },
    ]);
    expect(json.pages[0].notCompared).toEqual([]);
    expect(status).toBe(1);
  });
});

describe("docs:diff on pages with one table row a line (pipe tables)", () => {
  it("upload.pipe-table.txt agrees but for its recorded deviations: exit 0, a one-line summary, the cut-short list named", () => {
    const { status, json } = report("upload.pipe-table.txt");
    expect(json.pages[0]).toMatchObject({ operation: { operationId: "uploadGadgetFile" }, differences: [] });
    expect(json.pages[0].accepted).toEqual([
      TOKEN_ACCEPTED,
      { where: "body file", aspect: "maxLength", page: "less than 10 KB", spec: 10239, reason: "Read as at most 10239 bytes." },
    ]);
    expect(json.pages[0].notCompared).toEqual([{ where: "body kind", aspect: "enum", text: "The options are as follows:" }]);
    expect(status).toBe(0);

    const text = docsDiff("--spec", SPEC, fixture("upload.pipe-table.txt"));
    expect(text.status).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("docs:diff: 1 page: no differences, 2 accepted deviations, 1 item not compared");
    expect(lines.filter((l) => l.startsWith("docs:diff:"))).toHaveLength(1);
    expect(text.stdout).not.toContain("DIFFERENCE");
    expect(text.stdout).toContain('not compared  body kind: enum: the page\'s option list is cut short ("The options are as follows:" and nothing after)');
  });

  it("upload-changed.pipe-table.txt: a size limit that no longer matches its deviation, a removed field, a new example, other status codes", () => {
    const { status, json } = report("upload-changed.pipe-table.txt");
    expect(json.pages[0].differences).toEqual([
      { where: "body file", aspect: "maxLength", page: "less than 20 KB", spec: 10239 },
      { where: "body kind", aspect: "field", page: null, spec: "kind" },
      { where: "body", aspect: "example", page: { kind: "PHOTO" }, spec: null },
      { where: "response 200", aspect: "status", page: 200, spec: null },
      { where: "response 204", aspect: "status", page: null, spec: 204 },
    ]);
    expect(json.pages[0].accepted).toEqual([TOKEN_ACCEPTED]);
    expect(json.pages[0].notCompared).toEqual([]);
    expect(status).toBe(1);
    const text = docsDiff("--spec", SPEC, fixture("upload-changed.pipe-table.txt"));
    expect(text.stdout).toContain('DIFFERENCE  body file: maxLength: page "less than 20 KB", spec 10239');
    expect(text.status).toBe(1);
  });
});

const PAINT_CURRENT = "https://example.com/gadgets/paint.html (2026-11-30)";
const paintEdition = (where: string, aspect: string, page: unknown, spec: unknown, reason: string) => ({
  where,
  aspect,
  page,
  spec,
  edition: "2020-03-01",
  current: PAINT_CURRENT,
  reason,
});

describe("docs:diff on an older edition of a page (x-edition)", () => {
  it("paint-2020.table-n.txt says only what its recorded edition said: known edition differences, exit 0", () => {
    const { status, json } = report("paint-2020.table-n.txt");
    expect(json.pages[0]).toEqual({
      file: fixture("paint-2020.table-n.txt"),
      title: "Painting a Gadget",
      page: { method: "POST", path: "/v1/gadgets/{gadget_id}/paint" },
      operation: { api: "gadgets", operationId: "paintGadget", method: "POST", path: "/v1/gadgets/{gadget_id}/paint" },
      differences: [],
      accepted: [TOKEN_ACCEPTED],
      knownEditionDifferences: [
        paintEdition("body colour", "enum", ["RED", "BLUE"], ["RED", "BLUE", "GREEN"], "GREEN was added."),
        paintEdition("body coats", "required", true, false, "One coat by default now."),
        paintEdition("body coats", "maximum", 2, 3, "A third coat was allowed."),
        // Recorded beside the $ref of the property, not on the shared Finish schema.
        paintEdition("body finish", "field", null, "finish", "The finish was added."),
      ],
      notCompared: [],
    });
    expect(json.summary).toEqual({ pages: 1, differences: 0, accepted: 1, knownEditionDifferences: 4, notCompared: 0, unreadable: 0 });
    expect(status).toBe(0);
  });

  it("the text report lists them in their own section, with the edition, what the spec follows and why", () => {
    const text = docsDiff("--spec", SPEC, fixture("paint-2020.table-n.txt"));
    expect(text.status).toBe(0);
    expect(text.stdout).not.toContain("DIFFERENCE");
    expect(text.stdout).toContain(
      [
        '  edition     body coats: maximum: page 2, spec 3',
        `              the page is the 2020-03-01 edition; the spec follows ${PAINT_CURRENT}`,
        "              why: A third coat was allowed.",
      ].join("\n"),
    );
    expect(text.stdout).toContain('  edition     body finish: field: page none, spec "finish"');
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("docs:diff: 1 page: no differences, 1 accepted deviation, 4 known edition differences, 0 items not compared");
  });

  it("paint-2018.pipe-table.txt says other things than the recorded edition: those are differences again, exit 1", () => {
    const { status, json } = report("paint-2018.pipe-table.txt");
    expect(json.pages[0].differences).toEqual([
      { where: "body colour", aspect: "enum", page: ["RED"], spec: ["RED", "BLUE", "GREEN"] },
      { where: "body coats", aspect: "maximum", page: 5, spec: 3 },
    ]);
    expect(json.pages[0].knownEditionDifferences).toEqual([
      paintEdition("body coats", "required", true, false, "One coat by default now."),
      paintEdition("body finish", "field", null, "finish", "The finish was added."),
    ]);
    expect(json.pages[0].accepted).toEqual([TOKEN_ACCEPTED]);
    expect(status).toBe(1);
    const text = docsDiff("--spec", SPEC, fixture("paint-2018.pipe-table.txt"));
    expect(text.stdout).toContain("DIFFERENCE  body coats: maximum: page 5, spec 3");
    expect(text.stdout).toContain("  edition     body coats: required: page true, spec false");
    expect(text.status).toBe(1);
  });
});

describe("docs:diff exit codes", () => {
  it("a page naming an operation the spec does not have is a difference (exit 1)", () => {
    const { status, json } = report("unknown-operation.table-n.txt");
    expect(json.pages[0]).toEqual({
      file: fixture("unknown-operation.table-n.txt"),
      title: "Deleting a Gadget",
      page: { method: "DELETE", path: "/v1/{project_id}/gadgets/{gadget_id}" },
      operation: null,
      differences: [{ where: "operation", aspect: "path", page: "DELETE /v1/{project_id}/gadgets/{gadget_id}", spec: null }],
      accepted: [],
      knownEditionDifferences: [],
      notCompared: [],
    });
    expect(status).toBe(1);
  });

  it("a text that is not an API page exits 2, also beside a readable page, and says why", () => {
    const alone = report("not-an-api-page.txt");
    expect(alone.json.pages).toEqual([{ file: fixture("not-an-api-page.txt"), error: 'no "METHOD /path" line under "URI"' }]);
    expect(alone.status).toBe(2);
    const mixed = report("upload.pipe-table.txt", "not-an-api-page.txt");
    expect(mixed.json.summary).toEqual({ pages: 2, differences: 0, accepted: 2, knownEditionDifferences: 0, notCompared: 1, unreadable: 1 });
    expect(mixed.status).toBe(2);
    const text = docsDiff("--spec", SPEC, fixture("not-an-api-page.txt"));
    expect(text.stdout).toContain(`${fixture("not-an-api-page.txt")}: cannot be read as an API page`);
    expect(text.status).toBe(2);
  });

  it("a missing file exits 2; pages with and without differences together exit 1", () => {
    expect(report("no-such-page.txt").status).toBe(2);
    const both = report("upload.pipe-table.txt", "manual.cell-per-line.txt");
    expect(both.json.summary).toEqual({ pages: 2, differences: 3, accepted: 4, knownEditionDifferences: 0, notCompared: 1, unreadable: 0 });
    expect(both.status).toBe(1);
  });

  it("no page, or an unknown option, prints the usage and exits 2", () => {
    for (const args of [[], ["--spec", SPEC], ["--frobnicate", fixture("upload.pipe-table.txt")]]) {
      const run = docsDiff(...args);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toContain("usage: npm run docs:diff");
    }
  });
});

describe("the docs:diff command", () => {
  it("exits 0, 1 and 2 as a process, printing the report on stdout", () => {
    const clean = docsDiffCommand("--spec", SPEC, fixture("upload.pipe-table.txt"));
    expect(clean.stdout.trimEnd().split("\n").at(-1)).toBe("docs:diff: 1 page: no differences, 2 accepted deviations, 1 item not compared");
    expect(clean.status).toBe(0);
    const changed = docsDiffCommand("--json", "--spec", SPEC, fixture("upload-changed.pipe-table.txt"));
    expect(JSON.parse(changed.stdout).summary.differences).toBe(5);
    expect(changed.status).toBe(1);
    const unreadable = docsDiffCommand("--spec", SPEC, fixture("not-an-api-page.txt"));
    expect(unreadable.status).toBe(2);
  });
});
