/**
 * Prism, started from spec/bcs.yaml and spec/pca.yaml by the mock's one Prism launcher, must accept each
 * page's example request, reject each broken rule with the declared 400 and an `sl-violations`
 * entry naming the offending location, answer a token-less request with the declared 401, and
 * serve every documented status on `Prefer: code=N` with its example body.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolvePrismModules } from "../../src/testing/prism-modules.js";
import { startPrismProcess, type PrismProcess } from "../../src/testing/prism-process.js";

const specPath = (api: "bcs" | "pca") => fileURLToPath(new URL(`../../spec/${api}.yaml`, import.meta.url));

// Long enough for both services: CCM tokens are 32 to 2097152 characters.
const TOKEN = "MIIEXAMPLE-test-token-0123456789abcdef0123456789";
const PROJECT = "0c3b9c1f4b00d5e72f8ac0093a11f0ba";
const CHAIN = "4f9d8a2e-0c56-11ee-9c1a-0255ac100b05";
const CA_ID = "4c0e772e-a30c-4029-b929-b7acb04143f7"; // from the activate page's example URL
const REVOKE_CA_ID = "6434f74f-2d13-4e6a-89eb-93ee313f1a43"; // from the revoke page's example URL
const REQUEST_TIMEOUT_MS = 10_000;

const bcsPath = {
  generate: (user = "user01") => `/v2/${PROJECT}/blockchains/${CHAIN}/orgs/org1/usercert/${user}`,
  download: (query: string) => `/v2/${PROJECT}/blockchains/${CHAIN}/cert${query}`,
  freeze: (user = "user01") => `/v2/${PROJECT}/blockchains/${CHAIN}/orgs/org1/usercert/${user}/freeze`,
  unfreeze: (user = "user01") => `/v2/${PROJECT}/blockchains/${CHAIN}/orgs/org1/usercert/${user}/unfreeze`,
};
const pcaPath = {
  activate: (caId = CA_ID) => `/v1/private-certificate-authorities/${caId}/activate`,
  revoke: (caId = REVOKE_CA_ID) => `/v1/private-certificate-authorities/${caId}/revoke`,
};

/** The page's example request (Activating a CA). */
const ACTIVATE_BODY = {
  signature_algorithm: "SHA256",
  validity: { type: "YEAR", value: 1 },
  path_length: 3,
  issuer_id: "c718fe5f-d44a-467f-80f1-948348ff4132",
};

/** The pages' example error bodies. */
const BCS_ERRORS: Record<number, { error_code: string; error_msg: string }> = {
  400: { error_code: "BCS.4006005", error_msg: "keyType error, keyType: blok not supported" },
  401: { error_code: "BCS.4010401", error_msg: "Incorrect token or token resolution failed" },
  403: { error_code: "BCS.4030403", error_msg: "No permissions to request this method" },
  404: { error_code: "BCS.4040404", error_msg: "Not Found:the url is not found" },
  500: { error_code: "BCS.5000500", error_msg: "Internal Server Error" },
};
const PCA_ERROR = { error_code: "PCA.XXX", error_msg: "XXX" };

/** The file example the spec serves for 200 file responses, read from the bundled spec. */
const CERT_FILE_START = (
  JSON.parse(readFileSync(fileURLToPath(new URL("../../generated/bcs.json", import.meta.url)), "utf8")) as {
    components: { responses: { CertificateFile: { content: { "application/octet-stream": { examples: Record<string, { value: string }> } } } } };
  }
).components.responses.CertificateFile.content["application/octet-stream"].examples["certificate-file"]!.value;

/** An empty .zip archive (just the end-of-central-directory record): 22 bytes. */
const EMPTY_ZIP = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

type Api = "bcs" | "pca";

interface Violation {
  location: string[];
  code: string | number;
  message: string;
  severity: string;
}

interface Call {
  api: Api;
  method: "GET" | "POST";
  path: string;
  json?: unknown;
  form?: "none" | "empty" | "file";
  token?: boolean;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  contentType: string | null;
  violations: Violation[] | undefined;
  text: string;
}

let prism: PrismProcess<Api> | undefined;
const servers: Partial<Record<Api, { url: string }>> = {};

beforeAll(async () => {
  // The YAML documents as written, not the bundle: Prism resolves their references itself.
  prism = await startPrismProcess({ modules: resolvePrismModules(), documents: { bcs: specPath("bcs"), pca: specPath("pca") } });
  servers.bcs = { url: prism.urls.bcs };
  servers.pca = { url: prism.urls.pca };
}, 60_000);

afterAll(async () => {
  await prism?.stop();
});

async function send(call: Call): Promise<Answer> {
  const server = servers[call.api];
  if (!server) throw new Error(`Prism for ${call.api} is not running`);
  const headers: Record<string, string> = { ...call.headers };
  if (call.token !== false) headers["X-Auth-Token"] = TOKEN;
  let body: string | FormData | undefined;
  if (call.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(call.json);
  } else if (call.form === "empty" || call.form === "file") {
    const form = new FormData();
    if (call.form === "file") form.append("file", new Blob([EMPTY_ZIP], { type: "application/zip" }), "certs.zip");
    body = form; // fetch sets multipart/form-data with its boundary
  }
  const response = await fetch(server.url + call.path, {
    method: call.method,
    headers,
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const raw = response.headers.get("sl-violations");
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    violations: raw === null ? undefined : (JSON.parse(raw) as Violation[]),
    text: await response.text(),
  };
}

// ---------------------------------------------------------------------------------------------

describe("each page's example request is accepted", () => {
  const cases: [string, Call, number][] = [
    ["generate {security_mode: true}", { api: "bcs", method: "POST", path: bcsPath.generate(), json: { security_mode: true } }, 200],
    ["download org_name=org1 cert_type=admin", { api: "bcs", method: "GET", path: bcsPath.download("?org_name=org1&cert_type=admin") }, 200],
    ["freeze, multipart without a file", { api: "bcs", method: "POST", path: bcsPath.freeze(), form: "empty" }, 200],
    ["freeze, multipart with a small file", { api: "bcs", method: "POST", path: bcsPath.freeze(), form: "file" }, 200],
    ["unfreeze, multipart without a file", { api: "bcs", method: "POST", path: bcsPath.unfreeze(), form: "empty" }, 200],
    ["unfreeze, multipart with a small file", { api: "bcs", method: "POST", path: bcsPath.unfreeze(), form: "file" }, 200],
    ["activate with the page's body", { api: "pca", method: "POST", path: pcaPath.activate(), json: ACTIVATE_BODY }, 204],
    ["revoke {reason: KEY_COMPROMISE}", { api: "pca", method: "POST", path: pcaPath.revoke(), json: { reason: "KEY_COMPROMISE" } }, 204],
    ["revoke {}", { api: "pca", method: "POST", path: pcaPath.revoke(), json: {} }, 204],
  ];

  it.each(cases)("%s", async (_name, call, status) => {
    const answer = await send(call);
    expect(answer.violations, JSON.stringify(answer.violations)).toBeUndefined();
    expect(answer.status).toBe(status);
    if (status === 204) {
      expect(answer.text).toBe("");
    } else if (call.path.includes("/freeze") || call.path.includes("/unfreeze")) {
      expect(answer.contentType).toMatch(/^application\/json/);
      expect(JSON.parse(answer.text)).toEqual({ result: "success" });
    } else {
      expect(answer.contentType).toBe("application/octet-stream");
      expect(answer.text.startsWith(CERT_FILE_START)).toBe(true);
    }
  });
});

describe("each broken rule gets the declared 400 and an sl-violations entry naming the location", () => {
  const u = (n: number) => "u" + "0".repeat(n - 1);
  // [name, request, expected location, expected code]
  const cases: [string, Call, string[], string | number][] = [
    ["download cert_type=root (enum)", { api: "bcs", method: "GET", path: bcsPath.download("?org_name=org1&cert_type=root") }, ["request", "query", "cert_type"], "enum"],
    ["download without org_name (required query)", { api: "bcs", method: "GET", path: bcsPath.download("?cert_type=admin") }, ["request", "query"], "required"],
    ["generate user_name of 3 characters", { api: "bcs", method: "POST", path: bcsPath.generate(u(3)), json: { security_mode: true } }, ["request", "path", "user_name"], "minLength"],
    ["generate user_name of 25 characters", { api: "bcs", method: "POST", path: bcsPath.generate(u(25)), json: { security_mode: true } }, ["request", "path", "user_name"], "maxLength"],
    ["generate user_name with an uppercase letter", { api: "bcs", method: "POST", path: bcsPath.generate("User01"), json: { security_mode: true } }, ["request", "path", "user_name"], "pattern"],
    ["generate user_name starting with a digit", { api: "bcs", method: "POST", path: bcsPath.generate("1user"), json: { security_mode: true } }, ["request", "path", "user_name"], "pattern"],
    ["generate security_mode as a string", { api: "bcs", method: "POST", path: bcsPath.generate(), json: { security_mode: "true" } }, ["request", "body", "security_mode"], "type"],
    ["freeze with a JSON body (415)", { api: "bcs", method: "POST", path: bcsPath.freeze(), json: {} }, ["request"], 415],
    ["revoke reason LOST (enum)", { api: "pca", method: "POST", path: pcaPath.revoke(), json: { reason: "LOST" } }, ["request", "body", "reason"], "enum"],
    ["revoke without a body", { api: "pca", method: "POST", path: pcaPath.revoke() }, ["request"], "required"],
    ["activate signature_algorithm MD5", { api: "pca", method: "POST", path: pcaPath.activate(), json: { ...ACTIVATE_BODY, signature_algorithm: "MD5" } }, ["request", "body", "signature_algorithm"], "enum"],
    ["activate path_length 7", { api: "pca", method: "POST", path: pcaPath.activate(), json: { ...ACTIVATE_BODY, path_length: 7 } }, ["request", "body", "path_length"], "maximum"],
    ["activate path_length -1", { api: "pca", method: "POST", path: pcaPath.activate(), json: { ...ACTIVATE_BODY, path_length: -1 } }, ["request", "body", "path_length"], "minimum"],
    ["activate validity.value 0", { api: "pca", method: "POST", path: pcaPath.activate(), json: { ...ACTIVATE_BODY, validity: { type: "YEAR", value: 0 } } }, ["request", "body", "validity", "value"], "minimum"],
    ["activate validity.type WEEK", { api: "pca", method: "POST", path: pcaPath.activate(), json: { ...ACTIVATE_BODY, validity: { type: "WEEK", value: 1 } } }, ["request", "body", "validity", "type"], "enum"],
    ["activate without issuer_id (required field)", { api: "pca", method: "POST", path: pcaPath.activate(), json: { ...ACTIVATE_BODY, issuer_id: undefined } }, ["request", "body"], "required"],
    ["activate without validity.value (required nested field)", { api: "pca", method: "POST", path: pcaPath.activate(), json: { ...ACTIVATE_BODY, validity: { type: "YEAR" } } }, ["request", "body", "validity"], "required"],
    ["activate ca_id of 35 characters", { api: "pca", method: "POST", path: pcaPath.activate(CA_ID.slice(1)), json: ACTIVATE_BODY }, ["request", "path", "ca_id"], "minLength"],
    ["activate ca_id of 37 characters", { api: "pca", method: "POST", path: pcaPath.activate(CA_ID + "0"), json: ACTIVATE_BODY }, ["request", "path", "ca_id"], "maxLength"],
    ["revoke ca_id of 35 characters", { api: "pca", method: "POST", path: pcaPath.revoke(REVOKE_CA_ID.slice(1)), json: {} }, ["request", "path", "ca_id"], "minLength"],
    ["revoke ca_id of 37 characters", { api: "pca", method: "POST", path: pcaPath.revoke(REVOKE_CA_ID + "0"), json: {} }, ["request", "path", "ca_id"], "maxLength"],
  ];

  it.each(cases)("%s", async (_name, call, location, code) => {
    const answer = await send(call);
    expect(answer.status).toBe(400);
    expect(answer.violations, "sl-violations header").toBeDefined();
    expect(answer.violations).toContainEqual(expect.objectContaining({ location, code, severity: "Error" }));
    expect(JSON.parse(answer.text)).toEqual(call.api === "bcs" ? BCS_ERRORS[400] : PCA_ERROR);
  });

  it("a missing required property is named in the violation message", async () => {
    const query = await send({ api: "bcs", method: "GET", path: bcsPath.download("?cert_type=admin") });
    expect(query.violations?.[0]?.message).toContain("'org_name'");
    const body = await send({ api: "pca", method: "POST", path: pcaPath.activate(), json: { ...ACTIVATE_BODY, issuer_id: undefined } });
    expect(body.violations?.[0]?.message).toContain("'issuer_id'");
  });
});

describe("a request without any token gets the declared 401", () => {
  const cases: [string, Call][] = [
    ["generate", { api: "bcs", method: "POST", path: bcsPath.generate(), json: { security_mode: true }, token: false }],
    ["download", { api: "bcs", method: "GET", path: bcsPath.download("?org_name=org1&cert_type=admin"), token: false }],
    ["freeze", { api: "bcs", method: "POST", path: bcsPath.freeze(), form: "empty", token: false }],
    ["unfreeze", { api: "bcs", method: "POST", path: bcsPath.unfreeze(), form: "file", token: false }],
    ["activate", { api: "pca", method: "POST", path: pcaPath.activate(), json: ACTIVATE_BODY, token: false }],
    ["revoke", { api: "pca", method: "POST", path: pcaPath.revoke(), json: {}, token: false }],
  ];

  it.each(cases)("%s", async (_name, call) => {
    const answer = await send(call);
    expect(answer.status).toBe(401);
    expect(answer.violations).toContainEqual(expect.objectContaining({ location: ["request"], code: 401 }));
    expect(JSON.parse(answer.text)).toEqual(call.api === "bcs" ? BCS_ERRORS[401] : PCA_ERROR);
  });
});

describe("Prefer: code=N returns each documented status with its example body", () => {
  const operations: [string, Call, number][] = [
    ["generate", { api: "bcs", method: "POST", path: bcsPath.generate(), json: { security_mode: true } }, 200],
    ["download", { api: "bcs", method: "GET", path: bcsPath.download("?org_name=org1&cert_type=admin") }, 200],
    ["freeze", { api: "bcs", method: "POST", path: bcsPath.freeze(), form: "empty" }, 200],
    ["unfreeze", { api: "bcs", method: "POST", path: bcsPath.unfreeze(), form: "empty" }, 200],
    ["activate", { api: "pca", method: "POST", path: pcaPath.activate(), json: ACTIVATE_BODY }, 204],
    ["revoke", { api: "pca", method: "POST", path: pcaPath.revoke(), json: { reason: "KEY_COMPROMISE" } }, 204],
  ];
  const cases = operations.flatMap(([name, call, success]) =>
    [success, 400, 401, 403, 404, 500].map((status) => [`${name} ${status}`, call, status, status === success] as const),
  );

  it.each(cases)("%s", async (name, call, status, isSuccess) => {
    const answer = await send({ ...call, headers: { Prefer: `code=${status}` } });
    expect(answer.status).toBe(status);
    expect(answer.violations, "a valid request has no violations").toBeUndefined();
    if (!isSuccess) {
      expect(answer.contentType).toMatch(/^application\/json/);
      expect(JSON.parse(answer.text)).toEqual(call.api === "bcs" ? BCS_ERRORS[status] : PCA_ERROR);
    } else if (status === 204) {
      expect(answer.text).toBe("");
    } else if (name.startsWith("generate") || name.startsWith("download")) {
      expect(answer.text.startsWith(CERT_FILE_START)).toBe(true);
    } else {
      expect(JSON.parse(answer.text)).toEqual({ result: "success" });
    }
  });
});
