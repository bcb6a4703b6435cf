/**
 * huaweicloud-cert-sdk/testing: an offline mock of the certificate APIs for your own tests.
 * Node-only; needs the optional peer dependency @stoplight/prism-cli.
 */
export { startMock, type MockOptions, type RunningMock } from "./mock.js";
export { startGateway, type Gateway, type GatewayOptions } from "./gateway.js";
export { startPrism, type PrismServer, type StartPrismOptions } from "./prism.js";
export { verifySignature, type SignatureVerdict } from "./verify-signature.js";
