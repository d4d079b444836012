/**
 * One tariff source: GANCANG_PLATFORM_TARIFFS changes the ride quote, the food delivery fee and
 * the medicine trip fare alike, each through the functions that price them on the local runtime.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fareIdr, PLATFORM_TARIFFS, roadDistanceKm } from '../../shared/kernel/fares.ts';
import { createFestival, DROPOFF, expectStatus, openMerchant, orderBody as foodOrderBody, PLACES } from './support/festival.ts';
import { advance, createFacility, createOrder, dispatchJob, orderBody as medicineOrderBody, SITES } from './support/ordering.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { waitFor } from './support/wait.ts';

const TARIFFS = {
  MOTORBIKE: { flagFallIdr: 9_000, perKmIdr: 6_500, minimumFareIdr: 11_000 },
  CAR: { flagFallIdr: 15_000, perKmIdr: 7_000, minimumFareIdr: 25_000 },
};

let t: TestRuntime;
let before: string | undefined;

beforeAll(async () => {
  before = process.env.GANCANG_PLATFORM_TARIFFS;
  process.env.GANCANG_PLATFORM_TARIFFS = JSON.stringify(TARIFFS);
  t = await startTestRuntime();
});
afterAll(async () => {
  await t?.stop();
  if (before === undefined) delete process.env.GANCANG_PLATFORM_TARIFFS;
  else process.env.GANCANG_PLATFORM_TARIFFS = before;
});

describe('GANCANG_PLATFORM_TARIFFS', () => {
  it('prices a motorbike ride by it', async () => {
    const citizen = await t.token('citizen');
    const pickup = PLACES.giri.location;
    const quote = expectStatus(await t.post('/v1/rides/quote', { pickup, dropoff: DROPOFF.location, vehicleType: 'MOTORBIKE' }, citizen), 200);
    const km = roadDistanceKm(pickup, DROPOFF.location);
    expect(quote.body.fareIdr).toBe(fareIdr(TARIFFS.MOTORBIKE, km));
    expect(quote.body.fareIdr).not.toBe(fareIdr(PLATFORM_TARIFFS.MOTORBIKE, km));
  });

  it('prices a food delivery fee by it', async () => {
    const admin = await t.token('admin');
    const festivalId = await createFestival(t, admin);
    const merchant = await openMerchant(t, admin, festivalId, { name: 'Sego Tempong Mbok Nah', place: 'giri', sub: 'umkm-tarif' });
    const order = expectStatus(await t.post('/v1/food-orders', foodOrderBody(festivalId, merchant), await t.token('citizen')), 201);
    const km = roadDistanceKm(PLACES.giri.location, DROPOFF.location);
    expect(order.body.deliveryFeeIdr).toBe(fareIdr(TARIFFS.MOTORBIKE, km));
    expect(order.body.deliveryFeeIdr).not.toBe(fareIdr(PLATFORM_TARIFFS.MOTORBIKE, km));
  });

  it('prices a medicine trip by it', async () => {
    const admin = await t.token('admin');
    const pharmacist = await t.token('pharmacy', 'apoteker-tarif');
    const facilityId = await createFacility(t, admin, 'blambangan', ['apoteker-tarif']);
    const body = medicineOrderBody(facilityId);
    const order = await createOrder(t, pharmacist, body);
    await advance(t, pharmacist, order.orderId, 'PREPARING', 'READY_FOR_PICKUP');
    const job = await waitFor('the dispatch job of the order', () => dispatchJob(t, order.orderId));
    const km = roadDistanceKm(SITES.blambangan.location, body.patient.location);
    expect(job.fareIdr).toBe(fareIdr(TARIFFS.MOTORBIKE, km));
    expect(job.fareIdr).not.toBe(fareIdr(PLATFORM_TARIFFS.MOTORBIKE, km));
  });
});
