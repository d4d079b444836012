/**
 * `npm start`'s demo fleet: however long the runtime has been up, the demo drivers are fresh
 * enough to be offered work and to price taxi quotes, and the demo's own orders do not keep the
 * walk-through drivers busy. Time is compressed through settings instead of waited out: drivers
 * go stale after 4 s here (GANCANG_DRIVER_STALE_SECONDS, 300 by default), the fleet reports every
 * second (60 by default), and dispatch looks for a courier as soon as food is accepted.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { waitFor } from './support/wait.ts';

const STALE_SECONDS = 4;
const SETTINGS = { GANCANG_DRIVER_STALE_SECONDS: String(STALE_SECONDS), GANCANG_PICKUP_LEAD_SECONDS: '7200' };
const saved = Object.fromEntries(Object.keys(SETTINGS).map((name) => [name, process.env[name]]));

let t: TestRuntime;
let seededAtMs: number;
beforeAll(async () => {
  Object.assign(process.env, SETTINGS);
  t = await startTestRuntime({ seed: true, demoFleetIntervalSeconds: 1 });
  seededAtMs = Date.now();
});
afterAll(async () => {
  await t?.stop();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const lastSeenMs = async (sub: string): Promise<number> => Date.parse((await t.get('/v1/drivers/me', await t.token('driver', sub))).body.lastSeenAt);

it('keeps the demo drivers reporting, so taxi quotes and offers still work after the staleness limit has passed', async () => {
  // Past the limit for anything reported at seed time, and the fleet has reported since.
  await waitFor(
    'a taxi and a Go-Jek driver to have reported after the staleness limit',
    async () => {
      const limit = seededAtMs + STALE_SECONDS * 1000 + 500;
      return Date.now() > limit && (await lastSeenMs('taxi-hartono')) > limit && (await lastSeenMs('driver-bagus')) > limit ? true : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 500 },
  );

  const citizen = await t.token('citizen', 'warga-demo');
  const quote = await t.post('/v1/rides/quote', { pickup: { lat: -8.2191, lng: 114.3691 }, dropoff: { lat: -8.1402, lng: 114.3951 }, vehicleType: 'TAXI' }, citizen);
  expect(quote.status, quote.text).toBe(200);
  expect(quote.body).toMatchObject({ companyId: 'cmp_osing-taksi' });

  // The README's delivery walk-through: the pharmacy marks a demo order ready, Bagus gets the offer.
  const pharmacy = await t.token('pharmacy', 'apoteker-rsud-blambangan');
  const preparing = (await t.get('/v1/medicine-orders?facilityId=fac_rsud-blambangan&status=PREPARING', pharmacy)).body.items as { orderId: string }[];
  expect(preparing.length).toBeGreaterThan(0);
  const ready = await t.post(`/v1/medicine-orders/${preparing[0]!.orderId}/status`, { status: 'READY_FOR_PICKUP' }, pharmacy);
  expect(ready.status, ready.text).toBe(200);
  const bagus = await t.token('driver', 'driver-bagus');
  const offers = await waitFor('an offer to Bagus', async () => {
    const items = (await t.get('/v1/drivers/me/offers', bagus)).body.items as { jobId: string }[];
    return items.length > 0 ? items : undefined;
  });
  expect(offers).toEqual([expect.objectContaining({ jobId: `job_${preparing[0]!.orderId}`, kind: 'MEDICINE' })]);
});

it("leaves no demo order waiting for the walk-through drivers: the festival's accepted order is delivered by the demo courier", async () => {
  const ayu = await t.token('citizen', 'warga-ayu');
  const delivered = await waitFor(
    "the demo courier to deliver warga-ayu's accepted order",
    async () => {
      const orders = (await t.get('/v1/food-orders', ayu)).body.items as { orderId: string; status: string }[];
      return orders.find((o) => o.status === 'DELIVERED');
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
  const order = (await t.get(`/v1/food-orders/${delivered.orderId}`, ayu)).body;
  expect(order.driver).toMatchObject({ firstName: 'Eko' });
  // Bagus holds the medicine offer of the walk-through above; every other demo driver is free.
  for (const sub of ['driver-wulan', 'driver-agus', 'driver-eko', 'taxi-hartono', 'taxi-yusuf']) {
    const driver = (await t.get('/v1/drivers/me', await t.token('driver', sub))).body;
    expect({ sub, currentJobId: driver.currentJobId, currentOfferId: driver.currentOfferId }).toEqual({ sub, currentJobId: undefined, currentOfferId: undefined });
  }
});
