/**
 * The page reader: each layout is detected, and one page written in the three layouts reads as
 * the same data, down to multi-line cells, bullets, nested tables and a cut-short option list.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detectLayout } from "../../scripts/lib/pages/layout.js";
import { readPage } from "../../scripts/lib/pages/read-page.js";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");

describe("layout detection", () => {
  it.each([
    ["tune.table-n.txt", "table-n"],
    ["unknown-operation.table-n.txt", "plain"],
    ["manual.cell-per-line.txt", "cell-per-line"],
    ["list.cell-per-line.txt", "cell-per-line"],
    ["upload.pipe-table.txt", "pipe-table"],
    ["upload-changed.pipe-table.txt", "pipe-table"],
  ])("%s is %s", (name, layout) => {
    expect(detectLayout(fixture(name))).toBe(layout);
  });
});

// One page, three layouts.
const PIPE_TABLE = `Renaming a Gadget
URI
PUT /v1/gadgets/{gadget_id}/name
| Parameter | Mandatory | Type | Description |
|---|---|---|---|
| gadget_id | Yes | String | Gadget ID.<br>Minimum: 36<br>Maximum: 36 |
| dry_run | No | Boolean | Only check the name. |
Request Parameters
| Parameter | Mandatory | Type | Description |
|---|---|---|---|
| X-Auth-Token | Yes | String | User token. |
| Parameter | Mandatory | Type | Description |
|---|---|---|---|
| name | Yes | String | New name. The value can contain 2 to 16 characters. |
| style | No | Style object | Style. |
| Parameter | Mandatory | Type | Description |
|---|---|---|---|
| case | No | String | Letter case.<br>Enumeration values:<br>• UPPER<br>• LOWER |
| font | No | String | Font. The options are as follows:<br>NOTE:<br>The default font is used otherwise. |
Response Parameters
Status code: 200
| Parameter | Type | Description |
|---|---|---|
| name | String | The name now. |
Example Requests
PUT https://gadgets.example.test/v1/gadgets/0b9c2f7e-0000-4000-8000-000000000001/name
{ "name" : "kettle" }
Example Responses
Status code: 200
OK
{ "name" : "kettle" }
Status Codes
| Status Code | Description |
|---|---|
| 200 | OK |
| 409 | Name taken. |
`;

const CELL_PER_LINE = `Renaming a Gadget
URI
PUT /v1/gadgets/{gadget_id}/name
Parameter |
Mandatory |
Type |
Description |
---|---|---|---|
gadget_id |
Yes |
String |
Gadget ID.
Minimum: 36
Maximum: 36 |
dry_run |
No |
Boolean |
Only check the name. |
Request Parameters
|
Parameter |
Mandatory |
Type |
Description |
|---|---|---|---|
|
X-Auth-Token |
Yes |
String |
User token. |
|
Parameter |
Mandatory |
Type |
Description |
|---|---|---|---|
|
name |
Yes |
String |
New name. The value can contain 2 to 16 characters. |
|
style |
No |
Style object |
Style. |
|
Parameter |
Mandatory |
Type |
Description |
|---|---|---|---|
|
case |
No |
String |
Letter case.
Enumeration values:
• UPPER
• LOWER |
|
font |
No |
String |
Font. The options are as follows:
NOTE:
The default font is used otherwise. |
Response Parameters
Status code: 200
Parameter |
Type |
Description |
---|---|---|
name |
String |
The name now. |
Example Requests
PUT https://gadgets.example.test/v1/gadgets/0b9c2f7e-0000-4000-8000-000000000001/name
{
"name" : "kettle"
}
Example Responses
Status code: 200
OK
{
"name" : "kettle"
}
Status Codes
Status Code |
Description |
---|---|
200 |
OK |
409 |
Name taken. |
`;

const TABLE_N = [
  "Updated on 2026-11-30 GMT+08:00",
  "Renaming a Gadget",
  "URI",
  "PUT /v1/gadgets/{gadget_id}/name",
  "Table 1 Path Parameters",
  ...["Parameter", "Mandatory", "Type", "Description"],
  ...["gadget_id", "Yes", "String", "Gadget ID.", "Minimum: 36", "Maximum: 36"],
  "Table 2 Query Parameters",
  ...["Parameter", "Mandatory", "Type", "Description"],
  // "Default" / "No" inside a description: no row starts there, as no type follows.
  ...["dry_run", "No", "Boolean", "Only check the name.", "Default", "No"],
  "Request Parameters",
  "Table 3 Request header parameters",
  ...["Parameter", "Mandatory", "Type", "Description"],
  ...["X-Auth-Token", "Yes", "String", "User token."],
  "Table 4 Request body parameters",
  ...["Parameter", "Mandatory", "Type", "Description"],
  ...["name", "Yes", "String", "New name. The value can contain 2 to 16 characters."],
  ...["style", "No", "Style object", "Style. For details, see Table 5."],
  "Table 5 Style",
  ...["Parameter", "Mandatory", "Type", "Description"],
  ...["case", "No", "String", "Letter case.", "Enumeration values:", "  • UPPER", "  • LOWER"],
  ...["font", "No", "String", "Font. The options are as follows:", "NOTE:", "The default font is used otherwise."],
  "Response Parameters",
  "Status code: 200",
  "Table 6 Response body parameters",
  ...["Parameter", "Type", "Description"],
  ...["name", "String", "The name now."],
  "Example Requests",
  "PUT https://gadgets.example.test/v1/gadgets/0b9c2f7e-0000-4000-8000-000000000001/name",
  '{\n  "name" : "kettle"\n}',
  "Example Responses",
  "Status code: 200",
  "OK",
  '{\n  "name" : "kettle"\n}',
  "Status Codes",
  ...["Status Code", "Description", "200", "OK", "409", "Name taken."],
].join("\n\n");

const EXPECTED = {
  title: "Renaming a Gadget",
  method: "PUT",
  path: "/v1/gadgets/{gadget_id}/name",
  parameters: [
    { name: "gadget_id", in: "path", mandatory: true, type: "string", typeText: "String", minLength: 36, maxLength: 36 },
    { name: "dry_run", in: "query", mandatory: false, type: "boolean", typeText: "Boolean" },
    { name: "X-Auth-Token", in: "header", mandatory: true, type: "string", typeText: "String" },
  ],
  body: [
    { name: "name", mandatory: true, type: "string", typeText: "String", minLength: 2, maxLength: 16 },
    {
      name: "style",
      mandatory: false,
      type: "object",
      typeText: "Style object",
      fields: [
        { name: "case", mandatory: false, type: "string", typeText: "String", enum: ["UPPER", "LOWER"] },
        { name: "font", mandatory: false, type: "string", typeText: "String", cutShort: { aspect: "enum", text: "The options are as follows:" } },
      ],
    },
  ],
  requestExamples: [{ name: "kettle" }],
  responses: [
    { status: 200, body: { kind: "fields", fields: [{ name: "name", type: "string", typeText: "String" }] }, examples: [{ name: "kettle" }] },
    { status: 409, examples: [] },
  ],
  unreadable: [],
};

describe("one page in each layout reads as the same data", () => {
  it.each([
    ["pipe-table", PIPE_TABLE],
    ["cell-per-line", CELL_PER_LINE],
    ["table-n", TABLE_N],
  ])("%s", (layout, text) => {
    expect(detectLayout(text)).toBe(layout);
    expect(readPage(text)).toEqual(EXPECTED);
  });
});
