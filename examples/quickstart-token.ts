/**
 * README quick start, with an IAM token (type-checked by `npm run typecheck`; run it against the
 * real cloud with IAM_USER, IAM_PASSWORD, IAM_ACCOUNT, BCS_PROJECT_ID and BCS_BLOCKCHAIN_ID set).
 */
import { BcsClient, iamPasswordTokenProvider } from "../src/index.js";

const bcs = new BcsClient({
  region: "cn-north-4",
  projectId: process.env.BCS_PROJECT_ID!,
  // A fixed token string works too: { token: "MIIE..." }.
  credentials: {
    token: iamPasswordTokenProvider({
      userName: process.env.IAM_USER!,
      password: process.env.IAM_PASSWORD!,
      domainName: process.env.IAM_ACCOUNT!,
      scope: { project: { name: "cn-north-4" } },
    }),
  },
});

const cert = await bcs.generateUserCertificate({
  blockchain_id: process.env.BCS_BLOCKCHAIN_ID!,
  org_name: "org1",
  user_name: "user01",
  security_mode: true,
});
console.log(cert.data.byteLength, cert.contentType, cert.fileName, cert.requestId);
