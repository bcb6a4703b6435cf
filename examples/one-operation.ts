/** README "Two ways to call an operation": a bare client and the one operation function an app imports. */
import { PcaBareClient, akSkSigning, issueCertificate } from "../src/index.js";

// No credential chain, no IAM lookup, and no AK/SK signer unless given as a plugin: a bundler
// keeps only what this file uses. Credentials and ids are passed in.
const pca = new PcaBareClient({ region: "ap-southeast-3", credentials: { token: process.env.HW_TOKEN! } });
const signed = new PcaBareClient({
  region: "ap-southeast-3",
  domainId: process.env.HW_DOMAIN_ID!,
  credentials: { accessKeyId: process.env.HW_AK!, secretAccessKey: process.env.HW_SK! },
  plugins: [akSkSigning], // AK/SK signing; `discovery` adds the credential chain and the IAM lookups
});

const { certificate_id } = await issueCertificate(pca, {
  issuer_id: process.env.CA_ID!,
  key_algorithm: "EC256",
  signature_algorithm: "SHA256",
  distinguished_name: { common_name: "app.example.com" },
  validity: { type: "DAY", value: 90 },
});
console.log(certificate_id, signed.domainId);
