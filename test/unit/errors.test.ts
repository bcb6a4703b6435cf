/**
 * The error hierarchy as users meet it (status → class, both Huawei body shapes, raw bodies,
 * request ids, secret headers), the type guards (also across two copies of the package), and
 * redaction: no secret reaches a message, a stack, util.inspect, JSON.stringify or a log event.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  BcsClient,
  ConfigurationError,
  ConnectionError,
  HuaweiCloudError,
  InternalServerError,
  NotFoundError,
  PcaClient,
  PermissionDeniedError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
  ValidationError,
  iamPasswordTokenProvider,
  isAbortError,
  isApiError,
  isConfigurationError,
  isConnectionError,
  isHuaweiCloudError,
  isResponseTooLargeError,
  isUnexpectedResponseError,
  UnexpectedResponseError,
  isTimeoutError,
  isValidationError,
  type ErrorKind,
  type LogEvent,
} from "../../src/index.js";
import {
  FakeClock,
  type Responder,
  ZIP_BYTES,
  fileResponse,
  hangingUntilAborted,
  jsonResponse,
  noContent,
  recordingFetch,
} from "./support/fakes.js";

const START = Date.UTC(2024, 0, 15, 8, 30, 0);
const CA_ID = "4c0e772e-a30c-4029-b929-b7acb04143f7";
const REVOKE_PATH = `/v1/private-certificate-authorities/${CA_ID}/revoke`;

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${inspect(value)}`);
    },
    (error: unknown) => error,
  );
}

function pcaAnswering(respond: Responder | Response) {
  const http = recordingFetch(respond);
  const client = new PcaClient({
    region: "ap-southeast-3",
    credentials: { token: "t".repeat(40) },
    fetch: http.fetch,
    clock: new FakeClock(START),
    maxRetries: 0,
    env: {},
  });
  return { http, revoke: () => client.revokeCertificateAuthority({ ca_id: CA_ID, reason: "SUPERSEDED" }) };
}

describe("API errors by status", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [504, InternalServerError],
    [405, ApiError],
    [409, ApiError],
    [418, ApiError],
    [422, ApiError],
  ] as const)("%i → %s", async (status, Expected) => {
    const { http, revoke } = pcaAnswering(jsonResponse(status, { error_code: "PCA.10010001", error_msg: "nope" }, { "x-request-id": `req-${status}` }));
    const error = await failure(revoke());
    expect((error as object).constructor).toBe(Expected);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(HuaweiCloudError);
    expect(error).toBeInstanceOf(Error);
    expect(isApiError(error)).toBe(true);
    const apiError = error as ApiError;
    expect(apiError.name).toBe(Expected.name);
    expect(apiError.kind).toBe("api");
    expect(apiError.status).toBe(status);
    expect(apiError.requestId).toBe(`req-${status}`);
    expect(apiError.message).toBe(`POST ${REVOKE_PATH} failed with ${status}: PCA.10010001: nope (request id req-${status})`);
    expect(http.calls).toHaveLength(1);
  });

  it("parses the flat error_code / error_msg shape", async () => {
    const { revoke } = pcaAnswering(jsonResponse(400, { error_code: "PCA.10010002", error_msg: "Invalid ca_id." }));
    const error = (await failure(revoke())) as ApiError;
    expect(error.errorCode).toBe("PCA.10010002");
    expect(error.errorMessage).toBe("Invalid ca_id.");
    expect(JSON.parse(error.rawBody)).toEqual({ error_code: "PCA.10010002", error_msg: "Invalid ca_id." });
    expect(error.requestId).toBeUndefined();
    expect(error.message).not.toContain("request id");
  });

  it("parses the nested error.code / error.message shape", async () => {
    const { revoke } = pcaAnswering(jsonResponse(403, { error: { code: "APIGW.0301", message: "Incorrect IAM authentication information", title: "x" } }));
    const error = (await failure(revoke())) as ApiError;
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.errorCode).toBe("APIGW.0301");
    expect(error.errorMessage).toBe("Incorrect IAM authentication information");
    expect(error.message).toContain("APIGW.0301: Incorrect IAM authentication information");
  });

  it("a numeric code is kept as a string", async () => {
    const { revoke } = pcaAnswering(jsonResponse(401, { error: { code: 401, message: "unauthorized" } }));
    expect(((await failure(revoke())) as ApiError).errorCode).toBe("401");
  });

  it.each([
    ["an HTML page", "<html><body>502 Bad Gateway</body></html>", "text/html"],
    ["plain text", "upstream connect error", "text/plain"],
    ["a JSON string", '"just a string"', "application/json"],
    ["a JSON array", "[1,2,3]", "application/json"],
    ["broken JSON", '{"error_code":', "application/json"],
  ])("keeps %s as rawBody text", async (_name, body, type) => {
    const { revoke } = pcaAnswering(new Response(body, { status: 502, headers: { "content-type": type, "x-request-id": "r" } }));
    const error = (await failure(revoke())) as ApiError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.rawBody).toBe(body);
    expect(error.errorCode).toBeUndefined();
    expect(error.errorMessage).toBeUndefined();
    expect(error.message).toContain(body);
    expect(error.requestId).toBe("r");
  });

  it("truncates a long raw body in the message but keeps all of it in rawBody", async () => {
    const body = "x".repeat(5000);
    const { revoke } = pcaAnswering(new Response(body, { status: 500 }));
    const error = (await failure(revoke())) as ApiError;
    expect(error.rawBody).toBe(body);
    expect(error.message.length).toBeLessThan(400);
  });

  it("an empty body says so", async () => {
    const { revoke } = pcaAnswering(new Response(null, { status: 404 }));
    const error = (await failure(revoke())) as ApiError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.rawBody).toBe("");
    expect(error.message).toContain("(empty body)");
  });

  it("removes secret-bearing headers from error.headers and keeps the rest", async () => {
    const response = new Response('{"error_code":"X","error_msg":"y"}', {
      status: 401,
      headers: {
        "content-type": "application/json",
        "x-request-id": "req-h",
        "x-custom": "kept",
        "x-subject-token": "SECRET-subject",
        "x-auth-token": "SECRET-auth",
        "x-security-token": "SECRET-security",
        authorization: "SECRET-authorization",
        "proxy-authorization": "SECRET-proxy",
        cookie: "SECRET-cookie",
        "set-cookie": "session=SECRET-set-cookie",
      },
    });
    const { revoke } = pcaAnswering(response);
    const error = (await failure(revoke())) as ApiError;
    expect(error.headers).toEqual({ "content-type": "application/json", "x-request-id": "req-h", "x-custom": "kept" });
    for (const surface of [JSON.stringify(error), inspect(error, { depth: 10 }), error.message, String(error.stack)]) {
      expect(surface).not.toContain("SECRET");
    }
  });

  it("a retried 503 ends as an InternalServerError after the last attempt", async () => {
    const http = recordingFetch(jsonResponse(503, { error_code: "PCA.5030001", error_msg: "busy" }));
    const clock = new FakeClock(START);
    const client = new PcaClient({ region: "ap-southeast-3", credentials: { token: "t".repeat(40) }, fetch: http.fetch, clock, env: {} });
    const error = await failure(client.revokeCertificateAuthority({ ca_id: CA_ID }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(http.calls).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
  });
});

describe("client-side and transport errors", () => {
  const bcs = (fetch: typeof globalThis.fetch, clock = new FakeClock(START)) =>
    new BcsClient({ region: "cn-north-4", projectId: "p", credentials: { token: "tok" }, fetch, clock, maxRetries: 0, env: {}, timeoutMs: 1000 });

  it("a ValidationError names the parameter, the rule and the value, and nothing is sent", async () => {
    const http = recordingFetch(fileResponse(ZIP_BYTES));
    const error = await failure(
      bcs(http.fetch).downloadCertificates({ blockchain_id: "bc", org_name: "o", cert_type: "root" as "admin" }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(isValidationError(error)).toBe(true);
    const validation = error as ValidationError;
    expect(validation.operationId).toBe("downloadCertificates");
    expect(validation.parameter).toBe("cert_type");
    expect(validation.rule).toBe("enum");
    expect(validation.value).toBe("root");
    expect(validation.message).toContain('"root"');
    expect(validation.message).toContain('"admin", "user", "ca"');
    expect(http.calls).toHaveLength(0);
  });

  it("a missing required member is a ValidationError with rule required", async () => {
    const http = recordingFetch(noContent());
    const client = new PcaClient({ region: "ap-southeast-3", credentials: { token: "t".repeat(40) }, fetch: http.fetch, env: {} });
    const error = (await failure(
      client.activateCertificateAuthority({ ca_id: CA_ID, issuer_id: "i", path_length: 1, signature_algorithm: "SHA256" } as never),
    )) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.parameter).toBe("validity");
    expect(error.rule).toBe("required");
    expect(http.calls).toHaveLength(0);
  });

  it("a timeout is a TimeoutError", async () => {
    const clock = new FakeClock(START);
    const http = recordingFetch(hangingUntilAborted(() => clock.advance(1000)));
    const error = await failure(bcs(http.fetch, clock).freezeUserCertificate({ blockchain_id: "bc", org_name: "o", user_name: "u" }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(isTimeoutError(error)).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(1000);
  });

  it("a refused connection is a ConnectionError that knows it never connected", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:443"), { code: "ECONNREFUSED" });
    const http = recordingFetch(() => {
      throw new TypeError("fetch failed", { cause: refused });
    });
    const error = await failure(bcs(http.fetch).freezeUserCertificate({ blockchain_id: "bc", org_name: "o", user_name: "u" }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(isConnectionError(error)).toBe(true);
    expect((error as ConnectionError).neverConnected).toBe(true);
    expect((error as ConnectionError).message).toContain("ECONNREFUSED");
  });

  it("the caller's abort is an AbortError", async () => {
    const controller = new AbortController();
    const http = recordingFetch(hangingUntilAborted(() => controller.abort(new Error("user gave up"))));
    const error = await failure(
      bcs(http.fetch).freezeUserCertificate({ blockchain_id: "bc", org_name: "o", user_name: "u" }, { signal: controller.signal }),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(isAbortError(error)).toBe(true);
  });

  it("an AK/SK pair the signer cannot use is a ConfigurationError at construction, not a bare TypeError", () => {
    const http = recordingFetch(noContent());
    let error: unknown;
    try {
      new PcaClient({
        region: "ap-southeast-3",
        domainId: "d",
        credentials: { accessKeyId: "AK WITH SPACES", secretAccessKey: "sk" },
        fetch: http.fetch,
        env: {},
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/accessKeyId/);
    expect(http.calls).toHaveLength(0);
  });
});

describe("type guards", () => {
  const samples: Record<ErrorKind, HuaweiCloudError> = {
    validation: new ValidationError("op", "param", "enum", "must be one of", "v"),
    configuration: new ConfigurationError("bad option"),
    api: new ApiError({ status: 409, method: "POST", path: "/x", headers: new Headers(), body: "" }),
    connection: new ConnectionError("reset", false),
    timeout: new TimeoutError(5),
    abort: new AbortError(),
    "response-too-large": new ResponseTooLargeError(10, "req"),
    "unexpected-response": new UnexpectedResponseError(200, "not JSON", "req"),
  };
  const guards: Record<ErrorKind, (e: unknown) => boolean> = {
    validation: isValidationError,
    configuration: isConfigurationError,
    api: isApiError,
    connection: isConnectionError,
    timeout: isTimeoutError,
    abort: isAbortError,
    "response-too-large": isResponseTooLargeError,
    "unexpected-response": isUnexpectedResponseError,
  };
  const kinds = Object.keys(samples) as ErrorKind[];

  it.each(kinds)("is%s is true exactly for its own kind", (kind) => {
    for (const other of kinds) {
      expect(guards[kind](samples[other]), `${kind} guard on ${other}`).toBe(kind === other);
      expect(isHuaweiCloudError(samples[other])).toBe(true);
    }
    expect(samples[kind].kind).toBe(kind);
  });

  it("every ApiError subclass passes isApiError", () => {
    const init = { status: 400, method: "GET", path: "/", headers: new Headers(), body: "" };
    for (const Class of [BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, RateLimitError, InternalServerError]) {
      expect(isApiError(new Class(init))).toBe(true);
    }
  });

  it.each([
    ["a plain Error", new Error("x")],
    ["a TypeError", new TypeError("x")],
    ["an Error with a kind", Object.assign(new Error("x"), { kind: "api" })],
    ["a look-alike object", { kind: "api", status: 500, name: "ApiError" }],
    ["a wrong-valued brand", { [Symbol.for("huaweicloud-cert-sdk.error")]: "yes", kind: "api" }],
    ["a local symbol brand", { [Symbol("huaweicloud-cert-sdk.error")]: true, kind: "api" }],
    ["null", null],
    ["undefined", undefined],
    ["a string", "api"],
    ["a number", 401],
  ])("all guards are false for %s", (_name, value) => {
    for (const guard of [isHuaweiCloudError, ...Object.values(guards)]) expect(guard(value)).toBe(false);
  });

  it("an object branded by another copy of the package passes", () => {
    const foreign = { [Symbol.for("huaweicloud-cert-sdk.error")]: true, kind: "api", status: 500, message: "x" };
    expect(isHuaweiCloudError(foreign)).toBe(true);
    expect(isApiError(foreign)).toBe(true);
    expect(isTimeoutError(foreign)).toBe(false);
  });

  it("errors from a second loaded copy of the module pass the guards though instanceof fails", async () => {
    const specifier = "../../src/core/errors.ts?second-copy";
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof import("../../src/core/errors.js");
    expect(copy.ApiError).not.toBe(ApiError);
    const foreignApi = copy.apiErrorFor({ status: 503, method: "GET", path: "/x", headers: new Headers(), body: "" });
    const foreignValidation = new copy.ValidationError("op", "p", "enum", "d", 1);
    expect(foreignApi).not.toBeInstanceOf(ApiError);
    expect(isApiError(foreignApi)).toBe(true);
    expect(isHuaweiCloudError(foreignApi)).toBe(true);
    expect(isValidationError(foreignApi)).toBe(false);
    expect(isValidationError(foreignValidation)).toBe(true);
    expect(isResponseTooLargeError(new copy.ResponseTooLargeError(1, undefined))).toBe(true);
    // ...and the copy's guards recognise ours.
    expect(copy.isConfigurationError(new ConfigurationError("x"))).toBe(true);
  });

  it("a second loaded copy redacts the same headers and its own guards each recognise their kind", async () => {
    // Each copy of the package builds its guards and its list of secret headers when it loads.
    const specifier = "../../src/core/errors.ts?third-copy";
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof import("../../src/core/errors.js");
    const secrets = ["authorization", "x-auth-token", "x-security-token", "x-subject-token", "cookie", "set-cookie", "proxy-authorization"];
    const headers = new Headers([["x-request-id", "req-copy"], ...secrets.map((name): [string, string] => [name, `SECRET-${name}`])]);
    const error = copy.apiErrorFor({ status: 401, method: "GET", path: "/x", headers, body: "" });
    expect(error.headers).toEqual({ "x-request-id": "req-copy" });
    expect([...copy.SECRET_HEADERS].sort()).toEqual([...secrets].sort());
    const own: Record<ErrorKind, HuaweiCloudError> = {
      validation: new copy.ValidationError("op", "p", "enum", "d", 1),
      configuration: new copy.ConfigurationError("x"),
      api: error,
      connection: new copy.ConnectionError("reset", false),
      timeout: new copy.TimeoutError(5),
      abort: new copy.AbortError(),
      "response-too-large": new copy.ResponseTooLargeError(1, undefined),
      "unexpected-response": new copy.UnexpectedResponseError(200, "x", undefined),
    };
    const copyGuards: Record<ErrorKind, (e: unknown) => boolean> = {
      validation: copy.isValidationError,
      configuration: copy.isConfigurationError,
      api: copy.isApiError,
      connection: copy.isConnectionError,
      timeout: copy.isTimeoutError,
      abort: copy.isAbortError,
      "response-too-large": copy.isResponseTooLargeError,
      "unexpected-response": copy.isUnexpectedResponseError,
    };
    for (const kind of Object.keys(own) as ErrorKind[]) {
      expect(copyGuards[kind](own[kind]), kind).toBe(true);
      expect(copy.isHuaweiCloudError(own[kind]), kind).toBe(true);
    }
  });

  it("the brand is an own, non-enumerable property: it does not show in a spread, JSON or a listing of own symbols", () => {
    const brand = Symbol.for("huaweicloud-cert-sdk.error");
    for (const error of Object.values(samples)) {
      // Object.keys never lists symbols, so it cannot see an enumerable brand: ask the descriptor.
      expect(Object.getOwnPropertyDescriptor(error, brand)).toMatchObject({ value: true, enumerable: false });
      expect(Object.getOwnPropertySymbols({ ...error })).not.toContain(brand);
    }
    expect(JSON.parse(JSON.stringify(samples.api))).toMatchObject({ kind: "api", status: 409 });
  });
});

// ---- redaction ----

const TOKEN = "CANARY-TOKEN-".padEnd(64, "t");
const SK = "CANARY-SK-".padEnd(40, "s");
const SECURITY_TOKEN = "CANARY-ST-".padEnd(200, "x");
const PASSWORD = "CANARY-PW-correct horse battery staple";
const CANARIES = ["CANARY-TOKEN", "CANARY-SK", "CANARY-ST", "CANARY-PW"];

function expectNoCanary(label: string, text: string | undefined): void {
  for (const canary of CANARIES) expect(text ?? "", `${label} contains ${canary}`).not.toContain(canary);
}

function expectErrorRedacted(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  const e = error as Error;
  expectNoCanary("message", e.message);
  expectNoCanary("stack", e.stack);
  expectNoCanary("String()", String(e));
  expectNoCanary("inspect", inspect(e, { depth: 10 }));
  expectNoCanary("inspect showHidden", inspect(e, { depth: 10, showHidden: true }));
  expectNoCanary("JSON", JSON.stringify(e));
}

interface Harness {
  readonly client: BcsClient | PcaClient;
  readonly call: () => Promise<unknown>;
  readonly invalidCall: () => Promise<unknown>;
  readonly events: LogEvent[];
  readonly clock: FakeClock;
}

type SetupName = "BCS token" | "BCS temporary AK/SK" | "PCA temporary AK/SK" | "PCA token" | "BCS IAM password";
const SETUPS: readonly SetupName[] = ["BCS token", "BCS temporary AK/SK", "PCA temporary AK/SK", "PCA token", "BCS IAM password"];

/**
 * A client of the given setup whose service answers with `respond` (IAM, when used, succeeds).
 * `badSecret`: the setup's secret is itself the invalid input (a token or security token that is
 * no header value, a password that is no string), so the value a check refuses holds a canary.
 */
function harness(setup: SetupName, respond: Responder, badSecret = false): Harness {
  const clock = new FakeClock(START);
  const events: LogEvent[] = [];
  const logger = (event: LogEvent) => events.push(event);
  const http = recordingFetch((request, index) => {
    if (request.url.host.startsWith("iam.")) {
      return jsonResponse(201, { token: { expires_at: new Date(START + 86_400_000).toISOString() } }, { "x-subject-token": TOKEN });
    }
    return respond(request, index);
  });
  const common = { fetch: http.fetch, clock, logger, timeoutMs: 1000, env: {} };
  const token = badSecret ? `${TOKEN}\nInjected: header` : TOKEN;
  const temporary = { accessKeyId: "AKVISIBLE", secretAccessKey: SK, securityToken: badSecret ? `${SECURITY_TOKEN}\nInjected: header` : SECURITY_TOKEN };
  const freeze = { blockchain_id: "bc", org_name: "o", user_name: "u", file: ZIP_BYTES };
  switch (setup) {
    case "BCS token":
    case "BCS temporary AK/SK":
    case "BCS IAM password": {
      const credentials =
        setup === "BCS token"
          ? { token }
          : setup === "BCS temporary AK/SK"
            ? temporary
            : {
                token: iamPasswordTokenProvider({
                  userName: "alice",
                  password: badSecret ? ([PASSWORD] as unknown as string) : PASSWORD,
                  domainName: "acct",
                  scope: { project: { name: "cn-north-4" } },
                  fetch: http.fetch,
                  clock,
                  logger,
                }),
              };
      const client = new BcsClient({ region: "cn-north-4", projectId: "p", credentials, ...common });
      return {
        client,
        clock,
        events,
        call: () => client.freezeUserCertificate(freeze),
        invalidCall: () => client.downloadCertificates({ blockchain_id: "bc", org_name: "o", cert_type: "root" as "ca" }),
      };
    }
    case "PCA temporary AK/SK":
    case "PCA token": {
      const credentials = setup === "PCA token" ? { token } : temporary;
      const client = new PcaClient({ region: "ap-southeast-3", domainId: "d", credentials, ...common });
      return {
        client,
        clock,
        events,
        call: () => client.revokeCertificateAuthority({ ca_id: CA_ID, reason: "KEY_COMPROMISE" }),
        invalidCall: () => client.revokeCertificateAuthority({ ca_id: CA_ID, reason: "bad" as "SUPERSEDED" }),
      };
    }
  }
}

/** A response that echoes secrets in headers, as a misbehaving gateway might. */
function echoing(status: number): Responder {
  return () =>
    new Response(JSON.stringify({ error_code: "X.0001", error_msg: "failed" }), {
      status,
      headers: {
        "content-type": "application/json",
        "x-request-id": "req-echo",
        "x-subject-token": TOKEN,
        "x-auth-token": TOKEN,
        "x-security-token": SECURITY_TOKEN,
        "set-cookie": `session=${TOKEN}`,
      },
    });
}

describe.each(SETUPS)("no secret escapes: %s", (setup) => {
  /** `events`: whether the call logged anything (a check of the log is vacuous over no events). */
  function expectClientAndLogsRedacted(h: Harness, events: "some" | "none"): void {
    expectNoCanary("JSON.stringify(client)", JSON.stringify(h.client));
    expectNoCanary("inspect(client)", inspect(h.client, { depth: 10, showHidden: true }));
    if (events === "none") expect(h.events).toEqual([]);
    else expect(h.events.length).toBeGreaterThan(0);
    for (const event of h.events) expectNoCanary(`log event ${event.type}`, JSON.stringify(event));
  }

  it("on success", async () => {
    const h = harness(setup, (request) =>
      request.method === "POST" && request.url.pathname.endsWith("/freeze") ? jsonResponse(200, { result: "success" }, { "x-request-id": "r" }) : noContent(),
    );
    const result = await h.call();
    expectNoCanary("result", inspect(result, { depth: 10 }));
    expect(h.events.some((e) => e.type === "response")).toBe(true);
    expectClientAndLogsRedacted(h, "some");
  });

  it.each([401, 500])("on an API error %i that echoes secrets in its headers", async (status) => {
    const h = harness(setup, echoing(status));
    const error = await failure(h.call());
    expect(isApiError(error)).toBe(true);
    expectErrorRedacted(error);
    expectClientAndLogsRedacted(h, "some");
  });

  it("on a validation error", async () => {
    const h = harness(setup, () => noContent());
    const error = await failure(h.invalidCall());
    expect(isValidationError(error)).toBe(true);
    expectErrorRedacted(error);
    expectClientAndLogsRedacted(h, "none");
  });

  it("on a refused secret: the value the check refuses is the secret itself", async () => {
    // Static AK/SK credentials are checked when the client is built, providers on the first call.
    let h: ReturnType<typeof harness> | undefined;
    let error: unknown;
    try {
      h = harness(setup, () => noContent(), true);
      error = await failure(h.call());
    } catch (thrown) {
      error = thrown;
    }
    // A token or password breaks a rule (ValidationError); a security token that is no header
    // value is a configuration problem. Either way the error is about the secret's own value.
    expect(isValidationError(error) || isConfigurationError(error), String(error)).toBe(true);
    if (isValidationError(error)) expect(error.value).toBe("<redacted>");
    expectErrorRedacted(error);
    if (h) expectClientAndLogsRedacted(h, "none");
  });

  it("on a timeout", async () => {
    let clock: FakeClock | undefined;
    const h = harness(setup, hangingUntilAborted(() => clock?.advance(1000)));
    clock = h.clock;
    const error = await failure(h.call());
    expect(isTimeoutError(error)).toBe(true);
    expectErrorRedacted(error);
    expectClientAndLogsRedacted(h, "some");
  });

  it("on a connection error", async () => {
    const h = harness(setup, () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
    });
    const error = await failure(h.call());
    expect(isConnectionError(error)).toBe(true);
    expectErrorRedacted(error);
    expect(h.events.some((e) => e.type === "error")).toBe(true);
    expectClientAndLogsRedacted(h, "some");
  });
});

describe("no secret escapes from credential problems", () => {
  const freeze = { blockchain_id: "bc", org_name: "o", user_name: "u" } as const;
  const bcsWith = (token: string, events: LogEvent[] = []) => {
    const http = recordingFetch(jsonResponse(200, { result: "success" }));
    const client = new BcsClient({
      region: "cn-north-4",
      projectId: "p",
      credentials: { token },
      fetch: http.fetch,
      logger: (e) => events.push(e),
      env: {},
    });
    return { http, client };
  };

  it("an over-long token (> 32768 characters) is a ValidationError with the value masked", async () => {
    const events: LogEvent[] = [];
    const { http, client } = bcsWith(TOKEN.padEnd(40_000, "z"), events);
    const error = await failure(client.freezeUserCertificate(freeze));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).parameter).toBe("X-Auth-Token");
    expect((error as ValidationError).rule).toBe("maxLength");
    expect((error as ValidationError).value).toBe("<redacted>");
    expectErrorRedacted(error);
    expectNoCanary("inspect(client)", inspect(client, { depth: 10, showHidden: true }));
    // Refused before any request: nothing is logged at all (a loop over the events would check nothing).
    expect(events).toEqual([]);
    expect(http.calls).toHaveLength(0);
  });

  it("a PCA token shorter than the spec's minimum is masked too", async () => {
    const http = recordingFetch(noContent());
    const client = new PcaClient({ region: "ap-southeast-3", credentials: { token: "CANARY-TOKEN-short" }, fetch: http.fetch, env: {} });
    const error = await failure(client.revokeCertificateAuthority({ ca_id: CA_ID }));
    expect((error as ValidationError).rule).toBe("minLength");
    expectErrorRedacted(error);
    expect(http.calls).toHaveLength(0);
  });

  it.each([
    ["a newline", `${TOKEN}\nInjected: header`],
    ["a NUL", `${TOKEN}\u0000`],
    ["a trailing line separator", `${TOKEN}\u2028`],
  ])("a fixed token containing %s is a ConfigurationError at construction that does not quote it", (_name, token) => {
    let error: unknown;
    try {
      bcsWith(token);
    } catch (thrown) {
      error = thrown;
    }
    expect(isConfigurationError(error)).toBe(true);
    expectErrorRedacted(error);
  });

  it("a token containing a non-Latin-1 character is a ValidationError with the value masked", async () => {
    const { http, client } = bcsWith(`${TOKEN}\u2028tail`);
    const error = await failure(client.freezeUserCertificate(freeze));
    expect(isValidationError(error)).toBe(true);
    expectErrorRedacted(error);
    expect(http.calls).toHaveLength(0);
  });

  it("an unusable security token is a ConfigurationError that does not quote it", async () => {
    const http = recordingFetch(noContent());
    const options = {
      region: "ap-southeast-3",
      domainId: "d",
      fetch: http.fetch,
      env: {},
    } as const;
    const bad = `${SECURITY_TOKEN}\n` + "CANARY-ST-tail";
    // A static one at construction; one from a provider when the call needs it.
    let error: unknown;
    try {
      new PcaClient({ ...options, credentials: { accessKeyId: "AK", secretAccessKey: SK, securityToken: bad } });
    } catch (thrown) {
      error = thrown;
    }
    expect(isConfigurationError(error)).toBe(true);
    expectErrorRedacted(error);
    const client = new PcaClient({ ...options, credentials: { akSk: async () => ({ accessKeyId: "AK", secretAccessKey: SK, securityToken: bad }) } });
    const later = await failure(client.revokeCertificateAuthority({ ca_id: CA_ID }));
    expect(isConfigurationError(later)).toBe(true);
    expectErrorRedacted(later);
    expectNoCanary("inspect(client)", inspect(client, { depth: 10, showHidden: true }));
    expect(http.calls).toHaveLength(0);
  });

  it("an IAM failure does not quote the password, and the provider does not show it", async () => {
    const events: LogEvent[] = [];
    const http = recordingFetch(
      jsonResponse(401, { error: { code: "1101", message: "The username or password is wrong." } }),
    );
    const provider = iamPasswordTokenProvider({
      userName: "alice",
      password: PASSWORD,
      domainName: "acct",
      scope: { domain: { name: "acct" } },
      fetch: http.fetch,
      logger: (e) => events.push(e),
    });
    expectNoCanary("inspect(provider)", inspect(provider, { depth: 10, showHidden: true }));
    const client = new BcsClient({ region: "cn-north-4", projectId: "p", credentials: { token: provider }, fetch: http.fetch, env: {} });
    const error = await failure(client.freezeUserCertificate(freeze));
    expect(error).toBeInstanceOf(AuthenticationError);
    expectErrorRedacted(error);
    expectNoCanary("inspect(client)", inspect(client, { depth: 10, showHidden: true }));
    expectNoCanary("JSON.stringify(client)", JSON.stringify(client));
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expectNoCanary("log", JSON.stringify(event));
    // It was sent, though: the body is the only place the password goes.
    expect(new TextDecoder().decode(http.only().body)).toContain(PASSWORD);
  });

  it("an IAM connection failure does not quote the password", async () => {
    const http = recordingFetch(() => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }) });
    });
    const clock = new FakeClock(START);
    const provider = iamPasswordTokenProvider({ userName: "alice", password: PASSWORD, domainName: "acct", scope: {}, fetch: http.fetch, clock });
    const error = await failure(provider());
    expect(isConnectionError(error)).toBe(true);
    expectErrorRedacted(error);
  });
});
