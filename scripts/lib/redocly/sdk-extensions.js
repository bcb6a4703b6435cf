/**
 * A Redocly plugin with one rule, `sdk/extensions`: every `x-` key in the documents is one that
 * spec/README.md defines, on a node where it means something, with a value of the right shape. A
 * typo (`x-paginaton`), an extension on the wrong node (`x-epoch-milliseconds` on a string) or a
 * malformed value fails `npm run lint` and `npm run generate`, instead of being silently ignored
 * by the generator. The generator checks what needs the whole operation (that `x-pagination`
 * names real members, that `x-file-when` matches a media type); this rule checks each node alone.
 *
 * Plain JavaScript: Redocly loads plugins as ES modules without compiling them.
 */

const PROVENANCE = ["x-source", "x-deviation", "x-edition"];
const ASPECTS = ["required", "type", "minLength", "maxLength", "minimum", "maximum", "enum", "pattern", "example", "status", "format", "path", "method", "field"];

/** The extensions each node type may carry, beyond provenance (allowed everywhere). */
const ALLOWED = {
  Root: ["x-sdk-client"],
  Server: ["x-region-ids"],
  Tag: ["x-displayName"],
  Operation: ["x-huaweicloud-sdk-operation", "x-pagination", "x-idempotent", "x-file-when", "x-sdk-role", "x-codeSamples"],
  Schema: ["x-epoch-milliseconds", "x-max-bytes"],
};

const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

/** The problem with an extension's value, or undefined. */
const CHECKS = {
  "x-source": (value) => {
    const entries = Array.isArray(value) ? value : [value];
    for (const entry of entries) {
      if (!isObject(entry)) return "must be { page } or { fact, from }, or a list of them";
      const unknown = Object.keys(entry).filter((k) => !["page", "fact", "from"].includes(k));
      if (unknown.length) return `has unknown member(s) ${unknown.join(", ")} (page, fact, from)`;
      if (entry.page === undefined && (typeof entry.fact !== "string" || typeof entry.from !== "string")) return "needs page, or fact and from";
    }
    return undefined;
  },
  "x-deviation": (value) => aspectList(value, ["aspect", "page", "reason"]),
  "x-edition": (value) => aspectList(value, ["aspect", "page", "edition", "current", "reason"]),
  "x-sdk-client": (value) => {
    if (!isObject(value) || typeof value.name !== "string" || !/^[A-Z]\w*Client$/.test(value.name)) return "needs name (…Client)";
    if (value.scope !== "project" && value.scope !== "domain") return "needs scope: project or domain";
    const unknown = Object.keys(value).filter((k) => !["name", "scope", "scopeParameter"].includes(k));
    if (unknown.length) return `has unknown member(s) ${unknown.join(", ")}`;
    if (value.scopeParameter !== undefined && typeof value.scopeParameter !== "string") return "scopeParameter must be a parameter name";
    return undefined;
  },
  "x-region-ids": (value) => (Array.isArray(value) && value.every((v) => typeof v === "string") ? undefined : "must be a list of region ids"),
  "x-displayName": (value) => (typeof value === "string" ? undefined : "must be a string"),
  "x-huaweicloud-sdk-operation": (value) => (typeof value === "string" && /^[A-Z][A-Za-z0-9]+$/.test(value) ? undefined : "must be the official operation name (PascalCase)"),
  "x-pagination": (value) => {
    if (!isObject(value)) return "must be an object";
    const members = { offset: ["style", "offset", "limit", "items", "total"], marker: ["style", "marker", "limit", "items", "next"] }[value.style];
    if (!members) return "style must be offset or marker";
    const unknown = Object.keys(value).filter((k) => !members.includes(k));
    if (unknown.length) return `has unknown member(s) ${unknown.join(", ")} (${members.join(", ")})`;
    const position = value.style === "offset" ? "offset" : "marker";
    for (const key of [position, "items"]) if (typeof value[key] !== "string") return `needs ${key}`;
    for (const key of Object.keys(value)) if (typeof value[key] !== "string") return `${key} must name a member`;
    return undefined;
  },
  "x-idempotent": (value) => (typeof value === "boolean" ? undefined : "must be true or false"),
  "x-file-when": (value) =>
    isObject(value) && Object.keys(value).length === 1 && ["string", "number", "boolean"].includes(typeof Object.values(value)[0])
      ? undefined
      : "must be one { member: value }",
  "x-sdk-role": (value) => (typeof value === "string" && /^[a-z]+(-[a-z]+)*$/.test(value) ? undefined : "must be a role name in kebab-case"),
  "x-codeSamples": () => undefined,
  "x-epoch-milliseconds": (value, node) =>
    value === true && node.type === "integer" && node.format === "int64" ? undefined : "must be true, on an integer of format int64",
  "x-max-bytes": (value, node) =>
    Number.isSafeInteger(value) && value > 0 && node.format === "binary" ? undefined : "must be a positive integer, on a format: binary schema",
};

function aspectList(value, members) {
  if (!Array.isArray(value) || value.length === 0) return "must be a non-empty list";
  for (const entry of value) {
    if (!isObject(entry)) return "each entry must be an object";
    const unknown = Object.keys(entry).filter((k) => !members.includes(k));
    if (unknown.length) return `has unknown member(s) ${unknown.join(", ")} (${members.join(", ")})`;
    if (!ASPECTS.includes(entry.aspect)) return `aspect "${entry.aspect}" is not one of ${ASPECTS.join(", ")}`;
    if (!("page" in entry)) return "needs page (null where the page says nothing)";
    if (typeof entry.reason !== "string") return "needs a reason";
    if (members.includes("edition") && (typeof entry.edition !== "string" || typeof entry.current !== "string")) return "needs edition and current";
  }
  return undefined;
}

function Extensions() {
  return {
    any: {
      enter(node, ctx) {
        if (!isObject(node)) return;
        const allowed = [...PROVENANCE, ...(ALLOWED[ctx.type.name] ?? [])];
        for (const [key, value] of Object.entries(node)) {
          if (!key.startsWith("x-")) continue;
          if (!allowed.includes(key)) {
            ctx.report({
              message: `${key} is not an extension of this project on a ${ctx.type.name} (spec/README.md lists them)`,
              location: ctx.location.child([key]).key(),
            });
            continue;
          }
          const problem = CHECKS[key]?.(value, node);
          if (problem) ctx.report({ message: `${key} ${problem}`, location: ctx.location.child([key]) });
        }
      },
    },
    Operation: {
      enter(operation, ctx) {
        for (const key of ["x-huaweicloud-sdk-operation", "x-source"]) {
          if (operation[key] === undefined) ctx.report({ message: `every operation needs ${key}`, location: ctx.location.key() });
        }
      },
    },
  };
}

export default function sdkExtensionsPlugin() {
  return {
    id: "sdk",
    rules: {
      oas3: { extensions: Extensions },
    },
  };
}
