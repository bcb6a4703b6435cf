/** Code sample of createUserTokenByPassword in the reference docs (type-checked by `npm run typecheck`). */
import { BcsClient, iamPasswordTokenProvider } from "../../src/index.js";

// The provider calls POST /v3/auth/tokens and reads the token from X-Subject-Token; a client
// sends it as X-Auth-Token and asks for a new one shortly before token.expires_at.
const token = iamPasswordTokenProvider({
  userName: process.env.IAM_USER!,
  password: process.env.IAM_PASSWORD!,
  domainName: process.env.IAM_ACCOUNT!,
  scope: { project: { name: "cn-north-4" } },
});

const bcs = new BcsClient({ region: "cn-north-4", projectId: process.env.BCS_PROJECT_ID!, credentials: { token } });
console.log(bcs.endpoint);
