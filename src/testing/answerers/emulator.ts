/**
 * The Private CA emulator's handlers as the gateway's operation handlers: each answer (JSON, a
 * file, or nothing) written as the service would send it. The emulator answers from its state and
 * ignores Prism's example, which only told that the request meets the spec.
 */
import { json, type Answer } from "../answer.js";
import type { EmulatorAnswer, PcaEmulator } from "../emulator/types.js";
import type { OperationHandler } from "./handlers.js";

export function emulatorHandlers(emulator: PcaEmulator): Record<string, OperationHandler> {
  const handlers: Record<string, OperationHandler> = {};
  for (const [operationId, handler] of Object.entries(emulator.handlers)) {
    handlers[operationId] = async (request) => answerOf(await handler(request));
  }
  return handlers;
}

function answerOf(answer: EmulatorAnswer): Answer {
  if (answer.file !== undefined) {
    const { bytes, contentType, fileName } = answer.file;
    const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
    return {
      status: answer.status,
      headers: {
        "content-type": contentType,
        "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      },
      body: bytes,
    };
  }
  if (answer.body === undefined) return { status: answer.status, headers: {}, body: new Uint8Array(0) };
  return { status: answer.status, headers: { "content-type": "application/json" }, body: json(answer.body) };
}
