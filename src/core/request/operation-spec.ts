/**
 * The shape of one entry of a generated operation table (one per API, written by the generator
 * from the OpenAPI documents), as the runtime reads it. This file only names the structure so the
 * SDK can walk it generically.
 */

export interface ConstraintSchema {
  /** One type, or a list of them (OpenAPI 3.1): `["string", "null"]` is a string or null. */
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly enum?: readonly (string | number | boolean | null)[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly required?: readonly string[];
  readonly properties?: { readonly [name: string]: ConstraintSchema };
  /** Only `false` is used: the object takes no members besides `properties`. */
  readonly additionalProperties?: boolean;
  readonly items?: ConstraintSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly contentMediaType?: string;
  /** Largest accepted size in bytes of a binary value (an upload). */
  readonly "x-max-bytes"?: number;
}

export interface ParameterSpec {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly schema: ConstraintSchema;
}

export interface OperationSpec {
  readonly operationId: string;
  readonly sdkOperation: string | null;
  readonly summary: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly ParameterSpec[];
  readonly requestBody: {
    readonly required: boolean;
    readonly mediaType: string;
    readonly schema: ConstraintSchema;
  } | null;
  readonly successStatus: number;
  readonly responses: {
    readonly [status: string]: {
      readonly mediaType: string | null;
      readonly binary: boolean;
      /** A 2xx JSON body's constraints, which the SDK checks; null for errors, files and no body. */
      readonly schema: ConstraintSchema | null;
    };
  };
  readonly security: readonly string[];
}

export interface ServerSpec {
  readonly url: string;
  readonly regions: readonly string[];
  readonly defaultRegion: string | null;
}

/** The header parameter that carries an IAM token; its schema bounds the token's length. */
export const TOKEN_HEADER = "X-Auth-Token";
