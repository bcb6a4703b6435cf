/**
 * SHA-256 and HMAC-SHA256 for the signer, as lowercase hex.
 *
 * Where the runtime has node:crypto (Node, Deno and Bun all do) the hashes are synchronous: a
 * signature then costs a few microseconds on the calling thread. Web Crypto (browsers) is
 * asynchronous, each job a round trip to another thread, so there the HMAC key is imported once
 * per secret and kept. node:crypto is reached at run time, never imported statically, so a
 * browser bundle carries no `node:` import.
 */

/** What the signer needs; a result may be synchronous (node:crypto) or not (Web Crypto). */
export interface HashBackend {
  readonly name: string;
  sha256Hex(data: Uint8Array | string): string | Promise<string>;
  hmacSha256Hex(key: string, message: string): string | Promise<string>;
}

/** Secrets whose HMAC key is kept prepared; beyond this the oldest is dropped (rotating credentials). */
const MAX_CACHED_KEYS = 8;

/** The few node:crypto functions used here (typed locally: the core builds without Node types). */
interface NodeCrypto {
  createHash(algorithm: "sha256"): { update(data: Uint8Array | string): { digest(encoding: "hex"): string } };
  createHmac(algorithm: "sha256", key: string | object): { update(data: string): { digest(encoding: "hex"): string } };
  /** A KeyObject: HMAC with one skips preparing the key from a string each time. */
  createSecretKey?: (key: string, encoding: "utf8") => object;
  /** One-shot hash: Node >= 20.12, cheaper than createHash for small inputs. */
  hash?: (algorithm: "sha256", data: Uint8Array | string, encoding: "hex") => string;
}

type BuiltinLookup = (id: string) => unknown;

function runtimeBuiltins(): BuiltinLookup | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: BuiltinLookup } }).process;
  return runtime?.getBuiltinModule?.bind(runtime);
}

/** node:crypto's hashes, or undefined where the runtime has no node:crypto (browsers). */
export function nodeCryptoBackend(getBuiltinModule: BuiltinLookup | undefined = runtimeBuiltins()): HashBackend | undefined {
  let node: NodeCrypto | undefined;
  try {
    node = getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
  } catch {
    return undefined;
  }
  if (typeof node?.createHash !== "function" || typeof node.createHmac !== "function") return undefined;
  const { createHash, createHmac } = node;
  const oneShot = typeof node.hash === "function" ? node.hash : undefined;
  const { createSecretKey } = node;
  const keyFor = createSecretKey ? cachedBy((secret: string) => createSecretKey(secret, "utf8")) : (secret: string) => secret;
  return {
    name: "node:crypto",
    sha256Hex: oneShot
      ? (data) => oneShot("sha256", data, "hex")
      : (data) => createHash("sha256").update(data).digest("hex"),
    hmacSha256Hex: (key, message) => createHmac("sha256", keyFor(key)).update(message).digest("hex"),
  };
}

const utf8 = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  let out = "";
  for (const b of new Uint8Array(buffer)) out += b.toString(16).padStart(2, "0");
  return out;
}

/** A function of a secret, computed once per secret for the last few secrets seen. */
function cachedBy<T>(make: (secret: string) => T, forget?: (value: T, drop: () => void) => void): (secret: string) => T {
  const cache = new Map<string, T>();
  return (secret) => {
    let value = cache.get(secret);
    if (value === undefined) {
      if (cache.size >= MAX_CACHED_KEYS) cache.delete(cache.keys().next().value as string);
      value = make(secret);
      cache.set(secret, value);
      forget?.(value, () => cache.delete(secret));
    }
    return value;
  };
}

export function webCryptoBackend(subtle: SubtleCrypto = globalThis.crypto.subtle): HashBackend {
  const keyFor = cachedBy(
    (secret) => subtle.importKey("raw", utf8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]),
    // A failed import is not kept: the next signature tries again.
    (key, drop) => void key.catch(drop),
  );
  return {
    name: "Web Crypto",
    async sha256Hex(data) {
      // Copied into a fresh ArrayBuffer: subtle.digest rejects views over a SharedArrayBuffer.
      const bytes = typeof data === "string" ? utf8.encode(data) : new Uint8Array(data);
      return toHex(await subtle.digest("SHA-256", bytes));
    },
    async hmacSha256Hex(key, message) {
      return toHex(await subtle.sign("HMAC", await keyFor(key), utf8.encode(message)));
    },
  };
}

let chosen: HashBackend | undefined;

/** node:crypto where the runtime has it, else Web Crypto; chosen once. */
export function defaultHashBackend(): HashBackend {
  return (chosen ??= nodeCryptoBackend() ?? webCryptoBackend());
}
