/** What docs:diff reads from an API reference page, whatever its layout. */

/** A type as the comparison sees it, on both sides. */
export type FieldType = "string" | "integer" | "number" | "boolean" | "object" | "array" | "file";

/** A limit or list the page states for a parameter or field. */
export interface PageConstraints {
  minLength?: number;
  /** For a file: the page's size limit as written, e.g. "less than 30 KB". */
  maxLength?: number | string;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  /** Set when the description ends in a list the page leaves out. */
  cutShort?: { aspect: "enum" | "list"; text: string };
}

export interface PageField extends PageConstraints {
  name: string;
  /** Mandatory Yes/No; response tables have no such column. */
  mandatory?: boolean;
  type: FieldType;
  /** The type cell as printed, e.g. "Validity object". */
  typeText: string;
  /** Nested fields of an object (or of an array's objects), when the page has their table. */
  fields?: PageField[];
}

export interface PageParameter extends PageField {
  in: "path" | "query" | "header";
}

export interface PageResponse {
  status: number;
  /** "file" when the body table has the single row "- File"; "fields" when it lists fields. */
  body?: { kind: "file" } | { kind: "fields"; fields: PageField[] };
  /** The example responses printed for this status. */
  examples: unknown[];
}

export interface ApiPage {
  title: string;
  method: string;
  path: string;
  parameters: PageParameter[];
  /** The request body's fields, when the page has a body table. */
  body?: PageField[];
  /** Example request bodies ("None" or absent: none). */
  requestExamples: unknown[];
  responses: PageResponse[];
  /** Things the reader saw but could not turn into data (an example that is not JSON, ...). */
  unreadable: { where: string; aspect: "example" | "field"; text: string }[];
}
