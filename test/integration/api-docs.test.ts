import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { routes } from '../../infra/declaration.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';

/**
 * The published contract as integrators meet it: the document the API serves is the committed
 * one, and the reference page renders every operation in a real browser (Debian's Chromium,
 * driven by playwright-core) with no request leaving the API's origin and no Content-Security-
 * Policy violation.
 */
const CHROMIUM = process.env.GANCANG_CHROMIUM ?? '/usr/bin/chromium';
const committed = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as unknown;

let t: TestRuntime;
let browser: Browser;

beforeAll(async () => {
  t = await startTestRuntime();
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set GANCANG_CHROMIUM`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('the published contract', () => {
  it('GET /v1/openapi.json serves the committed document, to anyone', async () => {
    const response = await t.get('/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(committed);
  });

  it('GET /docs is a page that may load nothing from elsewhere', async () => {
    const response = await t.get('/docs');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.text).not.toMatch(/https?:\/\//);
  });

  it('an unknown file under /docs is a 404', async () => {
    expect((await t.get('/docs/favicon.ico')).status).toBe(404);
  });

  it('renders every operation in a headless browser, with no external request and no CSP violation', async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    const problems: string[] = [];
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(t.apiUrl)) return route.continue();
      elsewhere.push(route.request().url());
      return route.abort();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${t.apiUrl}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.opblock').count()).toBe(routes.length);
    await expect.poll(() => page.locator('.info .title').innerText()).toContain('Gancang API');
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
