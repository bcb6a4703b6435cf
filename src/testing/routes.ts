/**
 * Which operation of a bundled OpenAPI document a request is: by method and path, after any
 * base path the document's servers declare, templated segments matching any one segment and
 * literal paths winning over templated ones (as OpenAPI says). Read from the same document
 * Prism serves, so a new operation in spec/ is routed without any change here.
 */

export interface Route {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** The statuses the operation declares (e.g. "200", "400", "default"). */
  readonly statuses: readonly string[];
  /**
   * The security requirements that apply to it (the operation's, else the document's); `[]`
   * opens it. Undefined when neither declares any: the gateway then asks for credentials.
   */
  readonly security: readonly unknown[] | undefined;
}

/** A request's route, with the values of its path's templated segments, decoded. */
export interface RouteMatch extends Route {
  readonly params: Readonly<Record<string, string>>;
}

interface Document {
  readonly servers?: readonly { readonly url: string }[];
  readonly security?: readonly unknown[];
  readonly paths?: Readonly<Record<string, Readonly<Record<string, { operationId?: string; responses?: Record<string, unknown>; security?: readonly unknown[] }>>>>;
}

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

interface Compiled {
  readonly route: Route;
  readonly pattern: RegExp;
  /** The templated segments' names, in the order of the pattern's groups. */
  readonly names: readonly string[];
  readonly literalSegments: number;
}

export type Router = (method: string, pathname: string) => RouteMatch | undefined;

export function routerFor(document: Document): Router {
  // Stryker disable next-line StringLiteral: basePath gives "" for both "/" (OpenAPI's default server) and ""
  const prefixes = [...new Set((document.servers ?? [{ url: "/" }]).map((s) => basePath(s.url)))];
  const compiled: Compiled[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method) || typeof op.operationId !== "string") continue;
      const segments = path.split("/");
      const names = segments.filter((s) => /^\{[^}]+\}$/.test(s)).map((s) => s.slice(1, -1));
      const source = segments.map((s) => (/^\{[^}]+\}$/.test(s) ? "([^/]+)" : escape(s))).join("/");
      compiled.push({
        route: {
          operationId: op.operationId,
          method: method.toUpperCase(),
          path,
          statuses: Object.keys(op.responses ?? {}),
          security: op.security ?? document.security,
        },
        pattern: new RegExp(`^${source}$`),
        names,
        literalSegments: segments.filter((s) => !s.startsWith("{")).length,
      });
    }
  }
  compiled.sort((a, b) => b.literalSegments - a.literalSegments);
  return (method, pathname) => {
    const upper = method.toUpperCase();
    for (const prefix of prefixes) {
      if (!pathname.startsWith(prefix)) continue;
      const rest = pathname.slice(prefix.length) || "/";
      for (const c of compiled) {
        if (c.route.method !== upper) continue;
        const match = c.pattern.exec(rest);
        if (match) return { ...c.route, params: Object.fromEntries(c.names.map((name, i) => [name, decodeSegment(match[i + 1]!)])) };
      }
    }
    return undefined;
  };
}

/** The path of a server URL ("" for none), with its {variables} filled by a placeholder. */
function basePath(url: string): string {
  const filled = url.replace(/\{[^}]+\}/g, "x");
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(filled) ? new URL(filled).pathname : filled;
  return path.replace(/\/+$/, "");
}

/** A path segment as sent, decoded (a malformed escape is kept as it came). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
