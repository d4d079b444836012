import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFestival, openMerchant, orderBody as foodOrderBody, type OpenMerchant } from './support/festival.ts';
import { startTestRuntime, type ApiResult, type TestRuntime } from './support/local.ts';
import { changeStatus, createFacility, createOrder, expectError, listAllOrders, orderBody } from './support/ordering.ts';

// A pharmacy desk on a flaky connection retries: Idempotency-Key makes the retry safe.
let t: TestRuntime;
let admin: string;
let pharmacist: string;
let colleague: string;
let facilityId: string;
let festivalId: string;
let merchant: OpenMerchant;

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'admin-pemkab');
  pharmacist = await t.token('pharmacy', 'apoteker-pagi');
  colleague = await t.token('pharmacy', 'apoteker-sore');
  facilityId = await createFacility(t, admin, 'blambangan', ['apoteker-pagi', 'apoteker-sore']);
  festivalId = await createFestival(t, admin);
  merchant = await openMerchant(t, admin, festivalId, { name: 'Warung Idempoten', place: 'giri', sub: 'idem-merchant' });
});
afterAll(async () => {
  await t?.stop();
});

const key = () => ({ 'Idempotency-Key': randomUUID() });
const ordersNow = async () => (await listAllOrders(t, admin, facilityId)).map((o) => o.orderId);

describe('registering with an Idempotency-Key', () => {
  it('replays the first response to a retry with the same key and body, and registers one order', async () => {
    const before = await ordersNow();
    const headers = key();
    const body = orderBody(facilityId);
    const first = await t.post('/v1/medicine-orders', body, pharmacist, headers);
    expect(first.status).toBe(201);
    const retry = await t.post('/v1/medicine-orders', body, pharmacist, headers);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.body.orderId).toBe(first.body.orderId);
    expect(retry.body.deliveryCode).toBe(first.body.deliveryCode);

    expect(await ordersNow()).toEqual([first.body.orderId, ...before]);
  });

  it('refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED, and writes nothing', async () => {
    const headers = key();
    const first = await createOrder(t, pharmacist, orderBody(facilityId), headers);
    const before = await ordersNow();

    const other = await t.post('/v1/medicine-orders', orderBody(facilityId), pharmacist, headers);
    expectError(other, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await ordersNow()).toEqual(before);
    expect(before[0]).toBe(first.orderId);
  });

  it('keeps keys apart per caller: a colleague using the same key gets their own order, never a replay of mine', async () => {
    const headers = key();
    const myBody = orderBody(facilityId);
    const mine = await createOrder(t, pharmacist, myBody, headers);
    const theirs = await createOrder(t, colleague, orderBody(facilityId), headers);
    expect(theirs.orderId).not.toBe(mine.orderId);
    expect(await ordersNow()).toEqual(expect.arrayContaining([mine.orderId, theirs.orderId]));

    // The colleague's key is theirs: reused with another body, it is refused for them.
    expectError(await t.post('/v1/medicine-orders', myBody, colleague, headers), 422, 'IDEMPOTENCY_KEY_REUSED');

    // The very same key and bytes from a colleague are judged afresh: that prescription is
    // taken, so it is a 409, never my 201 with my patient's data and delivery code.
    const fresh = key();
    const body = orderBody(facilityId);
    const first = await createOrder(t, pharmacist, body, fresh);
    const sameBytes = await t.post('/v1/medicine-orders', body, colleague, fresh);
    expectError(sameBytes, 409, 'DUPLICATE_PRESCRIPTION');
    expect(sameBytes.text).not.toContain(first.orderId);
  });

  it('replays a refusal too: a retried restricted order stays refused, with the same answer', async () => {
    const headers = key();
    const body = orderBody(facilityId, { items: [{ name: 'Kodein 10 mg', quantity: 10, unit: 'tablet', category: 'NARCOTIC' }] });
    const first = await t.post('/v1/medicine-orders', body, pharmacist, headers);
    expectError(first, 422, 'RESTRICTED_MEDICINE');
    const retry = await t.post('/v1/medicine-orders', body, pharmacist, headers);
    expect({ status: retry.status, body: retry.body }).toEqual({ status: first.status, body: first.body });
  });

  it('registers one order when the same request arrives twice at once', async () => {
    const before = await ordersNow();
    const headers = key();
    const body = orderBody(facilityId);
    const results = await Promise.all([0, 1].map(() => t.post('/v1/medicine-orders', body, pharmacist, headers)));
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of results.filter((r) => r.status !== 201)) expectError(r, 409, 'REQUEST_IN_PROGRESS');
    expect(new Set(created.map((r) => r.body.orderId)).size).toBe(1);
    expect(await ordersNow()).toEqual([created[0]!.body.orderId, ...before]);
  });
});

describe('changing status with an Idempotency-Key', () => {
  it('applies the same key to two different orders independently', async () => {
    const headers = key();
    const one = await createOrder(t, pharmacist, orderBody(facilityId));
    const two = await createOrder(t, pharmacist, orderBody(facilityId));
    const a = await changeStatus(t, pharmacist, one.orderId, 'PREPARING', headers);
    const b = await changeStatus(t, pharmacist, two.orderId, 'PREPARING', headers);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body.orderId).toBe(two.orderId);
    for (const order of [one, two]) {
      expect((await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist)).body.status).toBe('PREPARING');
    }
  });

  it('answers a retried status change with the first answer instead of 409', async () => {
    const headers = key();
    const order = await createOrder(t, pharmacist, orderBody(facilityId));
    const first = await changeStatus(t, pharmacist, order.orderId, 'PREPARING', headers);
    const retry = await changeStatus(t, pharmacist, order.orderId, 'PREPARING', headers);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    // Without the key, the repeat is the illegal PREPARING → PREPARING.
    expectError(await changeStatus(t, pharmacist, order.orderId, 'PREPARING'), 409, 'INVALID_TRANSITION');
    const read = await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist);
    expect(read.body.timeline.map((e: { status: string }) => e.status)).toEqual(['REGISTERED', 'PREPARING']);
  });
});

describe('reads', () => {
  it('ignore an Idempotency-Key: a read after a status change shows the new status', async () => {
    const order = await createOrder(t, pharmacist, orderBody(facilityId));
    const headers = key();
    const read = () => t.request('GET', `/v1/medicine-orders/${order.orderId}`, { token: pharmacist, headers });
    const list = () => t.request('GET', `/v1/medicine-orders?facilityId=${facilityId}&status=PREPARING`, { token: pharmacist, headers });

    expect((await read()).body.status).toBe('REGISTERED');
    const listedBefore = (await list()).body.items.map((o: { orderId: string }) => o.orderId);
    expect(listedBefore).not.toContain(order.orderId);

    expect((await changeStatus(t, pharmacist, order.orderId, 'PREPARING')).status).toBe(200);

    expect((await read()).body.status).toBe('PREPARING');
    expect((await list()).body.items.map((o: { orderId: string }) => o.orderId)).toContain(order.orderId);
  });
});

/** A ride from the Taman Blambangan to Pelabuhan Ketapang; `vehicleType` tells two bodies apart. */
const rideBody = (vehicleType: 'MOTORBIKE' | 'CAR') => ({
  pickup: { location: { lat: -8.2191, lng: 114.3691 }, address: { street: 'Jl. Ahmad Yani No. 1', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } },
  dropoff: { location: { lat: -8.1402, lng: 114.3951 }, address: { street: 'Jl. Gatot Subroto', desa: 'Ketapang', kecamatan: 'Kalipuro' } },
  vehicleType,
});

/** A caller of its own, so that listing its orders shows exactly what the requests made. */
interface Customer {
  readonly token: string;
  /** Two bodies that tell apart a replay from a reuse of the key. */
  readonly bodies: readonly [Record<string, unknown>, Record<string, unknown>];
  /** The ids of every order of this kind the caller can see. */
  readonly orders: () => Promise<string[]>;
}

interface PostKind {
  readonly what: string;
  readonly path: string;
  readonly idField: string;
  readonly customer: () => Promise<Customer>;
}

async function listed(path: string, idField: string, token: string): Promise<string[]> {
  const res = await t.get(`${path}?limit=100`, token);
  expect(res.status, res.text).toBe(200);
  return (res.body.items as Record<string, string>[]).map((o) => o[idField]!);
}

const POST_KINDS: readonly PostKind[] = [
  {
    what: 'a medicine order',
    path: '/v1/medicine-orders',
    idField: 'orderId',
    customer: async () => {
      const sub = `apoteker-${randomUUID().slice(0, 8)}`;
      const own = await createFacility(t, admin, 'genteng', [sub], { name: `Puskesmas ${sub}` });
      const token = await t.token('pharmacy', sub);
      return { token, bodies: [orderBody(own), orderBody(own)], orders: async () => (await listAllOrders(t, token, own)).map((o) => o.orderId) };
    },
  },
  {
    what: 'a food order',
    path: '/v1/food-orders',
    idField: 'orderId',
    customer: async () => {
      const token = await t.token('citizen');
      return {
        token,
        bodies: [foodOrderBody(festivalId, merchant), foodOrderBody(festivalId, merchant, { items: [{ itemId: merchant.items[1]!.itemId, quantity: 1 }] })],
        orders: () => listed('/v1/food-orders', 'orderId', token),
      };
    },
  },
  {
    what: 'a ride',
    path: '/v1/rides',
    idField: 'rideId',
    customer: async () => {
      const token = await t.token('citizen');
      return { token, bodies: [rideBody('MOTORBIKE'), rideBody('CAR')], orders: () => listed('/v1/rides', 'rideId', token) };
    },
  },
];

const answer = (res: ApiResult) => ({ status: res.status, body: res.body });

describe.each(POST_KINDS)('Idempotency-Key on $what', (kind) => {
  it('replays the first answer after a refused reuse: K + A → 201, K + B → 422, K + A → the same 201', async () => {
    const { token, bodies: [a, b], orders } = await kind.customer();
    const headers = key();

    const first = await t.post(kind.path, a, token, headers);
    expect(first.status, first.text).toBe(201);
    expectError(await t.post(kind.path, b, token, headers), 422, 'IDEMPOTENCY_KEY_REUSED');
    const again = await t.post(kind.path, a, token, headers);
    expect(answer(again)).toEqual(answer(first));
    expectError(await t.post(kind.path, b, token, headers), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(answer(await t.post(kind.path, a, token, headers))).toEqual(answer(first));

    expect(await orders()).toEqual([first.body[kind.idField]]);
  });

  it('creates exactly one order from 50 concurrent requests with one key; the others get that answer or 409 REQUEST_IN_PROGRESS', async () => {
    const { token, bodies: [a], orders } = await kind.customer();
    const headers = key();

    const results = await Promise.all(Array.from({ length: 50 }, () => t.post(kind.path, a, token, headers)));
    const created = results.filter((r) => r.status === 201);
    expect(created.length, results.map((r) => `${r.status} ${r.text.slice(0, 120)}`).join('\n')).toBeGreaterThanOrEqual(1);
    for (const r of results) {
      if (r.status === 201) expect(r.body).toEqual(created[0]!.body);
      else expectError(r, 409, 'REQUEST_IN_PROGRESS');
    }
    expect(await orders()).toEqual([created[0]!.body[kind.idField]]);

    // Once the first has finished, every retry gets its answer.
    expect(answer(await t.post(kind.path, a, token, headers))).toEqual(answer(created[0]!));
  });
});
