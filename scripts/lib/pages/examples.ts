/**
 * Example bodies printed on a page: JSON objects or arrays, pretty-printed over several lines or
 * on one line, between lines of prose. Returns each value found, and the text of any brace block
 * that is not JSON.
 */

/** The index just past the bracket that closes the one at `start`, or -1. */
function closing(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

export function jsonValues(lines: readonly string[]): { values: unknown[]; unreadable: string[] } {
  const text = lines.join("\n");
  const values: unknown[] = [];
  const unreadable: string[] = [];
  // A value starts with a bracket at the start of a line (prose may mention "{}" inline).
  const starts = /(^|\n)\s*([{[])/g;
  let match: RegExpExecArray | null;
  while ((match = starts.exec(text)) !== null) {
    const start = match.index + match[0].length - 1;
    const end = closing(text, start);
    const raw = end === -1 ? text.slice(start) : text.slice(start, end);
    try {
      values.push(JSON.parse(raw));
    } catch {
      unreadable.push(raw);
    }
    if (end === -1) break;
    starts.lastIndex = end;
  }
  return { values, unreadable };
}
