/**
 * Food orders and the driver search over HTTP on the local runtime: a kitchen that finishes early
 * brings the search forward (READY before the planned time), and an order nobody can take is
 * flagged NO_DRIVER_YET to its merchant and admins, who can list just those. The alert and the
 * retries run in seconds here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { dispatchJob } from './support/ordering.ts';
import { waitFor } from './support/wait.ts';
import { createFestival, expectStatus, openMerchant, orderBody, PLACES, type OpenMerchant } from './support/festival.ts';

process.env.GANCANG_UNASSIGNED_ALERT_SECONDS = '1';
process.env.GANCANG_RETRY_FIRST_DELAY_SECONDS = '1';
process.env.GANCANG_RETRY_MAX_DELAY_SECONDS = '2';

let t: TestRuntime;
let admin: string;
let citizen: string;
let festivalId: string;
let tempong: OpenMerchant;
let driver: string;
const earlyOrder = { orderId: '' };

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'admin-attention');
  citizen = await t.token('citizen', 'warga-attention');
  festivalId = await createFestival(t, admin);
  tempong = await openMerchant(t, admin, festivalId, { name: 'Sego Tempong Mbok Nah', place: 'giri', sub: 'umkm-attention' });
  expectStatus(
    await t.post('/v1/drivers', { sub: 'attention-driver', name: 'Rizal Hakim', phone: '081299922222', vehicle: { type: 'MOTORBIKE', plate: 'P 7002 FD' }, fleet: { kind: 'GOJEK' }, medicineTrained: false }, admin),
    201,
  );
  driver = await t.token('driver', 'attention-driver');
  await t.put('/v1/drivers/me/location', { lat: PLACES.giri.location.lat + 0.005, lng: PLACES.giri.location.lng }, driver);
  await t.put('/v1/drivers/me/availability', { available: true }, driver);
});
afterAll(async () => {
  await t?.stop();
});

const placeAndAccept = async (prepMinutes: number): Promise<string> => {
  const placed = expectStatus(await t.post('/v1/food-orders', orderBody(festivalId, tempong), citizen), 201);
  expectStatus(await t.post(`/v1/food-orders/${placed.body.orderId}/status`, { status: 'ACCEPTED', prepMinutes }, tempong.token), 200);
  return placed.body.orderId as string;
};

describe('a kitchen that finishes early', () => {
  it('brings the driver search forward: READY before the planned time and the driver is asked now', async () => {
    // An hour to cook: dispatch would start looking 50 minutes from now.
    earlyOrder.orderId = await placeAndAccept(60);
    await waitFor('the job to wait for its planned time', async () => {
      const job = await dispatchJob(t, earlyOrder.orderId);
      return job?.status === 'WAITING' && job.retryMessageId && job.matchAttempts === 0 ? job : undefined;
    });
    expect((await t.get('/v1/drivers/me/offers', driver)).body.items).toEqual([]);

    expectStatus(await t.post(`/v1/food-orders/${earlyOrder.orderId}/status`, { status: 'READY' }, tempong.token), 200);
    const offer = await waitFor('an offer now the food is ready', async () => (await t.get('/v1/drivers/me/offers', driver)).body.items[0], { timeoutMs: 15_000 });
    expect(offer).toMatchObject({ kind: 'FOOD', jobId: `job_${earlyOrder.orderId}` });
    // The driver takes it and stays busy with it: nobody is left for the next order.
    expectStatus(await t.post(`/v1/offers/${offer.offerId}/accept`, {}, driver), 200);
  });
});

describe('a food order nobody takes', () => {
  it('is flagged NO_DRIVER_YET to its merchant and admins, who can list only the flagged orders', async () => {
    const orderId = await placeAndAccept(1);
    expectStatus(await t.post(`/v1/food-orders/${orderId}/status`, { status: 'READY' }, tempong.token), 200);
    const flagged = await waitFor(
      'the merchant to see the attention flag',
      async () => {
        const order = (await t.get(`/v1/food-orders/${orderId}`, tempong.token)).body;
        return order.attention ? order : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(flagged).toMatchObject({ status: 'READY', attention: { code: 'NO_DRIVER_YET', since: expect.any(String) } });
    expect((await t.get(`/v1/food-orders/${orderId}`, admin)).body.attention).toMatchObject({ code: 'NO_DRIVER_YET' });

    const ids = (res: { body: { items: { orderId: string }[] } }) => res.body.items.map((o) => o.orderId);
    const mine = `/v1/food-orders?merchantId=${tempong.merchantId}`;
    expect(ids(expectStatus(await t.get(mine, tempong.token), 200))).toEqual([orderId, earlyOrder.orderId]);
    expect(ids(expectStatus(await t.get(`${mine}&attention=true`, tempong.token), 200))).toEqual([orderId]);
    expect(ids(expectStatus(await t.get(`${mine}&attention=true&limit=1`, admin), 200))).toEqual([orderId]);
    expect((await t.get(`${mine}&attention=yes`, admin)).status).toBe(400);
  });
});
