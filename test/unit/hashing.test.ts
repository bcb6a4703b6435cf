/**
 * The hash backends (src/core/auth/hashing.ts) against partial node:crypto modules and a
 * counting Web Crypto: which functions are used when present, what is refused when missing, the
 * runtime without process, the HMAC key imported non-extractable and kept for the last 8 secrets.
 */
import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { nodeCryptoBackend, webCryptoBackend } from "../../src/core/auth/hashing.js";
import { withProcess } from "./support/fakes.js";

const ABC_SHA256 = createHash("sha256").update("abc").digest("hex");
const HMAC_KEY_MSG = createHmac("sha256", "key").update("msg").digest("hex");

/** A getBuiltinModule that offers only `crypto` as node:crypto. */
const offering = (crypto: object) => (id: string) => (id === "node:crypto" ? crypto : undefined);

describe("nodeCryptoBackend", () => {
  it("without createHmac there is no node backend", () => {
    expect(nodeCryptoBackend(offering({ createHash }))).toBeUndefined();
  });
  it("without the one-shot hash, SHA-256 comes from createHash", () => {
    expect(nodeCryptoBackend(offering({ createHash, createHmac }))?.sha256Hex("abc")).toBe(ABC_SHA256);
  });
  it("with a one-shot hash function, that is what SHA-256 uses", () => {
    const calls: unknown[][] = [];
    const hash = (...args: unknown[]) => {
      calls.push(args);
      return "from-one-shot";
    };
    expect(nodeCryptoBackend(offering({ createHash, createHmac, hash }))?.sha256Hex("abc")).toBe("from-one-shot");
    expect(calls).toEqual([["sha256", "abc", "hex"]]);
  });
  it("a `hash` that is not a function is ignored", () => {
    expect(nodeCryptoBackend(offering({ createHash, createHmac, hash: 42 }))?.sha256Hex("abc")).toBe(ABC_SHA256);
  });
  it("without createSecretKey, HMAC takes the secret as it is", () => {
    expect(nodeCryptoBackend(offering({ createHash, createHmac }))?.hmacSha256Hex("key", "msg")).toBe(HMAC_KEY_MSG);
  });
  it("with createSecretKey, the secret is made a key from its UTF-8", async () => {
    const { createSecretKey } = await import("node:crypto");
    const seen: unknown[][] = [];
    const recording = (...args: [string, "utf8"]) => {
      seen.push(args);
      return createSecretKey(...args);
    };
    expect(nodeCryptoBackend(offering({ createHash, createHmac, createSecretKey: recording }))?.hmacSha256Hex("key", "msg")).toBe(HMAC_KEY_MSG);
    expect(seen).toEqual([["key", "utf8"]]);
  });

  it("is undefined in a runtime without process", () => {
    expect(withProcess(undefined, () => nodeCryptoBackend())).toBeUndefined();
  });
  it("is undefined in a runtime whose process has no getBuiltinModule", () => {
    expect(withProcess({}, () => nodeCryptoBackend())).toBeUndefined();
  });
});

describe("webCryptoBackend", () => {
  /** The real subtle, with importKey recorded. */
  function countingSubtle() {
    const imports: { secret: string; extractable: boolean }[] = [];
    const real = globalThis.crypto.subtle;
    const subtle = {
      digest: real.digest.bind(real),
      sign: real.sign.bind(real),
      importKey: ((format: "raw", key: Uint8Array<ArrayBuffer>, algorithm: HmacImportParams, extractable: boolean, usages: KeyUsage[]) => {
        imports.push({ secret: new TextDecoder().decode(key), extractable });
        return real.importKey(format, key, algorithm, extractable, usages);
      }) as SubtleCrypto["importKey"],
    } as SubtleCrypto;
    return { subtle, imports };
  }

  it("is named Web Crypto", () => {
    expect(webCryptoBackend(countingSubtle().subtle).name).toBe("Web Crypto");
  });
  it("imports an HMAC key that cannot be extracted, and signs as node:crypto does", async () => {
    const { subtle, imports } = countingSubtle();
    expect(await webCryptoBackend(subtle).hmacSha256Hex("key", "msg")).toBe(HMAC_KEY_MSG);
    expect(imports).toEqual([{ secret: "key", extractable: false }]);
  });
  it("keeps the keys of the last 8 secrets: a ninth drops the oldest", async () => {
    const { subtle, imports } = countingSubtle();
    const backend = webCryptoBackend(subtle);
    const secrets = Array.from({ length: 8 }, (_, i) => `secret-${i}`);
    for (const secret of secrets) await backend.hmacSha256Hex(secret, "m");
    for (const secret of secrets) await backend.hmacSha256Hex(secret, "m");
    expect(imports).toHaveLength(8); // all 8 still kept
    await backend.hmacSha256Hex("secret-8", "m"); // the ninth: secret-0 is dropped
    await backend.hmacSha256Hex("secret-1", "m"); // still kept
    expect(imports).toHaveLength(9);
    await backend.hmacSha256Hex("secret-0", "m"); // imported again
    expect(imports.map((i) => i.secret).slice(8)).toEqual(["secret-8", "secret-0"]);
  });
});
