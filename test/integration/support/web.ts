/**
 * The browser tests' setting: the web app built (when its sources changed), a local runtime that
 * serves it on the API's origin, and Debian's Chromium. Map tiles are off unless a test sets them.
 */
import { createServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { buildWebApp, isWebAppStale } from '../../../infra/web/build.ts';
import { launchBrowser } from './browser.ts';
import { startTestRuntime, type TestRuntime, type TestRuntimeOptions } from './local.ts';

export interface WebTestRuntime {
  readonly t: TestRuntime;
  readonly browser: Browser;
}

export async function startWebTestRuntime(options: TestRuntimeOptions = {}): Promise<WebTestRuntime> {
  if (isWebAppStale()) {
    const { ms } = await buildWebApp();
    console.log(`[web] built the app in ${(ms / 1000).toFixed(1)} s`);
  }
  const t = await startTestRuntime({ mapTiles: null, ...options });
  return { t, browser: await launchBrowser() };
}

/**
 * A port free right now, for a runtime that must know its own origin before it starts (e.g. tiles
 * served, or not, by that origin). Another process could take it in between; tests run on one host.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
