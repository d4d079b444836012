/**
 * A busy hour over HTTP on the local runtime: one driver, and prescriptions ready while she is on
 * the road. Retries are set to 5 minutes, so that an offer within the test's seconds can only
 * come from the rule under test: a driver who is free again is offered the job that has waited
 * longest, at once, through the real store, index and queues.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { waitFor } from './support/wait.ts';
import { readyDriver } from './support/drivers.ts';
import { advance, createFacility, createOrder, orderBody, SITES } from './support/ordering.ts';

process.env.GANCANG_RETRY_FIRST_DELAY_SECONDS = '300';
process.env.GANCANG_RETRY_MAX_DELAY_SECONDS = '300';

let t: TestRuntime;
let pharmacist: string;
let ayu: string;
let admin: string;
let facilityId: string;

const BLAMBANGAN = SITES.blambangan.location;

async function readyOrder(): Promise<{ orderId: string; deliveryCode: string }> {
  const order = await createOrder(t, pharmacist, orderBody(facilityId));
  await advance(t, pharmacist, order.orderId, 'PREPARING', 'READY_FOR_PICKUP');
  return { orderId: order.orderId, deliveryCode: order.deliveryCode };
}

const offersOf = async () => (await t.get('/v1/drivers/me/offers', ayu)).body.items as Array<{ offerId: string; jobId: string }>;
const nextOffer = (description: string) => waitFor(description, async () => (await offersOf())[0], { timeoutMs: 15_000 });
const orderStatus = async (orderId: string) => (await t.get(`/v1/medicine-orders/${orderId}`, pharmacist)).body.status as string;
const until = (description: string, condition: () => Promise<boolean>) =>
  waitFor(description, async () => ((await condition()) ? true : undefined), { timeoutMs: 15_000 });

/** Ayu takes the offer and delivers it to the door. */
async function deliverOffer(offer: { offerId: string; jobId: string }, deliveryCode: string): Promise<void> {
  expect((await t.post(`/v1/offers/${offer.offerId}/accept`, {}, ayu)).status).toBe(200);
  expect((await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, ayu)).status).toBe(200);
  const delivered = await t.post(`/v1/jobs/${offer.jobId}/deliver`, { code: deliveryCode, recipientName: 'Siti Aminah' }, ayu);
  expect(delivered.status).toBe(200);
}

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'freed-admin');
  pharmacist = await t.token('pharmacy', 'freed-apoteker');
  facilityId = await createFacility(t, admin, 'blambangan', ['freed-apoteker']);
  const driver = { sub: 'freed-ayu', name: 'Ayu Lestari', phone: '081255500091', vehicle: { type: 'MOTORBIKE', plate: 'P 4091 F' }, medicineTrained: true } as const;
  ayu = await readyDriver(t, admin, driver, { lat: BLAMBANGAN.lat + 0.01, lng: BLAMBANGAN.lng });
});

afterAll(async () => {
  await t?.stop();
});

describe('a driver free again on a busy hour', () => {
  it('is offered the prescription that has waited longest as soon as she delivers, then the next', async () => {
    const first = await readyOrder();
    const firstOffer = await nextOffer('the first prescription offered to Ayu');
    expect((await t.post(`/v1/offers/${firstOffer.offerId}/accept`, {}, ayu)).status).toBe(200);

    // Two more are ready while she is on the road: nobody else can take them; their retries are 5 minutes away.
    const older = await readyOrder();
    const newer = await readyOrder();
    const waiting = async () => ((await t.get('/v1/ops/jobs', admin)).body.items as Array<{ status: string }>).filter((j) => j.status === 'WAITING').length;
    await until('both to wait for a driver', async () => (await waiting()) === 2);

    expect((await t.post(`/v1/jobs/${firstOffer.jobId}/pickup`, {}, ayu)).status).toBe(200);
    expect((await t.post(`/v1/jobs/${firstOffer.jobId}/deliver`, { code: first.deliveryCode, recipientName: 'Siti Aminah' }, ayu)).status).toBe(200);
    const second = await nextOffer('the older waiting prescription offered to Ayu once she is free');
    expect(second.jobId).toBe(`job_${older.orderId}`);
    expect(await orderStatus(newer.orderId)).toBe('READY_FOR_PICKUP');

    await deliverOffer(second, older.deliveryCode);
    const third = await nextOffer('the newer one, next in line');
    expect(third.jobId).toBe(`job_${newer.orderId}`);
    await deliverOffer(third, newer.deliveryCode);
    await until('all three delivered', async () => (await Promise.all([first, older, newer].map((o) => orderStatus(o.orderId)))).every((s) => s === 'DELIVERED'));
  });
});
