/**
 * huaweicloud-cert-sdk/testing: an offline mock of the certificate APIs for your own tests.
 * A server runtime (Node 20 or newer; Deno and Bun too); needs the optional peer dependency
 * @stoplight/prism-cli.
 */
export { startMock, type MockOptions, type MockPrivateCa, type RunningMock, type SeededHierarchy } from "./mock.js";
export type { SeedCaOptions } from "./emulator/types.js";
export type { Scenario, ScenarioOptions, ScenarioResponse, HuaweiErrorBody, JsonValue } from "./scenarios.js";
export type { RecordedRequest, RecordedAuth, RecordedPart } from "./recording.js";
export type { OperationId, Service } from "./services.js";
export { verifySignature, type SignatureVerdict } from "./verify-signature.js";
