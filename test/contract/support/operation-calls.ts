/**
 * One call per operation of the clients' documents, read from the spec: the input is the
 * operation's own examples (those the reference docs' samples show and Prism serves), an upload
 * part gets a small .zip, and the call goes through the public client's method of the same name.
 * With it the contract suites cover every operation of the spec, and a new operation, without a
 * hand-written row.
 */
import bcsSpec from "../../../generated/bcs.json" with { type: "json" };
import pcaSpec from "../../../generated/pca.json" with { type: "json" };
import { operations as bcsOperations } from "../../../generated/bcs.operations.js";
import { operations as pcaOperations } from "../../../generated/pca.operations.js";
import { zipStored } from "../../../examples/lib/zip.js";
import { resolveRef, type OpenApiDocument } from "../../../scripts/lib/operation-table.js";
import { exampleInput } from "../../../scripts/lib/samples.js";
import type { OperationSpec } from "../../../src/core/request/operation-spec.js";

export type Api = "bcs" | "pca";
export const documents: Record<Api, OpenApiDocument> = { bcs: bcsSpec as unknown as OpenApiDocument, pca: pcaSpec as unknown as OpenApiDocument };
export const tables: Record<Api, Readonly<Record<string, OperationSpec>>> = { bcs: bcsOperations, pca: pcaOperations };
/** The client parameter each service fills itself (BCS: the project id in the path). */
const SCOPE_PARAMETER: Record<Api, string | null> = { bcs: "project_id", pca: null };

export const zip = zipStored({ "user01.pem": "-----BEGIN CERTIFICATE-----\n" });

export interface OperationCall {
  readonly api: Api;
  readonly op: OperationSpec;
  /** The input a user would pass: the spec's examples, a .zip for an upload. */
  readonly input: Readonly<Record<string, unknown>>;
  /** What the request carries: its path (any project id), query values as sent, JSON body or upload parts. */
  readonly expected: {
    readonly path: RegExp;
    readonly query: Readonly<Record<string, string>>;
    readonly body?: unknown;
    readonly parts?: readonly { readonly name: string; readonly size: number }[];
  };
}

function node(api: Api, id: string): Record<string, never> {
  for (const item of Object.values(documents[api].paths)) {
    for (const op of Object.values(item)) if ((op as { operationId?: string })?.operationId === id) return op as Record<string, never>;
  }
  throw new Error(`no operation ${id}`);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function operationCall(api: Api, op: OperationSpec): OperationCall {
  const context = { client: api, scopeParameter: SCOPE_PARAMETER[api], resolve: (n: unknown) => resolveRef(documents[api], n) };
  const { input: examples, binary } = exampleInput(op as never, node(api, op.operationId), context);
  const input: Record<string, unknown> = { ...examples };
  for (const name of binary) input[name] = zip;
  const params = new Map(op.parameters.map((p) => [p.name, p]));
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    name === SCOPE_PARAMETER[api] ? "[0-9a-f]{32}" : escape(encodeURIComponent(String(input[name]))),
  );
  const query: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const param = params.get(key);
    if (param?.in === "query") query[key] = String(value);
    else if (param === undefined) body[key] = value;
  }
  const multipart = op.requestBody?.mediaType === "multipart/form-data";
  return {
    api,
    op,
    input,
    expected: {
      path: new RegExp(`${path}$`),
      query,
      ...(multipart
        ? { parts: binary.map((name) => ({ name, size: zip.byteLength })) }
        : op.requestBody
          ? { body: JSON.parse(JSON.stringify(body)) as unknown }
          : {}),
    },
  };
}

/** Every operation of the BCS and PCA documents, in document order. */
export const operationCalls: readonly OperationCall[] = (Object.keys(tables) as Api[]).flatMap((api) =>
  Object.values(tables[api]).map((op) => operationCall(api, op)),
);

/** Calls an operation through a client's method of the same name. */
export function callThrough(client: object, call: OperationCall, options?: object): Promise<unknown> {
  const method = (client as Record<string, (input: unknown, options?: object) => Promise<unknown>>)[call.op.operationId];
  if (typeof method !== "function") throw new Error(`the client has no method ${call.op.operationId}`);
  return method.call(client, call.input, options);
}
