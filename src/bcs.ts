/**
 * BcsClient: Blockchain Service v2 user certificates (spec/bcs.yaml).
 *
 * BCS is project-scoped: the project id fills `{project_id}` in every path and, for AK/SK, the
 * signed X-Project-Id header.
 */
import { operations as table, servers } from "../generated/bcs.operations.js";
import type { components, operations } from "../generated/bcs.types.js";
import { type BuiltCore, type CommonClientOptions, buildCore, idOption } from "./core/client-options.js";
import { ENV, runtimeEnvironment } from "./core/auth/credentials.js";
import type { FileResult, FileStreamResult } from "./core/http/response-body.js";
import { type CallOptions, type FileCallOptions, invoke, invokeFile, invokeFileStream } from "./core/operation.js";
import type { OperationInput } from "./core/types.js";

export type BcsRegion = (typeof servers)[number]["regions"][number];

export interface BcsClientOptions extends CommonClientOptions<BcsRegion> {
  /**
   * The IAM project id of the region. Default HUAWEICLOUD_SDK_PROJECT_ID, then the profile's
   * project_id, then (with a region) the project IAM lists under the region's name.
   */
  readonly projectId?: string | undefined;
}

type ProjectScoped = "project_id";
export type GenerateUserCertificateParams = OperationInput<operations["generateUserCertificate"], "application/json", ProjectScoped>;
export type DownloadCertificatesParams = OperationInput<operations["downloadCertificates"], never, ProjectScoped>;
export type FreezeUserCertificateParams = OperationInput<operations["freezeUserCertificate"], "multipart/form-data", ProjectScoped>;
export type UnfreezeUserCertificateParams = OperationInput<operations["unfreezeUserCertificate"], "multipart/form-data", ProjectScoped>;

/** The result of freeze and unfreeze. */
export interface OperationResult {
  readonly result: components["schemas"]["OperationResult"]["result"];
  readonly requestId: string | undefined;
}

type StreamOption = { readonly stream: true };

export class BcsClient {
  /** The endpoint requests go to. */
  readonly endpoint: string;
  // Private fields: credentials never show in JSON.stringify or util.inspect of a client.
  readonly #core: BuiltCore;
  readonly #projectId: string | undefined;

  constructor(options: BcsClientOptions = {}) {
    const env = options.env ?? runtimeEnvironment();
    this.#projectId = idOption(options.projectId, env, ENV.projectId);
    this.#core = buildCore(
      { ...options, env },
      {
        service: "BcsClient",
        servers,
        operations: table,
        scope: {
          kind: "project",
          header: "X-Project-Id",
          given: this.#projectId,
          neededWithToken: true,
          missing: `BcsClient: pass projectId or set ${ENV.projectId} (BCS paths are project-scoped), or pass region to look it up through IAM`,
        },
      },
    );
    this.endpoint = this.#core.baseUrl;
  }

  /** The project id requests are scoped to: as given, or once found (profile file, IAM lookup). */
  get projectId(): string | undefined {
    return this.#projectId ?? this.#core.accountScope?.found;
  }

  /** The project id, looked up through IAM on first use when the client was built without one. */
  async resolveProjectId(options?: { readonly signal?: AbortSignal | undefined }): Promise<string> {
    if (this.#projectId !== undefined) return this.#projectId;
    return this.#core.accountScope!.resolve(options?.signal ?? new AbortController().signal);
  }

  /** Generates a user certificate and returns the file (POST .../usercert/{user_name}). */
  generateUserCertificate(params: GenerateUserCertificateParams, options?: FileCallOptions & { readonly stream?: false }): Promise<FileResult>;
  generateUserCertificate(params: GenerateUserCertificateParams, options: FileCallOptions & StreamOption): Promise<FileStreamResult>;
  generateUserCertificate(params: GenerateUserCertificateParams, options?: FileCallOptions & { readonly stream?: boolean }) {
    return this.#file("generateUserCertificate", params, options);
  }

  /** Downloads an organisation's certificates of one type as a file (GET .../cert). */
  downloadCertificates(params: DownloadCertificatesParams, options?: FileCallOptions & { readonly stream?: false }): Promise<FileResult>;
  downloadCertificates(params: DownloadCertificatesParams, options: FileCallOptions & StreamOption): Promise<FileStreamResult>;
  downloadCertificates(params: DownloadCertificatesParams, options?: FileCallOptions & { readonly stream?: boolean }) {
    return this.#file("downloadCertificates", params, options);
  }

  /** Freezes a user certificate; takes 0.5 to 1 minute to take effect. */
  freezeUserCertificate(params: FreezeUserCertificateParams, options?: CallOptions): Promise<OperationResult> {
    return this.#result("freezeUserCertificate", params, options);
  }

  /** Unfreezes a user certificate; takes 0.5 to 1 minute to take effect. */
  unfreezeUserCertificate(params: UnfreezeUserCertificateParams, options?: CallOptions): Promise<OperationResult> {
    return this.#result("unfreezeUserCertificate", params, options);
  }

  async #call(operationId: keyof typeof table, input: unknown, options: CallOptions | undefined) {
    const projectId = await this.resolveProjectId(options);
    return { op: table[operationId], input, fixed: { project_id: projectId }, options };
  }

  async #file(operationId: keyof typeof table, input: unknown, options: (FileCallOptions & { readonly stream?: boolean }) | undefined) {
    const call = await this.#call(operationId, input, options);
    return options?.stream ? invokeFileStream(this.#core, call) : invokeFile(this.#core, call);
  }

  async #result(operationId: keyof typeof table, input: unknown, options: CallOptions | undefined): Promise<OperationResult> {
    const { data, response } = await invoke(this.#core, await this.#call(operationId, input, options), "json");
    const body = (data ?? {}) as components["schemas"]["OperationResult"];
    return { result: body.result, requestId: response.headers.get("x-request-id") ?? undefined };
  }
}
