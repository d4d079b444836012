/**
 * CDK entry point (cdk.json: `npx tsx infra/app.ts`): `npm run synth`, `npm run deploy`.
 * The region comes from the CLI's profile or AWS_REGION (ap-southeast-3, Jakarta, is the
 * recommended one for Banyuwangi).
 */
import { buildApp } from './stacks/build-app.ts';

const { app } = buildApp({
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
