/** What every handler shares: the instance's state and quotas, and the shapes of plain answers. */
import type { Quotas } from "../quotas.js";
import type { EmulatorState } from "../state.js";
import type { EmulatorAnswer, EmulatorRequest } from "../types.js";

export interface Context {
  readonly state: EmulatorState;
  readonly quotas: Quotas;
}

export type Handler = (request: EmulatorRequest) => Promise<EmulatorAnswer>;

export type HandlerGroup = (context: Context) => Record<string, Handler>;

/** Success without a body: the documented 204 of every operation that only changes state. */
export const NO_CONTENT: EmulatorAnswer = { status: 204 };

export function ok(body: unknown): EmulatorAnswer {
  return { status: 200, body };
}
