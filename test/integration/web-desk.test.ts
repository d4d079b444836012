/**
 * The pharmacy desk in a real browser, on the local runtime: a pharmacist signs in through the
 * local /signin page, registers a prescription through the form (a 15-digit NIK is refused by the
 * API and the message appears beside the NIK field; corrected, it succeeds), gets the handover
 * slip with the delivery code and a QR code of the tracking link, marks the order preparing and
 * ready; a driver accepts and picks it up through the API; the tracking page opened from the
 * slip's link shows the driver's first name and the "on the way" step. Keyboard alone can fill
 * and submit the form; nothing loads from another origin; axe-core finds no serious or critical
 * violation on /signin and /desk; screenshots at phone and desktop size land in test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createFacility } from './support/ordering.ts';
import { DESKTOP, PHONE, screenshot, seriousAccessibilityViolations, signInOnPage, watchedPage, type WatchedPage } from './support/browser.ts';
import { acceptNextOffer, readyDriver } from './support/drivers.ts';
import type { TestRuntime } from './support/local.ts';
import { waitFor } from './support/wait.ts';
import { startWebTestRuntime } from './support/web.ts';

const BLAMBANGAN = { lat: -8.208396, lng: 114.366168 };
const PHARMACIST = 'desk-apoteker';

let t: TestRuntime;
let browser: Browser;
let driver: string;

beforeAll(async () => {
  ({ t, browser } = await startWebTestRuntime());
  const admin = await t.token('admin', 'desk-admin');
  await createFacility(t, admin, 'blambangan', [PHARMACIST]);
  driver = await readyDriver(
    t,
    admin,
    { sub: 'desk-ratna', name: 'Ratna Dewi Lestari', phone: '081255500078', vehicle: { type: 'MOTORBIKE', plate: 'P 2719 RD' }, medicineTrained: true },
    { lat: BLAMBANGAN.lat + 0.004, lng: BLAMBANGAN.lng },
  );
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** Signs in on /signin as the pharmacist and lands on the desk. */
async function signIn(watched: WatchedPage): Promise<void> {
  const { page } = watched;
  await signInOnPage(page, t.apiUrl, 'pharmacy', PHARMACIST, '/desk');
  await expect.poll(() => page.locator('.facility-name').textContent()).toBe('RSUD Blambangan');
}

/** Moves focus to a field with Tab alone (no click), then types into it. */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    if ((await page.evaluate<string | undefined>('document.activeElement?.id')) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

async function typeInto(page: Page, id: string, text: string): Promise<void> {
  await tabTo(page, id);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

describe('the pharmacy desk', () => {
  it('signs in, registers by keyboard (the NIK error beside its field), prints the slip, moves the order to ready, and the slip link tracks the driver', async () => {
    const watched = await watchedPage(browser, t.apiUrl, PHONE);
    const { page } = watched;
    await page.goto(`${t.apiUrl}/signin`);
    await page.getByLabel('Peran').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'signin-phone-id');
    await signIn(watched);
    expect(await page.evaluate<string | null>("sessionStorage.getItem('gancang.session')")).toMatch(/^ey/);

    // Keyboard alone: Tab to each field, type, Enter submits. The NIK has 15 digits.
    await page.locator('body').focus();
    await typeInto(page, 'reg-patient-name', 'Siti Aminah');
    await typeInto(page, 'reg-patient-nik', '351001234567890');
    await typeInto(page, 'reg-patient-phone', '0812-3450-0001');
    await typeInto(page, 'reg-patient-address-street', 'Jl. Kepiting No. 12');
    await typeInto(page, 'reg-patient-address-rt', '002');
    await typeInto(page, 'reg-patient-address-rw', '001');
    await typeInto(page, 'reg-patient-address-desa', 'Lateng');
    await typeInto(page, 'reg-patient-address-kecamatan', 'Banyuwangi');
    await typeInto(page, 'reg-patient-location-lat', '-8.2045');
    await typeInto(page, 'reg-patient-location-lng', '114.3712');
    await typeInto(page, 'reg-prescriptionNo', `RX-DESK/${Date.now()}`);
    await typeInto(page, 'reg-items-0-name', 'Amlodipine 10 mg');
    await typeInto(page, 'reg-items-0-quantity', '30');
    await page.keyboard.press('Enter');

    const nik = page.locator('#reg-patient-nik');
    await expect.poll(() => nik.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await nik.getAttribute('aria-describedby');
    expect(describedBy).toBe('reg-patient-nik-error');
    expect(await page.locator(`#${describedBy}`).textContent()).toMatch(/16/);
    // Only the NIK is wrong: no other field is marked.
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
    // The error sits beside its field: in the same field block, right under the input.
    expect(await page.locator('.field:has(#reg-patient-nik) .field-error').count()).toBe(1);
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('reg-patient-nik');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'desk-form-error-phone-id');

    // Corrected by keyboard (focus is already on the NIK), then Enter.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3510012345678901');
    await page.keyboard.press('Enter');

    const slip = page.locator('.slip');
    await slip.waitFor();
    const code = (await slip.locator('.slip-code').textContent()) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    expect(await slip.locator('.slip-patient').textContent()).toBe('Siti');
    expect(await slip.textContent()).not.toContain('Aminah'); // the first name only on paper
    const qr = slip.locator('svg.qr');
    expect(await qr.getAttribute('role')).toBe('img');
    expect(await qr.locator('path').getAttribute('d')).toMatch(/^M\d/);
    const link = (await qr.getAttribute('data-value')) ?? '';
    expect(link).toMatch(new RegExp(`^${t.apiUrl}/track/[^/]+$`));
    expect(await slip.locator('.slip-link a').getAttribute('href')).toBe(link);
    expect(await page.locator('#reg-patient-nik').getAttribute('aria-invalid')).toBeNull();

    // Printing shows the slip alone.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.registration').isVisible()).toBe(false);
    expect(await slip.isVisible()).toBe(true);
    expect(await page.locator('.slip .no-print').isVisible()).toBe(false);
    await screenshot(page, 'desk-slip-print');
    await page.emulateMedia({ media: 'screen' });

    // One click per step: preparing, then ready.
    const row = page.locator('.order').filter({ hasText: 'Siti Aminah' });
    await row.getByRole('button', { name: 'Siapkan' }).click();
    await expect.poll(() => row.locator('.status').textContent()).toContain('Obat sedang disiapkan');
    await page.locator('.order').filter({ hasText: 'Siti Aminah' }).getByRole('button', { name: 'Siap dijemput' }).click();
    await expect.poll(() => page.locator('.order').filter({ hasText: 'Siti Aminah' }).locator('.status').textContent()).toContain('Siap dijemput pengantar');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'desk-phone-id');

    // Ratna accepts and picks the package up, through the API as her app would.
    const offer = await acceptNextOffer(t, driver, 'Ratna');
    expect((await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, driver)).status).toBe(200);
    const trackingToken = link.split('/').at(-1)!;
    await waitFor('the order to be on its way', async () => ((await t.get(`/v1/track/${trackingToken}`)).body.status === 'PICKED_UP' ? true : undefined));

    // The desk brings itself up to date (on coming back to the tab, as every 15 s).
    await page.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
    await expect.poll(() => page.locator('.order').filter({ hasText: 'Siti Aminah' }).locator('.status').textContent()).toContain('Dalam perjalanan');
    expect(await page.locator('.order').filter({ hasText: 'Siti Aminah' }).textContent()).toContain('Ratna');

    // The family opens the slip's link.
    const family = await watchedPage(browser, t.apiUrl, PHONE);
    await family.page.goto(link);
    await expect.poll(() => family.page.locator('.status').textContent()).toBe('Dalam perjalanan');
    expect(await family.page.locator('.driver-name').textContent()).toBe('Ratna');
    expect(await family.page.locator('.timeline [aria-current="step"] .step-label').textContent()).toBe('Dalam perjalanan');
    expect(family.elsewhere).toEqual([]);
    await family.close();

    await page.setViewportSize(DESKTOP);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Pharmacy desk');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'desk-desktop-en');

    // Signing out forgets the token and returns to the sign-in page.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${t.apiUrl}/signin`);
    expect(await page.evaluate<string | null>("sessionStorage.getItem('gancang.session')")).toBeNull();
    await page.getByLabel('Role').waitFor();
    await screenshot(page, 'signin-desktop-en');

    expect(watched.elsewhere).toEqual([]);
    expect(watched.problems.filter((problem) => !problem.includes('status of 4'))).toEqual([]);
    await watched.close();
  });

  it('puts the orders needing attention on top, with their flag and since when', async () => {
    // Real orders of the facility, two of them given the attention flags dispatch sets after
    // minutes without a driver or after wrong delivery codes: the page is what is tested here.
    const pharmacist = await t.token('pharmacy', PHARMACIST);
    const facilityId = (await t.get('/v1/facilities', pharmacist)).body.items[0].facilityId as string;
    const listed = await t.get(`/v1/medicine-orders?facilityId=${facilityId}&limit=100`, pharmacist);
    expect(listed.status).toBe(200);
    const [order] = listed.body.items as Record<string, unknown>[];
    expect(order).toBeDefined();
    const since = new Date(Date.now() - 12 * 60_000).toISOString();
    const flagged = [
      { ...order, orderId: `${order!.orderId}A`, prescriptionNo: 'RX-FLAG/1', attention: { code: 'NO_DRIVER_YET', since } },
      { ...order, orderId: `${order!.orderId}B`, prescriptionNo: 'RX-FLAG/2', attention: { code: 'DELIVERY_CODE_LOCKED', since } },
    ];
    const watched = await watchedPage(browser, t.apiUrl, PHONE);
    const { page } = watched;
    await page.route('**/v1/medicine-orders?*', (route) => route.fulfill({ json: { items: [...flagged, ...listed.body.items], nextCursor: null } }));
    await signIn(watched);
    const attention = page.locator('.attention');
    await attention.waitFor();
    // Above every status group.
    expect(await page.locator('.orders > section').first().getAttribute('class')).toContain('attention');
    expect(await attention.locator('.flag').allTextContents()).toEqual([
      expect.stringMatching(/^⚑ Belum ada pengantar \(sejak \d{2}\.\d{2} WIB\)$/),
      expect.stringMatching(/^⚑ Kode antar terkunci \(sejak \d{2}\.\d{2} WIB\)$/),
    ]);
    expect(await page.locator('.status-group .order').filter({ hasText: 'RX-FLAG' }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'desk-attention-phone-id');
    expect(watched.elsewhere).toEqual([]);
    await watched.close();
  });

  it('mints tokens at /local/token, a path of the local runtime only, for a role and subject it checks', async () => {
    const refused = await t.post('/local/token', { role: 'superuser', sub: PHARMACIST });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toEqual(['role']);
    const minted = await t.post('/local/token', { role: 'pharmacy', sub: PHARMACIST });
    expect(minted.status, minted.text).toBe(200);
    const facilities = await t.get('/v1/facilities', minted.body.accessToken);
    expect(facilities.status).toBe(200);
    expect(facilities.body.items.map((f: { name: string }) => f.name)).toEqual(['RSUD Blambangan']);
    // Not an API path: under /v1 there is no such thing.
    expect((await t.post('/v1/local/token', { role: 'pharmacy', sub: PHARMACIST })).status).toBe(404);
  });

  it('cancels an order in dispatch as a request: 202, the pending cancellation shown', async () => {
    const pharmacist = await t.token('pharmacy', PHARMACIST);
    const facilities = await t.get('/v1/facilities', pharmacist);
    expect(facilities.body.items.map((f: { name: string }) => f.name)).toEqual(['RSUD Blambangan']);
    const created = await t.post(
      '/v1/medicine-orders',
      {
        facilityId: facilities.body.items[0].facilityId,
        patient: { name: 'Budi Santoso', phone: '081234500099', address: { street: 'Jl. Ikan Paus 3', desa: 'Lateng', kecamatan: 'Banyuwangi' }, location: { lat: -8.2045, lng: 114.3712 } },
        prescriptionNo: `RX-DESK-C/${Date.now()}`,
        payer: 'GENERAL',
        items: [{ name: 'Paracetamol 500 mg', quantity: 10, unit: 'tablet', category: 'REGULAR' }],
      },
      pharmacist,
    );
    expect(created.status, created.text).toBe(201);
    for (const status of ['PREPARING', 'READY_FOR_PICKUP']) {
      expect((await t.post(`/v1/medicine-orders/${created.body.orderId}/status`, { status }, pharmacist)).status).toBe(200);
    }
    const watched = await watchedPage(browser, t.apiUrl, DESKTOP);
    const { page } = watched;
    await signIn(watched);
    const row = () => page.locator('.order').filter({ hasText: 'Budi Santoso' });
    await row().waitFor();
    await row().getByRole('button', { name: 'Batalkan' }).click();
    await page.getByLabel('Alasan pembatalan').fill('pasien dirawat inap');
    const answered = page.waitForResponse((response) => response.url().endsWith(`/v1/medicine-orders/${created.body.orderId}/status`));
    await row().getByRole('button', { name: 'Batalkan pesanan' }).click();
    const response = await answered;
    // Once in dispatch, cancelling is a request that dispatch answers: 202, shown as pending.
    expect(response.status()).toBe(202);
    expect(await row().locator('.pending').textContent()).toMatch(/^Pembatalan diminta \d{2}\.\d{2} WIB, menunggu jawaban pengantaran$/);
    await waitFor('the cancellation decided', async () => ((await t.get(`/v1/medicine-orders/${created.body.orderId}`, pharmacist)).body.status === 'CANCELLED' ? true : undefined));
    expect(watched.elsewhere).toEqual([]);
    await watched.close();
  });
});
