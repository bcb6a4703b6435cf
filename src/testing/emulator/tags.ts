/**
 * Tags on CAs and certificates, and the tag filters of the resource-instances operations.
 * Sources: huaweicloud-sdk-go-v3 services/ccm/v1/model model_resource_tag.go (key, value),
 * model_domain_tags.go (key, values), model_list_resource_instances_request_body.go (tags: keys
 * are ANDed, the values of one key ORed, an empty values list matches any value of that key, no
 * tags matches everything; matches: resource_name); the Chinese page of BatchDeleteCertTags.
 */
import { Refusal } from "./errors.js";
import { objectOf, optionalString, requiredString } from "./input.js";

/** The tags of every resource of one kind, by resource id; a resource's tags by key. */
export type TagStore = Map<string, Map<string, string>>;

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export function tagOf(value: unknown): Tag {
  const source = objectOf(value);
  return { key: requiredString(source, "key"), value: optionalString(source, "value") ?? "" };
}

/** Adds or replaces tags (a key already there takes the new value). */
export function addTags(store: TagStore, resourceId: string, tags: readonly Tag[]): void {
  const current = store.get(resourceId) ?? new Map<string, string>();
  for (const tag of tags) current.set(tag.key, tag.value);
  store.set(resourceId, current);
}

/** Removes tags by key; a tag given with a value is removed only when its value matches. */
export function removeTags(store: TagStore, resourceId: string, tags: readonly Tag[]): void {
  const current = store.get(resourceId);
  if (current === undefined) return;
  for (const tag of tags) {
    if (tag.value === "" || current.get(tag.key) === tag.value) current.delete(tag.key);
  }
}

export function tagsOf(store: TagStore, resourceId: string): Tag[] {
  return Array.from(store.get(resourceId) ?? [], ([key, value]) => ({ key, value }));
}

/** Every key in use, with the values it has across resources (ListDomainCaTags). */
export function accountTags(store: TagStore, resourceIds: ReadonlySet<string>): { key: string; values: string[] }[] {
  const byKey = new Map<string, Set<string>>();
  for (const [id, tags] of store) {
    if (!resourceIds.has(id)) continue;
    for (const [key, value] of tags) byKey.set(key, (byKey.get(key) ?? new Set()).add(value));
  }
  return Array.from(byKey, ([key, values]) => ({ key, values: [...values] }));
}

export interface TagFilter {
  readonly tags: readonly { readonly key: string; readonly values: readonly string[] }[];
  readonly name: string | undefined;
}

/** The filter of a resource-instances request body. */
export function tagFilterOf(body: unknown): TagFilter {
  const source = objectOf(body);
  const tags = Array.isArray(source["tags"]) ? source["tags"] : source["tags"] === undefined ? [] : badRequest();
  const matches = Array.isArray(source["matches"]) ? source["matches"] : source["matches"] === undefined ? [] : badRequest();
  let name: string | undefined;
  for (const match of matches.map(tagOf)) {
    // resource_name is the one match key the model names; any other is refused.
    if (match.key !== "resource_name") throw new Refusal("PCA.00020001");
    name = match.value;
  }
  return {
    tags: tags.map((item) => {
      const entry = objectOf(item);
      const values = entry["values"];
      if (!Array.isArray(values) || values.some((value) => typeof value !== "string")) throw new Refusal("PCA.00020001");
      return { key: requiredString(entry, "key"), values: values as string[] };
    }),
    name,
  };
}

export function matchesFilter(filter: TagFilter, tags: ReadonlyMap<string, string> | undefined, resourceName: string): boolean {
  if (filter.name !== undefined && !resourceName.includes(filter.name)) return false;
  return filter.tags.every(({ key, values }) => {
    const value = tags?.get(key);
    return value !== undefined && (values.length === 0 || values.includes(value));
  });
}

function badRequest(): never {
  throw new Refusal("PCA.00020001");
}
