/**
 * The operations dashboard's figures and lists over HTTP on the local runtime (admin only): the
 * day's figures after a day of medicine orders and a ride driven through the API to their ends
 * (delivered, completed, failed, cancelled, still waiting), and the taxi companies by name, a
 * page at a time. Every response is checked against the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wibDay } from '../../shared/platform/time.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { advance, createFacility, createOrder, expectError, orderBody } from './support/ordering.ts';
import { waitFor } from './support/wait.ts';

let t: TestRuntime;
let admin: string;
let pharmacist: string;
let citizen: string;
let facilityId: string;
let ayu: string;
/** The WIB days the test's jobs became ready on (two only if it ran across midnight WIB). */
const days = new Set<string>();

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'admin-figures');
  pharmacist = await t.token('pharmacy', 'apoteker-figures');
  citizen = await t.token('citizen', 'warga-figures');
  facilityId = await createFacility(t, admin, 'blambangan', ['apoteker-figures']);
  // One Go-Jek driver near RSUD Blambangan, trained for medicine: every job of the day goes to her.
  const registered = await t.post(
    '/v1/drivers',
    { sub: 'figures-ayu', name: 'Ayu Lestari', phone: '0812-7770-0101', vehicle: { type: 'MOTORBIKE', plate: 'P 7101 FG' }, fleet: { kind: 'GOJEK' }, medicineTrained: true },
    admin,
  );
  expect(registered.status, registered.text).toBe(201);
  ayu = await t.token('driver', 'figures-ayu');
  expect((await t.put('/v1/drivers/me/location', { lat: -8.2091, lng: 114.3665 }, ayu)).status).toBe(200);
  await switchAyu(true);
});
afterAll(async () => {
  await t?.stop();
});

async function switchAyu(available: boolean): Promise<void> {
  expect((await t.put('/v1/drivers/me/availability', { available }, ayu)).status).toBe(200);
}

/** Ayu takes the next job offered to her; returns its id. */
async function acceptNextOffer(): Promise<string> {
  const offer = await waitFor('an offer for Ayu', async () => ((await t.get('/v1/drivers/me/offers', ayu)).body.items as { offerId: string; jobId: string }[])[0]);
  const accepted = await t.post(`/v1/offers/${offer.offerId}/accept`, {}, ayu);
  expect(accepted.status, accepted.text).toBe(200);
  expect((await t.post(`/v1/jobs/${offer.jobId}/pickup`, {}, ayu)).status).toBe(200);
  return offer.jobId;
}

async function readyMedicineOrder(): Promise<Record<string, any>> {
  days.add(wibDay(new Date()));
  const order = await createOrder(t, pharmacist, orderBody(facilityId));
  await advance(t, pharmacist, order.orderId, 'PREPARING', 'READY_FOR_PICKUP');
  days.add(wibDay(new Date()));
  return order;
}

const until = (description: string, condition: () => Promise<boolean>) =>
  waitFor(description, async () => ((await condition()) ? true : undefined), { timeoutMs: 20_000 });
const medicineStatus = async (orderId: string) => (await t.get(`/v1/medicine-orders/${orderId}`, pharmacist)).body.status as string;

type Duration = { count: number; medianSeconds: number | null; p90Seconds: number | null };
type Figures = { orders: number; open: number; delivered: number; failed: number; cancelled: number; readyToAssigned: Duration; readyToDelivered: Duration };

describe('GET /v1/ops/today', () => {
  beforeAll(async () => {
    // A medicine order delivered to the door with the patient's code.
    const delivered = await readyMedicineOrder();
    const deliveredJob = await acceptNextOffer();
    expect((await t.post(`/v1/jobs/${deliveredJob}/deliver`, { code: delivered.deliveryCode, recipientName: 'Siti Aminah' }, ayu)).status).toBe(200);

    // A motorbike ride from near the hospital to Ketapang harbour, completed.
    days.add(wibDay(new Date()));
    const ride = await t.post(
      '/v1/rides',
      {
        pickup: { location: { lat: -8.2191, lng: 114.3691 }, address: { street: 'Jl. Ahmad Yani No. 1', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } },
        dropoff: { location: { lat: -8.1402, lng: 114.3951 }, address: { street: 'Jl. Gatot Subroto', desa: 'Ketapang', kecamatan: 'Kalipuro' } },
        vehicleType: 'MOTORBIKE',
      },
      citizen,
    );
    expect(ride.status, ride.text).toBe(201);
    days.add(wibDay(new Date()));
    const rideJob = await acceptNextOffer();
    expect((await t.request('POST', `/v1/jobs/${rideJob}/deliver`, { token: ayu })).status).toBe(200);

    // A medicine order whose delivery failed on the way: the package goes back.
    await readyMedicineOrder();
    const failedJob = await acceptNextOffer();
    expect((await t.post(`/v1/jobs/${failedJob}/fail`, { reason: 'nobody home, phone off' }, ayu)).status).toBe(200);

    // With Ayu off duty: one order cancelled by the pharmacy before anyone took it, one still waiting.
    await switchAyu(false);
    const cancelled = await readyMedicineOrder();
    expect((await t.post(`/v1/medicine-orders/${cancelled.orderId}/status`, { status: 'CANCELLED' }, pharmacist)).status).toBe(202);
    await until('the order to be cancelled', async () => (await medicineStatus(cancelled.orderId)) === 'CANCELLED');
    await readyMedicineOrder();
    await until('the delivered ride and the failed delivery to reach ordering', async () => (await t.get(`/v1/rides/${ride.body.rideId}`, citizen)).body.status === 'COMPLETED');
  });

  /** The figures of each day the test's jobs became ready on (one, or two if it ran across midnight WIB). */
  async function figuresOfTheTestDays(): Promise<{ totals: Figures; byKind: (Figures & { kind: string })[] }[]> {
    const answers = [];
    for (const day of days) {
      const res = await t.get(`/v1/ops/today?day=${day}`, admin);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ day, timeZone: 'Asia/Jakarta', asOf: expect.stringMatching(/\+07:00$/) });
      answers.push(res.body);
    }
    return answers;
  }
  const total = (answers: { totals: Figures; byKind: Figures[] }[], pick: (f: { totals: Figures; byKind: Figures[] }) => number) =>
    answers.reduce((sum, answer) => sum + pick(answer), 0);

  it('counts the day’s jobs by kind and by where they stand, every kind listed', async () => {
    const answers = await figuresOfTheTestDays();
    for (const answer of answers) expect(answer.byKind.map((k) => k.kind)).toEqual(['MEDICINE', 'FOOD', 'RIDE']);
    const counts = (f: (a: { totals: Figures; byKind: Figures[] }) => Figures) =>
      (['orders', 'open', 'delivered', 'failed', 'cancelled'] as const).map((column) => total(answers, (a) => f(a)[column]));
    expect(counts((a) => a.byKind[0]!)).toEqual([4, 1, 1, 1, 1]); // MEDICINE
    expect(counts((a) => a.byKind[1]!)).toEqual([0, 0, 0, 0, 0]); // FOOD
    expect(counts((a) => a.byKind[2]!)).toEqual([1, 0, 1, 0, 0]); // RIDE
    expect(counts((a) => a.totals)).toEqual([5, 1, 2, 1, 1]);
  });

  it('times ready → first assigned over the assigned jobs and ready → delivered over the delivered ones, in whole seconds', async () => {
    const answers = await figuresOfTheTestDays();
    // Assigned: the delivered and the failed medicine jobs and the ride; never the cancelled or the waiting one.
    expect(total(answers, (a) => a.byKind[0]!.readyToAssigned.count)).toBe(2);
    expect(total(answers, (a) => a.byKind[0]!.readyToDelivered.count)).toBe(1);
    expect(total(answers, (a) => a.byKind[2]!.readyToAssigned.count)).toBe(1);
    expect(total(answers, (a) => a.byKind[2]!.readyToDelivered.count)).toBe(1);
    expect(total(answers, (a) => a.totals.readyToAssigned.count)).toBe(3);
    expect(total(answers, (a) => a.totals.readyToDelivered.count)).toBe(2);
    for (const answer of answers) {
      for (const figures of [answer.totals, ...answer.byKind]) {
        for (const duration of [figures.readyToAssigned, figures.readyToDelivered]) {
          if (duration.count === 0) {
            expect(duration).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
            continue;
          }
          expect(Number.isInteger(duration.medianSeconds)).toBe(true);
          expect(duration.medianSeconds).toBeGreaterThanOrEqual(0);
          expect(duration.p90Seconds).toBeGreaterThanOrEqual(duration.medianSeconds!);
        }
      }
      // Nothing happened in the food stalls: no duration to report.
      expect(answer.byKind[1]!.readyToAssigned).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
    }
  });

  it('answers today (WIB) when no day is given, and an empty day as zeros', async () => {
    const today = await t.get('/v1/ops/today', admin);
    expect(today.status, today.text).toBe(200);
    expect(today.body.day).toBe(wibDay(new Date(today.body.asOf)));
    const monthAgo = wibDay(new Date(Date.now() - 30 * 86_400_000));
    const quiet = await t.get(`/v1/ops/today?day=${monthAgo}`, admin);
    expect(quiet.status, quiet.text).toBe(200);
    expect(quiet.body.totals).toMatchObject({ orders: 0, delivered: 0, readyToAssigned: { count: 0, medianSeconds: null, p90Seconds: null } });
    expect(quiet.body.byKind.map((k: { kind: string; orders: number }) => [k.kind, k.orders])).toEqual([['MEDICINE', 0], ['FOOD', 0], ['RIDE', 0]]);
  });

  it('refuses a day that is no day (400 VALIDATION_FAILED), one still to come or over 400 days back (400 INVALID_PERIOD)', async () => {
    for (const day of ['2026-13-01', '30-11-2026', 'today', '2026-02-30']) {
      const refused = expectError(await t.get(`/v1/ops/today?day=${day}`, admin), 400, 'VALIDATION_FAILED');
      expect(refused.details.length).toBeGreaterThan(0);
      expect(refused.details.every((d) => d.path === 'day'), day).toBe(true);
    }
    const now = Date.now();
    const tomorrow = wibDay(new Date(now + 86_400_000));
    const longAgo = wibDay(new Date(now - 401 * 86_400_000));
    for (const day of [tomorrow, longAgo]) expectError(await t.get(`/v1/ops/today?day=${day}`, admin), 400, 'INVALID_PERIOD');
    expect((await t.get(`/v1/ops/today?day=${wibDay(new Date(now - 399 * 86_400_000))}`, admin)).status).toBe(200);
  });

  it('is for admins only: the gateway refuses a pharmacy, a driver and a citizen (403)', async () => {
    for (const token of [pharmacist, ayu, citizen]) expect((await t.get('/v1/ops/today', token)).status).toBe(403);
    expect((await t.get('/v1/ops/today')).status).toBe(401);
  });
});

describe('GET /v1/taxi-companies', () => {
  const tariff = { flagFallIdr: 8_000, perKmIdr: 4_300, minimumFareIdr: 22_000 };
  const registered: Record<string, string> = {};

  beforeAll(async () => {
    for (const [name, licenseNo, operator] of [
      ['Taksi Gandrung', '551.21/0301/429.104/2025', 'op-gandrung'],
      ['blambangan Taxi', '551.21/0243/429.104/2024', 'op-blambangan'],
      ['Osing Taksi', '551.21/0117/429.104/2024', 'op-osing'],
    ] as const) {
      const res = await t.post('/v1/taxi-companies', { name, licenseNo, operators: [operator], tariff }, admin);
      expect(res.status, res.text).toBe(201);
      registered[name] = res.body.companyId;
    }
  });

  it('lists every company by name (letter case aside), a page at a time', async () => {
    const first = await t.get('/v1/taxi-companies?limit=2', admin);
    expect(first.status, first.text).toBe(200);
    expect(first.body.items.map((c: { name: string }) => c.name)).toEqual(['blambangan Taxi', 'Osing Taksi']);
    expect(first.body.items[1]).toEqual({
      companyId: registered['Osing Taksi'],
      name: 'Osing Taksi',
      licenseNo: '551.21/0117/429.104/2024',
      operators: ['op-osing'],
      tariff,
      createdAt: expect.stringMatching(/\+07:00$/),
    });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.get(`/v1/taxi-companies?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, admin);
    expect(second.status, second.text).toBe(200);
    expect(second.body.items.map((c: { companyId: string }) => c.companyId)).toEqual([registered['Taksi Gandrung']]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses a cursor of another list (400 INVALID_CURSOR) and a limit out of bounds (400)', async () => {
    const fromJobs = Buffer.from(JSON.stringify({ pk: 'JOB#x', sk: 'JOB', gsi1pk: 'CELL#x', gsi1sk: 'x' })).toString('base64url');
    expectError(await t.get(`/v1/taxi-companies?cursor=${fromJobs}`, admin), 400, 'INVALID_CURSOR');
    expectError(await t.get('/v1/taxi-companies?limit=101', admin), 400, 'VALIDATION_FAILED');
  });

  it('is for admins only: a taxi operator reads its own company, not the registry (403)', async () => {
    const operator = await t.token('taxi_operator', 'op-osing');
    expect((await t.get('/v1/taxi-companies', operator)).status).toBe(403);
    expect((await t.get(`/v1/taxi-companies/${registered['Osing Taksi']}`, operator)).status).toBe(200);
    expect((await t.get('/v1/taxi-companies', citizen)).status).toBe(403);
  });
});
