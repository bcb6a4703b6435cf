/**
 * Which IAM endpoint the project and domain lookups call, in the official SDKs' order: the
 * client's `iamEndpoint` option, the credentials' own (a profile's `iam_endpoint`),
 * HUAWEICLOUD_SDK_IAM_ENDPOINT, the region's host from spec/iam.yaml's servers, the default.
 */
import { servers } from "../../../generated/iam.operations.js";
import { ENV, type Environment } from "../auth/credentials.js";
import { checkEndpoint } from "../endpoints.js";

const [globalServer, regionalServer] = servers;

export interface IamEndpointSources {
  readonly option: string | undefined;
  readonly credentials: string | undefined;
  readonly env: Environment;
  readonly region: string;
}

/** An IAM endpoint as given, checked, with https:// added when it names no scheme. */
export function givenIamEndpoint(given: string): string {
  // The Go SDK adds the scheme when the variable leaves it out; so does this one.
  return checkEndpoint(/^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given : `https://${given}`);
}

export function iamEndpointFor(sources: IamEndpointSources): string {
  const fromEnv = sources.env[ENV.iamEndpoint] || undefined;
  const given = sources.option ?? sources.credentials ?? fromEnv;
  if (given !== undefined) return givenIamEndpoint(given);
  if ((regionalServer.regions as readonly string[]).includes(sources.region)) {
    return regionalServer.url.replace("{region}", sources.region);
  }
  return globalServer.url;
}
