/**
 * Auto-pagination for the operations the spec marks with `x-pagination`, as Stainless SDKs and
 * AWS SDK v3's paginators offer it: the call is both a promise of its first result page and an
 * async iterable over every item of every result page.
 *
 *   const first = await client.listThings({ limit: 10 });        // one answer
 *   for await (const thing of client.listThings()) { ... }       // every item, answer after answer
 *
 * Nothing is sent until the promise is awaited or the iteration starts. The walk asks for the next
 * result page only when the items of the last one are used up, and stops at an empty answer, an
 * answer shorter than the limit asked for, when the offset reaches the answer's total, or (marker
 * paging) when the answer carries no next marker.
 */
import type { ConstraintSchema, OperationSpec, PaginationSpec } from "../request/operation-spec.js";

type Page = Readonly<Record<string, unknown>>;

/** The first result page of a list operation, and every item of every result page. */
export class PagePromise<Result, Item> implements PromiseLike<Result>, AsyncIterable<Item> {
  readonly #fetch: (params: Record<string, unknown>) => Promise<Result>;
  readonly #params: Record<string, unknown>;
  readonly #op: OperationSpec;
  #first: Promise<Result> | undefined;

  /** @internal Built by the operation functions. */
  constructor(op: OperationSpec, params: Record<string, unknown>, fetch: (params: Record<string, unknown>) => Promise<Result>) {
    this.#op = op;
    this.#params = params;
    this.#fetch = fetch;
  }

  #firstPage(): Promise<Result> {
    return (this.#first ??= this.#fetch(this.#params));
  }

  // The Promise interface, so that `await` gives the first page.
  then<A = Result, B = never>(onFulfilled?: ((value: Result) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.#firstPage().then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<Result | B> {
    return this.#firstPage().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<Result> {
    return this.#firstPage().finally(onFinally);
  }

  /** Every item of every result page, asking for the next result page when the items of the last are used up. */
  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    const spec = this.#op.pagination!;
    let params = this.#params;
    let page = (await this.#firstPage()) as Page;
    let offset = Number(params[spec.offset ?? ""] ?? 0);
    for (;;) {
      const items = page[spec.items];
      const list = Array.isArray(items) ? (items as Item[]) : [];
      for (const item of list) yield item;
      const next = nextParams(this.#op, spec, params, page, list.length, (offset += list.length));
      if (next === undefined) return;
      params = next;
      page = (await this.#fetch(params)) as Page;
    }
  }
}

/** The parameters of the next result page, or undefined when the last one has been read. */
function nextParams(
  op: OperationSpec,
  spec: PaginationSpec,
  params: Record<string, unknown>,
  page: Page,
  count: number,
  offset: number,
): Record<string, unknown> | undefined {
  if (count === 0) return undefined;
  const limit = spec.limit === undefined ? undefined : params[spec.limit];
  if (limit !== undefined && count < Number(limit)) return undefined;
  if (spec.style === "marker") {
    const marker = page[spec.next ?? ""];
    if (marker === undefined || marker === null || marker === "") return undefined;
    return { ...params, [spec.marker!]: marker };
  }
  const total = spec.total === undefined ? undefined : Number(page[spec.total]);
  if (total !== undefined && Number.isFinite(total) && offset >= total) return undefined;
  // The offset goes back as the spec types it (a body member may be a string of digits).
  return { ...params, [spec.offset!]: memberSchema(op, spec.offset!)?.type === "string" ? String(offset) : offset };
}

/** The schema of a request member: a query parameter or a body property. */
function memberSchema(op: OperationSpec, name: string): ConstraintSchema | undefined {
  return op.parameters.find((p) => p.name === name)?.schema ?? op.requestBody?.schema.properties?.[name];
}
