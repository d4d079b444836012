/**
 * The web app in a real browser: Debian's Chromium driven by playwright-core, pages that record
 * every request leaving the app's origin (and refuse it) and every console error or CSP
 * violation, axe-core's accessibility check, and first contentful paint on an emulated slow 4G
 * connection. The browser tests and `npm run bench` share it.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.GANCANG_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots of the pages (git-ignored): phone and desktop sizes. */
export const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

/** The "slow 4G": 400 kbit/s each way, 400 ms round trip, a phone's CPU (4× slower). */
export const SLOW_4G = { latencyMs: 400, kbitPerSecond: 400, cpuSlowdown: 4 } as const;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set GANCANG_CHROMIUM`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** URLs the page tried to load from another origin (each refused). */
  readonly elsewhere: string[];
  /** Console errors, uncaught exceptions and Content-Security-Policy violations. */
  readonly problems: string[];
  close(): Promise<void>;
}

/** A fresh context (own storage) whose page may load only from `origin`. */
export async function watchedPage(browser: Browser, origin: string, viewport: { width: number; height: number } = PHONE): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
  const page = await context.newPage();
  const elsewhere: string[] = [];
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return route.continue();
    elsewhere.push(url);
    return route.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  // Browser-side code is passed as text here: this file is type-checked without the DOM's types.
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));`,
  });
  return { page, context, elsewhere, problems, close: () => context.close() };
}

/**
 * Signs in on the local /signin page as a person picks a role and a subject (the page is in
 * Indonesian until switched), and waits for the page sign-in sends that role to.
 */
export async function signInOnPage(page: Page, origin: string, role: string, sub: string, home: string): Promise<void> {
  await page.goto(`${origin}/signin`);
  await page.getByLabel('Peran').selectOption(role);
  await page.getByLabel('Subjek (pengguna)').fill(sub);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL(`${origin}${home}`);
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

const AXE_SOURCE = readFileSync(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8');

/**
 * axe-core's serious and critical violations on the page as it stands (WCAG 2.1 A and AA rules).
 * The script is evaluated through the DevTools protocol, which the page's CSP does not govern.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(`
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
      .then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => String(n.target)) })))
  `);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * The app's own files (paths under /assets/, as `builtAssets()` names them) that a first visit to
 * `url` downloads, until `readySelector` is on screen and the network is quiet: what a phone
 * fetches to run that page, lazy chunks included, other pages' chunks not.
 */
export async function assetsLoadedBy(browser: Browser, url: string, readySelector: string): Promise<string[]> {
  const context = await browser.newContext({ viewport: PHONE });
  try {
    const page = await context.newPage();
    const files = new Set<string>();
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/assets/')) files.add(path.slice(1));
    });
    await page.goto(url);
    await page.locator(readySelector).first().waitFor();
    await page.waitForLoadState('networkidle');
    return [...files].sort();
  } finally {
    await context.close();
  }
}

export interface PaintTimes {
  /** First contentful paint, from navigation start. */
  readonly firstContentfulPaintMs: number;
  /** Until `readySelector` was on screen (the page's real content), from navigation start. */
  readonly contentShownMs: number;
}

/** Opens `url` on an emulated slow 4G connection and a slowed CPU, in a fresh context (empty cache). */
export async function paintTimesOnSlow4g(browser: Browser, url: string, readySelector: string): Promise<PaintTimes> {
  const context = await browser.newContext({ viewport: PHONE });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const bytesPerSecond = (SLOW_4G.kbitPerSecond * 1000) / 8;
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: SLOW_4G.latencyMs,
      downloadThroughput: bytesPerSecond,
      uploadThroughput: bytesPerSecond,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_4G.cpuSlowdown });
    // Noted in the page when the content is inserted, not when the test gets to ask.
    await page.addInitScript({
      content: `
        const observer = new MutationObserver(() => {
          if (!document.querySelector(${JSON.stringify(readySelector)})) return;
          window.contentShownAt = performance.now();
          observer.disconnect();
        });
        observer.observe(document, { childList: true, subtree: true });`,
    });
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator(readySelector).first().waitFor({ timeout: 30_000 });
    const contentShownMs = await page.evaluate<number>('window.contentShownAt');
    const firstContentfulPaintMs = await page.evaluate<number>(`
      new Promise((resolve) => {
        new PerformanceObserver((list) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (entry) resolve(entry.startTime);
        }).observe({ type: 'paint', buffered: true });
      })`);
    return { firstContentfulPaintMs, contentShownMs };
  } finally {
    await context.close();
  }
}
