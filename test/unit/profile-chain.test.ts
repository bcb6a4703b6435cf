/**
 * The environment and profile file providers, and the chain that asks them in order
 * (environment, profile file, ECS metadata), with a client picking the chain up by default.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import {
  BcsClient,
  ConfigurationError,
  CredentialsNotFoundError,
  PcaClient,
  credentialChain,
  defaultCredentialChain,
  environmentCredentials,
  isCredentialsNotFoundError,
  profileFileCredentials,
  type CredentialProvider,
} from "../../src/index.js";
import { FakeClock, jsonResponse, noContent, recordingFetch, rejection } from "./support/fakes.js";
import { PROFILE_SECRET, profileFiles } from "./support/profile-files.js";

const { dir, profile } = profileFiles("hwc-profile-");
const SECRET = PROFILE_SECRET;

describe("environment provider", () => {
  it("reads the official names, with the project id for basic and the domain id for global", async () => {
    const env = {
      HUAWEICLOUD_SDK_AK: "ENVAK",
      HUAWEICLOUD_SDK_SK: SECRET,
      HUAWEICLOUD_SDK_SECURITY_TOKEN: "st",
      HUAWEICLOUD_SDK_PROJECT_ID: "proj",
      HUAWEICLOUD_SDK_DOMAIN_ID: "dom",
    };
    const provider = environmentCredentials({ env });
    expect(await provider({ kind: "basic" })).toEqual({ accessKeyId: "ENVAK", secretAccessKey: SECRET, securityToken: "st", projectId: "proj" });
    expect(await provider({ kind: "global" })).toEqual({ accessKeyId: "ENVAK", secretAccessKey: SECRET, securityToken: "st", domainId: "dom" });
  });

  it("nothing set is 'not found'; half a pair is an error", async () => {
    const none = await rejection(environmentCredentials({ env: {} })());
    expect(isCredentialsNotFoundError(none)).toBe(true);
    const half = await rejection(environmentCredentials({ env: { HUAWEICLOUD_SDK_AK: "AK" } })());
    expect(half).toBeInstanceOf(ConfigurationError);
    expect(isCredentialsNotFoundError(half)).toBe(false);
  });
});

describe("profile file provider", () => {
  const good = [
    "# the official SDKs' format",
    "[basic]",
    "ak = BASICAK",
    `sk = ${SECRET}`,
    "project_id = basic-project",
    "iam_endpoint = https://iam.example.test",
    "",
    "; another comment",
    "[global]",
    "ak=GLOBALAK",
    "sk=global-secret",
    "security_token = global-token",
    "domain_id = global-domain",
    "",
  ].join("\r\n");

  it("reads [basic] for BCS and [global] for PCA", async () => {
    const path = profile(good);
    const provider = profileFileCredentials({ path });
    expect(await provider({ kind: "basic" })).toEqual({
      accessKeyId: "BASICAK",
      secretAccessKey: SECRET,
      projectId: "basic-project",
      iamEndpoint: "https://iam.example.test",
    });
    expect(await provider({ kind: "global" })).toEqual({
      accessKeyId: "GLOBALAK",
      secretAccessKey: "global-secret",
      securityToken: "global-token",
      domainId: "global-domain",
    });
    expect(await profileFileCredentials({ path, section: "global" })({ kind: "basic" })).toMatchObject({ accessKeyId: "GLOBALAK" });
  });

  it("HUAWEICLOUD_SDK_CREDENTIALS_FILE names the file", async () => {
    const path = profile("[basic]\nak = FILEAK\nsk = s\n");
    expect(await profileFileCredentials({ env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: path } })()).toMatchObject({ accessKeyId: "FILEAK" });
  });

  it("defaults to ~/.huaweicloud/credentials", async () => {
    const home = join(dir, "home");
    mkdirSync(join(home, ".huaweicloud"), { recursive: true });
    writeFileSync(join(home, ".huaweicloud", "credentials"), "[basic]\nak = HOMEAK\nsk = s\n");
    // The home directory is os.homedir()'s answer (the object process.getBuiltinModule returns
    // is this import's). Setting HOME would not do in a worker thread (Stryker's pool), whose
    // process.env is its own copy while os.homedir() reads the process's environment.
    const homedir = vi.spyOn(os, "homedir").mockReturnValue(home);
    try {
      expect(await profileFileCredentials({ env: {} })()).toMatchObject({ accessKeyId: "HOMEAK" });
      expect(homedir).toHaveBeenCalled();
    } finally {
      homedir.mockRestore();
    }
  });

  it("a missing file or section is 'not found'", async () => {
    const missing = await rejection(profileFileCredentials({ path: join(dir, "absent") })());
    expect(isCredentialsNotFoundError(missing)).toBe(true);
    expect(missing.message).toContain(join(dir, "absent"));
    const noSection = await rejection(profileFileCredentials({ path: profile("[global]\nak = A\nsk = B\n") })({ kind: "basic" }));
    expect(isCredentialsNotFoundError(noSection)).toBe(true);
    expect(noSection.message).toContain("[basic]");
  });

  it.each([
    ["a line that is neither", `[basic]\nak = A\n${SECRET}\n`, /line 3: expected/],
    ["a key outside any section", `ak = A\n[basic]\nsk = ${SECRET}\n`, /line 1: key ak is outside/],
    ["a duplicate key", `[basic]\nak = A\nsk = ${SECRET}\nsk = ${SECRET}\n`, /line 4: key sk appears twice/],
    ["a duplicate section", `[basic]\nak = A\nsk = B\n[basic]\n`, /line 4: section \[basic\] appears twice/],
    ["an empty value", `[basic]\nak = A\nsk =\n`, /line 3: \[basic\] key sk has no value/],
    ["sk without ak", `[basic]\nsk = ${SECRET}\n`, /line 2: \[basic\] key ak is missing/],
    ["an unknown key", `[basic]\nak = A\nsk = ${SECRET}\nregion = x\n`, /line 4: \[basic\] key region is not one of/],
    ["a federated key", `[basic]\nidp_id = x\nid_token_file = /t\n`, /line 2: \[basic\] key idp_id: federated/],
    ["a plain-http IAM endpoint", `[basic]\nak = A\nsk = ${SECRET}\niam_endpoint = http://iam.example.test\n`, /line 4: \[basic\] key iam_endpoint/],
  ])("%s is a ConfigurationError naming file, line and key, never the secret", async (_name, text, pattern) => {
    const path = profile(text);
    const error = await rejection(profileFileCredentials({ path })({ kind: "basic" }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(isCredentialsNotFoundError(error)).toBe(false);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(pattern);
    expect(error.message).not.toContain(SECRET);
  });

  it("is 'not available' where there is no node:fs (a browser)", async () => {
    const proc = globalThis.process as { getBuiltinModule?: unknown };
    const saved = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
    try {
      const error = await rejection(profileFileCredentials({ path: profile(good) })());
      expect(isCredentialsNotFoundError(error)).toBe(true);
      expect(error.message).toMatch(/not available/);
    } finally {
      proc.getBuiltinModule = saved;
    }
  });
});

describe("credential chain", () => {
  const found = (ak: string): CredentialProvider => async () => ({ accessKeyId: ak, secretAccessKey: "s" });
  const absent = (what: string): CredentialProvider => async () => {
    throw new CredentialsNotFoundError(what);
  };

  it("the first provider that finds credentials answers; later ones are never asked", async () => {
    const asked: string[] = [];
    const spy = (name: string, p: CredentialProvider): CredentialProvider => async (c) => {
      asked.push(name);
      return p(c);
    };
    const chain = credentialChain(spy("a", absent("a: nothing")), spy("b", found("B")), spy("c", found("C")));
    expect(await chain()).toMatchObject({ accessKeyId: "B" });
    // The answering provider is kept for refreshes.
    expect(await chain()).toMatchObject({ accessKeyId: "B" });
    expect(asked).toEqual(["a", "b", "b"]);
  });

  it("an error other than 'not found' stops the chain", async () => {
    const chain = credentialChain(
      async () => {
        throw new ConfigurationError("broken file");
      },
      found("B"),
    );
    await expect(chain()).rejects.toThrow("broken file");
  });

  it("when every provider fails, one error lists what each tried, in order", async () => {
    const error = await rejection(credentialChain(absent("one: x"), absent("two: y"), absent("three: z"))());
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(isCredentialsNotFoundError(error)).toBe(false);
    expect(error.message).toMatch(/one: x\n {2}- two: y\n {2}- three: z$/);
  });

  it("the default chain is environment, then profile file, then ECS metadata", async () => {
    const path = profile("[basic]\nak = FILEAK\nsk = s\n");
    const envFirst = defaultCredentialChain({ env: { HUAWEICLOUD_SDK_AK: "ENVAK", HUAWEICLOUD_SDK_SK: "s", HUAWEICLOUD_SDK_CREDENTIALS_FILE: path } });
    expect(await envFirst()).toMatchObject({ accessKeyId: "ENVAK" });
    const fileNext = defaultCredentialChain({ env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: path } });
    expect(await fileNext()).toMatchObject({ accessKeyId: "FILEAK" });
    const none = await rejection(defaultCredentialChain({ env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: join(dir, "absent") } })());
    expect(none.message).toMatch(/environment: .*\n {2}- profile file: .*\n {2}- ECS metadata: /);
  });
});

describe("clients without a credentials option use the chain", () => {
  it("BcsClient signs with the profile's [basic] AK/SK, security token and project id", async () => {
    const path = profile("[basic]\nak = FILEAK\nsk = file-secret\nsecurity_token = file-token\nproject_id = file-project\n");
    const http = recordingFetch(jsonResponse(200, { result: "success" }));
    const bcs = new BcsClient({ region: "cn-north-4", fetch: http.fetch, clock: new FakeClock(Date.UTC(2024, 0, 1)), env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: path } });
    await bcs.freezeUserCertificate({ blockchain_id: "bc", org_name: "org1", user_name: "user01" });
    const request = http.only();
    expect(request.headers.get("authorization")).toMatch(/^SDK-HMAC-SHA256 Access=FILEAK,/);
    expect(request.headers.get("x-security-token")).toBe("file-token");
    expect(request.headers.get("x-project-id")).toBe("file-project");
    expect(request.url.pathname).toContain("/v2/file-project/");
    expect(bcs.projectId).toBe("file-project");
  });

  it("PcaClient reads [global] and its domain id", async () => {
    const path = profile("[basic]\nak = BASICAK\nsk = b\n[global]\nak = GLOBALAK\nsk = g\ndomain_id = file-domain\n");
    const http = recordingFetch(noContent());
    const pca = new PcaClient({ endpoint: "https://ccm.example.test", fetch: http.fetch, env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: path } });
    await pca.revokeCertificateAuthority({ ca_id: "4c0e772e-a30c-4029-b929-b7acb04143f7" });
    expect(http.only().headers.get("authorization")).toMatch(/Access=GLOBALAK,/);
    expect(http.only().headers.get("x-domain-id")).toBe("file-domain");
  });

  it("a malformed profile file fails the call before any request", async () => {
    const path = profile(`[basic]\nak = A\nsk ${SECRET}\n`);
    const http = recordingFetch(noContent());
    const bcs = new BcsClient({ region: "cn-north-4", projectId: "p", fetch: http.fetch, env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: path } });
    const error = await rejection(bcs.freezeUserCertificate({ blockchain_id: "bc", org_name: "org1", user_name: "user01" }));
    expect(error.message).toContain(`${path} line 3`);
    expect(error.message).not.toContain(SECRET);
    expect(http.calls).toHaveLength(0);
  });
});

describe("the README's profile file example", () => {
  it("parses as the README says", async () => {
    const readme = (await import("node:fs")).readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const ini = /```ini\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(ini).toBeDefined();
    const path = profile(ini!);
    expect(await profileFileCredentials({ path })({ kind: "basic" })).toEqual({
      accessKeyId: "YOUR_AK",
      secretAccessKey: "YOUR_SK",
      projectId: "0c3b9c1f4b00d5e72f8ac0093a11f0ba",
    });
    expect(await profileFileCredentials({ path })({ kind: "global" })).toMatchObject({
      securityToken: "YOUR_SECURITY_TOKEN",
      domainId: "a5b3e2f1c0d94e8f9b7a6c5d4e3f2a1b",
      iamEndpoint: "https://iam.eu-west-101.myhuaweicloud.eu",
    });
  });
});
