/**
 * Scenarios: what the mock answers instead of the spec's behaviour, for the next N calls of one
 * operation (or of any), set through `mock.scenario()`. The gateway takes the first matching
 * scenario for each authenticated request; once used up, a scenario is gone and the operation
 * answers as the spec says again.
 */
import { ConfigurationError } from "../core/errors.js";
import type { OperationId } from "./services.js";

/** The two error body shapes Huawei services answer with. */
export type HuaweiErrorBody =
  | {
      /** The error code, e.g. `BCS.4001001`. */
      readonly error_code: string;
      /** The error message. */
      readonly error_msg: string;
      /** The request id the service reports. */
      readonly request_id?: string;
    }
  | {
      /** The error, nested. */
      readonly error: {
        /** The error code. */
        readonly code: string;
        /** The error message. */
        readonly message: string;
        /** The request id the service reports. */
        readonly request_id?: string;
      };
    };

/** A JSON value, for scenario bodies. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What a scenario answers: a status, headers, a body, or a fault. */
export interface ScenarioResponse {
  /**
   * The status to answer, declared by the spec or not (429, 502, 503, 504 ...). When omitted,
   * Prism's answer from the spec is used (and the other fields change it).
   */
  readonly status?: number;
  /** Headers added to the answer. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The body: JSON-encoded, unless a string or bytes (sent as they are). When omitted with a
   * status: for 4xx and 5xx always a Huawei error body (`error_code` "MOCK.<status>"), declared
   * or not; for a success status the operation declares, the spec's example; otherwise nothing.
   */
  readonly body?: HuaweiErrorBody | JsonValue | Uint8Array;
  /** Sent as Retry-After: delta-seconds, or an HTTP date. */
  readonly retryAfter?: number | Date;
  /** Waits this long before answering (or resetting). */
  readonly delayMs?: number;
  /** Sends the status and headers, then never the (whole) body: the client's read stalls. A 204 has no body to stall. */
  readonly stallBody?: true;
  /** Closes the connection without an answer. */
  readonly reset?: true;
  /** Replaces the body with bytes that are not JSON, declared as application/json. */
  readonly malformedBody?: true;
}

/** Which calls a scenario answers, how many times, and with what. */
export interface ScenarioOptions {
  /** The operation it applies to; any operation of any service when omitted. */
  readonly operation?: OperationId;
  /** How many calls it answers (default 1; `Infinity` until cleared). */
  readonly times?: number;
  /** The answer to give. */
  readonly respond: ScenarioResponse;
}

/** A scenario set by `mock.scenario()`: how much of it is left, and a way to cancel it. */
export interface Scenario {
  /** Calls still to answer. */
  readonly remaining: number;
  /** Calls answered so far. */
  readonly used: number;
  /** Removes it now; calls answer as the spec says again. */
  cancel(): void;
}

interface Entry {
  readonly operation: string | undefined;
  readonly respond: ScenarioResponse;
  remaining: number;
  used: number;
}

export class ScenarioQueue {
  readonly #entries: Entry[] = [];
  readonly #known: ReadonlySet<string>;

  /** `known`: every operation id the mock serves, to refuse a misspelt one. */
  constructor(known: Iterable<string>) {
    this.#known = new Set(known);
  }

  add(options: ScenarioOptions): Scenario {
    const times = options.times ?? 1;
    if (!(times === Infinity || (Number.isInteger(times) && times >= 1))) {
      throw new ConfigurationError(`scenario times must be a positive integer or Infinity, got ${String(times)}`);
    }
    if (options.operation !== undefined && !this.#known.has(options.operation)) {
      throw new ConfigurationError(`scenario operation ${JSON.stringify(options.operation)} is not an operation of the mock (${[...this.#known].join(", ")})`);
    }
    checkResponse(options.respond);
    const entry: Entry = { operation: options.operation, respond: options.respond, remaining: times, used: 0 };
    this.#entries.push(entry);
    const entries = this.#entries;
    return {
      get remaining() {
        return entry.remaining;
      },
      get used() {
        return entry.used;
      },
      cancel() {
        entry.remaining = 0;
        const index = entries.indexOf(entry);
        if (index !== -1) entries.splice(index, 1);
      },
    };
  }

  /** The answer for one call of `operationId` (undefined for a path no operation matches), if a scenario has one. */
  take(operationId: string | undefined): ScenarioResponse | undefined {
    const index = this.#entries.findIndex((e) => e.operation === undefined || e.operation === operationId);
    const entry = this.#entries[index];
    if (entry === undefined) return undefined;
    entry.remaining--;
    entry.used++;
    if (entry.remaining <= 0) this.#entries.splice(index, 1);
    return entry.respond;
  }

  clear(): void {
    for (const entry of this.#entries) entry.remaining = 0;
    this.#entries.length = 0;
  }
}

function checkResponse(respond: ScenarioResponse | undefined): void {
  if (respond === null || typeof respond !== "object") throw new ConfigurationError("scenario respond must be an object");
  const { status, delayMs, retryAfter } = respond;
  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw new ConfigurationError(`scenario status must be an integer from 200 to 599, got ${String(status)}`);
  }
  if (delayMs !== undefined && !(Number.isFinite(delayMs) && delayMs >= 0)) {
    throw new ConfigurationError(`scenario delayMs must be a finite number >= 0, got ${String(delayMs)}`);
  }
  if (retryAfter !== undefined && !(retryAfter instanceof Date ? !Number.isNaN(retryAfter.getTime()) : Number.isInteger(retryAfter) && retryAfter >= 0)) {
    throw new ConfigurationError(`scenario retryAfter must be whole seconds >= 0 or a valid Date, got ${String(retryAfter)}`);
  }
  if (respond.reset && (respond.stallBody || respond.malformedBody || status !== undefined || respond.body !== undefined)) {
    throw new ConfigurationError("scenario reset answers nothing: it cannot be combined with status, body, stallBody or malformedBody");
  }
}
