/**
 * Auto-pagination (src/core/client/pagination.ts) in process, without a server: a PagePromise over
 * a fake page fetcher. What `await`, `catch` and `finally` give; that nothing is asked for before
 * it is used; and when the walk stops for offset paging (an empty answer, a short answer, the
 * total reached) and marker paging (no next marker), with the next request's members as the spec
 * types them. The contract suite walks the same code against the mock, through the clients.
 */
import { describe, expect, it } from "vitest";
import { PagePromise } from "../../src/core/client/pagination.js";
import type { OperationSpec, PaginationSpec } from "../../src/core/request/operation-spec.js";
import { PcaClient } from "../../src/index.js";
import { recordingFetch, jsonResponse } from "./support/fakes.js";

type Page = Record<string, unknown>;

function operation(pagination: PaginationSpec, parameters: OperationSpec["parameters"] = [], body?: Record<string, { type: string }>): OperationSpec {
  return {
    operationId: "listThings",
    method: body ? "POST" : "GET",
    path: "/things",
    parameters,
    ...(body ? { requestBody: { required: true, mediaType: "application/json", schema: { type: "object", properties: body } } } : {}),
    successStatus: 200,
    result: "json",
    idempotent: true,
    pagination,
    fileWhen: null,
    responses: {},
  } as unknown as OperationSpec;
}

const OFFSET: PaginationSpec = { style: "offset", offset: "offset", limit: "limit", items: "things", total: "total" };
const MARKER: PaginationSpec = { style: "marker", marker: "marker", limit: "limit", items: "things", next: "next_marker" };
const queryInteger = (name: string) => ({ name, in: "query", required: false, schema: { type: "integer" } });

/** A fetcher that answers the given pages in turn and records the parameters of each request. */
function pages(...answers: Page[]) {
  const asked: Record<string, unknown>[] = [];
  const fetch = async (params: Record<string, unknown>): Promise<Page> => {
    asked.push(params);
    const answer = answers[asked.length - 1];
    if (answer === undefined) throw new Error(`request ${asked.length} was not expected`);
    return answer;
  };
  return { asked, fetch };
}

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("the first result page", () => {
  it("is asked for once, when awaited, however often it is awaited", async () => {
    const { asked, fetch } = pages({ things: [1], total: 1 });
    const promise = new PagePromise(operation(OFFSET), { limit: 5 }, fetch);
    expect(asked).toHaveLength(0);
    expect(await promise).toEqual({ things: [1], total: 1 });
    expect(await promise).toEqual({ things: [1], total: 1 });
    expect(asked).toEqual([{ limit: 5 }]);
  });

  it("gives its failure to catch, and to then's second callback", async () => {
    const failing = () => new PagePromise(operation(OFFSET), {}, () => Promise.reject(new Error("refused")));
    expect(await failing().catch((e: unknown) => `caught ${(e as Error).message}`)).toBe("caught refused");
    expect(await failing().then(() => "fulfilled", (e: unknown) => `rejected ${(e as Error).message}`)).toBe("rejected refused");
  });

  it("runs finally once it has come, and still gives the page", async () => {
    const { fetch } = pages({ things: [], total: 0 });
    let ran = 0;
    const page = await new PagePromise(operation(OFFSET), {}, fetch).finally(() => ran++);
    expect(ran).toBe(1);
    expect(page).toEqual({ things: [], total: 0 });
  });

  it("is the one the walk starts from: awaited first, it is not asked for again", async () => {
    const { asked, fetch } = pages({ things: ["a"], total: 1 });
    const promise = new PagePromise(operation(OFFSET, [queryInteger("offset")]), { limit: 10 }, fetch);
    await promise;
    expect(await all(promise)).toEqual(["a"]);
    expect(asked).toHaveLength(1);
  });
});

describe("offset paging", () => {
  it("walks every item, the offset moving by the items read, until the total is reached", async () => {
    const { asked, fetch } = pages({ things: ["a", "b"], total: 5 }, { things: ["c", "d"], total: 5 }, { things: ["e"], total: 5 });
    const items = await all(new PagePromise(operation(OFFSET, [queryInteger("offset")]), { limit: 2 }, fetch));
    expect(items).toEqual(["a", "b", "c", "d", "e"]);
    expect(asked).toEqual([{ limit: 2 }, { limit: 2, offset: 2 }, { limit: 2, offset: 4 }]);
  });

  it("stops when the offset reaches the total, with full pages and no limit asked for", async () => {
    const { asked, fetch } = pages({ things: ["a", "b"], total: 4 }, { things: ["c", "d"], total: 4 });
    expect(await all(new PagePromise(operation(OFFSET, [queryInteger("offset")]), {}, fetch))).toEqual(["a", "b", "c", "d"]);
    expect(asked).toEqual([{}, { offset: 2 }]);
  });

  it("starts from the offset the caller gave", async () => {
    const { asked, fetch } = pages({ things: ["d", "e"], total: 6 }, { things: ["f"], total: 6 });
    expect(await all(new PagePromise(operation(OFFSET, [queryInteger("offset")]), { offset: 3, limit: 2 }, fetch))).toEqual(["d", "e", "f"]);
    expect(asked[1]).toEqual({ offset: 5, limit: 2 });
  });

  it("stops at an answer shorter than the limit, whatever the total says", async () => {
    const { asked, fetch } = pages({ things: ["a"], total: 100 });
    expect(await all(new PagePromise(operation(OFFSET), { limit: 2 }, fetch))).toEqual(["a"]);
    expect(asked).toHaveLength(1);
  });

  it("stops at an empty answer, and at an answer without its items", async () => {
    const empty = pages({ things: ["a"], total: 9 }, { things: [], total: 9 });
    expect(await all(new PagePromise(operation(OFFSET), {}, empty.fetch))).toEqual(["a"]);
    expect(empty.asked).toHaveLength(2);
    const none = pages({ total: 9 });
    expect(await all(new PagePromise(operation(OFFSET), {}, none.fetch))).toEqual([]);
    expect(none.asked).toHaveLength(1);
  });

  it("goes on while the total is missing or not a number, until a short or empty answer", async () => {
    const { asked, fetch } = pages({ things: ["a", "b"] }, { things: ["c", "d"], total: "many" }, { things: ["e"] });
    expect(await all(new PagePromise(operation(OFFSET), { limit: 2 }, fetch))).toEqual(["a", "b", "c", "d", "e"]);
    expect(asked).toHaveLength(3);
  });

  it("sends the offset of a string-typed body member as a string of digits, of an integer one as a number", async () => {
    const strings = pages({ things: ["a", "b"], total: 3 }, { things: ["c"], total: 3 });
    await all(new PagePromise(operation(OFFSET, [], { offset: { type: "string" }, limit: { type: "string" } }), { limit: "2" }, strings.fetch));
    expect(strings.asked[1]).toEqual({ limit: "2", offset: "2" });
    const numbers = pages({ things: ["a", "b"], total: 3 }, { things: ["c"], total: 3 });
    await all(new PagePromise(operation(OFFSET, [], { offset: { type: "integer" } }), {}, numbers.fetch));
    expect(numbers.asked[1]).toEqual({ offset: 2 });
  });

  it("types the offset by the query parameter's schema first, then by the body's", async () => {
    const queryString = { name: "offset", in: "query", required: false, schema: { type: "string" } };
    const query = pages({ things: ["a"], total: 2 }, { things: ["b"], total: 2 });
    await all(new PagePromise(operation(OFFSET, [queryString] as never, { offset: { type: "integer" } }), {}, query.fetch));
    expect(query.asked[1]).toEqual({ offset: "1" });
    const integer = pages({ things: ["a"], total: 2 }, { things: ["b"], total: 2 });
    await all(new PagePromise(operation(OFFSET, [queryInteger("offset")], { offset: { type: "string" } }), {}, integer.fetch));
    expect(integer.asked[1]).toEqual({ offset: 1 });
  });

  it("asks for a result page only when the items of the last are used up", async () => {
    const { asked, fetch } = pages({ things: ["a", "b"], total: 4 }, { things: ["c", "d"], total: 4 });
    const iterator = new PagePromise(operation(OFFSET), {}, fetch)[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe("a");
    expect((await iterator.next()).value).toBe("b");
    expect(asked).toHaveLength(1);
    expect((await iterator.next()).value).toBe("c");
    expect(asked).toHaveLength(2);
  });
});

describe("marker paging", () => {
  it("sends each answer's next marker until an answer has none", async () => {
    const { asked, fetch } = pages({ things: ["a"], next_marker: "m1" }, { things: ["b"], next_marker: "m2" }, { things: ["c"] });
    expect(await all(new PagePromise(operation(MARKER), {}, fetch))).toEqual(["a", "b", "c"]);
    expect(asked).toEqual([{}, { marker: "m1" }, { marker: "m2" }]);
  });

  it.each([
    ["null", null],
    ["empty", ""],
  ])("stops at a %s next marker", async (_, marker) => {
    const { asked, fetch } = pages({ things: ["a"], next_marker: marker });
    expect(await all(new PagePromise(operation(MARKER), {}, fetch))).toEqual(["a"]);
    expect(asked).toHaveLength(1);
  });

  it("stops at an answer shorter than the limit, even with a next marker", async () => {
    const { asked, fetch } = pages({ things: ["a"], next_marker: "m1" });
    expect(await all(new PagePromise(operation(MARKER), { limit: 3 }, fetch))).toEqual(["a"]);
    expect(asked).toHaveLength(1);
  });

  it("does not count offsets: a full page with a next marker goes on", async () => {
    const { asked, fetch } = pages({ things: ["a", "b"], next_marker: "m1", total: 2 }, { things: [] });
    expect(await all(new PagePromise(operation(MARKER), { limit: 2 }, fetch))).toEqual(["a", "b"]);
    expect(asked).toEqual([{ limit: 2 }, { limit: 2, marker: "m1" }]);
  });
});

describe("a generated list operation", () => {
  const client = (http: ReturnType<typeof recordingFetch>) =>
    new PcaClient({ endpoint: "https://ccm.example.test", credentials: { token: "t".repeat(40) }, fetch: http.fetch, maxRetries: 0, env: {} });

  it("is a PagePromise for an object of parameters, sending nothing until used", async () => {
    const http = recordingFetch(jsonResponse(200, { certificate_authorities: [], total: 0 }));
    const call = client(http).listCertificateAuthorities({ limit: 10 });
    expect(call).toBeInstanceOf(PagePromise);
    expect(http.calls).toHaveLength(0);
    await call;
    expect(http.calls).toHaveLength(1);
  });

  it("refuses input that is not an object with the usual ValidationError, as a plain promise", async () => {
    const http = recordingFetch(jsonResponse(200, {}));
    const call = client(http).listCertificateAuthorities("ten" as never);
    expect(call).not.toBeInstanceOf(PagePromise);
    await expect(call).rejects.toThrow("listCertificateAuthorities: input must be a plain object of parameters");
    expect(http.calls).toHaveLength(0);
  });
});
