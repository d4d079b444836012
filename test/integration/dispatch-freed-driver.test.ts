/**
 * A busy hour over HTTP on the local runtime: one driver, and prescriptions ready while she is on
 * the road. Retries are set to 5 minutes, so that an offer within the test's seconds can only
 * come from the rule under test: a driver who is free again is offered the job that has waited
 * longest, at once, through the real store, index and queues.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { waitFor } from './support/wait.ts';

process.env.GANCANG_RETRY_FIRST_DELAY_SECONDS = '300';
process.env.GANCANG_RETRY_MAX_DELAY_SECONDS = '300';

let t: TestRuntime;
let pharmacist: string;
let ayu: string;
let admin: string;
let facilityId: string;
let prescription = 0;

const BLAMBANGAN = { lat: -8.208396, lng: 114.366168 };

async function readyOrder(): Promise<{ orderId: string; deliveryCode: string }> {
  const created = await t.post(
    '/v1/medicine-orders',
    {
      facilityId,
      patient: {
        name: 'Siti Aminah',
        nik: '3510012345678901',
        phone: '081234500001',
        address: { street: 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Banyuwangi' },
        location: { lat: -8.2045, lng: 114.3712 },
      },
      prescriptionNo: `RX-FREED-${++prescription}`,
      payer: 'BPJS_PBI',
      items: [{ name: 'Metformin 500 mg', quantity: 60, unit: 'tablet', category: 'REGULAR' }],
    },
    pharmacist,
  );
  expect(created.status).toBe(201);
  const { orderId } = created.body;
  expect((await t.post(`/v1/medicine-orders/${orderId}/status`, { status: 'PREPARING' }, pharmacist)).status).toBe(200);
  expect((await t.post(`/v1/medicine-orders/${orderId}/status`, { status: 'READY_FOR_PICKUP' }, pharmacist)).status).toBe(200);
  return created.body;
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
  const facility = await t.post(
    '/v1/facilities',
    { name: 'Puskesmas Kertosari', kind: 'PUSKESMAS', kecamatan: 'Banyuwangi', location: BLAMBANGAN, staff: ['freed-apoteker'] },
    admin,
  );
  facilityId = facility.body.facilityId;
  const registered = await t.post(
    '/v1/drivers',
    { sub: 'freed-ayu', name: 'Ayu Lestari', phone: '081255500091', vehicle: { type: 'MOTORBIKE', plate: 'P 4091 F' }, fleet: { kind: 'GOJEK' }, medicineTrained: true },
    admin,
  );
  expect(registered.status).toBe(201);
  ayu = await t.token('driver', 'freed-ayu');
  await t.put('/v1/drivers/me/location', { lat: BLAMBANGAN.lat + 0.01, lng: BLAMBANGAN.lng }, ayu);
  await t.put('/v1/drivers/me/availability', { available: true }, ayu);
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
