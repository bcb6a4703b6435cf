/**
 * The services the mock serves, each from its bundled document, and the
 * operation ids of all of them, typed from the generated operation tables.
 */
import { fileURLToPath } from "node:url";
import type { operations as bcsOperations } from "../../generated/bcs.operations.js";
import type { operations as iamOperations } from "../../generated/iam.operations.js";
import type { operations as pcaOperations } from "../../generated/pca.operations.js";

export const SERVICES = ["bcs", "pca", "iam"] as const;
/** The three mocked services. */
export type Service = (typeof SERVICES)[number];

/** Every operation id of every bundled document. */
export type OperationId = keyof typeof bcsOperations | keyof typeof pcaOperations | keyof typeof iamOperations;

/** The bundled spec of a service, shipped in this package. */
export function bundledSpecPath(api: Service): string {
  return fileURLToPath(new URL(`../../generated/${api}.json`, import.meta.url));
}
