import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/**
 * How every function is bundled, in one place: the CDK construct (NodejsFunction) and the bench
 * (which measures what deploys) both read these settings.
 *
 * The AWS SDK is bundled, not taken from the Lambda runtime. Loaded from the runtime's
 * node_modules, the DynamoDB and SQS clients cost ~115 ms of import at every cold start on the
 * bench machine; bundled, minified and tree-shaken, with the credential chain cut down to what
 * Lambda uses (lambda-credentials.ts), ~30 ms. It also means the SDK version we test is the one
 * that runs. The price is bundle size: an API function is ~400 KB instead of ~190 KB, which costs
 * Lambda nothing noticeable to fetch and is what `npm run bench` shows against the 250 KB budget.
 */
export const NODE_TARGET = 'node24';

export const LAMBDA_CREDENTIALS_MODULE = fileURLToPath(new URL('../../shared/platform/lambda-credentials.ts', import.meta.url));

export const ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': LAMBDA_CREDENTIALS_MODULE,
};

export const EXTERNAL_MODULES: readonly string[] = [];

// ESM bundles still meet CommonJS dependencies that call `require`; esbuild's shim needs a real
// `require` in scope to resolve them.
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __gancangCreateRequire } from 'node:module'; const require = __gancangCreateRequire(import.meta.url);";

export const ESBUILD_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: NODE_TARGET,
  minify: true,
  mainFields: ['module', 'main'],
  external: [...EXTERNAL_MODULES],
  alias: { ...ALIASES },
  banner: { js: ESM_REQUIRE_BANNER },
} as const satisfies BuildOptions;

/** The same aliases as esbuild CLI arguments, for NodejsFunction's `esbuildArgs`. */
export const ESBUILD_ALIAS_ARGS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ALIASES).map(([from, to]) => [`--alias:${from}`, to]),
);
