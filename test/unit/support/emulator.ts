/** Driving the PCA emulator's handlers in tests: one call per operation, a fixed clock, PEM tools. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { createPcaEmulator, type PcaEmulator, type PcaEmulatorOptions } from "../../../src/testing/emulator/index.js";
import type { EmulatorAnswer } from "../../../src/testing/emulator/types.js";

export const NOW = new Date("2026-11-24T12:00:00Z");
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface Call {
  readonly path?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly now?: Date;
}

export class Driver {
  readonly emulator: PcaEmulator;
  now = NOW;
  constructor(options: PcaEmulatorOptions = {}) {
    this.emulator = createPcaEmulator({ now: () => this.now, ...options });
  }

  async call(operationId: string, call: Call = {}): Promise<EmulatorAnswer> {
    const handler = this.emulator.handlers[operationId];
    if (handler === undefined) throw new Error(`no handler for ${operationId}`);
    return handler({ operationId, path: call.path ?? {}, query: call.query ?? {}, body: call.body, now: call.now ?? this.now });
  }

  /** Calls, expects `status`, and returns the JSON body. */
  async expectStatus(status: number, operationId: string, call: Call = {}): Promise<Record<string, any>> {
    const answer = await this.call(operationId, call);
    expect(answer, `${operationId} answered ${JSON.stringify(answer.body)}`).toMatchObject({ status });
    return (answer.body ?? {}) as Record<string, any>;
  }

  /** Calls and expects a refusal with this status, code and message. */
  async expectRefusal(code: string, operationId: string, call: Call = {}): Promise<void> {
    const answer = await this.call(operationId, call);
    expect(answer.status).toBe(REFUSALS[code]?.status);
    expect(answer.body).toEqual({ error_code: code, error_msg: REFUSALS[code]?.message });
  }

  async createRoot(overrides: Record<string, unknown> = {}): Promise<string> {
    const body = await this.expectStatus(200, "createCertificateAuthority", { body: { ...rootBody(), ...overrides } });
    return body["ca_id"];
  }

  async createSubordinate(issuerId: string | undefined, overrides: Record<string, unknown> = {}): Promise<string> {
    const body = await this.expectStatus(200, "createCertificateAuthority", {
      body: { ...subordinateBody(issuerId), ...overrides },
    });
    return body["ca_id"];
  }

  async issue(issuerId: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const body = await this.expectStatus(200, "issueCertificate", { body: { ...leafBody(issuerId), ...overrides } });
    return body["certificate_id"];
  }

  async ca(caId: string): Promise<Record<string, any>> {
    return this.expectStatus(200, "getCertificateAuthority", { path: { ca_id: caId } });
  }
}

/** The documented refusals, as the tests expect them (independent of src/). */
export const REFUSALS: Record<string, { status: number; message: string }> = {
  "PCA.00020001": { status: 400, message: "Incorrect parameter." },
  "PCA.00020101": { status: 400, message: "Incorrect certificate distinguished name." },
  "PCA.00020102": { status: 400, message: "Invalid key algorithm. Only RSA2048, RSA4096, EC256, and EC384 are supported." },
  "PCA.00020103": { status: 400, message: "Invalid signature hash algorithm. Only SHA256, SHA384, and SHA512 are supported." },
  "PCA.00020109": { status: 400, message: "Invalid validity period type or value. Only year, month, or day supported." },
  "PCA.00020110": { status: 400, message: "Incorrect domain name." },
  "PCA.00020111": { status: 400, message: "Invalid IP. Enter an IPv4 address." },
  "PCA.00020112": { status: 400, message: "Invalid alternative name type of the certificate subject. Enter an IP or DNS." },
  "PCA.00020201": { status: 400, message: "Invalid CA ID. Valid CA IDs use a hexadecimal xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx format." },
  "PCA.00020202": { status: 400, message: "Invalid CA type. Only root CA and subordinate CA are supported." },
  "PCA.10010002": { status: 400, message: "The resource does not exist." },
  "PCA.10010105": { status: 400, message: "invalid parameter format, parameter name: certificate_id" },
};

export const ROOT_DN = { common_name: "Test Root", country: "CN", state: "Guangdong", locality: "Shenzhen", organization: "Acme", organizational_unit: "PKI" };

export function rootBody(): Record<string, unknown> {
  return { type: "ROOT", distinguished_name: ROOT_DN, key_algorithm: "EC256", signature_algorithm: "SHA256", validity: { type: "YEAR", value: 10 } };
}

export function subordinateBody(issuerId: string | undefined): Record<string, unknown> {
  return {
    type: "SUBORDINATE",
    distinguished_name: { ...ROOT_DN, common_name: "Test Sub" },
    key_algorithm: "EC256",
    ...(issuerId === undefined ? {} : { issuer_id: issuerId, signature_algorithm: "SHA256", validity: { type: "YEAR", value: 5 } }),
  };
}

export function leafBody(issuerId: string): Record<string, unknown> {
  return { issuer_id: issuerId, distinguished_name: { common_name: "www.example.com" }, validity: { type: "DAY", value: 30 } };
}

/** PEM with \r\n as the API sends it, back to plain PEM. */
export function pem(text: string): string {
  return text.replace(/\r\n/g, "\n");
}

/** The PEM blocks of a chain. */
export function blocks(text: string): string[] {
  return pem(text).match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g) ?? [];
}

/** Runs a program in a scratch folder holding `files`; returns its stdout (throws on a non-zero exit). */
export function runWith(files: Record<string, string | Uint8Array>, program: string, args: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "pca-emulator-"));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return execFileSync(program, [...args], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
