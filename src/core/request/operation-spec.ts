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
  /** A Unix time in milliseconds: a Date is accepted and sent as its getTime(). */
  readonly "x-epoch-milliseconds"?: boolean;
}

export interface ParameterSpec {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly schema: ConstraintSchema;
}

export interface OperationSpec {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly ParameterSpec[];
  readonly requestBody: {
    readonly required: boolean;
    readonly mediaType: string;
    readonly schema: ConstraintSchema;
  } | null;
  readonly successStatus: number;
  /** The success answer (the only 2xx); error answers are parsed whatever the status. */
  readonly responses: {
    readonly [status: string]: {
      readonly mediaType: string | null;
      readonly binary: boolean;
      /** A 2xx JSON body's constraints, which the SDK checks; null for errors, files and no body. */
      readonly schema: ConstraintSchema | null;
      /** The file media type of a success that is JSON or a file depending on the request (x-file-when). */
      readonly fileMediaType?: string;
    };
  };
  /**
   * How the success answer is read: its JSON members, a file, no body, or ("mixed") a file when
   * the request matches `fileWhen` and JSON otherwise.
   */
  readonly result: "json" | "file" | "none" | "mixed";
  /** May be repeated when its outcome is unknown (x-idempotent; else GET and HEAD only). */
  readonly idempotent: boolean;
  /** How to walk every result page of a list (x-pagination). */
  readonly pagination: PaginationSpec | null;
  /** The request member and value that get the file answer of a "mixed" result (x-file-when). */
  readonly fileWhen: { readonly member: string; readonly value: string | number | boolean } | null;
}

/** x-pagination: the request members that move through the result pages, and the answer's members. */
export interface PaginationSpec {
  /** "offset" or "marker" (the generator accepts no other). */
  readonly style: string;
  /** Offset style: the request member holding the index of the first item. */
  readonly offset?: string;
  /** Marker style: the request member holding the marker the last answer gave. */
  readonly marker?: string;
  /** The request member holding how many items an answer holds at most. */
  readonly limit?: string;
  /** The answer's member holding its items. */
  readonly items: string;
  /** Offset style: the answer's member holding the total number of items. */
  readonly total?: string;
  /** Marker style: the answer's member holding the marker of what follows. */
  readonly next?: string;
}

export interface ServerSpec {
  readonly url: string;
  readonly regions: readonly string[];
  readonly defaultRegion: string | null;
}

/** The header parameter that carries an IAM token; its schema bounds the token's length. */
export const TOKEN_HEADER = "X-Auth-Token";
