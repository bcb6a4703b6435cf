/**
 * Test-wide guard: no traffic leaves the machine. Loaded by every vitest project (setupFiles).
 *
 * - net.Socket.prototype.connect is wrapped, which every TCP path of Node goes through (net,
 *   tls, http, https and the undici behind globalThis.fetch). A connection to anything but a
 *   loopback IP literal (127.0.0.0/8, ::1) or `localhost` is destroyed before it is attempted,
 *   and a host name is refused before its DNS lookup (a lookup is traffic too).
 * - globalThis.fetch is wrapped so a refused URL fails with a clear message before undici runs.
 * - The metadata provider's default endpoint (169.254.169.254) is switched off for the SDK.
 *
 * A refused connection is also recorded, and the test that caused it fails in afterEach even when
 * the code under test swallowed the error (a credential chain moving on to its next provider).
 * Child processes (Prism, npm, other runtimes) are not covered by this in-process guard.
 */
import net from "node:net";
import { afterEach } from "vitest";

const VIOLATIONS = Symbol.for("huaweicloud-cert-sdk.test.loopback-violations");
const INSTALLED = Symbol.for("huaweicloud-cert-sdk.test.loopback-guard");
type GuardGlobal = { [VIOLATIONS]?: string[]; [INSTALLED]?: boolean };
const store = globalThis as GuardGlobal;

export class LoopbackGuardError extends Error {
  readonly code = "ELOOPBACKGUARD";
}

/** True for addresses (and the one name) a test may connect to. */
export function isLoopbackTarget(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  const mapped = /^::ffff:(127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(h);
  return mapped !== null;
}

/** The violations recorded so far in this test, emptied (for the test that proves the guard fires). */
export function takeLoopbackViolations(): string[] {
  const list = store[VIOLATIONS] ?? [];
  store[VIOLATIONS] = [];
  return list;
}

function refuse(target: string): LoopbackGuardError {
  (store[VIOLATIONS] ??= []).push(target);
  return new LoopbackGuardError(`loopback guard: tests may only connect to 127.0.0.0/8 or ::1, refused ${target}`);
}

/** host and port of any of Socket#connect's call forms; undefined for a unix socket path. */
function targetOf(args: unknown[]): { host: string; port: unknown } | undefined {
  let first = args[0];
  // net.connect and tls.connect pass their normalised [options, callback] array.
  if (Array.isArray(first)) first = first[0];
  if (typeof first === "object" && first !== null) {
    const options = first as { path?: unknown; host?: unknown; port?: unknown };
    if (typeof options.path === "string") return undefined;
    return { host: typeof options.host === "string" ? options.host : "localhost", port: options.port };
  }
  if (typeof first === "string" && !/^\d+$/.test(first)) return undefined; // a unix socket path
  return { host: typeof args[1] === "string" ? args[1] : "localhost", port: first };
}

if (!store[INSTALLED]) {
  store[INSTALLED] = true;
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const target = targetOf(args);
    if (target && !isLoopbackTarget(target.host)) {
      const error = refuse(`${target.host}:${String(target.port)}`);
      // The way Node reports a failed connection: an 'error' event, never a thrown exception.
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;

  const realFetch = globalThis.fetch;
  globalThis.fetch = function guardedFetch(input: RequestInfo | URL, init?: RequestInit) {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if ((url.protocol === "http:" || url.protocol === "https:") && !isLoopbackTarget(url.hostname)) {
      return Promise.reject(new TypeError("fetch failed", { cause: refuse(url.host) }));
    }
    return realFetch.call(globalThis, input, init);
  } as typeof fetch;

  // The SDK's own switch for the metadata service's default address (src/core/auth/providers).
  process.env.HUAWEICLOUD_SDK_METADATA_DISABLED = "true";
}

afterEach(() => {
  const violations = takeLoopbackViolations();
  if (violations.length > 0) {
    throw new Error(`loopback guard: this test tried to reach ${violations.join(", ")}`);
  }
});
