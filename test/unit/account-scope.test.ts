/**
 * The account scope and its IAM lookup, through an injected fetch: the exact message when no
 * project matches (with or without a trace id), a token client's failed lookup tried again, a
 * 401 dropping the token, the process-wide cache's key and its clearing, and an AccountScope
 * used before it is bound.
 */
import { signAkSk } from "../../src/core/auth/aksk-authenticator.js";
import { describe, expect, it } from "vitest";
import { createAuthenticator } from "../../src/core/auth/authenticator.js";
import { AccountScope, clearScopeCache, type AccountScopeOptions } from "../../src/core/scope/account-scope.js";
import { iamEndpointFor } from "../../src/core/scope/iam-endpoint.js";
import { iamScopeLookup } from "../../src/core/scope/iam-scope-lookup.js";
import { AuthenticationError, BcsClient, ConfigurationError } from "../../src/index.js";
import { FakeClock, jsonResponse, type RecordedCall, scriptedFetch } from "./support/fakes.js";

const IAM = "http://127.0.0.1:9";
const FREEZE = { blockchain_id: "bc", org_name: "org1", user_name: "user01" } as const;
const project = (id: string, name = "cn-north-4") => ({ id, name, domain_id: "d", enabled: true, is_domain: false });
let counter = 0;
const freshAk = () => `SCOPEAK${++counter}${Date.now()}`;

/** IAM answers from `iam`; the service answers success. */
function routed(iam: (call: RecordedCall, index: number) => Response) {
  let iamCalls = 0;
  const http = scriptedFetch([(call) => (call.url.pathname.startsWith("/v3/") ? iam(call, iamCalls++) : jsonResponse(200, { result: "success" }))]);
  return { ...http, iamCalls: () => http.calls.filter((c) => c.url.pathname.startsWith("/v3/")).length };
}

function tokenBcs(fetch: typeof globalThis.fetch, token: string | (() => Promise<string>) = "scope-token") {
  return new BcsClient({ region: "cn-north-4", endpoint: IAM, iamEndpoint: IAM, credentials: { token }, fetch, clock: new FakeClock(), env: {} });
}

describe("project lookup", () => {
  it("no project: the exact message, with the trace id", async () => {
    const http = routed(() => jsonResponse(200, { projects: [] }, { "X-IAM-Trace-Id": "trace-1" }));
    await expect(tokenBcs(http.fetch).freezeUserCertificate(FREEZE)).rejects.toThrow(
      new ConfigurationError(
        'no IAM project named "cn-north-4" was found (X-IAM-Trace-Id=trace-1); check that the region\'s project exists in the account, or pass projectId',
      ),
    );
  });
  it("without a trace id header, says (none)", async () => {
    const http = routed(() => jsonResponse(200, { projects: [] }));
    await expect(tokenBcs(http.fetch).freezeUserCertificate(FREEZE)).rejects.toThrow("(X-IAM-Trace-Id=(none))");
  });
  it("a token client's failed lookup fails its call and is tried again on the next", async () => {
    const http = routed((_call, i) => jsonResponse(200, { projects: i === 0 ? [] : [project("second-try")] }));
    const bcs = tokenBcs(http.fetch);
    await expect(bcs.freezeUserCertificate(FREEZE)).rejects.toThrow(/^no IAM project named "cn-north-4" was found/);
    await bcs.freezeUserCertificate(FREEZE);
    expect(bcs.projectId).toBe("second-try");
    expect(http.iamCalls()).toBe(2);
  });
  it("a 401 from IAM drops the token: the next call asks the provider again", async () => {
    let tokens = 0;
    const http = routed((_call, i) => (i === 0 ? jsonResponse(401, { error: { code: "401", message: "expired" } }) : jsonResponse(200, { projects: [project("p")] })));
    const bcs = tokenBcs(http.fetch, async () => `scope-token-${++tokens}`);
    await expect(bcs.freezeUserCertificate(FREEZE)).rejects.toBeInstanceOf(AuthenticationError);
    await bcs.freezeUserCertificate(FREEZE);
    expect(tokens).toBe(2);
    expect(http.calls.at(-1)?.headers.get("x-auth-token")).toBe("scope-token-2");
  });
});

/** An AccountScope on an injected fetch, bound to AK/SK (the lookup is signed with them). */
function scope(fetch: typeof globalThis.fetch, overrides: Partial<AccountScopeOptions> = {}) {
  const found = new AccountScope({
    kind: "project",
    region: "cn-north-4",
    iamEndpoint: IAM,
    env: {},
    missing: "pass projectId",
    lookup: { fetch, clock: new FakeClock(), timeoutMs: 1000, logger: undefined },
    iam: iamScopeLookup,
    ...overrides,
  });
  found.bind(
    createAuthenticator({ akSk: signAkSk,
      credentials: { accessKeyId: "SIGNER", secretAccessKey: "s" },
      clock: new FakeClock(),
      tokenSchema: undefined,
      scope: { header: "X-Project-Id", value: "unused" },
    }),
  );
  return found;
}

describe("the process-wide lookup cache", () => {
  const signal = new AbortController().signal;
  /** IAM answers each project lookup with a project named after the asked-for region. */
  const byName = () => routed((call) => jsonResponse(200, { projects: [project(`id-of-${call.url.searchParams.get("name")}`)] }));

  it("keys by access key and region apart: AK 'ABx' in region R is not AK 'AB' in region 'xR'", async () => {
    const http = byName();
    const ak = freshAk();
    const first = await scope(http.fetch, { region: "cn-north-4" }).resolveWith({ accessKeyId: `${ak}x`, secretAccessKey: "s" }, signal);
    const second = await scope(http.fetch, { region: "xcn-north-4" }).resolveWith({ accessKeyId: ak, secretAccessKey: "s" }, signal);
    expect([first, second]).toEqual(["id-of-cn-north-4", "id-of-xcn-north-4"]);
    expect(http.iamCalls()).toBe(2);
  });

  it("is shared by scopes with the same key until cleared", async () => {
    const http = byName();
    const credentials = { accessKeyId: freshAk(), secretAccessKey: "s" };
    await scope(http.fetch).resolveWith(credentials, signal);
    await scope(http.fetch).resolveWith(credentials, signal);
    expect(http.iamCalls()).toBe(1);
    clearScopeCache();
    await scope(http.fetch).resolveWith(credentials, signal);
    expect(http.iamCalls()).toBe(2);
  });
});

describe("a scope with nothing to go on", () => {
  it("unbound and without a region: the configured message, not a crash", async () => {
    const unbound = new AccountScope({
      kind: "project",
      region: undefined,
      iamEndpoint: undefined,
      env: {},
      missing: "BcsClient needs projectId",
      iam: iamScopeLookup,
      lookup: { fetch: scriptedFetch([]).fetch, clock: new FakeClock(), timeoutMs: 1000, logger: undefined },
    });
    await expect(unbound.resolve(new AbortController().signal)).rejects.toThrow(new ConfigurationError("BcsClient needs projectId"));
  });
  it("a domain scope with a token authenticator (no stored credentials) looks the domain up", async () => {
    const http = routed(() => jsonResponse(200, { domains: [{ id: "dom-1" }] }));
    const domain = new AccountScope({
      kind: "domain",
      region: "ap-southeast-3",
      iamEndpoint: IAM,
      env: {},
      missing: "pass domainId",
      lookup: { fetch: http.fetch, clock: new FakeClock(), timeoutMs: 1000, logger: undefined },
      iam: iamScopeLookup,
    });
    domain.bind(createAuthenticator({ akSk: signAkSk, credentials: { token: "t" }, clock: new FakeClock(), tokenSchema: undefined, scope: undefined }));
    await expect(domain.resolve(new AbortController().signal)).resolves.toBe("dom-1");
  });
});

describe("iamEndpointFor", () => {
  it("a value without a scheme gets https:// even when '://' appears later in it", () => {
    expect(iamEndpointFor({ option: undefined, credentials: "iam.example.com/x://y", env: {}, region: "cn-north-4" })).toMatch(/^https:\/\/iam\.example\.com/);
  });
});

describe("a lookup that fails after the cache was cleared", () => {
  it("does not drop the newer lookup that took its place", async () => {
    const signal = new AbortController().signal;
    const answers: ((response: Response) => void)[] = [];
    const http = routed(() => undefined as unknown as Response);
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      await http.fetch(input, init); // recorded
      return new Promise<Response>((resolve) => answers.push(resolve));
    }) as typeof globalThis.fetch;
    const credentials = { accessKeyId: freshAk(), secretAccessKey: "s" };
    const turns = async () => {
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    const first = scope(fetch).resolveWith(credentials, signal);
    await turns();
    clearScopeCache();
    const second = scope(fetch).resolveWith(credentials, signal); // the newer lookup, now cached
    await turns();
    answers[0]!(jsonResponse(403, { error: { code: "IAM.0003", message: "denied" } }));
    await expect(first).rejects.toThrow();
    const third = scope(fetch).resolveWith(credentials, signal); // shares the newer lookup
    await turns();
    expect(http.iamCalls()).toBe(2);
    answers[1]!(jsonResponse(200, { projects: [project("newer")] }));
    await expect(Promise.all([second, third])).resolves.toEqual(["newer", "newer"]);
  });
});
