/**
 * The three reports read tallies kept with the orders and jobs (festival report, taxi settlement,
 * the operations room's day figures). Here a day is driven through the API on the local runtime,
 * with every fate an order can meet: delivered, failed on the way, rejected by the merchant,
 * cancelled before and after acceptance, a ride completed and one failed, a job left waiting, food
 * marked READY early (its job brought forward), a job brought forward across midnight WIB, retried
 * requests and redelivered messages. Then every tally is recomputed from the orders and jobs
 * themselves, and the stored tallies and the reports the API returns must equal them.
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIdFor, type JobReady } from '../../shared/kernel/dispatch-messages.ts';
import type { JobEventMessage } from '../../shared/kernel/job-events.ts';
import { wibDay, toWibIso } from '../../shared/platform/time.ts';
import { dayFiguresFromTallies } from '../../shared/dispatch/domain/day-figures.ts';
import { DynamoDbJobsByDay } from '../../shared/dispatch/adapters/dynamodb-jobs-by-day.ts';
import { recomputeDayTallies } from '../../shared/dispatch/application/operations.ts';
import { festivalReportFromTallies, type MerchantDayTally } from '../../shared/ordering/domain/festival-report.ts';
import { DynamoDbFoodOrderStore } from '../../shared/ordering/adapters/dynamodb-food-order-store.ts';
import { DynamoDbRideStore } from '../../shared/ordering/adapters/dynamodb-ride-store.ts';
import { recomputeFestivalTallies } from '../../shared/ordering/application/food-order-use-cases.ts';
import { recomputeSettlementTallies } from '../../shared/ordering/application/ride-use-cases.ts';
import { acceptNextOffer, readyDriver } from './support/drivers.ts';
import { createFestival, expectStatus, openMerchant, orderBody as foodBody, PLACES, type OpenMerchant, type Place } from './support/festival.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { advance, createFacility, createOrder, orderBody as medicineBody } from './support/ordering.ts';
import { waitFor } from './support/wait.ts';

let t: TestRuntime;
let admin: string;
let pharmacist: string;
let ojek: string;
let taxi: string;
let companyId: string;
let facilityId: string;
let festivalId: string;
let merchants: OpenMerchant[];
const DAY_MS = 86_400_000;
/** The WIB days jobs became ready on: today's (and tomorrow's, if the test runs across midnight), and the two days the moved job touched. */
const days = new Set<string>();
const clock = { now: () => new Date() };

const TOWN = { lat: -8.2191, lng: 114.3691 };
const rideBody = {
  pickup: { location: TOWN, address: { street: 'Jl. Ahmad Yani No. 1', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } },
  dropoff: { location: { lat: -8.1402, lng: 114.3951 }, address: { street: 'Jl. Gatot Subroto', desa: 'Ketapang', kecamatan: 'Kalipuro' } },
  vehicleType: 'TAXI',
};

const until = (description: string, condition: () => Promise<boolean>) => waitFor(description, async () => ((await condition()) ? true : undefined), { timeoutMs: 20_000 });
const statusOf = async (path: string) => (await t.get(path, admin)).body.status as string;
const today = () => wibDay(new Date());

async function switchOjek(available: boolean): Promise<void> {
  expectStatus(await t.put('/v1/drivers/me/availability', { available }, ojek), 200);
}

/** The only Go-Jek driver takes the next job to its end: delivered, or failed at the door. */
async function ojekTakes(end: 'deliver' | 'fail', body: Record<string, unknown>): Promise<string> {
  const offer = await acceptNextOffer(t, ojek, 'the ojek');
  // A retried accept (the app lost the answer) is refused, and changes nothing.
  expect((await t.post(`/v1/offers/${offer.offerId}/accept`, {}, ojek)).status).toBeGreaterThanOrEqual(400);
  expectStatus(await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, ojek), 200);
  if (end === 'deliver') expectStatus(await t.post(`/v1/jobs/${offer.jobId}/deliver`, body, ojek), 200);
  else expectStatus(await t.post(`/v1/jobs/${offer.jobId}/fail`, { reason: 'nobody home, phone off' }, ojek), 200);
  // Retried: the job has ended, nothing moves again.
  expect((await t.post(`/v1/jobs/${offer.jobId}/${end}`, end === 'deliver' ? body : { reason: 'again' }, ojek)).status).toBeGreaterThanOrEqual(400);
  return offer.jobId;
}

async function readyMedicineOrder(): Promise<Record<string, any>> {
  days.add(today());
  const order = await createOrder(t, pharmacist, medicineBody(facilityId));
  await advance(t, pharmacist, order.orderId, 'PREPARING', 'READY_FOR_PICKUP');
  days.add(today());
  return order;
}

async function placeFood(merchant: OpenMerchant, quantity: number, promo: boolean): Promise<{ orderId: string; citizen: string }> {
  const citizen = await t.token('citizen', `agg-warga-${randomUUID().slice(0, 8)}`);
  const items = [{ itemId: merchant.items[0]!.itemId, quantity }];
  const placed = expectStatus(await t.post('/v1/food-orders', foodBody(festivalId, merchant, { items, ...(promo ? { promoCode: 'PESTA10' } : {}) }), citizen), 201);
  return { orderId: placed.body.orderId as string, citizen };
}

/** Accepted with half an hour to cook (dispatch waits), then READY at once: the job is brought forward and matched now. */
async function acceptAndReadyEarly(merchant: OpenMerchant, orderId: string): Promise<void> {
  days.add(today());
  expectStatus(await t.post(`/v1/food-orders/${orderId}/status`, { status: 'ACCEPTED', prepMinutes: 30 }, merchant.token), 200);
  // The merchant's tablet retried the accept: refused, counted once.
  expect((await t.post(`/v1/food-orders/${orderId}/status`, { status: 'ACCEPTED', prepMinutes: 30 }, merchant.token)).status).toBe(409);
  expectStatus(await t.post(`/v1/food-orders/${orderId}/status`, { status: 'READY' }, merchant.token), 200);
  days.add(today());
}

const dispatchQueue = () => t.queue('dispatch').url;
const send = async (queueUrl: string, body: unknown) => t.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }));

/** 00:05 WIB on the day `back` days before today, or 23:55 WIB the day before that. */
const wibAt = (back: number, time: '00:05' | '23:55'): string => {
  const day = wibDay(new Date(Date.now() - back * DAY_MS));
  const at = Date.parse(`${day}T${time}:00.000+07:00`) - (time === '23:55' ? DAY_MS : 0);
  return toWibIso(new Date(at));
};

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'agg-admin');
  pharmacist = await t.token('pharmacy', 'agg-apoteker');
  facilityId = await createFacility(t, admin, 'blambangan', ['agg-apoteker']);
  festivalId = await createFestival(t, admin);
  merchants = [
    await openMerchant(t, admin, festivalId, { name: 'Sego Tempong Mbok Nah', place: 'giri', sub: 'agg-m1', menu: [['Sego tempong', 22_000]] }),
    await openMerchant(t, admin, festivalId, { name: 'Nasi Cawuk Bu Atik', place: 'giri', sub: 'agg-m2', menu: [['Nasi cawuk', 12_000]] }),
    await openMerchant(t, admin, festivalId, { name: 'Rujak Soto Bu Sum', place: 'rogojampi', sub: 'agg-m3', menu: [['Rujak soto', 20_000]] }),
  ];
  expectStatus(await t.post(`/v1/festivals/${festivalId}/promotions`, { code: 'PESTA10', kind: 'PERCENT', value: 10, maxDiscountIdr: 10_000, quota: 100, perCustomerLimit: 5, fundedBy: 'Pemkab' }, admin), 201);
  const company = expectStatus(
    await t.post('/v1/taxi-companies', { name: 'Osing Taksi', licenseNo: '551.21/009/429.104/2024', operators: ['agg-op'], tariff: { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 } }, admin),
    201,
  );
  companyId = company.body.companyId;
  const operator = await t.token('taxi_operator', 'agg-op');
  taxi = await readyDriver(t, operator, { sub: 'agg-taxi', name: 'Hartono Wibisono', phone: '081277700031', vehicle: { type: 'TAXI', plate: 'P 1301 TX' }, fleet: { kind: 'PARTNER_TAXI', companyId } }, TOWN);
  ojek = await readyDriver(t, admin, { sub: 'agg-ojek', name: 'Ayu Lestari', phone: '081277700032', vehicle: { type: 'MOTORBIKE', plate: 'P 7301 OJ' }, medicineTrained: true }, { lat: -8.2091, lng: 114.3665 });

  // With the ojek off duty: what never reaches a driver.
  await switchOjek(false);
  const cancelledMedicine = await readyMedicineOrder();
  expect((await t.post(`/v1/medicine-orders/${cancelledMedicine.orderId}/status`, { status: 'CANCELLED' }, pharmacist)).status).toBe(202);
  await until('the medicine order to be cancelled', async () => (await statusOf(`/v1/medicine-orders/${cancelledMedicine.orderId}`)) === 'CANCELLED');
  for (const merchant of merchants) {
    const rejected = await placeFood(merchant, 2, true);
    expectStatus(await t.post(`/v1/food-orders/${rejected.orderId}/status`, { status: 'REJECTED', reason: 'habis' }, merchant.token), 200);
    const withdrawn = await placeFood(merchant, 1, false);
    expectStatus(await t.post(`/v1/food-orders/${withdrawn.orderId}/cancel`, {}, withdrawn.citizen), 200);
  }
  // Accepted (counted), then cancelled by the admin before any driver: counted no more.
  const accepted = await placeFood(merchants[0]!, 3, true);
  days.add(today());
  expectStatus(await t.post(`/v1/food-orders/${accepted.orderId}/status`, { status: 'ACCEPTED', prepMinutes: 45 }, merchants[0]!.token), 200);
  expect((await t.post(`/v1/food-orders/${accepted.orderId}/cancel`, { reason: 'kompor rusak' }, admin)).status).toBeLessThan(300);
  await until('the accepted food order to be cancelled', async () => (await statusOf(`/v1/food-orders/${accepted.orderId}`)) === 'CANCELLED');

  // The ojek on duty: medicine and food delivered, one of each failed at the door.
  await switchOjek(true);
  for (let i = 0; i < 4; i++) {
    const order = await readyMedicineOrder();
    await ojekTakes(i === 3 ? 'fail' : 'deliver', { code: order.deliveryCode, recipientName: 'Siti Aminah' });
  }
  const stalls: Place[] = ['giri', 'giri', 'rogojampi'];
  for (const [i, m] of [0, 1, 2, 0, 2].entries()) {
    const merchant = merchants[m]!;
    // Food is offered within 8 km of the stall: the ojek rides over to each one's kecamatan.
    expectStatus(await t.put('/v1/drivers/me/location', PLACES[stalls[m]!].location, ojek), 200);
    const food = await placeFood(merchant, i + 1, i % 2 === 0);
    await acceptAndReadyEarly(merchant, food.orderId);
    await ojekTakes(i === 4 ? 'fail' : 'deliver', { recipientName: 'Ayu Lestari' });
  }

  // Taxi rides: two completed, one failed.
  const rides: string[] = [];
  for (let i = 0; i < 3; i++) {
    const citizen = await t.token('citizen', `agg-penumpang-${i}`);
    days.add(today());
    const ride = expectStatus(await t.post('/v1/rides', rideBody, citizen), 201);
    days.add(today());
    rides.push(ride.body.rideId);
    const offer = await acceptNextOffer(t, taxi, 'the taxi');
    expectStatus(await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, taxi), 200);
    if (i < 2) expectStatus(await t.request('POST', `/v1/jobs/${offer.jobId}/deliver`, { token: taxi }), 200);
    else expectStatus(await t.post(`/v1/jobs/${offer.jobId}/fail`, { reason: 'passenger left' }, taxi), 200);
  }
  // With the ojek off again, a medicine order left waiting: open.
  await switchOjek(false);
  await readyMedicineOrder();
  await until('the rides to end', async () => (await Promise.all(rides.map((id) => statusOf(`/v1/rides/${id}`)))).join() === 'COMPLETED,COMPLETED,FAILED');

  // A completed ride's DELIVERED event delivered again: the ride is completed already, the settlement counts it once.
  const completed = (await t.get(`/v1/rides/${rides[0]}`, admin)).body;
  const rideJob = (await t.ddb.send(new GetCommand({ TableName: t.tableName('dispatch'), Key: { pk: `JOB#${jobIdFor(completed.rideId)}`, sk: 'JOB' } }))).Item!;
  const { driverId, vehiclePlate, vehicleType } = rideJob.driver;
  const again: JobEventMessage = {
    type: 'DELIVERED',
    messageId: `msg_${randomUUID()}`,
    jobId: rideJob.jobId,
    kind: 'RIDE',
    orderId: completed.rideId,
    at: completed.completedAt,
    driver: { driverId, vehiclePlate, vehicleType, companyId },
  };
  await send(t.queue('jobEvents').url, again);

  // A job no driver can take (a Go-Jek car, and there is none), ready early yesterday, then brought
  // forward to the evening before: it leaves yesterday's figures for the day before's. Each
  // JOB_READY is delivered twice, as SQS may. (Ordering knows no such order: what dispatch tells
  // it about this job ends in its dead-letter queue; only dispatch's figures matter here.)
  const jobId = `job_mo_agg${randomUUID().slice(0, 8)}`;
  const ready = (readyAt: string): JobReady => ({
    type: 'JOB_READY',
    messageId: `msg_${randomUUID()}`,
    jobId,
    kind: 'MEDICINE',
    orderId: jobId.slice(4),
    pickup: { location: TOWN, kecamatan: 'Banyuwangi' },
    dropoff: { location: { lat: -8.2045, lng: 114.3712 }, kecamatan: 'Banyuwangi' },
    requirements: { vehicleTypes: ['CAR'], fleet: 'GOJEK', medicineTrained: false },
    readyAt,
    occurredAt: toWibIso(new Date()),
  });
  const late = ready(wibAt(1, '00:05'));
  const early = ready(wibAt(1, '23:55'));
  days.add(late.readyAt.slice(0, 10)).add(early.readyAt.slice(0, 10));
  await send(dispatchQueue(), late);
  await send(dispatchQueue(), late);
  const jobOf = async () => (await t.ddb.send(new GetCommand({ TableName: t.tableName('dispatch'), Key: { pk: `JOB#${jobId}`, sk: 'JOB' } }))).Item;
  await waitFor('the job no driver can take', jobOf);
  await send(dispatchQueue(), early);
  await send(dispatchQueue(), early);
  await until('the job to be brought forward', async () => (await jobOf())?.readyAt === early.readyAt);
  await send(dispatchQueue(), late);
  // Let the pollers take the last messages (they change nothing) before the figures are compared.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
}, 180_000);
afterAll(async () => {
  await t?.stop();
});

const byKey = <T extends { day: string }>(key: (tally: T) => string) => (a: T, b: T) => key(a).localeCompare(key(b));

describe('the festival report', () => {
  it('is its stored tallies, and they equal the tallies recomputed from every order', async () => {
    const store = new DynamoDbFoodOrderStore(t.ddb, t.tableName('ordering'), clock);
    const recomputed = await recomputeFestivalTallies(store, festivalId);
    const stored = (await store.festivalTallies(festivalId)).filter((tally) => tally.orders !== 0);
    const order = byKey<MerchantDayTally>((tally) => `${tally.day}#${tally.merchantId}`);
    expect([...stored].sort(order)).toEqual([...recomputed].sort(order));
    // Five delivered or failed food orders counted; rejected, cancelled and withdrawn ones not.
    expect(recomputed.reduce((sum, tally) => sum + tally.orders, 0)).toBe(5);

    const report = expectStatus(await t.get(`/v1/festivals/${festivalId}/report`, admin), 200).body;
    expect(report).toEqual(festivalReportFromTallies({ festivalId, name: report.name, startsAt: report.startsAt, endsAt: report.endsAt }, recomputed));
  });
});

describe('the taxi settlement', () => {
  it('is its stored day tallies, and they equal the tallies recomputed from the completed rides', async () => {
    const store = new DynamoDbRideStore(t.ddb, t.tableName('ordering'), clock);
    const from = wibDay(new Date(Date.now() - DAY_MS));
    const to = today();
    const recomputed = await recomputeSettlementTallies(store, companyId, from, to);
    expect(await store.settlementTallies(companyId, from, to)).toEqual(recomputed);
    expect(recomputed.reduce((sum, tally) => sum + tally.rides, 0)).toBe(2);

    const operator = await t.token('taxi_operator', 'agg-op');
    const report = expectStatus(await t.get(`/v1/taxi-companies/${companyId}/report?from=${from}&to=${to}`, operator), 200).body;
    const total = recomputed.reduce((sum, tally) => ({ rides: sum.rides + tally.rides, tenths: sum.tenths + tally.tenths, revenueIdr: sum.revenueIdr + tally.revenueIdr }), { rides: 0, tenths: 0, revenueIdr: 0 });
    expect(report.totals).toEqual({ rides: total.rides, distanceKm: total.tenths / 10, revenueIdr: total.revenueIdr });
    for (const tally of recomputed) expect(report.days).toContainEqual({ day: tally.day, rides: tally.rides, distanceKm: tally.tenths / 10, revenueIdr: tally.revenueIdr });
  });
});

describe('the day figures', () => {
  it('are the stored tallies of each day, with the same figures as the tallies recomputed from every job of it, the moved job on its new day only', async () => {
    const jobsByDay = new DynamoDbJobsByDay(t.ddb, t.tableName('dispatch'));
    let jobs = 0;
    for (const day of days) {
      const recomputed = await recomputeDayTallies(jobsByDay, day);
      const figures = expectStatus(await t.get(`/v1/ops/today?day=${day}`, admin), 200).body;
      // The stored tallies give the figures of the jobs themselves: counts, medians and p90s.
      expect(dayFiguresFromTallies(day, figures.asOf, await jobsByDay.dayTallies(day)), day).toEqual(dayFiguresFromTallies(day, figures.asOf, recomputed));
      expect(figures, day).toEqual(dayFiguresFromTallies(day, figures.asOf, recomputed));
      jobs += figures.totals.orders;
    }
    // 6 medicine, 6 food (5 delivered or failed, 1 withdrawn), 3 rides, the moved job once.
    expect(jobs).toBe(16);
    const movedFrom = wibDay(new Date(Date.now() - DAY_MS));
    expect((await t.get(`/v1/ops/today?day=${movedFrom}`, admin)).body.totals.orders).toBe(0);
  });
});
