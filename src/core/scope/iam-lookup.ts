/**
 * The IAM calls that find a client's account scope, as the official SDKs make them:
 * GET /v3/projects?name={region} (exactly one project, or an error) and GET /v3/auth/domains (the
 * first domain). Both are spec/iam.yaml operations (roles project-lookup and domain-lookup), called through the one operation path, and
 * signed with the client's own credentials minus the scope header they are looking up.
 */
import { domainLookup, projectLookup, type DomainLookup, type ProjectLookup } from "../../../generated/iam.roles.js";
import type { Authenticator } from "../auth/authenticator.js";
import type { Clock } from "../clock.js";
import { ConfigurationError } from "../errors.js";
import { defaultRetryOptions } from "../http/retry.js";
import type { Logger } from "../logger.js";
import { createClientCore, invoke, type ClientCore } from "../operation.js";

type ProjectList = ProjectLookup["responses"][200]["content"]["application/json"];
type DomainList = DomainLookup["responses"][200]["content"]["application/json"];

export interface LookupContext {
  readonly iamEndpoint: string;
  readonly authenticator: Authenticator;
  readonly fetch: typeof globalThis.fetch;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly logger: Logger | undefined;
}

function lookupCore(context: LookupContext): ClientCore {
  const { authenticator } = context;
  return createClientCore({
    baseUrl: context.iamEndpoint,
    fetch: context.fetch,
    authenticator: {
      authorize: authenticator.authorizeUnscoped ?? authenticator.authorize,
      unauthorized: () => authenticator.unauthorized(),
    },
    clock: context.clock,
    timeoutMs: context.timeoutMs,
    retry: defaultRetryOptions,
    maxBufferedBytes: 1024 * 1024,
    logger: context.logger,
  });
}

const trace = (response: Response) => `X-IAM-Trace-Id=${response.headers.get("x-iam-trace-id") ?? "(none)"}`;

export async function lookUpProjectId(context: LookupContext, region: string): Promise<string> {
  const { data, response } = await invoke(
    lookupCore(context),
    { op: projectLookup, input: { name: region }, options: undefined },
    // Stryker disable next-line StringLiteral: invoke reads any body kind but "stream" and "file" as JSON, so "" is "json"
    "json",
  );
  // The transport has checked the body against the spec: projects[] of { id, name }.
  const projects = (data as ProjectList).projects;
  if (projects.length === 1) return projects[0]!.id;
  if (projects.length === 0) {
    throw new ConfigurationError(
      `no IAM project named "${region}" was found (${trace(response)}); check that the region's project exists in the account, or pass projectId`,
    );
  }
  throw new ConfigurationError(
    `several IAM projects are named "${region}": [${projects.map((p) => p.id).join(", ")}] (${trace(response)}); pass projectId to pick one`,
  );
}

export async function lookUpDomainId(context: LookupContext): Promise<string> {
  // Stryker disable next-line StringLiteral: invoke reads any body kind but "stream" and "file" as JSON, so "" is "json"
  const { data, response } = await invoke(lookupCore(context), { op: domainLookup, input: {}, options: undefined }, "json");
  const first = (data as DomainList).domains[0];
  if (first) return first.id;
  throw new ConfigurationError(
    `IAM listed no account for these credentials (${trace(response)}); check the iam:users:getUser permission, or pass domainId`,
  );
}
