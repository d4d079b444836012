import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { changeStatus, createFacility, createOrder, expectError, listAllOrders, orderBody } from './support/ordering.ts';

// A pharmacy desk on a flaky connection retries: Idempotency-Key makes the retry safe.
let t: TestRuntime;
let admin: string;
let pharmacist: string;
let colleague: string;
let facilityId: string;

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'admin-pemkab');
  pharmacist = await t.token('pharmacy', 'apoteker-pagi');
  colleague = await t.token('pharmacy', 'apoteker-sore');
  facilityId = await createFacility(t, admin, 'blambangan', ['apoteker-pagi', 'apoteker-sore']);
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
