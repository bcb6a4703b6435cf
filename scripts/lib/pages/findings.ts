/** What a comparison yields, before and after the spec's recorded deviations are applied. */
import type { Node } from "./spec-doc.js";

/** The aspects a difference (and an `x-deviation` entry) can be about. */
export const ASPECTS = [
  "required",
  "type",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "enum",
  "pattern",
  "example",
  "status",
  "format",
  "path",
  "method",
  "field",
] as const;
export type Aspect = (typeof ASPECTS)[number];

/**
 * The page and the spec disagree on `aspect` at `where` ("header X-Auth-Token", "body
 * validity.type", "response 400 error_code", "response 200", "operation"). `page` and `spec` hold
 * each side's value, null where that side has none.
 */
export interface Difference {
  where: string;
  aspect: Aspect;
  page: unknown;
  spec: unknown;
}

/** A difference the spec records as deliberate, with its reason. */
export interface AcceptedDeviation extends Difference {
  reason: string;
}

/**
 * A difference an older edition of the page explains: the page is that edition, and the spec
 * follows a newer one (an `x-edition` entry records the older edition's value).
 */
export interface KnownEditionDifference extends Difference {
  /** The date of the older edition, e.g. "2022-12-22". */
  edition: string;
  /** The edition the spec follows: its URL and date. */
  current: string;
  reason: string;
}

/** Something the page does not let docs:diff compare: a cut-short list, an example that is not JSON. */
export interface NotCompared {
  where: string;
  aspect: string;
  text: string;
}

/** A difference plus the spec nodes where an `x-deviation` or `x-edition` explaining it may be recorded. */
export interface Finding extends Difference {
  nodes: Node[];
}
