/**
 * Starts the mock (Prism behind the signature-checking gateway) once for the contract project,
 * hands its endpoints and credentials to the tests through `inject("mock")`, and always stops it.
 * Stateless: these suites hold the SDK against the spec's own examples (which name CAs no state
 * holds); private-ca-lifecycle.test.ts starts the stateful mock of its own.
 */
import type { TestProject } from "vitest/node";
import { startMock, type RunningMock } from "../../src/testing/mock.js";

export interface MockInfo {
  endpoints: RunningMock["endpoints"];
  credentials: RunningMock["credentials"];
  pids: number[];
}

declare module "vitest" {
  export interface ProvidedContext {
    mock: MockInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mock = await startMock({ stateless: true });
  project.provide("mock", { endpoints: mock.endpoints, credentials: mock.credentials, pids: [...mock.pids] });
  return () => mock.stop();
}
