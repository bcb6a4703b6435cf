/**
 * The X-Auth-Token header parameter of the spec bounds the token a client is given: a token
 * outside its lengths is a ValidationError before I/O, with the value masked.
 */
import { describe, expect, it } from "vitest";
import { BcsClient, PcaClient, isValidationError } from "../../src/index.js";
import { type FakeClock, fakeClock, scriptedFetch, settle } from "./support/fakes.js";
import {
  type Service,
  PROJECT_ID,
  tokenSchema,
  services,
  successResponse,
  baseInput,
} from "./support/operation-walker.js";

describe("the X-Auth-Token header parameter bounds the token", () => {
  for (const service of services) {
    const schema = tokenSchema(service.table);
    const op = Object.values(service.table)[0]!;
    const cases: Array<[string, number | undefined, string]> = [
      ["maxLength", schema?.maxLength, "ok"],
      ["maxLength + 1", schema?.maxLength === undefined ? undefined : schema.maxLength + 1, "maxLength"],
      ["minLength", schema?.minLength, "ok"],
      ["minLength - 1", schema?.minLength === undefined ? undefined : schema.minLength - 1, "minLength"],
    ];
    it.each(cases)(`${service.name}: a token of %s (%s characters)`, async (_, length, outcome) => {
      expect(length).toBeDefined();
      const token = "k".repeat(length!);
      const clock = fakeClock();
      const fetch = scriptedFetch([successResponse(op)], clock);
      const withToken: Service = { ...service, make: (f, c) => rebuild(service, f, c, token) };
      const client = withToken.make(fetch.fetch, clock) as Record<string, (input: unknown) => Promise<unknown>>;
      const call = client[op.operationId]!.call(client, baseInput(service, op));
      if (outcome === "ok") {
        await call;
        expect(fetch.calls).toHaveLength(1);
        expect(fetch.calls[0]!.headers.get("X-Auth-Token")).toBe(token);
      } else {
        const result = await settle(call);
        const error = result.ok ? undefined : result.error;
        if (!isValidationError(error)) throw new Error(`expected a ValidationError, got ${String(error)}`);
        expect(error.parameter).toBe("X-Auth-Token");
        expect(error.rule).toBe(outcome);
        expect(error.value).toBe("<redacted>");
        expect(error.message).toContain("X-Auth-Token");
        expect(error.message).toContain(`rule: ${outcome}`);
        if (token.length > 2) expect(error.message).not.toContain(token);
        expect(fetch.calls).toHaveLength(0);
      }
    });
  }
});

function rebuild(service: Service, fetch: typeof globalThis.fetch, clock: FakeClock, token: string): object {
  return service.name === "BcsClient"
    ? new BcsClient({ endpoint: "https://bcs.example.test", projectId: PROJECT_ID, credentials: { token }, fetch, clock, env: {} })
    : new PcaClient({ endpoint: "https://ccm.example.test", credentials: { token }, fetch, clock, env: {} });
}
