import type { BuildOptions } from 'esbuild';

/**
 * How every function is bundled, in one place: the CDK construct (NodejsFunction) and the bench
 * (which measures what would deploy) both read these settings.
 *
 * The AWS SDK v3 (`@aws-sdk/*`, `@smithy/*`) is left out: the Lambda Node.js runtime ships it.
 * Bundled, the SDK alone is ~330 KB minified and would put every API function over the 250 KB
 * budget; taken from the runtime it costs nothing to download and is already on disk. The price
 * is that AWS chooses the SDK patch version in production; the SDK's wire protocol is stable, and
 * the tests pin and exercise the version in package-lock.json.
 */
export const EXTERNAL_MODULES: readonly string[] = ['@aws-sdk/*', '@smithy/*'];

export const NODE_TARGET = 'node24';

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
  banner: { js: ESM_REQUIRE_BANNER },
} as const satisfies BuildOptions;
