/**
 * huaweicloud-cert-sdk/testing: an offline mock of the certificate APIs for your own tests.
 * Node-only; needs the optional peer dependency @stoplight/prism-cli.
 */
export { startMock, type MockOptions, type RunningMock } from "./mock.js";
export type { Scenario, ScenarioOptions, ScenarioResponse, HuaweiErrorBody, JsonValue } from "./scenarios.js";
export type { RecordedRequest, RecordedAuth, RecordedPart } from "./recording.js";
export type { OperationId, Service } from "./services.js";
export { startGateway, type Gateway, type GatewayOptions, type Upstream } from "./gateway.js";
/** The Prism CLI launcher (one `prism mock` process per document), as the mock used before it served every document from one process. */
export { startPrism, type PrismServer, type StartPrismOptions } from "./prism.js";
export { verifySignature, type SignatureVerdict } from "./verify-signature.js";
