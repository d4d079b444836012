import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (see
 * infra/constructs/bundling.ts). Lambda always hands a function its role's credentials in
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, so the rest of the default chain
 * (SSO, profiles, IMDS, container, web identity) can never answer there; bundled, it costs about
 * 130 KB and 17 ms of every cold start. Tests and the local runtime use the real chain.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
