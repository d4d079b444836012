/**
 * The simulation's HTML report in a real browser: runs made up by a seeded builder (a festival
 * evening with a promotion and a missed target; a day of medicine and rides meeting all of its),
 * rendered, written to a file and opened from file://, as someone opens a report mailed to them.
 * Each chart drew as many bars, points or dots as the run has values, bigger values as taller
 * bars; every table holds the run's figures; the page made no request beyond its own file and no
 * console or CSP error; axe-core finds no serious or critical violation; a desktop screenshot lands
 * in test/artifacts/ (the README's docs/screens/simulation-report.png is a copy of it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { binLabel, histogramBins } from '../../infra/simulate/report/charts.ts';
import { renderSimulationReport } from '../../infra/simulate/report/html.ts';
import type { OrderKind, Outcome } from '../../infra/simulate/result.ts';
import { buildSimulationRun, type BuiltRun, type RunShape } from '../unit/support/simulation-result.ts';
import { DESKTOP, launchBrowser, screenshot, seriousAccessibilityViolations, watchedPage, type WatchedPage } from './support/browser.ts';

const KINDS: readonly OrderKind[] = ['MEDICINE', 'FOOD', 'RIDE'];
const OUTCOMES: readonly Outcome[] = ['DELIVERED', 'FAILED', 'CANCELLED', 'OPEN'];
const KIND_NAMES: Record<OrderKind, string> = { MEDICINE: 'Medicine', FOOD: 'Food', RIDE: 'Ride' };

const RUNS: readonly (RunShape & { readonly screenshot?: string })[] = [
  {
    seed: 2026,
    orders: 300,
    kinds: ['FOOD', 'FOOD', 'FOOD', 'RIDE'],
    places: ['Banyuwangi', 'Giri', 'Glagah', 'Kalipuro'],
    startHour: 17,
    hours: 4,
    promotionQuota: 250,
    missed: 1,
    title: 'Pesta Kuliner <evening> peak',
    description: 'A festival evening: 40 UMKM, 300 orders in 30 minutes & a promotion limited to 250 (quota < orders).',
  },
  {
    seed: 12,
    orders: 180,
    kinds: ['MEDICINE', 'MEDICINE', 'RIDE'],
    places: ['Banyuwangi', 'Genteng', 'Giri', 'Kabat', 'Srono'],
    startHour: 7,
    hours: 12,
    title: 'An ordinary day',
    screenshot: 'simulation-report',
  },
];

/** This file is type-checked without the DOM's types: the one browser call the test makes. */
interface BrowserWindow {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

let browser: Browser;
let folder: string;

beforeAll(async () => {
  browser = await launchBrowser();
  folder = mkdtempSync(join(tmpdir(), 'gancang-report-'));
});

afterAll(async () => {
  await browser?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Each body row's cells as shown (row header first). */
async function bodyRows(table: Locator): Promise<string[][]> {
  const rows = await table.locator('tbody tr').all();
  return Promise.all(rows.map(async (row) => (await row.locator('th, td').allTextContents()).map((cell) => cell.trim())));
}

function section(page: Page, id: string): Locator {
  return page.locator(`section[aria-labelledby="${id}"]`);
}

/** The drawn bars' values, and that a bigger value is a taller bar (and a zero no bar at all). */
async function drawnBars(chart: Locator): Promise<number[]> {
  const bars = await chart.locator('rect.bar').all();
  const drawn = await Promise.all(
    bars.map(async (bar) => ({ value: Number(await bar.getAttribute('data-value')), height: (await bar.boundingBox())?.height ?? 0 })),
  );
  for (const a of drawn) {
    if (a.value === 0) expect(a.height).toBeLessThan(0.5);
    for (const b of drawn) if (a.value > b.value) expect(a.height).toBeGreaterThan(b.height);
  }
  return drawn.map((bar) => bar.value);
}

describe.each(RUNS)('the report of run $seed ($title)', (shape) => {
  let run: BuiltRun;
  let watched: WatchedPage;
  let page: Page;
  const requests: string[] = [];
  let fileUrl: string;

  beforeAll(async () => {
    run = buildSimulationRun(shape);
    const file = join(folder, `report-${shape.seed}.html`);
    writeFileSync(file, renderSimulationReport(run.result));
    fileUrl = pathToFileURL(file).href;
    // Only the file itself may load: anything with another scheme is refused and noted as elsewhere.
    watched = await watchedPage(browser, 'file://', DESKTOP);
    page = watched.page;
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(fileUrl);
  });

  afterAll(async () => {
    await watched?.close();
  });

  it('shows the scenario, and whether its targets were met, in words', async () => {
    const { scenario, targets } = run.result;
    await expect(page.title()).resolves.toBe(`${scenario.title} · Gancang simulation`);
    expect(await page.locator('h1').textContent()).toBe(scenario.title);
    expect(await section(page, 'scenario').locator('.description').textContent()).toBe(scenario.description);
    const missed = targets.filter((t) => !t.met).length;
    expect(await page.locator('.verdict').textContent()).toContain(missed === 0 ? `All ${targets.length} targets met` : `${missed} of ${targets.length} targets missed`);
    expect(await bodyRows(section(page, 'targets').locator('table'))).toEqual(
      targets.map((t) => [t.name, t.target, t.actual, t.met ? '✓ Met' : '✗ Missed']),
    );
    // Met and missed differ in colour too, not only in words: one background for each.
    const backgrounds = await section(page, 'targets')
      .locator('td.result')
      .evaluateAll((cells) => cells.map((cell) => (globalThis as unknown as BrowserWindow).getComputedStyle(cell).backgroundColor));
    const metBackgrounds = new Set(backgrounds.filter((_, i) => targets[i]!.met));
    const missedBackgrounds = new Set(backgrounds.filter((_, i) => !targets[i]!.met));
    expect(metBackgrounds.size).toBeLessThanOrEqual(1);
    expect(missedBackgrounds.size).toBeLessThanOrEqual(1);
    for (const colour of [...metBackgrounds, ...missedBackgrounds]) expect(colour).not.toBe('rgba(0, 0, 0, 0)');
    for (const colour of metBackgrounds) expect(missedBackgrounds.has(colour)).toBe(false);
  });

  it('lists the figures of the run', async () => {
    const f = run.result.figures;
    const rows = Object.fromEntries(await bodyRows(section(page, 'figures').locator('table')));
    expect(rows['Orders']).toBe(String(f.orders));
    expect(rows['Delivered']).toMatch(new RegExp(`^${f.delivered} \\(\\d+ %\\)$`));
    expect(rows['Failed']).toMatch(new RegExp(`^${f.failed} `));
    expect(rows['Cancelled']).toMatch(new RegExp(`^${f.cancelled} `));
    expect(rows['Still open at the end']).toMatch(new RegExp(`^${f.open} `));
    expect(rows['Ready → first offer, p50 / p95 (wall clock; jobs a driver was free for)']).toBe(`${f.readyToOfferMs.p50} ms / ${f.readyToOfferMs.p95} ms (over ${f.readyToOfferMs.count})`);
    expect(rows['Jobs whose first search found no driver free (they waited for the fleet)']).toBe(String(f.foundNobodyFree));
    expect(rows['Driver utilisation (online time holding a job)']).toBe(`${(f.driverUtilisation * 100).toFixed(1)} %`);
    if (f.promotion) expect(rows['Promotion redemptions / quota']).toMatch(new RegExp(`^${f.promotion.redemptions} of ${f.promotion.quota} `));
    else expect(rows).not.toHaveProperty('Promotion redemptions / quota');
  });

  it('draws the histogram of ready → assigned, a bar per bin, every job counted once', async () => {
    const waits = run.result.series.readyToAssignedSeconds;
    const bins = histogramBins(waits);
    const drawn = await drawnBars(page.locator('svg[aria-labelledby="waits-chart"]'));
    expect(drawn).toEqual(bins.map((b) => b.count));
    expect(drawn.reduce((sum, count) => sum + count, 0)).toBe(waits.length);
    expect(await bodyRows(section(page, 'waits').locator('table'))).toEqual(bins.map((b) => [binLabel(b), String(b.count)]));
  });

  it('draws the deliveries per hour, a bar per hour', async () => {
    const hours = run.result.series.deliveriesPerHour;
    expect(await drawnBars(page.locator('svg[aria-labelledby="deliveries-chart"]'))).toEqual(hours.map((h) => h.deliveries));
    expect(await bodyRows(section(page, 'deliveries').locator('table'))).toEqual(hours.map((h) => [h.hour, String(h.deliveries)]));
  });

  it('draws the open jobs over time, a point per sample', async () => {
    const samples = run.result.series.openJobs;
    const line = page.locator('svg[aria-labelledby="open-jobs-chart"] polyline.series');
    expect((await line.getAttribute('points'))?.split(' ')).toHaveLength(samples.length);
    expect((await line.boundingBox())?.width).toBeGreaterThan(300);
    expect(await bodyRows(section(page, 'open-jobs').locator('table'))).toEqual(samples.map((s) => [String(s.minute), String(s.open)]));
  });

  it('maps every origin, by kind and outcome, and counts them per kecamatan', async () => {
    const { origins } = run.result.series;
    const map = page.locator('svg[aria-labelledby="origins-map"]');
    await expect(map.locator('g.origin').count()).resolves.toBe(origins.length);
    for (const kind of KINDS) {
      for (const outcome of OUTCOMES) {
        const expected = origins.filter((o) => o.kind === kind && o.outcome === outcome).length;
        await expect(map.locator(`g.origin[data-kind="${kind}"][data-outcome="${outcome}"]`).count()).resolves.toBe(expected);
      }
    }
    // The kecamatan the builder dropped the orders next to are labelled on the map.
    const labels = await map.locator('g.kecamatan text').allTextContents();
    for (const place of shape.places) expect(labels).toContain(place);

    const expected = new Map<string, number[]>();
    origins.forEach((o, i) => {
      const key = `${run.placedNear[i]}|${KIND_NAMES[o.kind]}`;
      const counts = expected.get(key) ?? [0, 0, 0, 0];
      counts[OUTCOMES.indexOf(o.outcome)]! += 1;
      expected.set(key, counts);
    });
    const table = section(page, 'origins').locator('table');
    const shown = (await bodyRows(table)).map(([kecamatan, kind, ...counts]) => [`${kecamatan}|${kind}`, counts.map(Number)] as const);
    expect(shown.map(([key, counts]) => [key, counts.slice(0, 4)]).sort()).toEqual([...expected.entries()].sort());
    for (const [, counts] of shown) expect(counts[4]).toBe(counts.slice(0, 4).reduce((a, b) => a + b, 0));
    const totals = (await table.locator('tfoot th, tfoot td').allTextContents()).map((cell) => cell.trim());
    expect(totals).toEqual(['All', '', ...OUTCOMES.map((o) => String(origins.filter((x) => x.outcome === o).length)), String(origins.length)]);
  });

  it('loads nothing but its own file, with no error, and passes axe-core', async () => {
    expect(requests).toEqual([fileUrl]);
    expect(watched.elsewhere).toEqual([]);
    expect(watched.problems).toEqual([]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    if (shape.screenshot) await screenshot(page, shape.screenshot);
  });
});
