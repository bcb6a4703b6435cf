/**
 * Scenarios and recorded requests, through the public SDK, for every operation the mock serves:
 * the answers a user needs to test their own retry, timeout and error handling (statuses the
 * spec does not declare, Retry-After, both Huawei error shapes, delays, stalled bodies, resets,
 * malformed bodies), then the spec's behaviour again; and what the mock saw of each call.
 *
 * This file starts its own mock, as a user's suite would: scenarios live on the mock object.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { operations as bcsOperations } from "../../generated/bcs.operations.js";
import { operations as iamOperations } from "../../generated/iam.operations.js";
import { operations as pcaOperations } from "../../generated/pca.operations.js";
import type { OperationSpec } from "../../src/core/request/operation-spec.js";
import {
  ApiError,
  BadRequestError,
  BcsClient,
  ConfigurationError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PcaClient,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnexpectedResponseError,
  iamPasswordTokenProvider,
} from "../../src/index.js";
import { startMock, type OperationId, type RunningMock } from "../../src/testing/index.js";
import { type OperationCall, callThrough, operationCalls } from "./support/operation-calls.js";

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock?.stop());
beforeEach(() => mock.reset());

const tables = { bcs: bcsOperations, pca: pcaOperations, iam: iamOperations } as Record<string, Record<string, OperationSpec>>;
const specOf = (id: string): OperationSpec => Object.values(tables).find((t) => t[id])![id]!;
const allOperationIds = Object.values(tables).flatMap((t) => Object.keys(t));

const chain = "4f9d8a2e-0c56-11ee-9c1a-0255ac100b05";
const caId = "4c0e772e-a30c-4029-b929-b7acb04143f7";

interface Options {
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
  readonly aksk?: boolean;
}

function clients(options: Options) {
  const credentials = options.aksk
    ? { accessKeyId: mock.credentials.accessKeyId, secretAccessKey: mock.credentials.secretAccessKey }
    : { token: mock.credentials.token };
  const common = { credentials, maxRetries: options.maxRetries ?? 0, timeoutMs: options.timeoutMs ?? 10_000 };
  return {
    bcs: new BcsClient({ ...common, endpoint: mock.endpoints.bcs, projectId: mock.credentials.projectId }),
    pca: new PcaClient({ ...common, endpoint: mock.endpoints.pca, domainId: mock.credentials.domainId }),
  };
}

/** What the mock must have recorded of the call, besides operation id, method, auth and status. */
type Expected = OperationCall["expected"];

/**
 * One call per operation through the public SDK, from the spec's examples (support/
 * operation-calls.ts), and what it sends; IAM's token call through the token provider.
 */
const calls: Record<string, { run: (o: Options) => Promise<unknown>; expected: Expected }> = {
  ...Object.fromEntries(
    operationCalls.map((call) => [call.op.operationId, { run: (o: Options) => callThrough(clients(o)[call.api], call), expected: call.expected }]),
  ),
  createUserTokenByPassword: {
    run: (o) =>
      iamPasswordTokenProvider({
        endpoint: mock.endpoints.iam,
        userName: "user01",
        password: "not-a-real-password",
        domainName: "account01",
        scope: { project: { name: "cn-north-4" } },
        ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
      })(),
    expected: { path: /^\/v3\/auth\/tokens$/, query: { nocatalog: "true" }, body: { auth: { identity: { methods: ["password"], password: { user: { name: "user01", password: "not-a-real-password", domain: { name: "account01" } } } }, scope: { project: { name: "cn-north-4" } } } } },
  },
};

const ids = Object.keys(calls) as OperationId[];
/** Retried on an unknown outcome: an idempotent operation (the spec's x-idempotent, else a GET). */
const isIdempotent = (id: string) => specOf(id).idempotent;
const successStatus = (id: string) => Number(Object.keys(specOf(id).responses).find((s) => s.startsWith("2")));
/** The call's answer is JSON (not a file, nor a body-less 204): an operation that answers JSON, or answers it for this input. */
const jsonSuccess = (id: string) => {
  const op = specOf(id);
  const input = operationCalls.find((c) => c.op.operationId === id)?.input;
  if (op.result === "mixed") return input?.[op.fileWhen!.member] !== op.fileWhen!.value;
  return op.responses[String(successStatus(id))]?.mediaType === "application/json";
};
/** IAM's provider retries as the SDK's defaults say; the clients take maxRetries per test. */
const retriesOf = (id: string, wanted: number) => (id === "createUserTokenByPassword" ? 2 : wanted);
const statusesOf = (id: string) => mock.requests.filter((r) => r.operationId === id).map((r) => r.status);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => error,
  );
}

/**
 * The IAM scope lookups the clients make once per IAM endpoint and credentials (then cached), so
 * they are not in the per-call table above; the test at the end shows they are served, recorded
 * and answer scenarios like every other operation.
 */
const lookups = ["listProjects", "listAuthDomains"];

it("covers every operation of every bundled document", () => {
  expect([...ids, ...lookups].sort()).toEqual([...allOperationIds].sort());
});

describe.each(ids)("%s", (id) => {
  it("429 with Retry-After, then the spec's answer: the SDK waits, retries once and succeeds", async () => {
    const scenario = mock.scenario({ operation: id, respond: { status: 429, retryAfter: 0 } });
    await calls[id]!.run({ maxRetries: retriesOf(id, 2) });
    expect(statusesOf(id)).toEqual([429, successStatus(id)]);
    expect([scenario.used, scenario.remaining]).toEqual([1, 0]);
  });

  it("429 beyond the retries is a RateLimitError with a Huawei error body", async () => {
    mock.scenario({ operation: id, times: 3, respond: { status: 429, retryAfter: 0 } });
    const error = await failure(calls[id]!.run({ maxRetries: 0 }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as ApiError).errorCode).toBe("MOCK.429");
  });

  it("503 twice, then success", async () => {
    mock.scenario({ operation: id, times: 2, respond: { status: 503, retryAfter: 0 } });
    await calls[id]!.run({ maxRetries: retriesOf(id, 2) });
    expect(statusesOf(id)).toEqual([503, 503, successStatus(id)]);
  });

  it("502: retried only by an idempotent operation, a state-changing call is not sent twice", async () => {
    mock.scenario({ operation: id, respond: { status: 502, retryAfter: 0 } });
    const outcome = await failure(calls[id]!.run({ maxRetries: retriesOf(id, 2) }));
    if (isIdempotent(id)) {
      expect(statusesOf(id)).toEqual([502, successStatus(id)]);
    } else {
      expect(outcome).toBeInstanceOf(InternalServerError);
      expect((outcome as ApiError).status).toBe(502);
      expect(statusesOf(id)).toEqual([502]);
    }
  });

  it("504, which no document declares, answers a Huawei error body with the mock's code", async () => {
    mock.scenario({ operation: id, times: 3, respond: { status: 504 } });
    const error = await failure(calls[id]!.run({ maxRetries: 0 }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as ApiError).status).toBe(504);
    expect((error as ApiError).errorCode).toBe("MOCK.504");
    expect((error as ApiError).requestId).toMatch(/^mock-/);
  });

  it("error bodies of both Huawei shapes reach the typed error", async () => {
    mock.scenario({ operation: id, respond: { status: 400, body: { error_code: "X.0400", error_msg: "flat shape" } } });
    mock.scenario({ operation: id, respond: { status: 403, body: { error: { code: "X.0403", message: "nested shape" } } } });
    const flat = (await failure(calls[id]!.run({}))) as ApiError;
    const nested = (await failure(calls[id]!.run({}))) as ApiError;
    expect(flat).toBeInstanceOf(BadRequestError);
    expect([flat.errorCode, flat.errorMessage]).toEqual(["X.0400", "flat shape"]);
    expect(nested).toBeInstanceOf(PermissionDeniedError);
    expect([nested.errorCode, nested.errorMessage]).toEqual(["X.0403", "nested shape"]);
  });

  it("a headers-then-stalled body ends in a TimeoutError", async () => {
    // A 204 has no body to stall: those operations get a 200 with one.
    const status = successStatus(id) === 204 ? 200 : undefined;
    mock.scenario({ operation: id, times: 3, respond: { ...(status ? { status } : {}), stallBody: true } });
    // Short: whether the headers come in time or not, a stalled body can only end in a timeout.
    const error = await failure(calls[id]!.run({ timeoutMs: 150 }));
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("a delay longer than the timeout ends in a TimeoutError", async () => {
    mock.scenario({ operation: id, times: 3, respond: { delayMs: 30_000 } });
    const error = await failure(calls[id]!.run({ timeoutMs: 150 }));
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("a reset connection is a ConnectionError, recorded without a status", async () => {
    mock.scenario({ operation: id, times: 3, respond: { reset: true } });
    const error = await failure(calls[id]!.run({ maxRetries: 0 }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(statusesOf(id)[0]).toBeUndefined();
  });

  it("a malformed 2xx body is an UnexpectedResponseError where the spec declares JSON", async () => {
    mock.scenario({ operation: id, respond: { malformedBody: true } });
    const outcome = await failure(calls[id]!.run({}));
    if (jsonSuccess(id)) expect(outcome).toBeInstanceOf(UnexpectedResponseError);
    else expect(outcome).toHaveProperty("resolved"); // a file or an empty 204: nothing to check
    expect(statusesOf(id)).toEqual([successStatus(id)]);
  });

  it("an error status without a body answers MOCK.<status>, whether the operation declares it or not", async () => {
    mock.scenario({ operation: id, respond: { status: 404 } });
    const error = (await failure(calls[id]!.run({}))) as ApiError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.errorCode).toBe("MOCK.404");
    expect(error.errorMessage).toBe("Not Found (mock scenario)");
  });

  it("applies to its operation only, for the given number of calls, then the spec's behaviour again", async () => {
    const other = ids.find((o) => o !== id)!;
    // 400: retried by no one, so each call uses the scenario once.
    mock.scenario({ operation: id, times: 2, respond: { status: 400 } });
    await calls[other]!.run({});
    expect(await failure(calls[id]!.run({}))).toBeInstanceOf(BadRequestError);
    expect(await failure(calls[id]!.run({}))).toBeInstanceOf(BadRequestError);
    await calls[id]!.run({});
    expect(statusesOf(other)).toEqual([successStatus(other)]);
    expect(statusesOf(id)).toEqual([400, 400, successStatus(id)]);
  });

  it("records the call: operation, method, path, query, auth, decoded body or parts, status, request id", async () => {
    const result = (await calls[id]!.run({ aksk: true })) as { requestId?: string };
    const [record, ...more] = mock.requests;
    expect(more).toEqual([]);
    const { expected } = calls[id]!;
    const spec = specOf(id);
    expect(record).toMatchObject({ operationId: id, method: spec.method.toUpperCase(), query: expected.query, status: successStatus(id), scenario: false });
    expect(record!.path).toMatch(expected.path);
    if (id === "createUserTokenByPassword") {
      expect(record!.auth).toEqual({ mode: "none" }); // the token call carries no credentials
    } else {
      expect(record!.auth).toEqual({ mode: "aksk", accessKeyId: mock.credentials.accessKeyId, signatureValid: true });
      expect(record!.requestId).toBe(result.requestId);
    }
    if (expected.parts) {
      expect(record!.parts?.map((p) => ({ name: p.name, size: p.size }))).toEqual(expected.parts);
      expect(record!.body).toBeUndefined();
    } else {
      expect(record!.parts).toBeUndefined();
      expect(record!.body).toEqual(expected.body);
    }
  });
});

describe("recording", () => {
  it("records a token call as token, a wrong signature as invalid with the 401 answered", async () => {
    await calls.downloadCertificates!.run({});
    const wrong = new BcsClient({
      endpoint: mock.endpoints.bcs,
      projectId: mock.credentials.projectId,
      credentials: { accessKeyId: mock.credentials.accessKeyId, secretAccessKey: "not-the-secret" },
      maxRetries: 0,
    });
    await failure(wrong.downloadCertificates({ blockchain_id: chain, org_name: "org1", cert_type: "ca" }));
    const [token, signed] = mock.requests;
    expect(token!.auth).toEqual({ mode: "token" });
    expect(signed!.auth).toMatchObject({ mode: "aksk", signatureValid: false, reason: "signature mismatch" });
    expect(signed!.status).toBe(401);
  });

  it("clearRequests() forgets the records, reset() the scenarios as well", async () => {
    await calls.downloadCertificates!.run({});
    mock.clearRequests();
    expect(mock.requests).toEqual([]);
    mock.scenario({ respond: { status: 500 } });
    mock.reset();
    await calls.downloadCertificates!.run({});
    expect(statusesOf("downloadCertificates")).toEqual([200]);
  });
});

describe("scenarios", () => {
  it("without an operation applies to the next call of any, and Retry-After can be a date", async () => {
    const at = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
    mock.scenario({ respond: { status: 503, retryAfter: at, headers: { "x-extra": "1" } } });
    const response = await fetch(`${mock.endpoints.pca}/v1/private-certificate-authorities/${caId}/revoke`, {
      method: "POST",
      headers: { "x-auth-token": mock.credentials.token, "content-type": "application/json" },
      body: "{}",
    });
    await response.arrayBuffer();
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("Wed, 02 Jan 2030 03:04:05 GMT");
    expect(response.headers.get("x-extra")).toBe("1");
    expect(response.headers.get("x-request-id")).toMatch(/^mock-/);
    expect(mock.requests[0]).toMatchObject({ operationId: "revokeCertificateAuthority", status: 503, scenario: true });
  });

  it("can be cancelled before it is used", async () => {
    const scenario = mock.scenario({ operation: "downloadCertificates", times: Infinity, respond: { status: 500 } });
    scenario.cancel();
    await calls.downloadCertificates!.run({});
    expect(scenario.used).toBe(0);
  });

  it.each([
    [{ operation: "noSuchOperation" as OperationId, respond: {} }, /not an operation of the mock/],
    [{ times: 0, respond: {} }, /times must be a positive integer/],
    [{ respond: { status: 99 } }, /status must be an integer from 200 to 599/],
    [{ respond: { delayMs: -1 } }, /delayMs must be a finite number/],
    [{ respond: { retryAfter: 1.5 } }, /retryAfter must be whole seconds/],
    [{ respond: { reset: true, status: 500 } }, /reset answers nothing/],
  ] as const)("refuses %j", (options, message) => {
    expect(() => mock.scenario(options)).toThrow(ConfigurationError);
    expect(() => mock.scenario(options)).toThrow(message);
  });
});

describe("IAM tokens", () => {
  it("expire 24 hours after the request, so a token cache keeps them", async () => {
    const before = Date.now();
    const { expiresAt } = (await calls.createUserTokenByPassword!.run({})) as { expiresAt: Date };
    const after = Date.now();
    const day = 24 * 60 * 60 * 1000;
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(Math.floor((before + day) / 1000) * 1000);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(after + day);
  });
});

describe("IAM scope lookups (served from spec/iam.yaml with no mock-specific code)", () => {
  it("are recorded, answer a scenario, and then the spec's behaviour", async () => {
    const aksk = { accessKeyId: mock.credentials.accessKeyId, secretAccessKey: mock.credentials.secretAccessKey };
    const scenario = mock.scenario({ operation: "listProjects" as OperationId, respond: { status: 503, retryAfter: 0 } });
    const bcs = new BcsClient({ region: "cn-north-4", endpoint: mock.endpoints.bcs, iamEndpoint: mock.endpoints.iam, credentials: aksk });
    await bcs.downloadCertificates({ blockchain_id: chain, org_name: "org1", cert_type: "ca" });
    const pca = new PcaClient({ region: "ap-southeast-3", endpoint: mock.endpoints.pca, iamEndpoint: mock.endpoints.iam, credentials: aksk });
    await pca.revokeCertificateAuthority({ ca_id: caId });
    expect(scenario.used).toBe(1);
    expect(statusesOf("listProjects")).toEqual([503, 200]);
    expect(mock.requests.find((r) => r.operationId === "listProjects")).toMatchObject({ method: "GET", query: { name: "cn-north-4" }, auth: { mode: "aksk", signatureValid: true } });
    expect(statusesOf("listAuthDomains")).toEqual([200]);
  });
});
