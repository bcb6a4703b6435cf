/**
 * What a generated service module tells the one client template about its
 * service, read from the spec: the client's name, the servers and regions, how requests are
 * scoped (a project in the path and the X-Project-Id header, or an account in X-Domain-Id), and
 * the X-Auth-Token bounds. Nothing here names a service; the values come from generated/.
 */
import type { ScopeKind } from "../scope/account-scope.js";
import type { ConstraintSchema, ServerSpec } from "../request/operation-spec.js";

export interface ServiceDescriptor {
  /** The aggregated client's class name, for messages (e.g. "PcaClient"). */
  readonly client: string;
  /** The service's key, lower case (e.g. "pca"): it names its endpoint variable. */
  readonly key: string;
  readonly servers: readonly ServerSpec[];
  /** A project (BCS: the path's project_id and X-Project-Id) or an account (PCA: X-Domain-Id). */
  readonly scope: ScopeKind;
  /** The path parameter the client fills with the project id, when the paths hold one. */
  readonly scopeParameter: string | null;
  /** The spec's X-Auth-Token header schema, which bounds a token's length. */
  readonly tokenSchema: ConstraintSchema | undefined;
}
