/**
 * The smoke program as a command, for Node, Deno and Bun: the config comes as one JSON argument,
 * the report goes to stdout as one JSON line; a failure rejects, and the runtime exits non-zero. (Arguments, not environment variables: Deno would
 * need --allow-env to read those, and the SDK itself needs no such permission here.)
 */
import { runSmoke, type SmokeConfig } from "./smoke.js";

declare const Deno: { args: string[]; version: { deno: string } } | undefined;
declare const Bun: { version: string } | undefined;
declare const process: { argv: string[]; version: string } | undefined;

const args = typeof Deno !== "undefined" ? Deno.args : (process?.argv.slice(2) ?? []);
const runtime =
  typeof Deno !== "undefined" ? `deno ${Deno.version.deno}` : typeof Bun !== "undefined" ? `bun ${Bun.version}` : `node ${process?.version}`;
// No top-level await: the same program is also built as CommonJS (smoke.cjs).
void runSmoke(JSON.parse(args[0] ?? "{}") as SmokeConfig).then((report) => console.log(JSON.stringify({ runtime, report })));
