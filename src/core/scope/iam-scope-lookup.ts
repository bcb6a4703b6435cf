/**
 * The IAM lookup of a client's account scope, as one value the aggregated clients hand to their
 * AccountScope: which IAM endpoint to ask and the project or domain call. Kept apart so that a bare client, which looks nothing up, bundles none of it.
 */
import type { IamScopeLookup } from "./account-scope.js";
import { iamEndpointFor } from "./iam-endpoint.js";
import { lookUpDomainId, lookUpProjectId } from "./iam-lookup.js";

export const iamScopeLookup: IamScopeLookup = {
  endpointFor: iamEndpointFor,
  lookUp: (kind, context, region) => (kind === "project" ? lookUpProjectId(context, region) : lookUpDomainId(context)),
};
