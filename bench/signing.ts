/**
 * Signing alone: the SDK's signer against the official AKSKSigner
 * (@huaweicloud/huaweicloud-sdk-core) on the same three requests. Both must produce the same
 * Authorization first (same X-Sdk-Date); then each is timed formatting the date itself, ours
 * including the URL parse the transport does for it, the official one stringifying the body
 * object as it does.
 */
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js";
import { signRequest } from "../src/core/auth/signer.js";
import { defaultHashBackend } from "../src/core/auth/hashing.js";
import { AK, BLOCKCHAIN_ID, CA_ID, DOMAIN_ID, PROJECT_ID, SK, activateBody, downloadQuery, revokeBody } from "./lib/fixtures.js";
import { atMost, emit, row, smoke, type Row, type Target } from "./lib/output.js";
import { interleave, pairedRatio } from "./lib/stats.js";

const PCA = "https://ccm.ap-southeast-3.myhuaweicloud.com";
const BCS = "https://bcs.cn-north-4.myhuaweicloud.com";
const credential = { getAk: () => AK, getSk: () => SK } as unknown as Parameters<typeof AKSKSigner.sign>[1];
const creds = { accessKeyId: AK, secretAccessKey: SK };

interface Case {
  readonly name: string;
  readonly method: string;
  readonly url: string;
  readonly scope: [string, string];
  readonly body: object | undefined;
  /** The official signer takes the query apart from the endpoint. */
  readonly officialEndpoint: string;
  readonly queryParams?: Record<string, string>;
}

const cases: Case[] = [
  { name: "activate", method: "POST", url: `${PCA}/v1/private-certificate-authorities/${CA_ID}/activate`, scope: ["X-Domain-Id", DOMAIN_ID], body: activateBody, officialEndpoint: `${PCA}/v1/private-certificate-authorities/${CA_ID}/activate` },
  { name: "revoke", method: "POST", url: `${PCA}/v1/private-certificate-authorities/${CA_ID}/revoke`, scope: ["X-Domain-Id", DOMAIN_ID], body: revokeBody, officialEndpoint: `${PCA}/v1/private-certificate-authorities/${CA_ID}/revoke` },
  {
    name: "downloadCertificates",
    method: "GET",
    url: `${BCS}/v2/${PROJECT_ID}/blockchains/${BLOCKCHAIN_ID}/cert?${new URLSearchParams(downloadQuery)}`,
    scope: ["X-Project-Id", PROJECT_ID],
    body: undefined,
    officialEndpoint: `${BCS}/v2/${PROJECT_ID}/blockchains/${BLOCKCHAIN_ID}/cert`,
    queryParams: { ...downloadQuery },
  },
];

function ours(c: Case, sdkDate?: string) {
  const headers = new Headers(c.body ? { "content-type": "application/json" } : {});
  headers.set(c.scope[0], c.scope[1]);
  if (sdkDate) headers.set("X-Sdk-Date", sdkDate);
  const body = c.body ? JSON.stringify(c.body) : undefined;
  return () => signRequest({ method: c.method, url: new URL(c.url), headers, body }, creds, new Date());
}

function official(c: Case, sdkDate?: string) {
  const headers: Record<string, string> = c.body ? { "content-type": "application/json" } : {};
  headers[c.scope[0]] = c.scope[1];
  if (sdkDate) headers["X-Sdk-Date"] = sdkDate;
  return () =>
    AKSKSigner.sign(
      { endpoint: c.officialEndpoint, method: c.method, headers: { ...headers }, queryParams: c.queryParams ?? {}, data: c.body } as never,
      credential,
    ) as Record<string, string>;
}

const rows: Row[] = [];
const targets: Target[] = [];
const counts = smoke ? { rounds: 3, batch: 20, warmup: 20 } : { rounds: 21, batch: 2000, warmup: 3000 };

for (const c of cases) {
  const date = "20240506T070809Z";
  const mine = (await ours(c, date)())["Authorization"];
  const theirs = official(c, date)()["Authorization"];
  if (mine !== theirs) throw new Error(`${c.name}: Authorization differs\n ours:     ${mine}\n official: ${theirs}`);
  const t = await interleave({ "SDK signer": ours(c), "official AKSKSigner": official(c) }, counts);
  rows.push(row(`${c.name}: SDK signer (${defaultHashBackend().name})`, "CPU µs/signature", t["SDK signer"]!.cpu, "identical Authorization checked first"));
  rows.push(row(`${c.name}: official AKSKSigner`, "CPU µs/signature", t["official AKSKSigner"]!.cpu));
  const ratio = pairedRatio(t["SDK signer"]!.cpu, t["official AKSKSigner"]!.cpu);
  rows.push(row(`${c.name}: SDK / official`, "ratio", ratio));
  rows.push(row(`${c.name}: SDK signer, wall`, "wall µs/signature", t["SDK signer"]!.wall));
  rows.push(row(`${c.name}: official AKSKSigner, wall`, "wall µs/signature", t["official AKSKSigner"]!.wall));
  targets.push(atMost(`signer / official signer (${c.name})`, ratio.median, 0.5, "x"));
}
emit("signing", rows, targets);
