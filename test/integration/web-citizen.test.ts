/**
 * A citizen's own pages in a real browser, on the local runtime: Ayu orders from a festival stall
 * (and, later, books a ride) through the API, opens the `trackingUrl` the answer carries, signs in
 * through the local /signin page (which brings her back), and sees the status; a driver accepts
 * and picks up through the API, and the page brings itself up to date with the driver's first
 * name and plate, the "on the way" step and the driver's position on the map, in Indonesian and
 * then in English. Here the map tiles are set but unreachable: they point to a path of the app's
 * own origin that answers 404, and the map falls back to its markers and the kecamatan names on
 * a plain background. Nothing loads from another origin; axe-core finds no serious or critical
 * violation; screenshots at phone and desktop size land in test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshot, seriousAccessibilityViolations, watchedPage, type WatchedPage } from './support/browser.ts';
import { acceptNextOffer, readyDriver } from './support/drivers.ts';
import { createFestival, expectStatus, openMerchant, orderBody, PLACES, type OpenMerchant } from './support/festival.ts';
import type { TestRuntime } from './support/local.ts';
import { waitFor } from './support/wait.ts';
import { freePort, startWebTestRuntime } from './support/web.ts';

/** The demo's citizen, whom the local sign-in page offers for the citizen role. */
const AYU = 'warga-ayu';
const TAMAN_BLAMBANGAN = { lat: -8.2191, lng: 114.3691 };
const KETAPANG = { lat: -8.1402, lng: 114.3951 };

let t: TestRuntime;
let browser: Browser;
let citizen: string;
let festivalId: string;
let stall: OpenMerchant;
let rizal: string;
let hartono: string;

beforeAll(async () => {
  // Tiles from a path of the app's own origin that serves none: set, and unreachable.
  const port = await freePort();
  ({ t, browser } = await startWebTestRuntime({ port, mapTiles: `http://127.0.0.1:${port}/map-tiles/{z}/{x}/{y}.png` }));
  const admin = await t.token('admin', 'citizen-admin');
  citizen = await t.token('citizen', AYU);
  festivalId = await createFestival(t, admin);
  stall = await openMerchant(t, admin, festivalId, { name: 'Sego Tempong Mbok Nah', place: 'giri', sub: 'citizen-umkm-nah' });
  rizal = await readyDriver(
    t,
    admin,
    { sub: 'citizen-rizal', name: 'Rizal Hakim', phone: '081299911112', vehicle: { type: 'MOTORBIKE', plate: 'P 7001 FD' } },
    { lat: PLACES.giri.location.lat + 0.005, lng: PLACES.giri.location.lng },
  );
  hartono = await readyDriver(
    t,
    admin,
    { sub: 'citizen-hartono', name: 'Hartono Wibisono', phone: '081277700011', vehicle: { type: 'CAR', plate: 'P 1101 UA' } },
    { lat: TAMAN_BLAMBANGAN.lat + 0.01, lng: TAMAN_BLAMBANGAN.lng },
  );
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** Opens the link signed out, follows the page's sign-in link and signs in as Ayu, who is brought back. */
async function openSignedIn(watched: WatchedPage, link: string): Promise<void> {
  const { page } = watched;
  await page.goto(link);
  await page.getByRole('link', { name: 'Masuk' }).click();
  await page.waitForURL(/\/signin\?/);
  // The page asked for a citizen: the role and the demo's citizen are filled in.
  expect(await page.getByLabel('Peran').inputValue()).toBe('citizen');
  expect(await page.getByLabel('Subjek (pengguna)').inputValue()).toBe(AYU);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL(link);
}

/** The page reads again at once when the tab comes back, as it does every 15 s. */
const comeBack = (page: Page) => page.evaluate("document.dispatchEvent(new Event('visibilitychange'))");

/** Requests for map tiles and their answers: all on the app's origin, all 404. */
function watchTiles(page: Page): { url: string; status: number }[] {
  const tiles: { url: string; status: number }[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/map-tiles/')) tiles.push({ url: response.url(), status: response.status() });
  });
  return tiles;
}

/** Console errors other than the 404s of the unreachable tiles. */
const problemsBesidesTiles = (watched: WatchedPage) => watched.problems.filter((problem) => !/status of 404/.test(problem));

describe("a citizen's food order page", () => {
  it('signs in from the trackingUrl, then follows the stall, the driver and the way by itself, in Indonesian and in English', async () => {
    const placed = expectStatus(await t.post('/v1/food-orders', orderBody(festivalId, stall), citizen), 201).body;
    expect(placed.trackingUrl).toBe(`${t.apiUrl}/food-orders/${placed.orderId}`);

    const watched = await watchedPage(browser, t.apiUrl, PHONE);
    const { page } = watched;
    await page.goto(placed.trackingUrl);
    // Signed out: nothing of the order, only the way to sign in.
    await page.getByRole('link', { name: 'Masuk' }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain('Sego Tempong');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await openSignedIn(watched, placed.trackingUrl);
    await expect.poll(() => page.locator('.status').textContent()).toBe('Pesanan terkirim ke warung');
    expect(await page.locator('.facts').textContent()).toContain('Sego Tempong Mbok Nah');
    expect(await page.locator('.facts').textContent()).toContain('Belum ada pengantar');

    // The stall accepts; Rizal takes the job: the page shows him and his plate.
    expectStatus(await t.post(`/v1/food-orders/${placed.orderId}/status`, { status: 'ACCEPTED', prepMinutes: 1 }, stall.token), 200);
    const offer = await acceptNextOffer(t, rizal, 'Rizal');
    await waitFor('the courier on the order', async () => ((await t.get(`/v1/food-orders/${placed.orderId}`, citizen)).body.status === 'COURIER_ASSIGNED' ? true : undefined));
    await comeBack(page);
    await expect.poll(() => page.locator('.status').textContent()).toBe('Pengantar menuju warung');
    expect(await page.locator('.driver-name').textContent()).toBe('Rizal');
    expect(await page.locator('.plate').allTextContents()).toContainEqual(expect.stringContaining('P 7001 FD'));
    // No position before the food is picked up.
    expect(await page.locator('.legend li').allTextContents()).toEqual(['Warung: Sego Tempong Mbok Nah', 'Tujuan: Jl. Kepiting No. 12']);

    // Picked up; on the road Rizal reports where he is.
    expectStatus(await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, rizal), 200);
    expectStatus(await t.put('/v1/drivers/me/location', { lat: -8.1978, lng: 114.3521 }, rizal), 200);
    await waitFor('the order on its way', async () => ((await t.get(`/v1/food-orders/${placed.orderId}`, citizen)).body.status === 'PICKED_UP' ? true : undefined));
    await comeBack(page);
    await expect.poll(() => page.locator('.status').textContent()).toBe('Dalam perjalanan');
    const current = page.locator('.timeline [aria-current="step"]');
    expect(await current.locator('.step-label').textContent()).toBe('Dalam perjalanan');
    expect(await current.locator('.step-time').textContent()).toMatch(/^\d{2}\.\d{2} WIB$/);
    expect(await page.locator('.timeline li.ahead .step-label').allTextContents()).toEqual(['Sudah diterima']);
    expect(await page.locator('.driver-name').textContent()).toBe('Rizal');
    // The stall, the drop-off and Rizal: three shapes on the map, said in words beside it.
    await expect.poll(() => page.locator('.leaflet-overlay-pane path.leaflet-interactive').count()).toBe(3);
    expect(await page.locator('.legend li').allTextContents()).toEqual([
      'Warung: Sego Tempong Mbok Nah',
      'Tujuan: Jl. Kepiting No. 12',
      expect.stringMatching(/^Rizal, posisi \d{2}\.\d{2} WIB$/),
    ]);
    // The driver's surname and phone are not the citizen's to see.
    expect(await page.locator('body').textContent()).not.toMatch(/Hakim|081299911112/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'citizen-food-phone-id');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('.status').textContent()).toBe('On the way');
    expect(await current.locator('.step-time').textContent()).toMatch(/^\d{2}:\d{2} WIB$/);
    await page.setViewportSize(DESKTOP);
    await page.reload();
    await expect.poll(() => page.locator('.status').textContent()).toBe('On the way');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'citizen-food-desktop-en');

    expect(watched.elsewhere).toEqual([]);
    expect(problemsBesidesTiles(watched)).toEqual([]);
    await watched.close();

    // Delivered: the page's journey is over.
    expectStatus(await t.post(`/v1/jobs/${offer.jobId}/deliver`, { recipientName: 'Ayu Lestari' }, rizal), 200);
  });

  it('is not another citizen’s to see: the same "not found" as for an unknown order', async () => {
    const placed = expectStatus(await t.post('/v1/food-orders', orderBody(festivalId, stall), citizen), 201).body;
    const watched = await watchedPage(browser, t.apiUrl, PHONE);
    const { page } = watched;
    await page.goto(`${t.apiUrl}/signin?${new URLSearchParams({ next: new URL(placed.trackingUrl).pathname, role: 'citizen' })}`);
    await page.getByLabel('Subjek (pengguna)').fill('warga-lain');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL(placed.trackingUrl);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Pesanan tidak ditemukan');
    expect(await page.locator('main').textContent()).not.toContain('Sego Tempong');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(watched.elsewhere).toEqual([]);
    await watched.close();
  });
});

describe("a citizen's ride page", () => {
  it('follows the car from its assignment, with its position, to the trip under way', async () => {
    const booked = expectStatus(
      await t.post(
        '/v1/rides',
        {
          pickup: { location: TAMAN_BLAMBANGAN, address: { street: 'Jl. Ahmad Yani No. 1', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } },
          dropoff: { location: KETAPANG, address: { street: 'Pelabuhan Ketapang', desa: 'Ketapang', kecamatan: 'Kalipuro' } },
          vehicleType: 'CAR',
        },
        citizen,
      ),
      201,
    ).body;
    expect(booked.trackingUrl).toBe(`${t.apiUrl}/rides/${booked.rideId}`);

    const watched = await watchedPage(browser, t.apiUrl, PHONE);
    const { page } = watched;
    await openSignedIn(watched, booked.trackingUrl);
    await expect.poll(() => page.locator('.status').textContent()).toBe('Mencari pengemudi');
    expect(await page.locator('.facts').textContent()).toContain('Jl. Ahmad Yani No. 1');

    const offer = await acceptNextOffer(t, hartono, 'Hartono');
    await waitFor('the driver on the ride', async () => ((await t.get(`/v1/rides/${booked.rideId}`, citizen)).body.status === 'DRIVER_ASSIGNED' ? true : undefined));
    await comeBack(page);
    await expect.poll(() => page.locator('.status').textContent()).toBe('Pengemudi menuju titik jemput');
    expect(await page.locator('.driver-name').textContent()).toBe('Hartono');
    expect(await page.locator('.plate').allTextContents()).toContainEqual(expect.stringContaining('P 1101 UA'));
    // From the assignment the car shows on its way to the pickup.
    await expect.poll(() => page.locator('.leaflet-overlay-pane path.leaflet-interactive').count()).toBe(3);
    expect(await page.locator('.legend li').allTextContents()).toEqual([
      'Titik jemput: Jl. Ahmad Yani No. 1',
      'Tujuan: Pelabuhan Ketapang',
      expect.stringMatching(/^Hartono, posisi \d{2}\.\d{2} WIB$/),
    ]);
    await screenshot(page, 'citizen-ride-assigned-phone-id');

    expectStatus(await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, hartono), 200);
    await waitFor('the trip under way', async () => ((await t.get(`/v1/rides/${booked.rideId}`, citizen)).body.status === 'ON_TRIP' ? true : undefined));
    await comeBack(page);
    await expect.poll(() => page.locator('.status').textContent()).toBe('Dalam perjalanan');
    expect(await page.locator('.timeline [aria-current="step"] .step-label').textContent()).toBe('Dalam perjalanan');
    expect(await page.locator('body').textContent()).not.toMatch(/Wibisono|081277700011/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'citizen-ride-phone-id');
    await page.setViewportSize(DESKTOP);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'citizen-ride-desktop-id');

    expect(watched.elsewhere).toEqual([]);
    expect(problemsBesidesTiles(watched)).toEqual([]);
    await watched.close();
    expectStatus(await t.request('POST', `/v1/jobs/${offer.jobId}/deliver`, { token: hartono }), 200);
  });
});

describe('the map when its tiles are set but unreachable', () => {
  it('asks the app’s own origin for them, gets 404, and still shows its markers and the kecamatan names on a plain background', async () => {
    const placed = expectStatus(await t.post('/v1/food-orders', orderBody(festivalId, stall), citizen), 201).body;
    const watched = await watchedPage(browser, t.apiUrl, PHONE);
    const { page } = watched;
    const tiles = watchTiles(page);
    await openSignedIn(watched, placed.trackingUrl);
    await page.locator('.leaflet-container').waitFor();
    await expect.poll(() => tiles.length).toBeGreaterThan(0);
    expect(tiles.every((tile) => tile.url.startsWith(`${t.apiUrl}/map-tiles/`) && tile.status === 404)).toBe(true);
    // The stall and the drop-off, drawn as vector shapes (no marker image), on a plain background with the kecamatan names.
    await expect.poll(() => page.locator('.leaflet-container.plain').count()).toBe(1);
    expect(await page.locator('.leaflet-overlay-pane path.leaflet-interactive').count()).toBe(2);
    expect(await page.locator('.leaflet-marker-pane img').count()).toBe(0);
    expect(await page.locator('.kecamatan-label').allTextContents()).toEqual(expect.arrayContaining(['Giri', 'Banyuwangi', 'Glagah']));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'citizen-map-unreachable-tiles-phone');
    expect(watched.elsewhere).toEqual([]);
    expect(problemsBesidesTiles(watched)).toEqual([]);
    await watched.close();
  });
});
