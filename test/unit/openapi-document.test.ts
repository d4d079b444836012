import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { routeKey, routes } from '../../infra/declaration.ts';
import { contracts } from '../../infra/openapi/contracts.ts';
import { declaredOperations, operationId, refusalsOf } from '../../infra/openapi/document.ts';
import { DOCUMENT_FILE, documentText, TYPES_FILE, typesText } from '../../infra/openapi/generate.ts';

/**
 * The published contract is generated, never edited: these fail when the committed document or
 * client types differ from a fresh generation (run `npm run openapi`), when a declared route has
 * no operation, when an example contradicts its schema, or when the OpenAPI linter finds an error.
 */
const fresh = documentText();
const document = JSON.parse(fresh) as {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown>; security?: Record<string, string[]>[] }>>;
};

describe('the OpenAPI document', () => {
  it('is committed as generated (npm run openapi writes it)', () => {
    expect(readFileSync(DOCUMENT_FILE, 'utf8')).toBe(fresh);
  });

  it('comes with client types generated from it (npm run openapi writes them)', async () => {
    expect(readFileSync(TYPES_FILE, 'utf8')).toBe(await typesText(fresh));
  });

  it('has an operation for every declared route, and none that no route declares', () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map(routeKey).sort());
    expect(declaredOperations()).toHaveLength(routes.length);
  });

  it('asks for the scopes of the roles the declaration admits, and no token on public routes', () => {
    for (const route of routes) {
      const operation = document.paths[route.path]![route.method.toLowerCase()]!;
      expect(operation.operationId).toBe(operationId(route));
      expect(operation.security).toEqual(route.auth === 'public' ? [] : [{ gancangJwt: route.auth.map((role) => `gancang/${role}`) }]);
      if (route.auth !== 'public') expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('declares the platform refusals where they can happen: idempotency on POST, a body that is not JSON on POST and PUT', () => {
    for (const { route, operation } of declaredOperations()) {
      const refusals = refusalsOf(route, operation);
      expect(refusals.get(422)?.includes('IDEMPOTENCY_KEY_REUSED') ?? false).toBe(route.method === 'POST');
      expect(refusals.has(415)).toBe(route.method === 'POST' || route.method === 'PUT');
      expect(refusals.get(400)?.includes('MISSING_BODY') ?? false).toBe(operation.body !== undefined && !operation.bodyOptional);
    }
  });

  it('gives every operation a realistic example: its request body, and an answer for each JSON success', () => {
    const missing = declaredOperations().flatMap(({ route, operation }) => [
      ...(operation.body !== undefined && operation.example?.body === undefined && !operation.bodyOptional ? [`${routeKey(route)} request body`] : []),
      ...Object.entries(operation.responses)
        .filter(([, response]) => response?.schema !== undefined && response.example === undefined && route.path !== '/v1/openapi.json')
        .map(([status]) => `${routeKey(route)} ${status}`),
    ]);
    expect(missing).toEqual([]);
  });

  it('has examples that its own schemas accept', () => {
    let checked = 0;
    for (const contract of Object.values(contracts)) {
      for (const [key, operation] of Object.entries(contract ?? {})) {
        if (operation.example?.body !== undefined) {
          expect(operation.body?.safeParse(operation.example.body).error, `${key} request example`).toBeUndefined();
          checked++;
        }
        if (operation.example?.path) expect(operation.path?.safeParse(operation.example.path).error, `${key} path example`).toBeUndefined();
        if (operation.example?.query) expect(operation.query?.safeParse(operation.example.query).error, `${key} query example`).toBeUndefined();
        for (const [status, response] of Object.entries(operation.responses)) {
          if (response?.schema && response.example !== undefined) {
            expect(response.schema.safeParse(response.example).error, `${key} ${status} example`).toBeUndefined();
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(routes.length);
  });

  it('passes the OpenAPI linter (Redocly, recommended rules) with no error and no warning', () => {
    const cli = fileURLToPath(new URL('../../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
    const lint = spawnSync(process.execPath, [cli, 'lint', '--format=json', fileURLToPath(DOCUMENT_FILE)], { encoding: 'utf8' });
    const report = JSON.parse(lint.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; severity: string; message: string }[] };
    expect(report.problems.map(({ ruleId, severity, message }) => `${severity} ${ruleId}: ${message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});
