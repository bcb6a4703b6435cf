/**
 * PcaClient: Cloud Certificate Manager Private CA v1, the CA lifecycle (spec/pca.yaml).
 *
 * CCM is global: paths carry no project id. AK/SK signatures carry the account id in a signed
 * X-Domain-Id header, so AK/SK needs domainId; a token does not.
 */
import { operations as table, servers } from "../generated/pca.operations.js";
import type { operations } from "../generated/pca.types.js";
import { type BuiltCore, type CommonClientOptions, buildCore, idOption } from "./core/client-options.js";
import { ENV, runtimeEnvironment } from "./core/auth/credentials.js";
import { type CallOptions, invoke } from "./core/operation.js";
import type { OperationInput } from "./core/types.js";

export type PcaRegion = (typeof servers)[number]["regions"][number];

export interface PcaClientOptions extends CommonClientOptions<PcaRegion> {
  /**
   * The account (domain) id, sent as X-Domain-Id with AK/SK. Default HUAWEICLOUD_SDK_DOMAIN_ID,
   * then the profile's domain_id, then (with a region) the first account IAM lists.
   */
  readonly domainId?: string | undefined;
}

type ActivateWire = OperationInput<operations["activateCertificateAuthority"], "application/json">;
type ValidityWire = ActivateWire["validity"];

/** Activation parameters; `validity.start_from` also accepts a Date (sent as epoch milliseconds). */
export type ActivateCertificateAuthorityParams = Omit<ActivateWire, "validity"> & {
  readonly validity: Omit<ValidityWire, "start_from"> & { readonly start_from?: ValidityWire["start_from"] | Date };
};
export type RevokeCertificateAuthorityParams = OperationInput<operations["revokeCertificateAuthority"], "application/json">;

/** The result of an operation that answers 204 No Content. */
export interface NoContentResult {
  readonly requestId: string | undefined;
}

export class PcaClient {
  /** The endpoint requests go to. */
  readonly endpoint: string;
  // Private fields: credentials never show in JSON.stringify or util.inspect of a client.
  readonly #core: BuiltCore;
  readonly #domainId: string | undefined;

  constructor(options: PcaClientOptions = {}) {
    const env = options.env ?? runtimeEnvironment();
    this.#domainId = idOption(options.domainId, env, ENV.domainId);
    this.#core = buildCore(
      { ...options, env },
      {
        service: "PcaClient",
        servers,
        operations: table,
        scope: {
          kind: "domain",
          header: "X-Domain-Id",
          given: this.#domainId,
          neededWithToken: false,
          missing: `AK/SK signing needs the account scope: pass domainId or set ${ENV.domainId}, or pass region to look it up through IAM`,
        },
      },
    );
    this.endpoint = this.#core.baseUrl;
  }

  /** The account id AK/SK requests are scoped to: as given, or once found (profile file, IAM lookup). */
  get domainId(): string | undefined {
    return this.#domainId ?? this.#core.accountScope?.found;
  }

  /**
   * Activates a subordinate CA in the Pending activation status (the official SDKs call this
   * IssueCertificateAuthorityCertificate). Resolves when the service answers 204.
   */
  activateCertificateAuthority(params: ActivateCertificateAuthorityParams, options?: CallOptions): Promise<NoContentResult> {
    return this.#noContent("activateCertificateAuthority", withEpochStart(params), options);
  }

  /** Revokes a subordinate CA. Without a reason the body is `{}`, as the API requires. */
  revokeCertificateAuthority(params: RevokeCertificateAuthorityParams, options?: CallOptions): Promise<NoContentResult> {
    return this.#noContent("revokeCertificateAuthority", params, options);
  }

  async #noContent(operationId: keyof typeof table, input: unknown, options: CallOptions | undefined): Promise<NoContentResult> {
    const { response } = await invoke(this.#core, { op: table[operationId], input, options }, "json");
    return { requestId: response.headers.get("x-request-id") ?? undefined };
  }
}

/** The wire format of start_from is epoch milliseconds; a Date is converted, anything else is validated as given. */
function withEpochStart(params: ActivateCertificateAuthorityParams): unknown {
  const validity = (params as { validity?: unknown }).validity;
  if (typeof validity !== "object" || validity === null) return params;
  const start = (validity as { start_from?: unknown }).start_from;
  if (!(start instanceof Date)) return params;
  return { ...params, validity: { ...validity, start_from: start.getTime() } };
}
