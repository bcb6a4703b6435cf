/**
 * What the gateway's answerers share: the request as it arrived (an exchange), what they answer
 * (an outcome), and the shape of an answerer in the pipeline: each may answer by itself or hand
 * the exchange on (`next`) and change what comes back.
 *
 *   a scenario ▶ the operation's handler ▶ Prism
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer } from "../answer.js";
import type { RouteMatch } from "../routes.js";

export interface Exchange {
  /** The operation the request is, when it is one of the document's. */
  readonly route: RouteMatch | undefined;
  /** The request as it arrived: method, URL and headers (forwarded as they are). */
  readonly req: IncomingMessage;
  /** The response: a delay ends early when its connection closes. */
  readonly res: ServerResponse;
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
  readonly requestId: string;
  /** The time the request is answered at. */
  readonly now: Date;
  /** Marks the record of the request (a scenario answered it). */
  readonly mark: (update: { readonly scenario: boolean }) => void;
}

/** An answer, how to send it, and what went wrong (recorded with it). */
export interface Outcome extends Answer {
  /** Send the headers and part of the body, then nothing more (a stalled body). */
  readonly stall?: boolean;
  /** Why the mock answered as it did, when it is a failure of the mock itself. */
  readonly error?: string;
}

/** No answer at all: the connection is reset, or the client has gone. */
export type Closed = { readonly closed: string | undefined };

export type Next = () => Promise<Outcome | Closed>;

/** One stage of the pipeline: answers, or calls `next` and may change its answer. */
export type Answerer = (exchange: Exchange, next: Next) => Promise<Outcome | Closed>;

/** A Huawei-shaped error answer of the mock itself. */
export function huaweiError(status: number, requestId: string, code: string, message: string): Outcome {
  const body = new TextEncoder().encode(JSON.stringify({ error_code: code, error_msg: message, request_id: requestId }));
  return { status, headers: { "content-type": "application/json", "x-request-id": requestId }, body };
}

export function isJson(contentType: string | string[] | undefined): boolean {
  return typeof contentType === "string" && /^application\/([\w.+-]+\+)?json/i.test(contentType);
}
