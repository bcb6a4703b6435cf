/**
 * README "Files, streams and uploads": a file buffered, the same file as a stream, and a .zip
 * uploaded. Type-checked by `npm run typecheck`; test/unit/readme.test.ts checks that the README
 * quotes it word for word.
 */
import { readFile } from "node:fs/promises";
import { BcsClient } from "../src/index.js";

const bcs = new BcsClient({ region: "cn-north-4" });
const blockchain_id = process.env.BCS_BLOCKCHAIN_ID!;
const zipBytes = await readFile("user01-certificates.zip"); // a Buffer is a Uint8Array

const file = await bcs.downloadCertificates({ blockchain_id, org_name: "org1", cert_type: "ca" });
const { stream } = await bcs.downloadCertificates({ blockchain_id, org_name: "org1", cert_type: "ca" }, { stream: true });
await bcs.freezeUserCertificate({ blockchain_id, org_name: "org1", user_name: "user01", file: zipBytes });
console.log(file.data.byteLength, file.fileName, await new Response(stream).arrayBuffer());
