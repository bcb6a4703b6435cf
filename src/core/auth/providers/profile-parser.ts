/**
 * The INI dialect of the official SDKs' credentials file: `[section]` headers, `key = value`
 * lines, `#` and `;` comment lines. Errors name the file, the line and the key, never a value,
 * since values are secrets.
 */
import { ConfigurationError } from "../../errors.js";

export interface ProfileEntry {
  readonly value: string;
  readonly line: number;
}
export type ProfileSection = ReadonlyMap<string, ProfileEntry> & { readonly line: number };
export type Profile = ReadonlyMap<string, ProfileSection>;

export function parseProfile(text: string, path: string): Profile {
  const sections = new Map<string, Map<string, ProfileEntry> & { line: number }>();
  let current: (Map<string, ProfileEntry> & { line: number }) | undefined;
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const text = raw.trim();
    if (text === "" || text.startsWith("#") || text.startsWith(";")) continue;
    const header = /^\[([^\]]*)\]$/.exec(text);
    if (header) {
      const name = header[1]!.trim();
      if (name === "") throw new ConfigurationError(`${path} line ${line}: a section header needs a name`);
      const earlier = sections.get(name);
      if (earlier) throw new ConfigurationError(`${path} line ${line}: section [${name}] appears twice (first on line ${earlier.line})`);
      current = Object.assign(new Map<string, ProfileEntry>(), { line });
      sections.set(name, current);
      continue;
    }
    const equals = text.indexOf("=");
    // Stryker disable next-line StringLiteral: the mutated key "Stryker was here!" holds spaces, so the check below refuses it with the same message as the empty key
    const key = equals > 0 ? text.slice(0, equals).trim() : "";
    // A line that is neither may be a pasted secret: report where it is, not what it says.
    if (key === "" || /\s/.test(key)) {
      throw new ConfigurationError(`${path} line ${line}: expected "[section]" or "key = value"`);
    }
    if (!current) throw new ConfigurationError(`${path} line ${line}: key ${key} is outside any [section]`);
    const earlier = current.get(key);
    if (earlier) throw new ConfigurationError(`${path} line ${line}: key ${key} appears twice in its section (first on line ${earlier.line})`);
    current.set(key, { value: text.slice(equals + 1).trim(), line });
  }
  return sections;
}
