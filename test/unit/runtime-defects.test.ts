/**
 * Defects seen only outside the Node test harness (issue #7): a browser's fetch that refuses a
 * foreign receiver, undeclared 2xx bodies, input that URL encoding or the HTTP stack refuses at
 * send time, and messages that mislead. Each case failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { operations as bcsOperations } from "../../generated/bcs.operations.js";
import { operations as pcaOperations } from "../../generated/pca.operations.js";
import {
  BcsClient,
  type BcsClientOptions,
  type LogEvent,
  PcaClient,
  type PcaClientOptions,
  isConfigurationError,
  isConnectionError,
  isUnexpectedResponseError,
  isValidationError,
} from "../../src/index.js";
import {
  type Step,
  bytesResponse,
  connectionError,
  emptyResponse,
  fakeClock,
  jsonResponse,
  scriptedFetch,
  settle,
  zipBytes,
  activation,
  CA_ID,
} from "./support/fakes.js";

// A token both services accept (PCA asks for a longer one).
const TOKEN = "tok-".padEnd(
  Math.max(
    ...[bcsOperations.downloadCertificates, pcaOperations.revokeCertificateAuthority].map(
      (op) => op.parameters.find((p) => p.name === "X-Auth-Token")?.schema.minLength ?? 1,
    ),
    16,
  ),
  "x",
);
const AK = "AKEXAMPLE0123456789";
const SK = "sk-secret-0123456789abcdef";

function bcs(steps: readonly Step[], options: Partial<BcsClientOptions> = {}) {
  const fetch = scriptedFetch(steps);
  const events: LogEvent[] = [];
  const client = new BcsClient({
    endpoint: "https://bcs.example.test",
    projectId: "proj1",
    credentials: { token: TOKEN },
    fetch: fetch.fetch,
    clock: fakeClock(),
    env: {},
    logger: (e) => events.push(e),
    ...options,
  });
  return { client, fetch, events };
}

function pca(steps: readonly Step[], options: Partial<PcaClientOptions> = {}) {
  const fetch = scriptedFetch(steps);
  const events: LogEvent[] = [];
  const client = new PcaClient({
    endpoint: "https://ccm.example.test",
    credentials: { token: TOKEN },
    fetch: fetch.fetch,
    clock: fakeClock(),
    env: {},
    logger: (e) => events.push(e),
    ...options,
  });
  return { client, fetch, events };
}

const path = { blockchain_id: "chain1", org_name: "org1", user_name: "alice" } as const;

describe("fetch is called with its own receiver", () => {
  // Browsers' and workers' fetch throws "Illegal invocation" unless `this` is the global object
  // (or undefined, which WebIDL maps to it).
  function strictFetch(): { fetch: typeof globalThis.fetch; receivers: unknown[] } {
    const receivers: unknown[] = [];
    const fetch = function (this: unknown) {
      receivers.push(this);
      if (this !== undefined && this !== globalThis) {
        return Promise.reject(new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation"));
      }
      return Promise.resolve(bytesResponse(new Uint8Array([1, 2]), { "X-Request-Id": "r-1" }));
    } as unknown as typeof globalThis.fetch;
    return { fetch, receivers };
  }

  it("a client's fetch (given or global) is called without a foreign `this`", async () => {
    const given = strictFetch();
    const client = new BcsClient({ endpoint: "https://bcs.example.test", projectId: "p", credentials: { token: TOKEN }, fetch: given.fetch, env: {}, maxRetries: 0 });
    const file = await client.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "ca" });
    expect(file.requestId).toBe("r-1");
    expect(given.receivers).toHaveLength(1);

    const original = globalThis.fetch;
    const global = strictFetch();
    globalThis.fetch = global.fetch;
    try {
      const viaGlobal = new BcsClient({ endpoint: "https://bcs.example.test", projectId: "p", credentials: { token: TOKEN }, env: {}, maxRetries: 0 });
      expect((await viaGlobal.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "ca" })).requestId).toBe("r-1");
    } finally {
      globalThis.fetch = original;
    }
    expect(global.receivers).toHaveLength(1);
  });
});

describe("a 2xx on a status the spec does not declare", () => {
  const html = (status: number) => new Response("<html>ok</html>", { status, headers: { "content-type": "text/html", "X-Request-Id": "req-html" } });

  const cases: { name: string; status: number; call: (steps: Step[]) => { call: Promise<unknown>; events: LogEvent[] } }[] = [
    { name: "activate 200", status: 200, call: (s) => { const p = pca(s); return { call: p.client.activateCertificateAuthority(activation), events: p.events }; } },
    { name: "activate 202", status: 202, call: (s) => { const p = pca(s); return { call: p.client.activateCertificateAuthority(activation), events: p.events }; } },
    { name: "revoke 202", status: 202, call: (s) => { const p = pca(s); return { call: p.client.revokeCertificateAuthority({ ca_id: CA_ID }), events: p.events }; } },
    { name: "freeze 202", status: 202, call: (s) => { const b = bcs(s); return { call: b.client.freezeUserCertificate({ ...path, file: zipBytes() }), events: b.events }; } },
    { name: "unfreeze 202", status: 202, call: (s) => { const b = bcs(s); return { call: b.client.unfreezeUserCertificate({ ...path, file: zipBytes() }), events: b.events }; } },
  ];

  for (const c of cases) {
    it(`${c.name} text/html is an UnexpectedResponseError with the request id, not logged as a success`, async () => {
      const { call, events } = c.call([html(c.status)]);
      const outcome = await settle(call);
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: unknown }).error;
      expect(isUnexpectedResponseError(error)).toBe(true);
      expect((error as { requestId?: string }).requestId).toBe("req-html");
      expect(events.filter((e) => e.type === "response")).toEqual([]);
      expect(events.filter((e) => e.type === "error")).toHaveLength(1);
    });
  }

  it("an empty body or JSON on an undeclared 2xx still succeeds", async () => {
    const empty = pca([emptyResponse(202, { "X-Request-Id": "r-empty" })]);
    expect(await empty.client.activateCertificateAuthority(activation)).toEqual({ requestId: "r-empty" });
    const json = pca([jsonResponse(200, { accepted: true }, { "X-Request-Id": "r-json" })]);
    expect(await json.client.revokeCertificateAuthority({ ca_id: CA_ID })).toEqual({ requestId: "r-json" });
  });
});

describe("values URL encoding would refuse", () => {
  const lone = "a\uD800b";
  it.each([
    ["blockchain_id (path)", () => bcs([]).client.downloadCertificates({ blockchain_id: lone, org_name: "o", cert_type: "ca" }), "blockchain_id"],
    ["org_name (query)", () => bcs([]).client.downloadCertificates({ blockchain_id: "b", org_name: `o\uDC00`, cert_type: "ca" }), "org_name"],
    ["projectId", () => bcs([], { projectId: `p\uDBFF` }).client.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "ca" }), "project_id"],
    ["ca_id (path)", () => pca([]).client.revokeCertificateAuthority({ ca_id: `${CA_ID.slice(0, -1)}\uD800` }), "ca_id"],
  ])("a lone surrogate in %s is a ValidationError naming it, nothing sent", async (_, call, parameter) => {
    const outcome = await settle(call());
    const error = (outcome as { error: unknown }).error;
    expect(isValidationError(error)).toBe(true);
    expect((error as { parameter: string }).parameter).toBe(parameter);
    expect((error as Error).message).toMatch(/surrogate/);
  });

  it("a runtime without String.prototype.isWellFormed refuses the same values, and not a pair", async () => {
    const native = Object.getOwnPropertyDescriptor(String.prototype, "isWellFormed");
    Object.defineProperty(String.prototype, "isWellFormed", { value: undefined, configurable: true, writable: true });
    try {
      const refused = await settle(bcs([]).client.downloadCertificates({ blockchain_id: lone, org_name: "o", cert_type: "ca" }));
      expect((refused as { error: Error }).error.message).toMatch(/surrogate/);
      const pair = bcs([bytesResponse(new Uint8Array([1]))]);
      expect((await settle(pair.client.downloadCertificates({ blockchain_id: "b", org_name: "o\u{1F600}", cert_type: "ca" }))).ok).toBe(true);
    } finally {
      if (native) Object.defineProperty(String.prototype, "isWellFormed", native);
    }
  });

  it("a well-formed pair (an emoji) is not refused by this rule", async () => {
    const b = bcs([bytesResponse(new Uint8Array([1]))]);
    const outcome = await settle(b.client.downloadCertificates({ blockchain_id: "b", org_name: "o\u{1F600}", cert_type: "ca" }));
    expect(outcome.ok).toBe(true);
    // Sent, with the pair encoded as its four UTF-8 bytes.
    expect(b.fetch.calls).toHaveLength(1);
    expect(b.fetch.calls[0]!.url.search).toContain("org_name=o%F0%9F%98%80");
  });
});

describe("control characters in credentials", () => {
  const controls = ["\u0001", "\u001f", "\u007f", "\t"];

  it.each(controls.map((c) => [JSON.stringify(c), c]))("a fixed token with %s is a ConfigurationError at construction, not quoted", (_, c) => {
    const token = `${TOKEN.slice(0, 8)}${c}${TOKEN.slice(8)}`;
    let thrown: unknown;
    try {
      bcs([], { credentials: { token } });
    } catch (error) {
      thrown = error;
    }
    expect(isConfigurationError(thrown)).toBe(true);
    expect((thrown as Error).message).not.toContain(TOKEN.slice(8));
  });

  it.each(controls.map((c) => [JSON.stringify(c), c]))("a provider's token with %s is a ValidationError, never sent nor retried", async (_, c) => {
    const b = bcs([connectionError("ECONNRESET")], { credentials: { token: async () => `${TOKEN.slice(0, 8)}${c}${TOKEN.slice(8)}` } });
    const outcome = await settle(b.client.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "ca" }));
    const error = (outcome as { error: unknown }).error;
    expect(isValidationError(error)).toBe(true);
    expect(String((error as Error).message)).not.toContain(TOKEN.slice(8));
    expect(b.fetch.calls).toHaveLength(0);
  });

  it.each(controls.map((c) => [JSON.stringify(c), c]))("an access key or secret key with %s is a ConfigurationError at construction", (_, c) => {
    for (const credentials of [
      { accessKeyId: `AK${c}EXAMPLE`, secretAccessKey: SK },
      { accessKeyId: AK, secretAccessKey: `sk${c}secret` },
      { accessKeyId: AK, secretAccessKey: SK, securityToken: `st${c}x` },
    ]) {
      let thrown: unknown;
      try {
        bcs([], { credentials });
      } catch (error) {
        thrown = error;
      }
      expect(isConfigurationError(thrown)).toBe(true);
      expect((thrown as Error).message).not.toContain(credentials.secretAccessKey);
      expect((thrown as Error).message).not.toContain(credentials.accessKeyId);
    }
  });

  it("a provider's AK/SK with a control character fails the call once, nothing sent", async () => {
    let calls = 0;
    const b = bcs([connectionError("ECONNRESET")], {
      credentials: { akSk: async () => (calls++, { accessKeyId: `AK\u0001X`, secretAccessKey: SK }) },
    });
    const outcome = await settle(b.client.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "ca" }));
    expect(isConfigurationError((outcome as { error: unknown }).error)).toBe(true);
    expect(b.fetch.calls).toHaveLength(0);
    expect(calls).toBe(1);
  });

  it.each([["trailing newline", `${SK}\n`], ["trailing space", `${SK} `], ["leading space", ` ${SK}`], ["CR LF", `${SK}\r\n`]])(
    "a secret key with a %s is refused locally, like the access key",
    (_, secretAccessKey) => {
      expect(() => bcs([], { credentials: { accessKeyId: AK, secretAccessKey } })).toThrow(/secretAccessKey/);
      expect(() => bcs([], { credentials: { accessKeyId: `${AK}\n`, secretAccessKey: SK } })).toThrow(/accessKeyId/);
    },
  );
});

describe("messages that say what is wrong", () => {
  it("file: a string is told that strings are not accepted, and what is", async () => {
    const b = bcs([]);
    const outcome = await settle(b.client.freezeUserCertificate({ ...path, file: "users.zip" as never }));
    const error = (outcome as { error: unknown }).error as Error;
    expect(isValidationError(error)).toBe(true);
    expect(error.message).toMatch(/a string is not accepted/);
    expect(error.message).toMatch(/Uint8Array, ArrayBuffer or Blob/);
    expect(error.message).not.toMatch(/must be a string/);
  });

  it("start_from: an invalid Date is told it is an invalid date", async () => {
    const p = pca([]);
    const outcome = await settle(p.client.activateCertificateAuthority({ ...activation, validity: { ...activation.validity, start_from: new Date("nope") } }));
    const error = (outcome as { error: unknown }).error as Error & { parameter: string };
    expect(isValidationError(error)).toBe(true);
    expect(error.parameter).toBe("validity.start_from");
    expect(error.message).toMatch(/invalid Date/i);
    expect(error.message).not.toMatch(/got null/);
    expect(p.fetch.calls).toHaveLength(0);
  });

  it("a connection error names the host it could not reach", async () => {
    const b = bcs([connectionError("ECONNREFUSED")], { maxRetries: 0 });
    const outcome = await settle(b.client.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "ca" }));
    const error = (outcome as { error: unknown }).error as Error;
    expect(isConnectionError(error)).toBe(true);
    expect(error.message).toContain("bcs.example.test");
  });

  it("a missing domainId names HUAWEICLOUD_SDK_DOMAIN_ID", () => {
    expect(() => new PcaClient({ endpoint: "https://ccm.example.test", credentials: { accessKeyId: AK, secretAccessKey: SK }, env: {} })).toThrow(
      /domainId.*HUAWEICLOUD_SDK_DOMAIN_ID/,
    );
  });
});

describe("an environment the runtime refuses to read", () => {
  it("Deno without --allow-env: a ConfigurationError naming the variable and the permission", () => {
    // Deno's process.env throws NotCapable for a variable it may not read.
    const refusing = new Proxy({}, {
      get(_, name) {
        throw Object.assign(new Error(`Requires env access to "${String(name)}", run again with the --allow-env flag`), { name: "NotCapable" });
      },
    });
    const original = Object.getOwnPropertyDescriptor(globalThis, "process")!;
    let thrown: unknown;
    Object.defineProperty(globalThis, "process", { value: { env: refusing }, configurable: true, writable: true });
    try {
      new BcsClient({ endpoint: "https://bcs.example.test", credentials: { token: TOKEN } });
    } catch (error) {
      thrown = error;
    } finally {
      Object.defineProperty(globalThis, "process", original);
    }
    expect(isConfigurationError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/HUAWEICLOUD_SDK_PROJECT_ID.*--allow-env=HUAWEICLOUD_SDK_PROJECT_ID/);
  });
});
