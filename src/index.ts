/**
 * The public surface of the Huawei Cloud certificate SDK.
 */
// The clients and every operation, generated from spec/ (generated/<api>.client.ts): for each
// service a bare client, an aggregated client, and one function per operation with its types.
export * from "../generated/bcs.client.js";
export * from "../generated/pca.client.js";
export type { ClientOptions, JsonResult, NoContentResult } from "./core/client/index.js";
export { rawResponse } from "./core/client/call.js";
export { akSkSigning } from "./core/client/plugins.js";
export { discovery } from "./core/client/discovery.js";
export type { ClientFeatures as ClientPlugin } from "./core/client/service-client.js";
export { PagePromise } from "./core/client/pagination.js";
export { iamPasswordTokenProvider } from "./iam.js";
export type { IamPasswordTokenOptions, IamScope } from "./iam.js";
export type { AkSkCredentials, AkSkProvider, Credentials, ExpiringAkSk, ExpiringToken, TokenProvider } from "./core/auth/credentials.js";
export { ENV as ENVIRONMENT_VARIABLES } from "./core/auth/credentials.js";
export { environmentCredentials } from "./core/auth/providers/environment.js";
export type { EnvironmentCredentialsOptions } from "./core/auth/providers/environment.js";
export { profileFileCredentials } from "./core/auth/providers/profile-file.js";
export type { ProfileFileCredentialsOptions } from "./core/auth/providers/profile-file.js";
export { ecsMetadataCredentials } from "./core/auth/providers/ecs-metadata.js";
export type { EcsMetadataCredentialsOptions } from "./core/auth/providers/ecs-metadata.js";
export { credentialChain, defaultCredentialChain } from "./core/auth/providers/chain.js";
export type { DefaultCredentialChainOptions } from "./core/auth/providers/chain.js";
export { CredentialsNotFoundError, isCredentialsNotFoundError } from "./core/auth/providers/provider.js";
export type { CredentialKind, CredentialProvider, ProvidedCredentials, ProviderContext } from "./core/auth/providers/provider.js";
export type { CallOptions, FileCallOptions } from "./core/operation.js";
export type { FileResult, FileStreamResult } from "./core/http/file-response.js";
export type { Upload } from "./core/request/uploads.js";
export type { LogEvent, Logger } from "./core/logger.js";
export {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConnectionError,
  HuaweiCloudError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  isAbortError,
  isApiError,
  isConfigurationError,
  isConnectionError,
  isHuaweiCloudError,
  isResponseTooLargeError,
  isTimeoutError,
  isUnexpectedResponseError,
  isValidationError,
} from "./core/errors.js";
export type { ErrorKind } from "./core/errors.js";
