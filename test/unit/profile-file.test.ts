/**
 * The profile file: its INI dialect (a BOM, indentation, header names, what is not a header) and
 * the provider's messages, which name the file, the line and the key and never a value; a runtime
 * without node:fs, node:os or node:path; a file that cannot be read.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseProfile } from "../../src/core/auth/providers/profile-parser.js";
import { ConfigurationError, isCredentialsNotFoundError, profileFileCredentials } from "../../src/index.js";
import { rejection } from "./support/fakes.js";
import { PROFILE_SECRET, profileFiles } from "./support/profile-files.js";

const { dir, profile } = profileFiles("hwc-profile-file-");
afterEach(() => vi.restoreAllMocks());
const SECRET = PROFILE_SECRET;

describe("parseProfile", () => {
  it("drops a leading byte order mark", () => {
    expect(parseProfile(`\uFEFF[basic]\nak = AK\n`, "f").get("basic")?.get("ak")?.value).toBe("AK");
  });
  it("keeps a byte order mark inside a value", () => {
    expect(parseProfile(`[basic]\nak = A\uFEFFK\n`, "f").get("basic")?.get("ak")?.value).toBe("A\uFEFFK");
  });
  it("reads indented headers, keys and comments", () => {
    const section = parseProfile(`  [basic]  \n  # a comment\n\t; another\n  ak = AK  \n`, "f").get("basic");
    expect(section?.get("ak")).toEqual({ value: "AK", line: 4 });
  });
  it("trims a header's name and records the header's line", () => {
    const section = parseProfile(`# top\n\n[ global ]\nak = AK\n`, "f").get("global");
    expect(section?.line).toBe(3);
  });
  it("a header without a name is refused, naming the file and line", () => {
    expect(() => parseProfile(`[basic]\nak = AK\n[ ]\n`, "/etc/creds")).toThrow(new ConfigurationError("/etc/creds line 3: a section header needs a name"));
  });
  it.each(["x[basic]", "[basic]x"])("%j is no header: refused as a line of neither form", (line) => {
    expect(() => parseProfile(`[global]\n${line}\n`, "/etc/creds")).toThrow(new ConfigurationError('/etc/creds line 2: expected "[section]" or "key = value"'));
  });
});

describe("the provider's messages name the file, line and key", () => {
  it("a key that is not one of the known ones lists them", async () => {
    const file = profile(`[basic]\nak = AK\nsk = ${SECRET}\nregion = x\n`);
    const error = await rejection(profileFileCredentials({ path: file })());
    expect(error.message).toBe(`${file} line 4: [basic] key region is not one of ak, sk, security_token, project_id, domain_id, iam_endpoint`);
  });
  it("ak without sk: the line of ak, sk named as missing", async () => {
    const file = profile(`[basic]\nproject_id = p\nak = AK\n`);
    const error = await rejection(profileFileCredentials({ path: file })());
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(`${file} line 3: [basic] key sk is missing (ak and sk go together)`);
  });
  it("sk without ak: the line of sk, ak named as missing", async () => {
    const file = profile(`[basic]\nproject_id = p\nsk = ${SECRET}\n`);
    const error = await rejection(profileFileCredentials({ path: file })());
    expect(error.message).toBe(`${file} line 3: [basic] key ak is missing (ak and sk go together)`);
    expect(error.message).not.toContain(SECRET);
  });
  it("neither: the section's line", async () => {
    const file = profile(`# creds\n[basic]\nproject_id = p\n`);
    const error = await rejection(profileFileCredentials({ path: file })());
    expect(error.message).toBe(`${file} line 2: [basic] key ak is missing (ak and sk go together)`);
  });
});

describe("reading the file", () => {
  it("a path that cannot be read (a directory) is a ConfigurationError with the error code, not 'not found'", async () => {
    const error = await rejection(profileFileCredentials({ path: dir })());
    expect(isCredentialsNotFoundError(error)).toBe(false);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(`profile file: cannot read ${dir} (EISDIR)`);
  });

  /** Replaces the built-ins that nodeBuiltin reaches, by name. */
  function builtins(replace: Record<string, unknown>) {
    const original = process.getBuiltinModule.bind(process);
    vi.spyOn(process, "getBuiltinModule").mockImplementation(((id: string) => (id in replace ? replace[id] : original(id))) as typeof process.getBuiltinModule);
  }

  it("a read error without a code says 'read error'", async () => {
    builtins({ "node:fs": { promises: { readFile: () => Promise.reject(new Error("boom")) } } });
    const error = await rejection(profileFileCredentials({ path: "/nowhere/creds" })());
    expect(error.message).toBe("profile file: cannot read /nowhere/creds (read error)");
  });

  it.each(["node:fs", "node:os", "node:path"])("a runtime without %s: 'not available', so a chain moves on", async (name) => {
    builtins({ [name]: undefined });
    const error = await rejection(profileFileCredentials({ path: profile(`[basic]\nak = AK\nsk = ${SECRET}\n`) })());
    expect(isCredentialsNotFoundError(error)).toBe(true);
    expect(error.message).toBe("profile file: not available in this runtime (no node:fs)");
  });
});
