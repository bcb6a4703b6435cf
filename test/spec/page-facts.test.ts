/**
 * Holds the bundled specs (generated/<api>.json) to the Huawei API reference pages.
 *
 * The tables below were transcribed by reading the page texts (the five Huawei pages whose plain
 * text copies sit outside the repository, in the shared reference folder beside a CI checkout (read by docs:diff in .ci/run), plus the fact
 * sheet's §2.2 for "Freezing a User Certificate" and §3 for the option lists the pages cut short),
 * NOT by reading the spec. Activating and revoking a CA follow the current editions of their pages
 * (2025-11-28) and, where those stop, the official models; the seed pages (2022-12-22) still give
 * their examples and status codes, and where they say something else the spec records it in
 * `x-edition`, which the facts below name. Each fact is then checked against the bundled document with every $ref
 * resolved. Where the spec deliberately differs from a page, the test asserts the `x-deviation`
 * entry that records the page's value instead.
 *
 * The tables are not checked against the page texts here (the suite reads nothing outside the
 * repository): `npm run docs:diff -- PAGE...` holds a page to the spec, and CI runs it over the
 * page copies when they are present.
 */
import { PCA_OPERATIONS } from "./pca-catalogue.js";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { operations as bcsTable } from "../../generated/bcs.operations.js";
import { operations as pcaTable } from "../../generated/pca.operations.js";

// ---------------------------------------------------------------------------------------------
// The pages' facts
// ---------------------------------------------------------------------------------------------

type Api = "bcs" | "pca";

interface Limits {
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: readonly string[];
}

/** Limits the spec adds although the page states none: each is an `x-deviation` with `page: null`. */
interface SpecAddition {
  limits: Limits;
}

interface ParamFact extends Limits {
  name: string;
  in: "path" | "query" | "header";
  mandatory: boolean;
  type: "string";
  /** A snippet of the page's description. */
  description: string;
  /**
   * The page's description is only the parameter's name ("blockchainID"): the spec writes a
   * sentence of its own instead, and says in x-source where it comes from.
   */
  placeholder?: true;
  /** The user_name rule: 4 to 24 characters, lowercase letters and digits, starts with a letter. */
  userNameRule?: true;
  specAdds?: SpecAddition;
}

interface FieldFact extends Limits {
  name: string;
  mandatory: boolean;
  type: "string" | "integer" | "boolean" | "object" | "array" | "file";
  description: string;
  /** A pattern the spec writes down for a rule a source states, and the words of the x-source that names it. */
  pattern?: string;
  patternSource?: string;
  /** What an older edition of the page said instead, recorded as `x-edition` on the property (beside a `$ref` too). */
  olderEdition?: { aspect: string; page: unknown; edition: string };
  format?: string;
  fields?: readonly FieldFact[];
  /** The page says "The options are as follows:" and stops; the list comes from facts §3. */
  optionsCompletedFrom?: string;
  specAdds?: SpecAddition;
  /** A file's size limit as the page states it: "less than N bytes". */
  sizeLessThanBytes?: number;
}

interface ResponseFact {
  status: number;
  description: string;
  body: "none" | "file" | "result" | "error";
  /** The page's example response body, if any. */
  example?: Record<string, string>;
}

interface OperationFact {
  source: string;
  title: string;
  api: Api;
  operationId: string;
  sdkOperation: string;
  method: "get" | "post";
  path: string;
  parameters: readonly ParamFact[];
  body?: {
    mediaType: string;
    required: boolean;
    fields: readonly FieldFact[];
    /** The page names no media type: where the spec's choice comes from, in its description. */
    descriptionMentions: string;
    /** Official model files the body schema's x-source names, for the fields the page's excerpt does not reach. */
    modelSources?: readonly string[];
  };
  responses: readonly ResponseFact[];
  /** The page's example request bodies ("None" = empty list) and example request URL. */
  exampleBodies: readonly unknown[];
  exampleUrl?: string;
}

const BCS_TOKEN: ParamFact = {
  name: "X-Auth-Token",
  in: "header",
  mandatory: true,
  type: "string",
  description: "User token obtained from IAM.",
  minLength: 1,
  maxLength: 32768,
};

const PCA_TOKEN: ParamFact = {
  name: "X-Auth-Token",
  in: "header",
  mandatory: true,
  type: "string",
  description:
    // The page's next sentence says the token is in the X-Auth-Token response header; IAM returns it
    // in X-Subject-Token (the security scheme says so), so the spec leaves that sentence out.
    "User token. The token can be obtained by calling the token API of IAM.",
  // The PCA pages give no length limits; the spec takes the newer CCM pages' 32..2097152 (facts §2.5) and says so.
  specAdds: { limits: { minLength: 32, maxLength: 2097152 } },
};

const PROJECT_ID: ParamFact = {
  name: "project_id",
  in: "path",
  mandatory: true,
  type: "string",
  description: "Project ID obtained from IAM. Generally, a project ID contains 32 characters.",
};
const BLOCKCHAIN_ID: ParamFact = { name: "blockchain_id", in: "path", mandatory: true, type: "string", description: "blockchainID", placeholder: true };

const BCS_ERROR_EXAMPLES: Record<number, [string, Record<string, string>]> = {
  400: ["Bad Request", { error_code: "BCS.4006005", error_msg: "keyType error, keyType: blok not supported" }],
  401: ["Unauthorized", { error_code: "BCS.4010401", error_msg: "Incorrect token or token resolution failed" }],
  403: ["Forbidden", { error_code: "BCS.4030403", error_msg: "No permissions to request this method" }],
  404: ["Not Found", { error_code: "BCS.4040404", error_msg: "Not Found:the url is not found" }],
  500: ["InternalServerError", { error_code: "BCS.5000500", error_msg: "Internal Server Error" }],
};
const bcsErrors = (): ResponseFact[] =>
  Object.entries(BCS_ERROR_EXAMPLES).map(([status, [description, example]]) => ({
    status: Number(status),
    description,
    body: "error",
    example,
  }));

const PCA_PLACEHOLDER = { error_code: "PCA.XXX", error_msg: "XXX" };
const pcaResponses = (): ResponseFact[] => [
  { status: 204, description: "Request succeeded, but no response body returned.", body: "none" },
  { status: 400, description: "Invalid request parameters.", body: "error", example: PCA_PLACEHOLDER },
  { status: 401, description: "Token required for the requested page.", body: "error", example: PCA_PLACEHOLDER },
  { status: 403, description: "Authentication failed.", body: "error", example: PCA_PLACEHOLDER },
  { status: 404, description: "No resources available or found.", body: "error", example: PCA_PLACEHOLDER },
  { status: 500, description: "Internal service error.", body: "error", example: PCA_PLACEHOLDER },
];

/** Error body limits: BCS pages 0-2 and PCA pages 3-4. */
const ERROR_LIMITS: Record<Api, { code: [number, number]; msg: [number, number] }> = {
  bcs: { code: [8, 36], msg: [2, 512] },
  pca: { code: [3, 36], msg: [0, 1024] },
};

// PAGE 0, 000_37cce8a93e3ec877.txt
const UNFREEZE: OperationFact = {
  source: "000_37cce8a93e3ec877.txt",
  title: "Unfreezing a User Certificate",
  api: "bcs",
  operationId: "unfreezeUserCertificate",
  sdkOperation: "UnfreezeCert",
  method: "post",
  path: "/v2/{project_id}/blockchains/{blockchain_id}/orgs/{org_name}/usercert/{user_name}/unfreeze",
  parameters: [
    PROJECT_ID,
    { name: "user_name", in: "path", mandatory: true, type: "string", description: "userName", placeholder: true },
    BLOCKCHAIN_ID,
    { name: "org_name", in: "path", mandatory: true, type: "string", description: "orgName", placeholder: true },
    BCS_TOKEN,
  ],
  // The page's table has no media type; facts §2.1: multipart/form-data ("FormData parameters").
  body: {
    mediaType: "multipart/form-data",
    required: false,
    descriptionMentions: "FormData parameters",
    fields: [
      {
        name: "file",
        mandatory: false,
        type: "file",
        description:
          "A .zip file of certificates. (Only one certificate file can be uploaded at a time, which is a .zip file less than 30 KB.)",
        // "less than 30 KB": the spec's x-max-bytes must be 30 KB minus one byte.
        sizeLessThanBytes: 30 * 1024,
      },
    ],
  },
  responses: [{ status: 200, description: "Success", body: "result", example: { result: "success" } }, ...bcsErrors()],
  exampleBodies: [],
};

// huawei-api-facts.md §2.2: identical to unfreeze except for the last path segment.
const FREEZE: OperationFact = {
  ...UNFREEZE,
  source: "huawei-api-facts.md §2.2",
  title: "Freezing a User Certificate",
  operationId: "freezeUserCertificate",
  sdkOperation: "FreezeCert",
  path: "/v2/{project_id}/blockchains/{blockchain_id}/orgs/{org_name}/usercert/{user_name}/freeze",
};

// PAGE 1, 001_1f595407b17e6a3b.txt
const GENERATE: OperationFact = {
  source: "001_1f595407b17e6a3b.txt",
  title: "Generating a User Certificate",
  api: "bcs",
  operationId: "generateUserCertificate",
  sdkOperation: "CreateBlockchainCertByUserName",
  method: "post",
  path: "/v2/{project_id}/blockchains/{blockchain_id}/orgs/{org_name}/usercert/{user_name}",
  parameters: [
    PROJECT_ID,
    BLOCKCHAIN_ID,
    { name: "org_name", in: "path", mandatory: true, type: "string", description: "Peer organization name." },
    {
      name: "user_name",
      in: "path",
      mandatory: true,
      type: "string",
      description:
        "Username. The value can contain 4 to 24 characters, including lowercase letters and digits, and must start with a letter.",
      minLength: 4,
      maxLength: 24,
      userNameRule: true,
    },
    BCS_TOKEN,
  ],
  // Page 1 names no media type; facts §2.3: application/json(;charset=UTF-8).
  body: {
    mediaType: "application/json",
    required: false,
    descriptionMentions: "The official SDKs send `application/json;charset=UTF-8`",
    fields: [
      {
        name: "security_mode",
        mandatory: false,
        type: "boolean",
        description: "Indicates whether to enable the safe mode during certification generation.",
      },
    ],
  },
  responses: [{ status: 200, description: "Ok", body: "file", example: { result: "success" } }, ...bcsErrors()],
  exampleBodies: [{ security_mode: true }],
};

// PAGE 2, 002_25798d4cf0c6f348.txt
const DOWNLOAD: OperationFact = {
  source: "002_25798d4cf0c6f348.txt",
  title: "Downloading Certificates",
  api: "bcs",
  operationId: "downloadCertificates",
  sdkOperation: "DownloadBlockchainCert",
  method: "get",
  path: "/v2/{project_id}/blockchains/{blockchain_id}/cert",
  parameters: [
    PROJECT_ID,
    BLOCKCHAIN_ID,
    { name: "org_name", in: "query", mandatory: true, type: "string", description: "Name of the orderer or peer organization." },
    {
      name: "cert_type",
      in: "query",
      mandatory: true,
      type: "string",
      description: "Type of the certificate.",
      enum: ["admin", "user", "ca"],
    },
    BCS_TOKEN,
  ],
  responses: [{ status: 200, description: "Ok", body: "file", example: { result: "success" } }, ...bcsErrors()],
  exampleBodies: [],
};

const VALIDITY_FIELDS: readonly FieldFact[] = [
  {
    name: "type",
    mandatory: true,
    type: "string",
    description: "Validity period type, which is mandatory. The options are as follows",
    enum: ["YEAR", "MONTH", "DAY", "HOUR"],
    optionsCompletedFrom: "services/ccm/v1/model/model_validity.go",
  },
  {
    name: "value",
    mandatory: true,
    type: "integer",
    description: "The certificate validity period",
    // facts §3.2: a minimum of 1 is inferred (unconfirmed); the spec declares it as a recorded deviation.
    specAdds: { limits: { minimum: 1 } },
  },
  {
    name: "start_from",
    mandatory: false,
    type: "integer",
    description: "Start time",
    // facts §3.3: a Unix timestamp in milliseconds, int64 in practice.
    format: "int64",
  },
];

// "Activating a CA": https://support.huaweicloud.com/intl/en-us/api-ccm/IssueCertificateAuthorityCertificate.html
// (2025-11-28) and its id-id copy for the body; the official Go model for the fields after `type`;
// PAGE 3, 003_fcf1d58c53a69733.txt (2022-12-22), for the example request, the status codes and the error examples.
const ACTIVATE_2025 = "https://support.huaweicloud.com/intl/en-us/api-ccm/IssueCertificateAuthorityCertificate.html (2025-11-28)";
const ACTIVATE_MODEL = "model_issue_certificate_authority_certificate_request_body.go";
const addedSince2022 = { aspect: "field", page: null, edition: "2022-12-22" } as const;
const ACTIVATE: OperationFact = {
  source: `${ACTIVATE_2025}; 003_fcf1d58c53a69733.txt`,
  title: "Activating a CA",
  api: "pca",
  operationId: "activateCertificateAuthority",
  sdkOperation: "IssueCertificateAuthorityCertificate",
  method: "post",
  path: "/v1/private-certificate-authorities/{ca_id}/activate",
  parameters: [
    {
      name: "ca_id",
      in: "path",
      mandatory: true,
      type: "string",
      description: "ID of the subordinate CA you want to activate.",
      minLength: 36,
      maxLength: 36,
    },
    PCA_TOKEN,
  ],
  body: {
    mediaType: "application/json",
    required: true,
    descriptionMentions: "",
    modelSources: [ACTIVATE_MODEL],
    fields: [
      { name: "issuer_id", mandatory: true, type: "string", description: "ID of the parent CA.", minLength: 1, maxLength: 64 },
      {
        name: "path_length",
        mandatory: false,
        type: "integer",
        description: "Path length.",
        minimum: 0,
        maximum: 6,
        // Mandatory in the 2022 and 2023 editions.
        olderEdition: { aspect: "required", page: true, edition: "2022-12-22" },
      },
      {
        name: "signature_algorithm",
        mandatory: true,
        type: "string",
        description: "Signature hash algorithm. The options are as follows",
        // SM3 on the Chinese Mainland website; the 2023 eu edition listed the other three.
        enum: ["SHA256", "SHA384", "SHA512", "SM3"],
        optionsCompletedFrom: ACTIVATE_MODEL,
        olderEdition: { aspect: "enum", page: ["SHA256", "SHA384", "SHA512"], edition: "2023-06-29" },
      },
      { name: "validity", mandatory: true, type: "object", description: "Certificate validity.", fields: VALIDITY_FIELDS },
      {
        name: "hsm_cluster_info",
        mandatory: false,
        type: "object",
        description: "HSM",
        olderEdition: addedSince2022,
        // The page's HsmClusterInfo table is past the excerpt: model_hsm_cluster_info.go, all three required.
        fields: [
          { name: "hsm_project", mandatory: true, type: "string", description: "project" },
          { name: "hsm_cluster_id", mandatory: true, type: "string", description: "ID of the HSM cluster" },
          { name: "hsm_ca_cert", mandatory: true, type: "string", description: "CA certificate" },
        ],
      },
      {
        name: "type",
        mandatory: false,
        type: "string",
        description: "Type of the CA",
        enum: ["ROOT", "SUBORDINATE"],
        olderEdition: addedSince2022,
      },
      // The fields after `type` are past the 2025 excerpt: the official model's, all optional.
      { name: "distinguished_name", mandatory: false, type: "object", description: "subject", olderEdition: addedSince2022 },
      {
        name: "key_algorithm",
        mandatory: false,
        type: "string",
        description: "Key algorithm",
        enum: ["RSA2048", "RSA4096", "EC256", "EC384", "SM2"],
        olderEdition: addedSince2022,
      },
      { name: "key_usages", mandatory: false, type: "array", description: "Key usages", olderEdition: addedSince2022 },
      { name: "crl_configuration", mandatory: false, type: "object", description: "revocation list", olderEdition: addedSince2022 },
      {
        name: "enterprise_project_id",
        mandatory: false,
        type: "string",
        description: "Enterprise project",
        // The model states the rule as a regular expression: all, 0, or a project ID.
        pattern: "^(all|0|[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12})$",
        patternSource: "all, 0, or an ID matching ^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$",
        olderEdition: addedSince2022,
      },
    ],
  },
  responses: pcaResponses(),
  exampleBodies: [
    {
      signature_algorithm: "SHA256",
      validity: { type: "YEAR", value: 1 },
      path_length: 3,
      issuer_id: "c718fe5f-d44a-467f-80f1-948348ff4132",
    },
  ],
  exampleUrl: "https://ccm.ae-ad-1.myhuaweicloud.com/v1/private-certificate-authorities/4c0e772e-a30c-4029-b929-b7acb04143f7/activate",
};

// "Revoking a Subordinate CA": https://support.huaweicloud.com/eu/de-de/api-ccm/RevokeCertificateAuthority.html
// (2025-11-28), the same facts as PAGE 4, 004_18c33f2d4c46c81f.txt (2022-12-22), which still gives the
// example request, the status codes and the error examples; the reason list from the official model.
const REVOKE: OperationFact = {
  source: "https://support.huaweicloud.com/eu/de-de/api-ccm/RevokeCertificateAuthority.html (2025-11-28); 004_18c33f2d4c46c81f.txt",
  title: "Revoking a Subordinate CA",
  api: "pca",
  operationId: "revokeCertificateAuthority",
  sdkOperation: "RevokeCertificateAuthority",
  method: "post",
  path: "/v1/private-certificate-authorities/{ca_id}/revoke",
  parameters: [
    {
      name: "ca_id",
      in: "path",
      mandatory: true,
      type: "string",
      description: "ID of the sub-CA you want to revoke.",
      minLength: 36,
      maxLength: 36,
    },
    PCA_TOKEN,
  ],
  // "If you do not want to provide the revocation reason, set the request body to {}. Otherwise,
  // an error will be reported." So the body itself is required.
  body: {
    mediaType: "application/json",
    required: true,
    descriptionMentions: "`{}` when no reason is given",
    fields: [
      {
        name: "reason",
        mandatory: false,
        type: "string",
        description: "Reason for revocation.",
        enum: [
          "UNSPECIFIED",
          "KEY_COMPROMISE",
          "CERTIFICATE_AUTHORITY_COMPROMISE",
          "AFFILIATION_CHANGED",
          "SUPERSEDED",
          "CESSATION_OF_OPERATION",
          "CERTIFICATE_HOLD",
          "PRIVILEGE_WITHDRAWN",
          "ATTRIBUTE_AUTHORITY_COMPROMISE",
        ],
        optionsCompletedFrom: "model_revoke_certificate_request_body.go",
      },
    ],
  },
  responses: pcaResponses(),
  exampleBodies: [{ reason: "KEY_COMPROMISE" }, {}],
  exampleUrl: "https://ccm.ae-ad-1.myhuaweicloud.com/v1/private-certificate-authorities/6434f74f-2d13-4e6a-89eb-93ee313f1a43/revoke",
};

const OPERATIONS: readonly OperationFact[] = [UNFREEZE, FREEZE, GENERATE, DOWNLOAD, ACTIVATE, REVOKE];

/** facts §4.1 and §4.2. */
const REGIONS: Record<Api, readonly string[]> = {
  bcs: ["cn-north-1", "cn-north-4", "cn-south-1", "cn-east-2"],
  pca: ["cn-north-4", "ap-southeast-3", "sa-brazil-1", "eu-west-101", "ru-moscow-1", "my-kualalumpur-1"],
};

/** Stable operationIds: clients, docs and mocks key on them. */
const OPERATION_IDS: Record<Api | "iam", readonly string[]> = {
  bcs: ["downloadCertificates", "freezeUserCertificate", "generateUserCertificate", "unfreezeUserCertificate"],
  // The whole Private CA: pca-catalogue.test.ts holds each operation's method, path and official name.
  pca: PCA_OPERATIONS.map((o) => o.operationId).sort(),
  iam: ["createUserTokenByPassword", "listAuthDomains", "listProjects"],
};

// ---------------------------------------------------------------------------------------------
// Reading the bundled documents
// ---------------------------------------------------------------------------------------------

// The bundled documents are untyped JSON; the assertions below are the type checks.
type Node = any;

function load(api: Api | "iam"): Node {
  return JSON.parse(readFileSync(new URL(`../../generated/${api}.json`, import.meta.url), "utf8"));
}
const docs: Record<Api | "iam", Node> = { bcs: load("bcs"), pca: load("pca"), iam: load("iam") };

/** Follows local `$ref`s until a non-reference node is reached. */
function follow(doc: Node, node: Node): Node {
  let current = node;
  for (let hops = 0; current !== null && typeof current === "object" && typeof current.$ref === "string"; hops++) {
    const ref: string = current.$ref;
    if (!ref.startsWith("#/") || hops > 32) throw new Error(`unresolvable $ref ${ref}`);
    current = ref
      .slice(2)
      .split("/")
      .map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce((at: Node, key) => (at === undefined ? undefined : at[key]), doc);
    if (current === undefined) throw new Error(`dangling $ref ${ref}`);
  }
  return current;
}

/** A copy of `node` with every `$ref` resolved (the documents have no cycles). */
function resolveAll(doc: Node, node: Node, depth = 0): Node {
  if (depth > 64) throw new Error("$ref nesting too deep");
  const target = follow(doc, node);
  if (Array.isArray(target)) return target.map((item) => resolveAll(doc, item, depth + 1));
  if (target === null || typeof target !== "object") return target;
  return Object.fromEntries(Object.entries(target).map(([k, v]) => [k, resolveAll(doc, v, depth + 1)]));
}

function operation(fact: OperationFact): Node {
  const doc = docs[fact.api];
  const raw = doc.paths?.[fact.path]?.[fact.method];
  if (raw === undefined) throw new Error(`${fact.method.toUpperCase()} ${fact.path} is not in generated/${fact.api}.json`);
  return resolveAll(doc, raw);
}

const normalise = (text: string) => text.replace(/\s+/g, " ").trim();
const LIMIT_KEYS = ["minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum", "pattern"] as const;

/** The constraint keywords of a schema, as a plain object. */
function limitsOf(schema: Node): Record<string, unknown> {
  return Object.fromEntries(LIMIT_KEYS.filter((k) => schema[k] !== undefined).map((k) => [k, schema[k]]));
}

/** What the spec must declare for a fact: the page's limits plus documented additions. */
function expectedLimits(fact: Limits & { specAdds?: SpecAddition }): Record<string, unknown> {
  const pick = (l: Limits) =>
    Object.fromEntries(
      (["minLength", "maxLength", "minimum", "maximum", "enum"] as const).filter((k) => l[k] !== undefined).map((k) => [k, l[k]]),
    );
  return { ...pick(fact), ...pick(fact.specAdds?.limits ?? {}) };
}

/** The node records a deliberate deviation from the page in `aspect`, holding the page's value. */
function expectDeviation(node: Node, aspect: string, page: unknown, where: string): void {
  const recorded: Node[] = node?.["x-deviation"] ?? [];
  const entry = recorded.find((d) => d.aspect === aspect);
  expect(entry, `${where}: x-deviation ${aspect}`).toBeDefined();
  expect(entry.page, `${where}: x-deviation ${aspect} page value`).toEqual(page);
  expect(entry.reason, `${where}: x-deviation ${aspect} reason`).toMatch(/\S/);
}

/** Every limit the spec adds to the page's is a recorded deviation whose page value is "none". */
function expectAdditionsRecorded(node: Node, additions: SpecAddition | undefined, where: string): void {
  for (const aspect of Object.keys(additions?.limits ?? {})) expectDeviation(node, aspect, null, `${where} (spec addition)`);
}

/** A description of the spec's own in place of the page's placeholder, with its source. */
function expectOwnSentence(spec: Node, placeholder: string, where: string): void {
  expect(typeof spec.description, `${where}: description`).toBe("string");
  const description = normalise(spec.description as string);
  expect(description, `${where}: description`).not.toContain(placeholder);
  expect(description, `${where}: a sentence`).toMatch(/^[A-Z].*\.$/);
  expect(spec["x-source"], `${where}: x-source of the sentence`).toMatchObject({ fact: expect.any(String), from: expect.any(String) });
}

function expectDescription(actual: unknown, snippet: string, where: string): void {
  expect(typeof actual, `${where}: description`).toBe("string");
  expect(normalise(actual as string), `${where}: description`).toContain(normalise(snippet));
}

function checkField(fact: FieldFact, schema: Node, required: boolean, where: string): void {
  expect(required, `${where}: required`).toBe(fact.mandatory);
  expectDescription(schema.description, fact.description, where);
  if (fact.type === "file") {
    expect(schema.type, `${where}: type`).toBe("string");
    expect(schema.format, `${where}: format`).toBe("binary");
    if (fact.sizeLessThanBytes !== undefined) {
      expect(schema["x-max-bytes"], `${where}: x-max-bytes`).toBe(fact.sizeLessThanBytes - 1);
      // The reading of "less than 30 KB" as a byte count is recorded as a deviation.
      expectDeviation(schema, "maxLength", `less than ${fact.sizeLessThanBytes / 1024} KB`, where);
    }
  } else {
    expect(schema.type, `${where}: type`).toBe(fact.type);
  }
  if (fact.format !== undefined) expect(schema.format, `${where}: format`).toBe(fact.format);
  if (fact.type !== "object") {
    const { pattern, ...limits } = limitsOf(schema);
    expect(limits, `${where}: limits`).toEqual(expectedLimits(fact));
    expect(pattern, `${where}: pattern`).toBe(fact.pattern);
    // A pattern the spec writes down names where its rule comes from.
    if (fact.pattern !== undefined) expect(JSON.stringify(schema["x-source"] ?? null), `${where}: pattern source`).toContain(fact.patternSource);
  }
  expectAdditionsRecorded(schema, fact.specAdds, where);
  if (fact.optionsCompletedFrom) {
    // The page's list stops after "The options are as follows:"; the spec's x-source says where it got the rest.
    expect(JSON.stringify(schema["x-source"] ?? null), `${where} (completed option list): x-source`).toContain(fact.optionsCompletedFrom);
    for (const value of fact.enum ?? []) expect(normalise(schema.description), `${where}: describes ${value}`).toContain(value);
  }
  if (fact.fields) checkObject(fact.fields, schema, where);
}

function checkObject(fields: readonly FieldFact[], schema: Node, where: string): void {
  expect(schema.type, `${where}: type`).toBe("object");
  const properties: Record<string, Node> = schema.properties ?? {};
  expect(Object.keys(properties).sort(), `${where}: fields`).toEqual(fields.map((f) => f.name).sort());
  expect([...(schema.required ?? [])].sort(), `${where}: required fields`).toEqual(
    fields.filter((f) => f.mandatory).map((f) => f.name).sort(),
  );
  for (const field of fields) {
    checkField(field, properties[field.name], (schema.required ?? []).includes(field.name), `${where}.${field.name}`);
  }
}

/**
 * The body schema's own properties with their `$ref`s unresolved: an `x-edition` about one use of a
 * shared schema sits beside the `$ref`, which resolving drops.
 */
function rawBodySchema(fact: OperationFact): Node {
  const doc = docs[fact.api];
  const body = follow(doc, doc.paths[fact.path][fact.method].requestBody);
  return follow(doc, body.content[fact.body?.mediaType ?? ""].schema);
}

/** The property records what an older edition of the page said, on the property or on its shared schema. */
function expectOlderEdition(fact: FieldFact, property: Node, where: string): void {
  const doc = docs.pca;
  const recorded: Node[] = [property, follow(doc, property)].flatMap((node) => node?.["x-edition"] ?? []);
  const expected = fact.olderEdition ?? { aspect: "", page: null, edition: "" };
  const entry = recorded.find((e) => e.aspect === expected.aspect && JSON.stringify(e.page ?? null) === JSON.stringify(expected.page));
  expect(entry, `${where}: x-edition ${expected.aspect}`).toBeDefined();
  expect(entry.edition, `${where}: x-edition date`).toBe(expected.edition);
  expect(entry.current, `${where}: x-edition current`).toMatch(/\S/);
  expect(entry.reason, `${where}: x-edition reason`).toMatch(/\S/);
}

function namedExamples(media: Node): [string, Node][] {
  return Object.entries(media?.examples ?? {}) as [string, Node][];
}

// ---------------------------------------------------------------------------------------------
// Per-operation checks
// ---------------------------------------------------------------------------------------------

describe.each(OPERATIONS.map((fact) => [fact.title, fact] as const))("%s", (_title, fact) => {
  const op = operation(fact);
  const doc = docs[fact.api];

  it(`is ${fact.method.toUpperCase()} ${fact.path} with operationId ${fact.operationId} (${fact.sdkOperation})`, () => {
    expect(op.operationId).toBe(fact.operationId);
    expect(op["x-huaweicloud-sdk-operation"]).toBe(fact.sdkOperation);
    const table = (fact.api === "bcs" ? bcsTable : pcaTable) as Record<string, { method: string; path: string }>;
    expect(table[fact.operationId]).toMatchObject({ method: fact.method.toUpperCase(), path: fact.path });
  });

  it("declares exactly the page's path, query and header parameters", () => {
    const declared = (op.parameters ?? []).map((p: Node) => `${p.in}:${p.name}`).sort();
    expect(declared).toEqual(fact.parameters.map((p) => `${p.in}:${p.name}`).sort());
    for (const placeholder of fact.path.match(/\{[^}]+\}/g) ?? []) {
      expect(declared, `path placeholder ${placeholder}`).toContain(`path:${placeholder.slice(1, -1)}`);
    }
  });

  for (const param of fact.parameters) {
    it(`parameter ${param.in} ${param.name}: mandatory ${param.mandatory ? "Yes" : "No"}, ${param.type}, limits`, () => {
      const spec = (op.parameters as Node[]).find((p) => p.name === param.name && p.in === param.in);
      expect(spec).toBeDefined();
      const where = `${fact.operationId} ${param.in} ${param.name}`;
      if (param.placeholder) expectOwnSentence(spec, param.description, where);
      else expectDescription(spec.description, param.description, where);
      expect(spec.schema.type, `${where}: type`).toBe(param.type);
      const { pattern, ...limits } = limitsOf(spec.schema);
      expect(limits, `${where}: limits`).toEqual(expectedLimits(param));
      expectAdditionsRecorded(spec, param.specAdds, where);
      if (param.userNameRule) {
        expect(pattern, `${where}: pattern`).toBeTypeOf("string");
        // The page states the rule in words; the pattern is the spec's, recorded as a deviation.
        expectDeviation(spec, "pattern", null, where);
      } else {
        expect(pattern, `${where}: pattern`).toBeUndefined();
      }
      if (param.name === "X-Auth-Token") {
        // Deviation: the page marks the token Mandatory, but an AK/SK-signed request carries none.
        // The security requirement [XAuthToken] or [AkSk] expresses that; the parameter is optional.
        expect(spec.required, `${where}: required`).toBe(false);
        expectDeviation(spec, "required", true, where);
        const security: Node[] = op.security ?? doc.security;
        expect(security).toEqual(expect.arrayContaining([{ XAuthToken: [] }, { AkSk: [] }]));
        expect(doc.components.securitySchemes.XAuthToken).toMatchObject({ type: "apiKey", in: "header", name: "X-Auth-Token" });
      } else {
        expect(spec.required, `${where}: required`).toBe(param.mandatory);
      }
    });
  }

  const userName = fact.parameters.find((p) => p.userNameRule);
  if (userName) {
    it("user_name: 4 to 24 characters, lowercase letters and digits, must start with a letter", () => {
      const schema = (op.parameters as Node[]).find((p) => p.name === userName.name).schema;
      const accepts = (value: string) =>
        [...value].length >= schema.minLength && [...value].length <= schema.maxLength && new RegExp(schema.pattern, "u").test(value);
      for (const ok of ["user", "user01", "a123", "abcdefghijklmnopqrstuvwx", "z0z0z0z0z0z0z0z0z0z0z0z0"]) {
        expect(accepts(ok), ok).toBe(true);
      }
      const bad = ["usr", "abcdefghijklmnopqrstuvwxy", "User01", "userA1", "1user", "0abc", "user_01", "user-01", "user 01", "üser01", ""];
      for (const value of bad) expect(accepts(value), value).toBe(false);
    });
  }

  if (fact.body) {
    const body = fact.body;
    it(`request body: ${body.mediaType}, ${body.required ? "required" : "optional"}, the page's fields`, () => {
      expect(op.requestBody, "requestBody").toBeDefined();
      expect(Object.keys(op.requestBody.content)).toEqual([body.mediaType]);
      expect(op.requestBody.required ?? false).toBe(body.required);
      if (body.descriptionMentions !== "") expectDescription(op.requestBody.description, body.descriptionMentions, `${fact.operationId} body`);
      checkObject(body.fields, op.requestBody.content[body.mediaType].schema, `${fact.operationId} body`);
    });

    const older = body.fields.filter((f) => f.olderEdition !== undefined);
    if (older.length > 0 || body.modelSources !== undefined) {
      it(`request body: the older editions' values (${older.map((f) => f.name).join(", ")}) are recorded, and the model sources named`, () => {
        const raw = rawBodySchema(fact);
        for (const field of older) expectOlderEdition(field, raw.properties[field.name], `${fact.operationId} body.${field.name}`);
        for (const model of body.modelSources ?? []) expect(JSON.stringify(raw["x-source"]), `${fact.operationId} body x-source`).toContain(model);
      });
    }
  } else {
    it("has no request body", () => {
      expect(op.requestBody).toBeUndefined();
    });
  }

  if (fact.exampleBodies.length > 0) {
    it("carries the page's example request bodies as named examples", () => {
      const media = op.requestBody.content[fact.body?.mediaType ?? ""];
      const values = namedExamples(media).map(([, example]) => example.value);
      for (const body of fact.exampleBodies) expect(values).toContainEqual(body);
    });
  }

  if (fact.exampleUrl !== undefined) {
    it("uses the ca_id of the page's example request as the parameter example, on a host the servers describe", () => {
      const url = new URL(fact.exampleUrl ?? "");
      const caId = url.pathname.split("/")[3];
      expect(caId).toHaveLength(36);
      const param = (op.parameters as Node[]).find((p) => p.name === "ca_id");
      expect(param.example).toBe(caId);
      expect(fact.path.replace("{ca_id}", caId ?? "")).toBe(url.pathname);
      // Deviation: ae-ad-1 is in no SDK region list, so the servers describe it instead of listing it.
      expect(doc.servers.map((s: Node) => normalise(s.description ?? "")).join(" ")).toContain(url.host);
    });
  }

  it(`declares exactly the page's status codes ${fact.responses.map((r) => r.status).join(", ")}`, () => {
    expect(Object.keys(op.responses).map(Number).sort()).toEqual(fact.responses.map((r) => r.status).sort());
  });

  for (const response of fact.responses) {
    it(`response ${response.status} (${response.description}): ${response.body}${response.example ? ", page example" : ""}`, () => {
      const spec = op.responses[String(response.status)];
      const where = `${fact.operationId} ${response.status}`;
      expectDescription(spec.description, response.description, where);
      const content: Record<string, Node> | undefined = spec.content;
      switch (response.body) {
        case "none":
          expect(content, `${where}: no body`).toBeUndefined();
          return;
        case "file": {
          // Deviation: the page says "File" yet shows {"result":"success"}; the spec declares bytes
          // and serves a file example, and records the page's example as a deviation.
          expect(Object.keys(content ?? {})).toEqual(["application/octet-stream"]);
          const media = content?.["application/octet-stream"];
          expect(media.schema).toMatchObject({ type: "string", format: "binary" });
          const examples = namedExamples(media);
          expect(examples.length).toBeGreaterThan(0);
          for (const [, example] of examples) expect(example.value).toBeTypeOf("string");
          expect(JSON.stringify(examples)).not.toContain('"result"');
          expectDeviation(spec, "example", response.example, where);
          return;
        }
        case "result": {
          expect(Object.keys(content ?? {})).toEqual(["application/json"]);
          const media = content?.["application/json"];
          expect(media.schema.type).toBe("object");
          expect(Object.keys(media.schema.properties)).toEqual(["result"]);
          expect(media.schema.properties.result.type).toBe("string");
          expectDescription(media.schema.properties.result.description, "Operation result.", `${where} result`);
          expect(namedExamples(media).map(([, e]) => e.value)).toContainEqual(response.example);
          return;
        }
        case "error": {
          expect(Object.keys(content ?? {})).toEqual(["application/json"]);
          const media = content?.["application/json"];
          const props = media.schema.properties;
          expect(Object.keys(props).sort()).toEqual(["error_code", "error_msg"]);
          const limits = ERROR_LIMITS[fact.api];
          expect(props.error_code).toMatchObject({ type: "string", minLength: limits.code[0], maxLength: limits.code[1] });
          expect(props.error_msg).toMatchObject({ type: "string", minLength: limits.msg[0], maxLength: limits.msg[1] });
          expectDescription(props.error_code.description, "Error code", `${where} error_code`);
          expectDescription(props.error_msg.description, "Error message", `${where} error_msg`);
          const values = namedExamples(media).map(([, e]) => e.value);
          expect(values).toContainEqual(response.example);
          return;
        }
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Document-wide rules
// ---------------------------------------------------------------------------------------------

function allOperations(api: Api | "iam"): { path: string; method: string; op: Node }[] {
  const doc = docs[api];
  return Object.entries(doc.paths as Record<string, Record<string, Node>>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ["get", "put", "post", "delete", "patch", "head", "options"].includes(method))
      .map(([method, op]) => ({ path, method, op: resolveAll(doc, op) })),
  );
}

describe("document-wide rules", () => {
  it("operationIds are unique across the documents and stable", () => {
    const all = (["bcs", "pca", "iam"] as const).flatMap((api) => allOperations(api).map(({ op }) => op.operationId as string));
    expect(new Set(all).size).toBe(all.length);
    for (const api of ["bcs", "pca", "iam"] as const) {
      expect(allOperations(api).map(({ op }) => op.operationId).sort(), api).toEqual(OPERATION_IDS[api]);
    }
  });

  it("the seed pages' operations are exactly the BCS operations and two of the Private CA's", () => {
    const declared = (api: Api) => allOperations(api).map(({ method, path }) => `${method} ${path}`);
    const facts = (api: Api) => OPERATIONS.filter((f) => f.api === api).map((f) => `${f.method} ${f.path}`).sort();
    expect(declared("bcs").sort()).toEqual(facts("bcs"));
    expect(facts("pca")).toHaveLength(2);
    expect(declared("pca")).toEqual(expect.arrayContaining(facts("pca")));
  });

  it.each(["bcs", "pca", "iam"] as const)("%s: every operation has a summary, known tags and an x-huaweicloud-sdk-operation", (api) => {
    const tagNames = (docs[api].tags ?? []).map((t: Node) => t.name);
    for (const { op } of allOperations(api)) {
      expect(op.summary, op.operationId).toMatch(/\S/);
      expect(op.tags?.length, op.operationId).toBeGreaterThan(0);
      for (const tag of op.tags) expect(tagNames, `${op.operationId} tag ${tag}`).toContain(tag);
      expect(op["x-huaweicloud-sdk-operation"], op.operationId).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    }
  });

  it.each(["bcs", "pca", "iam"] as const)("%s: every response with content has a named example per media type", (api) => {
    for (const { op } of allOperations(api)) {
      for (const [status, response] of Object.entries(op.responses as Record<string, Node>)) {
        for (const [mediaType, media] of Object.entries((response.content ?? {}) as Record<string, Node>)) {
          const examples = namedExamples(media);
          expect(examples.length, `${op.operationId} ${status} ${mediaType}`).toBeGreaterThan(0);
          for (const [name, example] of examples) {
            expect(name, `${op.operationId} ${status}`).toMatch(/^[a-z0-9-]+$/);
            expect(example.value, `${op.operationId} ${status} ${name}`).toBeDefined();
          }
        }
      }
    }
  });

  it.each(["bcs", "pca"] as const)("%s: security is XAuthToken or AkSk", (api) => {
    expect(docs[api].security).toEqual([{ XAuthToken: [] }, { AkSk: [] }]);
    expect(docs[api].components.securitySchemes.AkSk).toMatchObject({ type: "apiKey", in: "header", name: "Authorization" });
  });

  it("BCS servers: https://bcs.{region}.myhuaweicloud.com, then its .cn fail-over twin, over the regions of facts §4.1", () => {
    const servers: Node[] = docs.bcs.servers;
    expect(servers).toHaveLength(2);
    expect(servers.map((s) => s.url)).toEqual(["https://bcs.{region}.myhuaweicloud.com", "https://bcs.{region}.myhuaweicloud.cn"]);
    for (const server of servers) {
      const region = server.variables.region;
      expect([...region.enum].sort()).toEqual([...REGIONS.bcs].sort());
      expect(region.enum).toContain(region.default);
    }
  });

  it("PCA servers: a region variable plus the unlabelled sa-brazil-1 host cover the regions of facts §4.2", () => {
    const servers: Node[] = docs.pca.servers;
    const templated = servers.filter((s) => s.variables?.region);
    expect(templated).toHaveLength(1);
    expect(templated[0].url).toBe("https://ccm.{region}.myhuaweicloud.com");
    expect(templated[0].variables.region.enum).toContain(templated[0].variables.region.default);
    const brazil = servers.find((s) => s.url === "https://ccm.myhuaweicloud.com");
    expect(brazil?.["x-region-ids"]).toEqual(["sa-brazil-1"]);
    const covered = servers.flatMap((s) => [...(s.variables?.region?.enum ?? []), ...(s["x-region-ids"] ?? [])]);
    expect(covered.sort()).toEqual([...REGIONS.pca].sort());
  });

  it("BCS paths start with /v2/{project_id}; PCA paths start with /v1/ and have no project_id", () => {
    for (const path of Object.keys(docs.bcs.paths)) expect(path).toMatch(/^\/v2\/\{project_id\}\//);
    for (const path of Object.keys(docs.pca.paths)) {
      expect(path).toMatch(/^\/v1\//);
      expect(path).not.toContain("project_id");
    }
    for (const { op } of allOperations("pca")) {
      expect((op.parameters as Node[]).map((p) => p.name)).not.toContain("project_id");
    }
  });
});
