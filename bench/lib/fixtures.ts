/**
 * The requests every section measures: activate and revoke (PCA, JSON POSTs answered 204) and
 * downloadCertificates (BCS, a GET answered with a small file), with the same ids, token and
 * AK/SK everywhere.
 */
export const CA_ID = "4c0e772e-a30c-4029-b929-b7acb04143f7";
export const PROJECT_ID = "0b3c5e7a9d1f4e6c8a2b4d6f8e0a2c4e";
export const BLOCKCHAIN_ID = "c5d4e3f2-a1b0-4c9d-8e7f-6a5b4c3d2e1f";
export const DOMAIN_ID = "1f2e3d4c5b6a79880f1e2d3c4b5a6978";

export const activateBody = {
  issuer_id: "c718fe5f-d44a-467f-80f1-948348ff4132",
  path_length: 3,
  signature_algorithm: "SHA256",
  validity: { type: "YEAR", value: 1 },
} as const;
export const revokeBody = { reason: "KEY_COMPROMISE" } as const;
export const downloadQuery = { org_name: "org1", cert_type: "ca" } as const;

/** An IAM token is several KiB: the size matters to per-call header checks. */
export const TOKEN = "MIIT" + "A".repeat(6 * 1024 - 4);
export const AK = "HPUAEXAMPLEACCESSKEY";
export const SK = "exampleSecretAccessKey0123456789abcdefghij";

/** What the small download answers with. */
export const CERT_BYTES = new Uint8Array(2048).map((_, i) => i & 0xff);

export const paths = {
  activate: `/v1/private-certificate-authorities/${CA_ID}/activate`,
  revoke: `/v1/private-certificate-authorities/${CA_ID}/revoke`,
  download: `/v2/${PROJECT_ID}/blockchains/${BLOCKCHAIN_ID}/cert?org_name=org1&cert_type=ca`,
} as const;

/** The server's answer to each request, shared by the loopback server and the in-memory fetch. */
export function answer(method: string, pathname: string): { status: number; headers: Record<string, string>; body: Uint8Array | null } {
  if (method === "POST" && (pathname.endsWith("/activate") || pathname.endsWith("/revoke"))) {
    return { status: 204, headers: { "x-request-id": "req-1" }, body: null };
  }
  if (method === "GET" && pathname.endsWith("/cert")) {
    return {
      status: 200,
      headers: {
        "x-request-id": "req-1",
        "content-type": "application/octet-stream",
        "content-disposition": 'attachment; filename="ca.zip"',
        "content-length": String(CERT_BYTES.byteLength),
      },
      body: CERT_BYTES,
    };
  }
  return { status: 404, headers: {}, body: null };
}

/** A fetch that answers at once, from memory, as the loopback server would. */
export const inMemoryFetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const method = init?.method ?? (input instanceof Request ? input.method : "GET");
  const pathname = new URL(url).pathname;
  const { status, headers, body } = answer(method.toUpperCase(), pathname);
  return new Response(body as BodyInit | null, { status, headers });
}) as typeof globalThis.fetch;
