/**
 * Contract: every operation through the public SDK against Prism (started from the bundled spec)
 * behind the signature-checking gateway, with a token and with AK/SK.
 *
 * - success, and Prism's `sl-violations` header absent: the SDK's request matches the spec;
 * - every documented error status, chosen with Prism's `Prefer: code=N`, becomes the right typed
 *   error carrying the spec example's error_code and error_msg;
 * - a signature tampered with in transit is rejected by the gateway.
 */
import { describe, expect, inject, it } from "vitest";
import bcsSpec from "../../generated/bcs.json" with { type: "json" };
import pcaSpec from "../../generated/pca.json" with { type: "json" };
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  BcsClient,
  InternalServerError,
  NotFoundError,
  PcaClient,
  PermissionDeniedError,
  isApiError,
} from "../../src/index.js";
import { operations as bcsSpecTable } from "../../generated/bcs.operations.js";
import { operations as pcaSpecTable } from "../../generated/pca.operations.js";
import { systemClock } from "../../src/core/clock.js";
import { callThrough, operationCalls } from "./support/operation-calls.js";

const mock = inject("mock");
const aksk = { accessKeyId: mock.credentials.accessKeyId, secretAccessKey: mock.credentials.secretAccessKey };
const token = { token: mock.credentials.token };

type Seen = { status: number; violations: string | null; request: Request };

/** A fetch that lets a test add headers after signing and see what came back. */
function recordingFetch(seen: Seen[], extraHeaders: Record<string, string> = {}, tamper?: (r: Request) => Request) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let request = new Request(input, init);
    for (const [name, value] of Object.entries(extraHeaders)) request.headers.set(name, value);
    if (tamper) request = tamper(request);
    const response = await fetch(request);
    seen.push({ status: response.status, violations: response.headers.get("sl-violations"), request });
    return response;
  };
}

function clients(credentials: typeof aksk | typeof token, fetchImpl: typeof fetch) {
  const common = { credentials, fetch: fetchImpl, maxRetries: 0 };
  return {
    bcs: new BcsClient({ ...common, endpoint: mock.endpoints.bcs, projectId: mock.credentials.projectId }),
    pca: new PcaClient({ ...common, endpoint: mock.endpoints.pca, domainId: mock.credentials.domainId }),
  };
}

const target = { blockchain_id: "4f9d8a2e-0c56-11ee-9c1a-0255ac100b05", org_name: "org1" };
const caId = "4c0e772e-a30c-4029-b929-b7acb04143f7";

type Example = { value: { error_code: string; error_msg: string } };
type SpecDoc = { paths: Record<string, Record<string, { operationId: string; responses: Record<string, { $ref?: string; content?: Record<string, { examples?: Record<string, Example> }> }> }>>; components: { responses: Record<string, { content?: Record<string, { examples?: Record<string, Example> }> }> } };

/** Each documented status of an operation with its example body, read from the bundled spec. */
function documentedStatuses(spec: SpecDoc, operationId: string): { status: number; example: Example["value"] | undefined }[] {
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      if (op.operationId !== operationId) continue;
      return Object.entries(op.responses).map(([status, ref]) => {
        const name = ref.$ref?.split("/").pop() ?? "";
        const content = (ref.$ref ? spec.components.responses[name] : ref)?.content?.["application/json"];
        const example = content?.examples ? Object.values(content.examples)[0]?.value : undefined;
        return { status: Number(status), example };
      });
    }
  }
  throw new Error(`no operation ${operationId}`);
}

const errorClassFor: Record<number, new (...args: never[]) => ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  500: InternalServerError,
};

describe.each([
  ["token", token],
  ["AK/SK", aksk],
] as const)("with %s credentials", (_mode, credentials) => {
  it("covers every operation of the BCS and PCA documents", () => {
    expect(operationCalls.map((c) => c.op.operationId).sort()).toEqual([...Object.keys(bcsSpecTable), ...Object.keys(pcaSpecTable)].sort());
  });

  for (const call of operationCalls) {
    const { operationId } = call.op;
    const run = (fetchImpl: typeof fetch) => callThrough(clients(credentials, fetchImpl)[call.api], call) as Promise<{ requestId?: string; data?: unknown }>;
    describe(operationId, () => {
      it("succeeds, and Prism finds no violation in the request", async () => {
        const seen: Seen[] = [];
        const result = await run(recordingFetch(seen));
        expect(seen).toHaveLength(1);
        expect(seen[0]!.status).toBeGreaterThanOrEqual(200);
        expect(seen[0]!.status).toBeLessThan(300);
        expect(seen[0]!.violations).toBeNull();
        expect(result.requestId).toMatch(/^mock-/);
        if ("data" in result) expect((result.data as Uint8Array).byteLength).toBeGreaterThan(0);
      });

      const errors = documentedStatuses((call.api === "pca" ? pcaSpec : bcsSpec) as unknown as SpecDoc, operationId).filter((s) => s.status >= 400);
      it.each(errors)("answers a documented $status with the typed error and the example body", async ({ status, example }) => {
        const seen: Seen[] = [];
        const error = await run(recordingFetch(seen, { Prefer: `code=${status}` })).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isApiError(error)).toBe(true);
        expect(error).toBeInstanceOf(errorClassFor[status]!);
        const apiError = error as ApiError;
        expect(apiError.status).toBe(status);
        expect(apiError.errorCode).toBe(example!.error_code);
        expect(apiError.errorMessage).toBe(example!.error_msg);
        expect(apiError.requestId).toMatch(/^mock-/);
        expect(seen).toHaveLength(1);
      });
    });
  }
});

describe("the gateway checks AK/SK signatures", () => {
  const tampers: [string, (r: Request) => Request][] = [
    ["a signed header changed", (r) => {
      r.headers.set("x-project-id", "ffffffffffffffffffffffffffffffff");
      r.headers.set("x-domain-id", "ffffffffffffffffffffffffffffffff");
      return r;
    }],
    ["the path changed", (r) => {
      const url = new URL(r.url);
      const path = url.pathname.replace(`/blockchains/${target.blockchain_id}/`, `/blockchains/${target.blockchain_id.replace(/^./, "0")}/`);
      if (path === url.pathname) throw new Error("tamper: the path does not hold the blockchain id");
      url.pathname = path;
      return new Request(url, r);
    }],
    ["the query changed", (r) => {
      const url = new URL(r.url);
      if (url.searchParams.get("org_name") !== target.org_name) throw new Error("tamper: the query does not hold org_name");
      url.searchParams.set("org_name", "org2");
      return new Request(url, r);
    }],
    ["the signature changed", (r) => {
      const auth = r.headers.get("authorization")!;
      r.headers.set("authorization", auth.replace(/Signature=(.)/, (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`));
      return r;
    }],
  ];
  it.each(tampers)("rejects a request when %s in transit", async (_name, tamper) => {
    const seen: Seen[] = [];
    const c = clients(aksk, recordingFetch(seen, {}, tamper));
    const error = await c.bcs.downloadCertificates({ ...target, cert_type: "admin" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as ApiError).errorCode).toBe("APIGW.0301");
    expect((error as ApiError).errorMessage).toContain("verify aksk signature fail");
  });

  it("rejects a correctly signed request whose X-Sdk-Date is 16 minutes off the gateway's clock", async () => {
    const skewed = { ...systemClock, now: () => Date.now() - 16 * 60_000 };
    const c = new BcsClient({ endpoint: mock.endpoints.bcs, projectId: mock.credentials.projectId, credentials: aksk, clock: skewed, maxRetries: 0 });
    const error = await c.downloadCertificates({ ...target, cert_type: "admin" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as ApiError).errorMessage).toContain("X-Sdk-Date is too far from the server time");
  });

  it("accepts a correctly signed request 14 minutes off the gateway's clock", async () => {
    const skewed = { ...systemClock, now: () => Date.now() - 14 * 60_000 };
    const c = new BcsClient({ endpoint: mock.endpoints.bcs, projectId: mock.credentials.projectId, credentials: aksk, clock: skewed, maxRetries: 0 });
    const file = await c.downloadCertificates({ ...target, cert_type: "admin" });
    expect(file.data.byteLength).toBeGreaterThan(0);
  });

  it("rejects a request with a wrong secret key", async () => {
    const c = clients({ ...aksk, secretAccessKey: "not-the-secret" }, recordingFetch([]));
    await expect(c.pca.revokeCertificateAuthority({ ca_id: caId })).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("rejects a request with neither a token nor a signature", async () => {
    const response = await fetch(`${mock.endpoints.bcs}/v2/p/blockchains/b/cert?org_name=o&cert_type=ca`, {
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error_code: "APIGW.0301" });
  });
});
