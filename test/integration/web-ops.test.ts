/**
 * The operations dashboard in a real browser, on the local runtime: an admin signs in through the
 * local /signin page and lands on /ops. Through the API a pharmacy makes a medicine order ready
 * and a driver accepts it; a second order finds no driver and is flagged; a festival has accepted
 * food orders in two kecamatan; a partner taxi completes a ride. The dashboard shows the job on
 * the map (its marker) and in the day's figures, the flagged order in the attention list with its
 * facility, the festival report as charts (drawn, with their data tables) and its CSV download,
 * and the taxi settlement chart. Nothing loads from another origin (tiles off), axe-core finds no
 * serious or critical violation, and screenshots at phone and desktop size land in test/artifacts/.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshot, seriousAccessibilityViolations, signInOnPage, watchedPage } from './support/browser.ts';
import { acceptNextOffer, readyDriver } from './support/drivers.ts';
import { createFestival, expectStatus, openMerchant, orderBody as foodOrderBody } from './support/festival.ts';
import type { TestRuntime } from './support/local.ts';
import { advance, createFacility, createOrder, orderBody } from './support/ordering.ts';
import { waitFor } from './support/wait.ts';
import { startWebTestRuntime } from './support/web.ts';

// An order nobody takes is flagged after a second here (10 minutes in production), retried quickly.
process.env.GANCANG_UNASSIGNED_ALERT_SECONDS = '1';
process.env.GANCANG_RETRY_FIRST_DELAY_SECONDS = '1';
process.env.GANCANG_RETRY_MAX_DELAY_SECONDS = '2';

const BLAMBANGAN = { lat: -8.208396, lng: 114.366168 };
const TAMAN_BLAMBANGAN = { lat: -8.2191, lng: 114.3691 };
const KETAPANG = { lat: -8.1402, lng: 114.3951 };
const ADMIN = 'ops-admin';

let t: TestRuntime;
let browser: Browser;
let admin: string;
let assignedOrderId: string;
let assigned: { jobId: string; deliveryCode: string; driver: string };
let flaggedOrderId: string;
let festivalId: string;
let companyId: string;
let rideFareIdr: number;

beforeAll(async () => {
  ({ t, browser } = await startWebTestRuntime());
  admin = await t.token('admin', ADMIN);
  const pharmacist = await t.token('pharmacy', 'ops-apoteker');
  const facilityId = await createFacility(t, admin, 'blambangan', ['ops-apoteker']);

  // Ratna takes the first medicine order; the second finds nobody free and gets flagged.
  const ratna = await readyDriver(
    t,
    admin,
    { sub: 'ops-ratna', name: 'Ratna Dewi Lestari', phone: '081255500079', vehicle: { type: 'MOTORBIKE', plate: 'P 2720 RD' }, medicineTrained: true },
    { lat: BLAMBANGAN.lat + 0.004, lng: BLAMBANGAN.lng },
  );
  const order = await createOrder(t, pharmacist, orderBody(facilityId));
  assignedOrderId = order.orderId;
  await advance(t, pharmacist, assignedOrderId, 'PREPARING', 'READY_FOR_PICKUP');
  assigned = { jobId: (await acceptNextOffer(t, ratna, 'Ratna')).jobId, deliveryCode: order.deliveryCode, driver: ratna };
  flaggedOrderId = (await createOrder(t, pharmacist, orderBody(facilityId, { patient: { name: 'Budi Santoso' } }))).orderId;
  await advance(t, pharmacist, flaggedOrderId, 'PREPARING', 'READY_FOR_PICKUP');

  // A partner taxi completes a ride today: the company's settlement has it.
  const operator = await t.token('taxi_operator', 'ops-operator');
  const company = expectStatus(
    await t.post('/v1/taxi-companies', { name: 'Osing Taksi', licenseNo: '551.21/001/429.104/2024', operators: ['ops-operator'], tariff: { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 } }, admin),
    201,
  );
  companyId = company.body.companyId;
  const taxi = await readyDriver(
    t,
    operator,
    { sub: 'ops-taxi', name: 'Hartono Wibisono', phone: '081277700001', vehicle: { type: 'TAXI', plate: 'P 1101 UA' }, fleet: { kind: 'PARTNER_TAXI', companyId } },
    { lat: TAMAN_BLAMBANGAN.lat + 0.004, lng: TAMAN_BLAMBANGAN.lng },
  );
  const citizen = await t.token('citizen', 'ops-warga');
  const ride = expectStatus(
    await t.post(
      '/v1/rides',
      {
        pickup: { location: TAMAN_BLAMBANGAN, address: { street: 'Jl. Ahmad Yani No. 1', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } },
        dropoff: { location: KETAPANG, address: { street: 'Jl. Gatot Subroto', desa: 'Ketapang', kecamatan: 'Kalipuro' } },
        vehicleType: 'TAXI',
        passenger: { name: 'Rina Kartika', phone: '081233300001' },
      },
      citizen,
    ),
    201,
  );
  rideFareIdr = ride.body.fareIdr;
  const offer = await acceptNextOffer(t, taxi, 'the taxi');
  expectStatus(await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, taxi), 200);
  expectStatus(await t.request('POST', `/v1/jobs/${offer.jobId}/deliver`, { token: taxi }), 200);
  await waitFor('the ride to complete', async () => ((await t.get(`/v1/rides/${ride.body.rideId}`, citizen)).body.status === 'COMPLETED' ? true : undefined));

  // A festival open now, with accepted food orders at stalls in Giri and Rogojampi.
  festivalId = await createFestival(t, admin);
  const stalls = [
    await openMerchant(t, admin, festivalId, { name: 'Sego Tempong Mbok Nah', place: 'giri', sub: 'ops-umkm-1', menu: [['Sego tempong', 22_000]] }),
    await openMerchant(t, admin, festivalId, { name: 'Rujak Soto Bu Sum', place: 'rogojampi', sub: 'ops-umkm-2', menu: [['Rujak soto', 20_000]] }),
  ];
  for (const [index, [stall, quantity]] of ([[0, 2], [0, 1], [1, 3]] as const).entries()) {
    const merchant = stalls[stall]!;
    const buyer = await t.token('citizen', `ops-pembeli-${index}`);
    const placed = expectStatus(await t.post('/v1/food-orders', foodOrderBody(festivalId, merchant, { items: [{ itemId: merchant.items[0]!.itemId, quantity }] }), buyer), 201);
    expectStatus(await t.post(`/v1/food-orders/${placed.body.orderId}/status`, { status: 'ACCEPTED', prepMinutes: 15 }, merchant.token), 200);
  }

  await waitFor('the second order to be flagged', async () => ((await t.get(`/v1/medicine-orders/${flaggedOrderId}`, pharmacist)).body.attention ? true : undefined), { timeoutMs: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

// Browser-side code is passed as text: this file is type-checked without the DOM's types.

/** True once Chart.js has painted something on the chart's canvas. */
const chartDrawn = (page: Page, name: string) =>
  page.evaluate<boolean>(`(() => {
    const canvas = document.querySelector('[data-chart="${name}"] canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
    return false;
  })()`);

/** A chart's data table as rows of cell texts (header row first). */
const chartTable = (page: Page, name: string) =>
  page.evaluate<string[][]>(`Array.from(document.querySelectorAll('[data-chart="${name}"] table tr'), (row) => Array.from(row.cells, (cell) => cell.textContent))`);

/** One figure of the day's tables: a kind (or TOTAL) and a figure's name. */
const figure = (page: Page, kind: string, name: string) => page.locator(`.by-kind tr[data-kind="${kind}"] [data-figure="${name}"]`);

const rupiah = (value: number) => new Intl.NumberFormat('id-ID').format(value);

describe('the operations dashboard', () => {
  it('shows the live map, the attention list, the day, the festival report with its CSV and the taxi settlement', async () => {
    const watched = await watchedPage(browser, t.apiUrl, PHONE);
    const { page } = watched;
    await signInOnPage(page, t.apiUrl, 'admin', ADMIN, '/ops');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Ruang operasi');

    // The assigned job on the map at its pickup, with its driver busy; and the same in words.
    const marker = page.locator(`.leaflet-marker-pane .job-marker[data-order-id="${assignedOrderId}"]`);
    await marker.waitFor();
    expect(await marker.getAttribute('data-status')).toBe('ASSIGNED');
    expect(await page.locator(`.leaflet-marker-pane .job-marker[data-order-id="${flaggedOrderId}"]`).getAttribute('class')).toContain('job-waiting');
    await expect.poll(() => page.locator('.leaflet-overlay-pane path.driver-marker[data-state="BUSY"]').count()).toBe(1);
    expect(await page.locator('.leaflet-container.plain').count()).toBe(1);
    expect(await page.locator('.kecamatan-label').allTextContents()).toEqual(expect.arrayContaining(['Banyuwangi', 'Giri']));
    expect(await page.locator(`.ops-jobs tr[data-order-id="${assignedOrderId}"] td`).allTextContents()).toEqual([
      'Obat',
      'Pengantar menuju titik jemput',
      'Banyuwangi',
      'Banyuwangi',
      expect.stringMatching(/^\d{2}\.\d{2} WIB$/),
    ]);
    expect(await page.locator('[data-legend="BUSY"]').textContent()).toBe('Sibuk: 1');
    expect(await page.locator('[data-legend="AVAILABLE"]').textContent()).toBe('Siap: 1'); // the taxi, free again

    // The flagged order, with its facility's name and since when.
    const flagged = page.locator(`.attention .order[data-order-id="${flaggedOrderId}"]`);
    await flagged.waitFor();
    expect(await flagged.locator('.order-head').textContent()).toBe('RSUD Blambangan · Obat');
    expect(await flagged.locator('.flag').textContent()).toMatch(/^⚑ Belum ada pengantar \(sejak \d{2}\.\d{2} WIB\)$/);

    // The day: both medicine orders handed to dispatch and still in play, the ride delivered.
    await figure(page, 'MEDICINE', 'orders').waitFor();
    expect(await figure(page, 'MEDICINE', 'orders').textContent()).toBe('2');
    expect(await figure(page, 'MEDICINE', 'open').textContent()).toBe('2');
    expect(await figure(page, 'RIDE', 'delivered').textContent()).toBe('1');
    const today = (await t.get('/v1/ops/today', admin)).body;
    expect(await page.locator('.tile-orders dd').textContent()).toBe(String(today.totals.orders));
    expect(today.byKind.find((row: { kind: string }) => row.kind === 'MEDICINE')).toMatchObject({ orders: 2, open: 2 });

    // The festival report: per kecamatan and per day, drawn, with the same figures as the API.
    const report = (await t.get(`/v1/festivals/${festivalId}/report`, admin)).body;
    expect(report.totals.orders).toBe(3);
    await expect.poll(() => chartDrawn(page, 'festival-kecamatan')).toBe(true);
    await expect.poll(() => chartDrawn(page, 'festival-day')).toBe(true);
    expect(await page.locator('[data-chart="festival-kecamatan"] canvas').getAttribute('role')).toBe('img');
    expect(await chartTable(page, 'festival-kecamatan')).toEqual([
      ['Kecamatan', 'Omzet (Rp)'],
      ...report.byKecamatan.map((k: { kecamatan: string; grossIdr: number }) => [k.kecamatan, rupiah(k.grossIdr)]),
    ]);
    expect(report.byKecamatan.map((k: { kecamatan: string }) => k.kecamatan).sort()).toEqual(['Giri', 'Rogojampi']);
    expect(await page.locator('.festival .report-totals').textContent()).toBe(`3 pesanan · omzet Rp ${rupiah(report.totals.grossIdr)} · diskon mitra Rp 0`);

    // Its CSV, as the API writes it, saved from the page.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`festival-${festivalId}-report.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    const fromApi = await t.request('GET', `/v1/festivals/${festivalId}/report`, { token: admin, headers: { accept: 'text/csv' } });
    expect(csv).toBe(fromApi.text);
    expect(csv).toContain('Sego Tempong Mbok Nah');

    // The taxi settlement over the last 7 WIB days: today's revenue is the ride's fare.
    await expect.poll(() => chartDrawn(page, 'taxi-revenue')).toBe(true);
    const taxiRows = await chartTable(page, 'taxi-revenue');
    expect(taxiRows[0]).toEqual(['Hari', 'Osing Taksi']);
    expect(taxiRows).toHaveLength(8);
    expect(taxiRows.at(-1)?.[1]).toBe(rupiah(rideFareIdr));
    expect(await page.locator(`.taxi [data-company-id="${companyId}"]`).textContent()).toMatch(new RegExp(`^Osing Taksi: 1 perjalanan · [\\d,]+ km · Rp ${rupiah(rideFareIdr).replace(/\./g, '\\.')}$`));

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'ops-phone-id');

    // In English at desktop size; the choice is remembered across a reload.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Operations room');
    await page.setViewportSize(DESKTOP);
    await page.reload();
    await page.locator(`.job-marker[data-order-id="${assignedOrderId}"]`).waitFor();
    await expect.poll(() => chartDrawn(page, 'festival-day')).toBe(true);
    await expect.poll(() => chartDrawn(page, 'taxi-revenue')).toBe(true);
    expect(await page.locator(`.ops-jobs tr[data-order-id="${assignedOrderId}"] td`).nth(1).textContent()).toBe('Driver heading to pickup');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'ops-desktop-en');

    expect(watched.elsewhere).toEqual([]);
    expect(watched.problems).toEqual([]);
    await watched.close();
  });

  it('brings itself up to date: a job delivered leaves the map and counts as delivered; a refused period says why', async () => {
    const watched = await watchedPage(browser, t.apiUrl, DESKTOP);
    const { page } = watched;
    await signInOnPage(page, t.apiUrl, 'admin', ADMIN, '/ops');
    await page.locator(`.job-marker[data-order-id="${assignedOrderId}"]`).waitFor();
    expect(await figure(page, 'MEDICINE', 'delivered').textContent()).toBe('0');

    // Ratna picks the package up and hands it over with the patient's code.
    expectStatus(await t.post(`/v1/jobs/${assigned.jobId}/pickup`, {}, assigned.driver), 200);
    expectStatus(await t.post(`/v1/jobs/${assigned.jobId}/deliver`, { code: assigned.deliveryCode, recipientName: 'Siti Aminah' }, assigned.driver), 200);

    // Coming back to the tab (as every 15 s) reads everything again.
    await page.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
    await expect.poll(() => page.locator(`.job-marker[data-order-id="${assignedOrderId}"]`).count()).toBe(0);
    expect(await page.locator(`.ops-jobs tr[data-order-id="${assignedOrderId}"]`).count()).toBe(0);
    await expect.poll(() => figure(page, 'MEDICINE', 'delivered').textContent()).toBe('1');
    expect(await figure(page, 'MEDICINE', 'open').textContent()).toBe('1');
    expect(await figure(page, 'MEDICINE', 'readyToDelivered').textContent()).toMatch(/^\d+ (dtk|mnt \d{2} dtk) \/ \d+ (dtk|mnt \d{2} dtk)$/);

    // A settlement period longer than the API allows: its reason, said where the period is chosen.
    await page.getByLabel('Dari tanggal').fill('2024-01-01');
    await expect.poll(() => page.locator('.taxi [role="alert"]').textContent()).toMatch(/^Laporan tidak dapat dibuat: .+/);
    expect(watched.elsewhere).toEqual([]);
    // The refused report is the API's 400, which the browser reports; nothing else went wrong.
    expect(watched.problems.filter((problem) => !problem.includes('status of 400'))).toEqual([]);
    await watched.close();
  });

  it('asks anyone but an admin to sign in', async () => {
    const watched = await watchedPage(browser, t.apiUrl, PHONE);
    const { page } = watched;
    await signInOnPage(page, t.apiUrl, 'pharmacy', 'ops-apoteker', '/desk');
    await page.goto(`${t.apiUrl}/ops`);
    await expect.poll(() => page.locator('main p').first().textContent()).toBe('Halaman ini untuk admin Pemkab. Silakan masuk. Masuk');
    expect(await page.locator('main a').getAttribute('href')).toBe('/signin?next=/ops');
    expect(watched.elsewhere).toEqual([]);
    await watched.close();
  });
});
