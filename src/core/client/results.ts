/**
 * What an operation call resolves to, by what its success answer holds (the descriptor's
 * `result`): the answer's JSON members, a file, or nothing; each with the request id. The raw
 * `Response` of any result is `rawResponse(result)`.
 */

/** The result of an operation that answers 204 No Content (or another success without a body). */
export interface NoContentResult {
  /** X-Request-Id of the response. */
  readonly requestId: string | undefined;
}

/** The result of an operation that answers JSON: the answer's members, and the request id. */
export type JsonResult<Body> = Body & {
  /** X-Request-Id of the response. */
  readonly requestId: string | undefined;
};

