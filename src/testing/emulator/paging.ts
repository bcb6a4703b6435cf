/**
 * Lists: sorted by sort_key and sort_dir, then cut by offset and limit. Source:
 * huaweicloud-sdk-go-v3 model_list_certificate_authority_request.go and
 * model_list_certificate_request.go: limit defaults to 10, offset to 0 (the records after the
 * first `offset`), sort_key to create_time and sort_dir to DESC.
 */
import { Refusal } from "./errors.js";

const DEFAULT_LIMIT = 10;

export type SortValue = string | number;

export function sorted<T>(
  items: readonly T[],
  keys: Readonly<Record<string, (item: T) => SortValue>>,
  sortKey = "create_time",
  sortDir = "DESC",
): T[] {
  const key = Object.hasOwn(keys, sortKey) ? keys[sortKey] : undefined;
  if (key === undefined || (sortDir !== "ASC" && sortDir !== "DESC")) throw new Refusal("PCA.00020001");
  const sign = sortDir === "ASC" ? 1 : -1;
  // A stable sort: equal keys keep the order they were created in.
  return [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -sign : x > y ? sign : 0;
  });
}

export function paged<T>(items: readonly T[], limit = DEFAULT_LIMIT, offset = 0): T[] {
  return items.slice(offset, offset + limit);
}
