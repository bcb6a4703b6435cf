/**
 * The profile file provider: `~/.huaweicloud/credentials`, or the file HUAWEICLOUD_SDK_CREDENTIALS_FILE
 * names, as the official Go, Python and Java SDKs read it. `[basic]` holds BCS's credentials,
 * `[global]` PCA's; keys ak, sk, security_token, project_id, domain_id, iam_endpoint.
 *
 *   [basic]
 *   ak = ...
 *   sk = ...
 *   project_id = ...
 *
 * Node-only: the file is read through node:fs reached at run time; in a browser this provider
 * reports that it is not available and a chain moves on.
 */
import { ENV, type Environment, runtimeEnvironment } from "../credentials.js";
import { checkEndpoint } from "../../endpoints.js";
import { ConfigurationError } from "../../errors.js";
import { parseProfile, type ProfileSection } from "./profile-parser.js";
import { type CredentialKind, type CredentialProvider, CredentialsNotFoundError, nodeBuiltin, type ProvidedCredentials } from "./provider.js";

export interface ProfileFileCredentialsOptions {
  /** The file; default HUAWEICLOUD_SDK_CREDENTIALS_FILE, else ~/.huaweicloud/credentials. */
  readonly path?: string | undefined;
  /** Which section to read; default the client's kind ([basic] for BCS, [global] for PCA). */
  readonly section?: CredentialKind | undefined;
  /** Where HUAWEICLOUD_SDK_CREDENTIALS_FILE is read from. Default process.env. */
  readonly env?: Environment | undefined;
}

const KEYS = ["ak", "sk", "security_token", "project_id", "domain_id", "iam_endpoint"] as const;
/** The official SDKs' federated (OIDC id token) keys, which this SDK does not implement. */
const FEDERATED_KEYS = ["idp_id", "id_token_file"];

interface NodeFs {
  promises: { readFile(path: string, encoding: "utf8"): Promise<string> };
}
interface NodeOs {
  homedir(): string;
}
interface NodePath {
  join(...parts: string[]): string;
}

export function profileFileCredentials(options: ProfileFileCredentialsOptions = {}): CredentialProvider {
  return async (context) => {
    const fs = nodeBuiltin<NodeFs>("node:fs");
    const os = nodeBuiltin<NodeOs>("node:os");
    const path = nodeBuiltin<NodePath>("node:path");
    if (!fs || !os || !path) throw new CredentialsNotFoundError("profile file: not available in this runtime (no node:fs)");
    const env = options.env ?? runtimeEnvironment();
    const file = options.path ?? (env[ENV.credentialsFile] || path.join(os.homedir(), ".huaweicloud", "credentials"));
    let text: string;
    try {
      text = await fs.promises.readFile(file, "utf8");
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === "ENOENT") throw new CredentialsNotFoundError(`profile file: ${file} does not exist`);
      throw new ConfigurationError(`profile file: cannot read ${file} (${typeof code === "string" ? code : "read error"})`);
    }
    const kind = options.section ?? context?.kind ?? "basic";
    const section = parseProfile(text, file).get(kind);
    if (!section) throw new CredentialsNotFoundError(`profile file: ${file} has no [${kind}] section`);
    return credentialsOf(section, kind, file);
  };
}

function credentialsOf(section: ProfileSection, kind: CredentialKind, file: string): ProvidedCredentials {
  const where = (key: string) => `${file} line ${section.get(key)?.line ?? section.line}: [${kind}]`;
  for (const [key] of section) {
    if (FEDERATED_KEYS.includes(key)) {
      throw new ConfigurationError(`${where(key)} key ${key}: federated (OIDC) credentials are not supported by this SDK; use ak and sk`);
    }
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new ConfigurationError(`${where(key)} key ${key} is not one of ${KEYS.join(", ")}`);
    }
    if (section.get(key)!.value === "") throw new ConfigurationError(`${where(key)} key ${key} has no value`);
  }
  const value = (key: (typeof KEYS)[number]) => section.get(key)?.value;
  const accessKeyId = value("ak");
  const secretAccessKey = value("sk");
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    const missing = accessKeyId === undefined ? "ak" : "sk";
    throw new ConfigurationError(`${where(missing === "ak" ? "sk" : "ak")} key ${missing} is missing (ak and sk go together)`);
  }
  const iamEndpoint = value("iam_endpoint");
  if (iamEndpoint !== undefined) {
    try {
      checkEndpoint(iamEndpoint);
    } catch (error) {
      throw new ConfigurationError(`${where("iam_endpoint")} key iam_endpoint: ${(error as Error).message}`);
    }
  }
  const optional = {
    securityToken: value("security_token"),
    projectId: value("project_id"),
    domainId: value("domain_id"),
    iamEndpoint,
  };
  return Object.assign(
    { accessKeyId, secretAccessKey },
    Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  ) as ProvidedCredentials;
}
