/**
 * What the generated clients are built from: the one service client
 * template, the call every operation function makes, and their result types.
 */
export { type AnyCallOptions, callOperation, rawResponse } from "./call.js";
export { callFile } from "./call-file.js";
export { callPaged } from "./call-paged.js";
export { discovery } from "./discovery.js";
export { akSkSigning } from "./plugins.js";
export type { ClientOptions } from "./options.js";
export { PagePromise } from "./pagination.js";
export type { JsonResult, NoContentResult } from "./results.js";
export type { ServiceDescriptor } from "./service.js";
export { type ClientFeatures, ServiceClient, coreOf } from "./service-client.js";
