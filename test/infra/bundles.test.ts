import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { ESBUILD_BUNDLE_OPTIONS } from '../../infra/constructs/bundling.ts';
import { copyIntoBundle, REPO_ROOT } from '../../infra/constructs/gancang-function.ts';
import { functionNames, functions } from '../../infra/declaration.ts';
import { COGNITO_TRIGGERS } from '../../infra/constructs/user-directory.ts';
import { NOTIFICATION_REPLIES } from '../../infra/constructs/notification-channels.ts';

// Template tests skip bundling for speed; this proves that what CDK bundles actually loads in a
// bare Node process (ESM/CommonJS interop, the credential alias) and answers an invocation.
const outDir = mkdtempSync(join(tmpdir(), 'gancang-bundles-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function runInFreshNode(file: string, script: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(file)});${script}`], {
    encoding: 'utf8',
    cwd: outDir, // outside the repository: no node_modules to fall back on, everything must be inside
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'ap-southeast-3',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      ORDERING_TABLE_NAME: 'ordering',
      IDEMPOTENCY_TABLE_NAME: 'idempotency',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('Lambda bundles', () => {
  it.each(functionNames())('%s bundles into one self-contained ESM file that exports a handler', async (name) => {
    const file = join(outDir, `${name}.mjs`);
    await build({ ...ESBUILD_BUNDLE_OPTIONS, entryPoints: [functions[name].entry], outfile: file, logLevel: 'error' });
    const run = runInFreshNode(file, 'process.stdout.write(typeof m.handler);');
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.stdout).toBe('function');
  });

  it.each(Object.entries(NOTIFICATION_REPLIES))('the AWS-only function %s bundles into one self-contained ESM file', async (name, entry) => {
    const file = join(outDir, `${name}.mjs`);
    await build({ ...ESBUILD_BUNDLE_OPTIONS, entryPoints: [entry], outfile: file, logLevel: 'error' });
    const run = runInFreshNode(file, 'process.stdout.write(typeof m.handler);');
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.stdout).toBe('function');
  });

  it.each(Object.entries(COGNITO_TRIGGERS))('the Cognito trigger %s bundles into one self-contained ESM file', async (name, entry) => {
    const file = join(outDir, `${name}.mjs`);
    await build({ ...ESBUILD_BUNDLE_OPTIONS, entryPoints: [entry], outfile: file, logLevel: 'error' });
    const run = runInFreshNode(file, 'process.stdout.write(typeof m.handler);');
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.stdout).toBe('function');
  });

  it('a bundled API handler answers bad input with the 400 envelope, credentials from the environment', async () => {
    const file = join(outDir, 'medicineOrders.mjs');
    await build({ ...ESBUILD_BUNDLE_OPTIONS, entryPoints: [functions.medicineOrders.entry], outfile: file, logLevel: 'error' });
    const event = {
      version: '2.0',
      routeKey: 'POST /v1/medicine-orders',
      rawPath: '/v1/medicine-orders',
      headers: {},
      body: '{"facilityId": 1}',
      isBase64Encoded: false,
      requestContext: { requestId: 'r1', http: { method: 'POST', path: '/v1/medicine-orders' }, authorizer: { jwt: { claims: { sub: 'a', 'cognito:groups': '[pharmacy]' }, scopes: [] } } },
    };
    const context = { functionName: 'f', awsRequestId: 'a', getRemainingTimeInMillis: () => 5000 };
    const run = runInFreshNode(file, `const r = await m.handler(${JSON.stringify(event)}, ${JSON.stringify(context).replace('"getRemainingTimeInMillis":', '"x":')}); process.stdout.write(JSON.stringify(r));`);
    const result = JSON.parse(run.stdout) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).error.code).toBe('VALIDATION_FAILED');
  });

  it('leaves the SDK default credential chain (SSO, profiles, IMDS) out of the bundles', async () => {
    const file = join(outDir, 'tracking-meta.mjs');
    const result = await build({ ...ESBUILD_BUNDLE_OPTIONS, entryPoints: [functions.tracking.entry], outfile: file, metafile: true, logLevel: 'error' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('credential-provider-sso'))).toBe(false);
    expect(inputs.some((path) => path.includes('credential-provider-env'))).toBe(true);
  });

  it('the docs function serves Swagger UI from the files its bundling hook copies beside the bundle', async () => {
    const dir = mkdtempSync(join(outDir, 'api-docs-'));
    const file = join(dir, 'index.mjs');
    await build({ ...ESBUILD_BUNDLE_OPTIONS, entryPoints: [functions.apiDocs.entry], outfile: file, logLevel: 'error' });
    for (const command of copyIntoBundle(functions.apiDocs.copies).afterBundling(REPO_ROOT, dir)) {
      expect(spawnSync('sh', ['-c', command]).status).toBe(0);
    }
    const event = (path: string) => ({
      version: '2.0',
      routeKey: path.startsWith('/docs/') ? 'GET /docs/{asset}' : `GET ${path}`,
      rawPath: path,
      headers: {},
      ...(path.startsWith('/docs/') && { pathParameters: { asset: path.slice('/docs/'.length) } }),
      isBase64Encoded: false,
      requestContext: { requestId: 'r1', http: { method: 'GET', path } },
    });
    const context = '{ functionName: "f", awsRequestId: "a", getRemainingTimeInMillis: () => 5000 }';
    const answer = (path: string) => {
      const run = runInFreshNode(file, `const r = await m.handler(${JSON.stringify(event(path))}, ${context}); process.stdout.write(JSON.stringify(r));`);
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout) as { statusCode: number; headers: Record<string, string>; body: string };
    };
    const css = answer('/docs/swagger-ui.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain('.swagger-ui');
    const document = answer('/v1/openapi.json');
    expect(JSON.parse(document.body).openapi).toBe('3.1.0');
  });
});

