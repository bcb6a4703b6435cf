/**
 * One download in a fresh process for the memory section: node memory-child.mjs MODE ORIGIN SIZE.
 * Prints the bytes read and the process's peak resident set.
 */
import { BcsClient } from "../../src/index.js";
import { BLOCKCHAIN_ID, PROJECT_ID, TOKEN, downloadQuery, paths } from "./fixtures.js";

const [mode, origin, sizeText] = process.argv.slice(2) as [string, string, string];
const size = Number(sizeText);
const bcs = new BcsClient({ endpoint: origin, projectId: PROJECT_ID, credentials: { token: TOKEN }, maxBufferedBytes: size + 1 });
const params = { blockchain_id: BLOCKCHAIN_ID, ...downloadQuery };
let bytes = 0;
const drain = async (stream: ReadableStream<Uint8Array>) => {
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) bytes += part.byteLength;
};
if (mode === "baseline") {
  const r = await fetch(`${origin}/big/1024`);
  bytes = (await r.arrayBuffer()).byteLength;
} else if (mode === "raw fetch, streamed") {
  const r = await fetch(origin + paths.download, { headers: { "x-auth-token": TOKEN } });
  await drain(r.body!);
} else if (mode === "raw fetch, buffered") {
  const r = await fetch(origin + paths.download, { headers: { "x-auth-token": TOKEN } });
  bytes = (await r.arrayBuffer()).byteLength;
} else if (mode === "SDK, streamed") {
  const { stream } = await bcs.downloadCertificates(params, { stream: true });
  await drain(stream);
} else if (mode === "SDK, buffered") {
  bytes = (await bcs.downloadCertificates(params)).data.byteLength;
} else {
  throw new Error(`unknown mode ${mode}`);
}
process.stdout.write(JSON.stringify({ bytes, maxRssKiB: process.resourceUsage().maxRSS }));
