/**
 * Turns a caller's flat input into the parts of a request, by the operation's descriptor: path
 * and query parameters and the body, each checked against the spec
 * before anything is sent. A `Date` where the spec holds an epoch-milliseconds integer
 * (`x-epoch-milliseconds`) is sent as its `getTime()`.
 */
import { ValidationError } from "../errors.js";
import type { ConstraintSchema, OperationSpec } from "./operation-spec.js";
import { isPlainObject, rejectUnknown, validateObject, validatePathSegment, validateValue } from "./validate.js";

export interface BuiltRequest {
  readonly params: { readonly path: Record<string, string>; readonly query: Record<string, unknown> };
  /** A JSON value, a FormData, or none. */
  readonly body: unknown;
}

/** Builds a body of another media type than JSON (a multipart upload), handed in by the operations that have one. */
export type BodyEncoder = (op: OperationSpec, fields: Record<string, unknown>) => Promise<FormData | undefined>;

/**
 * Splits and checks `input`. `fixed` holds values the client fills itself (e.g. project_id),
 * which the input may not set.
 */
export async function buildRequest(
  op: OperationSpec,
  input: unknown,
  fixed: Readonly<Record<string, string>> | undefined,
  encoder?: BodyEncoder,
): Promise<BuiltRequest> {
  const target = { operationId: op.operationId };
  if (!isPlainObject(input)) {
    throw new ValidationError(op.operationId, "input", "type", "must be a plain object of parameters", input);
  }
  const rest: Record<string, unknown> = { ...input };
  const params = { path: {} as Record<string, string>, query: {} as Record<string, unknown> };

  for (const param of op.parameters) {
    const given = fixed?.[param.name];
    if (param.in === "header") {
      // Header parameters are credentials (X-Auth-Token): never taken from input, in any letter
      // case, and never sent in a body.
      const key = Object.keys(rest).find((k) => k.toLowerCase() === param.name.toLowerCase());
      if (key !== undefined) {
        throw new ValidationError(op.operationId, key, "unknown", "is set by the client from its credentials", rest[key], true);
      }
      continue;
    }
    if (param.in !== "path" && param.in !== "query") continue;
    if (given !== undefined && rest[param.name] !== undefined) {
      throw new ValidationError(op.operationId, param.name, "unknown", "is set by the client from its options", rest[param.name]);
    }
    const value = given ?? epochValue(op, param.name, param.schema, rest[param.name]);
    delete rest[param.name];
    if (value === undefined) {
      if (param.required) throw new ValidationError(op.operationId, param.name, "required", "is required", undefined);
      continue;
    }
    validateValue(target, param.name, param.schema, value);
    if (param.in === "path") {
      validatePathSegment(target, param, String(value));
      params.path[param.name] = String(value);
    } else {
      params.query[param.name] = value;
    }
  }

  const bodySpec = op.requestBody;
  if (!bodySpec) {
    // Without a body there is nowhere to put anything else.
    const [extra] = Object.entries(rest).filter(([, v]) => v !== undefined);
    if (extra) rejectUnknown(target, extra[0], op.parameters.filter((p) => p.in === "path" || p.in === "query").map((p) => p.name), extra[1]);
    return { params, body: undefined };
  }
  if (bodySpec.mediaType !== "multipart/form-data") {
    // A JSON body is always an object, `{}` when empty: revoke rejects a missing body, and
    // what generate does without one is unconfirmed.
    const body = epochValue(op, "", bodySpec.schema, rest) as Record<string, unknown>;
    validateObject(target, "", bodySpec.schema, body);
    return { params, body };
  }
  if (!encoder) throw new ValidationError(op.operationId, "input", "type", `cannot send a ${bodySpec.mediaType} body here`, undefined);
  return { params, body: await encoder(op, rest) };
}

/**
 * The value with every Date at an `x-epoch-milliseconds` place replaced by its getTime(); the
 * same object when there is none, so the common case copies nothing.
 */
function epochValue(op: OperationSpec, name: string, schema: ConstraintSchema, value: unknown): unknown {
  if (value instanceof Date && schema["x-epoch-milliseconds"]) {
    const time = value.getTime();
    // getTime() would be NaN, reported as "got null": say what is wrong with the Date itself.
    if (Number.isNaN(time)) throw new ValidationError(op.operationId, name, "date", "must be a valid Date", String(value));
    return time;
  }
  if (Array.isArray(value) && schema.items) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const converted = epochValue(op, `${name}[${i}]`, schema.items!, item);
      if (converted !== item) (copy ??= [...value])[i] = converted;
    });
    return copy ?? value;
  }
  if (schema.properties && isPlainObject(value)) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, sub] of Object.entries(schema.properties)) {
      const member = value[key];
      if (member === undefined) continue;
      const converted = epochValue(op, name ? `${name}.${key}` : key, sub, member);
      if (converted !== member) (copy ??= { ...value })[key] = converted;
    }
    return copy ?? value;
  }
  return value;
}
