/**
 * Where Prism's HTTP libraries are: resolved through the installed @stoplight/prism-cli (the
 * optional peer dependency), whose own dependencies they are, so that they are found under any
 * package manager's layout. A missing Prism is a ConfigurationError that says what to install.
 */
import { createRequire } from "node:module";
import { ConfigurationError } from "../core/errors.js";

/** The peer dependency the mock needs. */
export const PRISM_PACKAGE = "@stoplight/prism-cli";
export const PRISM_VERSION = "5.14.2";

export interface PrismModules {
  /** @stoplight/prism-http: routing, validation and mocking from OpenAPI documents. */
  readonly http: string;
  /** @stoplight/prism-http-server: Prism's HTTP server around it. */
  readonly httpServer: string;
  /** @stoplight/prism-core: its logger. */
  readonly core: string;
  /** @faker-js/faker as prism-http resolves it, loaded only when first used (prism-worker.cjs). */
  readonly faker: string | undefined;
  /** postman-collection as @stoplight/http-spec resolves it (for Postman input only; deferred too). */
  readonly postman: string | undefined;
}

/** `from`: the module to resolve from (this package's location; a test points it elsewhere). */
export function resolvePrismModules(from: string | URL = import.meta.url): PrismModules {
  let cli: string;
  try {
    cli = createRequire(from).resolve(`${PRISM_PACKAGE}/package.json`);
  } catch {
    throw new ConfigurationError(
      `startMock() needs the optional peer dependency ${PRISM_PACKAGE}, which is not installed: ` +
        `run \`npm install --save-dev ${PRISM_PACKAGE}@${PRISM_VERSION}\``,
    );
  }
  const fromCli = createRequire(cli);
  try {
    const http = fromCli.resolve("@stoplight/prism-http");
    const fromHttp = createRequire(http);
    return {
      http,
      httpServer: fromCli.resolve("@stoplight/prism-http-server"),
      core: fromCli.resolve("@stoplight/prism-core"),
      faker: optional(() => fromHttp.resolve("@faker-js/faker")),
      postman: optional(() => createRequire(fromHttp.resolve("@stoplight/http-spec/postman/operation")).resolve("postman-collection")),
    };
  } catch (error) {
    throw new ConfigurationError(
      `${PRISM_PACKAGE} is installed but incomplete (${(error as Error).message.split("\n", 1)[0]}): ` +
        `reinstall it with \`npm install --save-dev ${PRISM_PACKAGE}@${PRISM_VERSION}\``,
    );
  }
}

function optional(resolve: () => string): string | undefined {
  try {
    return resolve();
    // Stryker disable next-line BlockStatement: an empty catch returns undefined too
  } catch {
    return undefined;
  }
}
