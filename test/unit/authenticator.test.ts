/**
 * createAuthenticator's refusals and what it puts on a request, checked directly: the exact
 * ConfigurationError or ValidationError (which field and rule, never the secret), the account
 * scope header, the provider's `kind`, and the synchronous path of a cached token.
 */
import { signAkSk } from "../../src/core/auth/aksk-authenticator.js";
import { describe, expect, it } from "vitest";
import { createAuthenticator, type AuthenticatorOptions, type OutgoingRequest, type SigningScope } from "../../src/core/auth/authenticator.js";
import type { Credentials } from "../../src/core/auth/credentials.js";
import { ConfigurationError, ValidationError } from "../../src/core/errors.js";
import { fakeClock } from "./support/fakes.js";

const SECRET = "SUPER-secret-key-42";
const PROJECT: SigningScope = { header: "X-Project-Id", value: "p1" };

function options(credentials: unknown, more: Partial<AuthenticatorOptions> = {}): AuthenticatorOptions {
  return { credentials: credentials as Credentials, clock: fakeClock(), tokenSchema: undefined, scope: PROJECT, akSk: signAkSk, ...more };
}

function outgoing(): OutgoingRequest {
  return { method: "GET", url: new URL("https://bcs.example.com/v1/x"), headers: new Headers(), body: undefined };
}

const signal = new AbortController().signal;

/** What authorize rejects or throws with (it may do either). */
async function refusal(authenticatorOptions: AuthenticatorOptions, scoped = true): Promise<unknown> {
  try {
    const authenticator = createAuthenticator({ akSk: signAkSk, ...authenticatorOptions });
    const authorize = scoped ? authenticator.authorize : authenticator.authorizeUnscoped!;
    await authorize(outgoing(), new Date(0), signal);
  } catch (error) {
    return error;
  }
  throw new Error("authorize succeeded");
}

function expectConfigurationError(error: unknown, message: string): void {
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).message).toBe(message);
}

describe("AK/SK signing is a plugin", () => {
  it("without it, AK/SK credentials are a ConfigurationError naming the plugin; a token needs none", () => {
    expect(() => createAuthenticator(options({ accessKeyId: "AK", secretAccessKey: SECRET }, { akSk: undefined }))).toThrow(
      new ConfigurationError("AK/SK credentials need the akSkSigning plugin on a bare client (plugins: [akSkSigning]); the aggregated clients carry it"),
    );
    expect(() => createAuthenticator(options({ akSk: async () => ({ accessKeyId: "AK", secretAccessKey: SECRET }) }, { akSk: undefined }))).toThrow(/akSkSigning/);
    expect(createAuthenticator(options({ token: "t".repeat(40) }, { akSk: undefined })).authorize).toBeTypeOf("function");
  });
});

describe("credentials of the wrong shape are a ConfigurationError at construction", () => {
  it.each([["a string", "token-as-a-string"], ["null", null], ["a number", 42]])("%s", (_name, credentials) => {
    expect(() => createAuthenticator(options(credentials))).toThrow(
      new ConfigurationError("credentials must be { token }, { accessKeyId, secretAccessKey } or { akSk }"),
    );
  });
  it.each([
    ["a trailing newline", "MIIT-very-private\n"],
    ["a trailing CRLF", "MIIT-very-private\r\n"],
    ["a control character inside", "MIIT-very\u0001private"],
    ["a leading space", " MIIT-very-private"],
    ["a trailing tab", "MIIT-very-private\t"],
    ["a trailing no-break space", "MIIT-very-private\u00a0"],
  ])("a fixed token with %s, never quoting it", (_name, token) => {
    let error: unknown;
    try {
      createAuthenticator(options({ token }));
    } catch (e) {
      error = e;
    }
    expectConfigurationError(error, "credentials.token must have no control characters (a line end) and no leading or trailing whitespace");
    expect((error as Error).message).not.toContain("private");
  });
  it("a fixed token with spaces inside passes construction (the header check comes on use)", () => {
    expect(() => createAuthenticator(options({ token: "a b" }))).not.toThrow();
  });
  it("a token that is neither a string nor a function", () => {
    expect(() => createAuthenticator(options({ token: 42 }))).toThrow(
      new ConfigurationError("credentials.token must be a string or a function that returns one"),
    );
  });
  it("an akSk that is not a function", () => {
    expect(() => createAuthenticator(options({ akSk: { accessKeyId: "AK", secretAccessKey: SECRET } }))).toThrow(
      new ConfigurationError("credentials.akSk must be a function that returns { accessKeyId, secretAccessKey }"),
    );
  });
  it("AK/SK without an account scope names domainId and its variable", () => {
    expect(() => createAuthenticator(options({ accessKeyId: "AK", secretAccessKey: SECRET }, { scope: undefined }))).toThrow(
      new ConfigurationError("AK/SK signing needs the account id: pass domainId or set HUAWEICLOUD_SDK_DOMAIN_ID"),
    );
  });
});

describe("AK/SK of the wrong shape: one message naming both fields, never a value", () => {
  const message = "AK/SK credentials need a non-empty accessKeyId and secretAccessKey";
  it.each([
    ["no accessKeyId", { secretAccessKey: SECRET }],
    ["an empty accessKeyId", { accessKeyId: "", secretAccessKey: SECRET }],
    ["a numeric accessKeyId", { accessKeyId: 12345, secretAccessKey: SECRET }],
    ["no secretAccessKey", { accessKeyId: "AK" }],
    ["an empty secretAccessKey", { accessKeyId: "AK", secretAccessKey: "" }],
    ["a numeric secretAccessKey", { accessKeyId: "AK", secretAccessKey: 12345 }],
  ])("given: %s", (_name, credentials) => {
    expect(() => createAuthenticator(options(credentials))).toThrow(new ConfigurationError(message));
  });
  it("an akSk provider that returns nothing", async () => {
    expectConfigurationError(await refusal(options({ akSk: async () => undefined })), message);
  });
  it("a security token with a control character", async () => {
    const error = await refusal(options({ akSk: async () => ({ accessKeyId: "AK", secretAccessKey: SECRET, securityToken: "tok\u0001en" }) }));
    expectConfigurationError(error, "AK/SK credentials: securityToken must not contain control characters");
  });
  it("a security token the signer refuses (a leading space) is a ConfigurationError with the signer's message", async () => {
    const error = await refusal(options({ accessKeyId: "AK", secretAccessKey: SECRET, securityToken: " TOKEN-very-private" }));
    expectConfigurationError(error, "securityToken must be printable ASCII without leading or trailing spaces");
    expect((error as Error).message).not.toContain("TOKEN-very-private");
  });
  it("an expiresAt that is not a Date names the AK/SK provider", async () => {
    const error = await refusal(options({ akSk: async () => ({ accessKeyId: "AK", secretAccessKey: SECRET, expiresAt: "tomorrow" }) }));
    expectConfigurationError(error, "the AK/SK provider returned an expiresAt that is not a valid Date");
  });
});

describe("the akSk provider is asked for its kind", () => {
  const kindAsked = async (kind: AuthenticatorOptions["kind"]) => {
    const asked: unknown[] = [];
    const akSk = async (request: unknown) => {
      asked.push(request);
      return { accessKeyId: "AK", secretAccessKey: SECRET };
    };
    await createAuthenticator(options({ akSk }, { kind })).authorize(outgoing(), new Date(0), signal);
    return asked;
  };
  it('"basic" by default', async () => {
    expect(await kindAsked(undefined)).toEqual([{ kind: "basic" }]);
  });
  it("the kind given", async () => {
    expect(await kindAsked("global")).toEqual([{ kind: "global" }]);
  });
});

describe("the account scope id", () => {
  const credentials = { accessKeyId: "AK", secretAccessKey: SECRET };
  it.each([
    ["X-Project-Id", "projectId"],
    ["X-Domain-Id", "domainId"],
  ] as const)("%s: a looked-up id that is not a string is refused, naming %s", async (header, option) => {
    const error = await refusal(options(credentials, { scope: { header, value: async () => 12345 as unknown as string } }));
    expectConfigurationError(error, `the ${option} must be printable ASCII without spaces`);
  });
  it.each([
    ["X-Project-Id", "projectId"],
    ["X-Domain-Id", "domainId"],
  ] as const)("%s: a given id with a space is refused at construction, naming %s", (header, option) => {
    expect(() => createAuthenticator(options(credentials, { scope: { header, value: "p 1" } }))).toThrow(
      new ConfigurationError(`the ${option} must be printable ASCII without spaces`),
    );
  });
  it("is sent and signed by authorize, and left off by authorizeUnscoped", async () => {
    const authenticator = createAuthenticator(options(credentials, { scope: { header: "X-Domain-Id", value: "d1" } }));
    const scoped = outgoing();
    const unscoped = outgoing();
    await authenticator.authorize(scoped, new Date(0), signal);
    await authenticator.authorizeUnscoped!(unscoped, new Date(0), signal);
    expect(scoped.headers.get("x-domain-id")).toBe("d1");
    expect(scoped.headers.get("authorization")).toContain("SignedHeaders=host;x-domain-id;x-sdk-date,");
    expect(unscoped.headers.has("x-domain-id")).toBe(false);
    expect(unscoped.headers.get("authorization")).toContain("SignedHeaders=host;x-sdk-date,");
  });
});

describe("token credentials", () => {
  it("a provider that returns null is a ConfigurationError saying no token came", async () => {
    expectConfigurationError(await refusal(options({ token: async () => null })), "the token provider returned no token");
  });
  it("a provider that returns an object without a token, likewise", async () => {
    expectConfigurationError(await refusal(options({ token: async () => ({ expiresAt: new Date() }) })), "the token provider returned no token");
  });
  it("an expiresAt that is not a Date names the token provider", async () => {
    const error = await refusal(options({ token: async () => ({ token: "tok", expiresAt: "tomorrow" }) }));
    expectConfigurationError(error, "the token provider returned an expiresAt that is not a valid Date");
  });
  it("without a token schema, any header-safe token is sent", async () => {
    const request = outgoing();
    await createAuthenticator(options({ token: "t".repeat(100) }, { tokenSchema: undefined })).authorize(request, new Date(0), signal);
    expect(request.headers.get("x-auth-token")).toBe("t".repeat(100));
  });
  it("once cached, authorize puts the token on synchronously (no promise)", async () => {
    const authenticator = createAuthenticator(options({ token: async () => "tok" }));
    const first = outgoing();
    await authenticator.authorize(first, new Date(0), signal);
    const second = outgoing();
    expect(authenticator.authorize(second, new Date(0), signal)).toBeUndefined();
    expect(second.headers.get("x-auth-token")).toBe("tok");
  });
});

describe("a token from a provider that cannot be a header value: a ValidationError of 'credentials', the token redacted", () => {
  const TOKEN = "MIIT-very-private";
  // From a provider: a fixed token with a control character is refused at construction (above).
  const tokenError = async (token: string, tokenSchema?: AuthenticatorOptions["tokenSchema"]) =>
    (await refusal(options({ token: async () => token }, { tokenSchema }))) as ValidationError;
  const expectRefused = (error: ValidationError, rule: string, message: string) => {
    expect(error).toBeInstanceOf(ValidationError);
    expect({ operationId: error.operationId, parameter: error.parameter, rule: error.rule, value: error.value }).toEqual({
      operationId: "credentials",
      parameter: "X-Auth-Token",
      rule,
      value: "<redacted>",
    });
    expect(error.message).toBe(message);
    expect(error.message).not.toContain(TOKEN);
  };
  it("a control character", async () => {
    expectRefused(
      await tokenError(`${TOKEN}\u0001`),
      "header-value",
      "credentials: X-Auth-Token must not contain control characters (rule: header-value; got <redacted>)",
    );
  });
  it("a character Headers refuses (beyond Latin-1)", async () => {
    expectRefused(
      await tokenError(`${TOKEN}€`),
      "header-value",
      "credentials: X-Auth-Token must be a valid HTTP header value (rule: header-value; got <redacted>)",
    );
  });
  it("longer than the schema allows", async () => {
    const error = await tokenError(TOKEN, { type: "string", maxLength: 4 });
    expect(error).toBeInstanceOf(ValidationError);
    expect({ operationId: error.operationId, parameter: error.parameter, rule: error.rule, value: error.value }).toEqual({
      operationId: "credentials",
      parameter: "X-Auth-Token",
      rule: "maxLength",
      value: "<redacted>",
    });
    expect(error.message).not.toContain(TOKEN);
  });
});
