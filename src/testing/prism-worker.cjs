// @ts-check
/**
 * The mock's one Prism process (started by prism-process.ts, never run by hand): loads Prism's
 * HTTP libraries once and serves every bundled document from it, each on its own loopback port,
 * with the settings `prism mock` uses by default (static examples, request and security checks,
 * violations reported in `sl-violations`).
 *
 * Plain CommonJS, so it starts without a TypeScript loader. Input: one JSON argument
 * { modules: { http, httpServer, core, faker?, postman? }, documents: { <api>: <path> },
 * caches?: { <api>: <path> } } with resolved module paths. Output: one JSON line on stdout,
 * { ready: { <api>: <url> } } or { error }.
 *
 * It never outlives the process that started it: it exits when its stdin closes (the parent
 * closed it, or died and the OS closed it) or when it is re-parented.
 */
"use strict";
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname } = require("node:path");
const { Writable } = require("node:stream");

const HOST = "127.0.0.1";
const PARENT_POLL_MS = 500;

/** Servers to close on the way out; filled as they start. */
const servers = [];
let exiting = false;

function exit(code) {
  if (exiting) return;
  exiting = true;
  // Closing is best effort: the process ends either way, within a second.
  Promise.allSettled(servers.map((server) => server.close())).finally(() => process.exit(code));
  setTimeout(() => process.exit(code), 1_000).unref();
}

// The parent's end of stdin closes when it stops the mock or dies (even by SIGKILL).
process.stdin.on("end", () => exit(0));
process.stdin.on("error", () => exit(0));
process.stdin.resume();
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) exit(0);
}, PARENT_POLL_MS).unref();
process.on("SIGTERM", () => exit(0));

/**
 * Makes `require(path)` return a stand-in that loads the real module on first use. Prism's JSON
 * Schema generator imports @faker-js/faker with every locale (about half of Prism's load time)
 * only for dynamic examples, and @stoplight/http-spec imports postman-collection only for Postman
 * input; this mock uses neither. Deferring them keeps the behaviour and halves the start-up.
 */
function defer(path) {
  let real;
  const load = () => {
    if (real === undefined) {
      delete require.cache[path];
      real = require(path);
      require.cache[path] = stub;
    }
    return real;
  };
  const forward = (target) => ({
    get: (_t, key) => {
      const value = Reflect.get(target(), key);
      return typeof value === "function" ? value.bind(target()) : value;
    },
    set: (_t, key, value) => Reflect.set(target(), key, value),
    has: (_t, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_t, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
  });
  // TypeScript's CommonJS output reads `.default` at import time and uses it later: defer that too.
  const lazyDefault = new Proxy({}, forward(() => load().default));
  const stub = new Module(path);
  stub.filename = path;
  stub.loaded = true;
  stub.exports = new Proxy(
    {},
    {
      ...forward(load),
      get: (_t, key) => (key === "default" ? lazyDefault : Reflect.get(load(), key)),
    },
  );
  require.cache[path] = stub;
}

/**
 * Prism's operation list for a document: read back from its cache file (prism-cache.ts names it
 * after the document and the libraries' versions), else made from the document and stored there
 * for the next start. A cache that cannot be read or written only costs the time it would save.
 */
async function operationsOf(getHttpOperationsFromSpec, path, cache) {
  if (cache !== undefined) {
    try {
      return JSON.parse(readFileSync(cache, "utf8"));
    } catch {
      // No file yet, or not JSON: read the document.
    }
  }
  const operations = await getHttpOperationsFromSpec(path);
  if (cache !== undefined) {
    // Written aside and renamed: a start that reads the file meanwhile sees all of it or none.
    const partial = `${cache}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(cache), { recursive: true });
      writeFileSync(partial, JSON.stringify(operations));
      renameSync(partial, cache);
    } catch {
      try {
        rmSync(partial, { force: true });
      } catch {
        // Its directory could not be made: there is no partial file.
      }
    }
  }
  return operations;
}

async function main() {
  const { modules, documents, caches = {} } = JSON.parse(process.argv[2] ?? "{}");
  if (modules.faker) defer(modules.faker);
  if (modules.postman) defer(modules.postman);
  const { getHttpOperationsFromSpec } = require(modules.http);
  const { createServer } = require(modules.httpServer);
  const { createLogger } = require(modules.core);

  // Prism's logs would only repeat what the gateway and `sl-violations` already say.
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const logger = createLogger("PRISM", { level: "silent" }, discard);
  // `prism mock`'s defaults (util/createServer.js of @stoplight/prism-cli).
  const config = {
    validateRequest: true,
    validateResponse: true,
    checkSecurity: true,
    errors: false,
    upstreamProxy: undefined,
    mock: { dynamic: false, ignoreExamples: false, seed: null },
    isProxy: false,
  };

  const entries = Object.entries(documents);
  const operations = await Promise.all(entries.map(([api, path]) => operationsOf(getHttpOperationsFromSpec, path, caches[api])));
  const ready = {};
  for (const [i, [api]] of entries.entries()) {
    if (operations[i].length === 0) throw new Error(`no operations found in ${documents[api]}`);
    const server = createServer(operations[i], { cors: true, config, components: { logger: logger.child({ name: api }) } });
    servers.push(server);
    ready[api] = await server.listen(0, HOST);
  }
  process.stdout.write(`${JSON.stringify({ ready })}\n`);
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
  exit(1);
});
