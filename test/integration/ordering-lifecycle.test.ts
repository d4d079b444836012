import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import {
  advance,
  changeStatus,
  createFacility,
  createOrder,
  dispatchJob,
  expectError,
  listAllOrders,
  orderBody,
} from './support/ordering.ts';
import { waitFor } from './support/wait.ts';

// Gancang Aron from the pharmacy desk to dispatch: the real handlers, DynamoDB Local, the
// dispatch queue and its consumer, over HTTP.
let t: TestRuntime;
let pharmacist: string;
let facilityId: string;

beforeAll(async () => {
  t = await startTestRuntime();
  const admin = await t.token('admin', 'admin-pemkab');
  pharmacist = await t.token('pharmacy', 'apoteker-blambangan');
  facilityId = await createFacility(t, admin, 'blambangan', ['apoteker-blambangan']);
});
afterAll(async () => {
  await t?.stop();
});

describe('registering a prescription', () => {
  it('hands over the tracking link on the local runtime’s own origin, where the app is served, in every answer about the order', async () => {
    const res = await t.post('/v1/medicine-orders', orderBody(facilityId), pharmacist);
    expect(res.status, res.text).toBe(201);
    const link = `${t.apiUrl}/track/${res.body.trackingToken}`;
    expect(res.body.trackingUrl).toBe(link);
    expect((await t.get(`/v1/medicine-orders/${res.body.orderId}`, pharmacist)).body.trackingUrl).toBe(link);
    expect((await changeStatus(t, pharmacist, res.body.orderId, 'PREPARING')).body.trackingUrl).toBe(link);
  });

  it('answers 201 with the order id, REGISTERED, a 6-digit delivery code and a tracking token, and stores the phone as +62', async () => {
    const body = orderBody(facilityId, { patient: { phone: '0812-3450-0001' } });
    const res = await t.post('/v1/medicine-orders', body, pharmacist);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ orderId: expect.stringMatching(/^mo_/), status: 'REGISTERED', facilityId, facilityName: 'RSUD Blambangan' });
    expect(res.body.deliveryCode).toMatch(/^\d{6}$/);
    expect(res.body.trackingToken).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(res.body.patient.phone).toBe('+6281234500001');

    const read = await t.get(`/v1/medicine-orders/${res.body.orderId}`, pharmacist);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      orderId: res.body.orderId,
      status: 'REGISTERED',
      deliveryCode: res.body.deliveryCode,
      trackingToken: res.body.trackingToken,
      prescriptionNo: body.prescriptionNo,
      payer: 'BPJS_PBI',
      items: body.items,
      patient: { name: 'Siti Aminah', nik: '3510012345678901', phone: '+6281234500001', address: body.patient.address, location: body.patient.location },
    });
    expect(read.body.timeline).toEqual([{ status: 'REGISTERED', at: expect.stringMatching(/\+07:00$/) }]);
  });

  it('answers 404 for an order id that does not exist', async () => {
    expectError(await t.get('/v1/medicine-orders/mo_01NOSUCHORDER0000000000000', pharmacist), 404, 'NOT_FOUND');
  });

  it('refuses a second order for the same prescription with 409 until the first is cancelled', async () => {
    const first = orderBody(facilityId);
    const created = await createOrder(t, pharmacist, first);

    const again = await t.post('/v1/medicine-orders', { ...orderBody(facilityId), prescriptionNo: first.prescriptionNo }, pharmacist);
    const error = expectError(again, 409, 'DUPLICATE_PRESCRIPTION');
    expect(error.details).toEqual([{ path: 'prescriptionNo', message: expect.any(String) }]);
    // The same number typed in lower case is the same prescription.
    expectError(await t.post('/v1/medicine-orders', { ...first, prescriptionNo: first.prescriptionNo.toLowerCase() }, pharmacist), 409, 'DUPLICATE_PRESCRIPTION');

    await advance(t, pharmacist, created.orderId, 'CANCELLED');
    const corrected = await createOrder(t, pharmacist, { ...first, patient: { ...first.patient, address: { ...first.patient.address, rt: '003' } } });
    expect(corrected.orderId).not.toBe(created.orderId);
    expect(corrected.status).toBe('REGISTERED');
  });
});

describe('listing a facility’s orders', () => {
  let listFacility: string;
  const created: string[] = [];

  beforeAll(async () => {
    const admin = await t.token('admin');
    listFacility = await createFacility(t, admin, 'genteng', ['apoteker-blambangan']);
    for (let i = 0; i < 5; i++) created.push((await createOrder(t, pharmacist, orderBody(listFacility))).orderId);
    await advance(t, pharmacist, created[1]!, 'PREPARING');
    await advance(t, pharmacist, created[3]!, 'PREPARING');
  });

  it('lists newest first', async () => {
    const res = await t.get(`/v1/medicine-orders?facilityId=${listFacility}`, pharmacist);
    expect(res.status).toBe(200);
    expect(res.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([...created].reverse());
    expect(res.body.nextCursor).toBeNull();
  });

  it('filters by status', async () => {
    const preparing = await t.get(`/v1/medicine-orders?facilityId=${listFacility}&status=PREPARING`, pharmacist);
    expect(preparing.status).toBe(200);
    expect(preparing.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([created[3], created[1]]);
    expect(preparing.body.items.every((o: { status: string }) => o.status === 'PREPARING')).toBe(true);

    const registered = await t.get(`/v1/medicine-orders?facilityId=${listFacility}&status=REGISTERED`, pharmacist);
    expect(registered.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([created[4], created[2], created[0]]);

    const none = await t.get(`/v1/medicine-orders?facilityId=${listFacility}&status=DELIVERED`, pharmacist);
    expect(none.body).toEqual({ items: [], nextCursor: null });
  });

  it('pages with limit and cursor: no page overlaps, every order is seen, the last page has no cursor', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/medicine-orders?facilityId=${listFacility}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.get(url, pharmacist);
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      pages.push(res.body.items.map((o: { orderId: string }) => o.orderId));
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 10);
    expect(cursor).toBeNull();
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...created].reverse());
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });

  it('pages through a status filter too', async () => {
    const first = await t.get(`/v1/medicine-orders?facilityId=${listFacility}&status=REGISTERED&limit=2`, pharmacist);
    expect(first.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([created[4], created[2]]);
    const second = await t.get(
      `/v1/medicine-orders?facilityId=${listFacility}&status=REGISTERED&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      pharmacist,
    );
    expect(second.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([created[0]]);
  });
});

describe('moving an order along and handing it to dispatch', () => {
  it('goes REGISTERED → PREPARING → READY_FOR_PICKUP, and READY_FOR_PICKUP records a WAITING dispatch job', async () => {
    const order = await createOrder(t, pharmacist, orderBody(facilityId));
    const preparing = await changeStatus(t, pharmacist, order.orderId, 'PREPARING');
    expect(preparing.status).toBe(200);
    expect(preparing.body.status).toBe('PREPARING');
    expect(await dispatchJob(t, order.orderId)).toBeUndefined();

    const ready = await changeStatus(t, pharmacist, order.orderId, 'READY_FOR_PICKUP');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('READY_FOR_PICKUP');
    expect(ready.body.timeline.map((e: { status: string }) => e.status)).toEqual(['REGISTERED', 'PREPARING', 'READY_FOR_PICKUP']);

    const job = await waitFor('the dispatch job of the ready order', () => dispatchJob(t, order.orderId));
    expect(job).toMatchObject({
      jobId: `job_${order.orderId}`,
      orderId: order.orderId,
      status: 'WAITING',
      kind: 'MEDICINE',
      ownerId: facilityId,
      pickup: { location: { lat: -8.208396, lng: 114.366168 }, kecamatan: 'Banyuwangi' },
      dropoff: { location: { lat: -8.2045, lng: 114.3712 }, kecamatan: 'Banyuwangi' },
      requirements: { medicineTrained: true, fleet: 'GOJEK' },
    });
    // Dispatch never gets the patient's name, phone or address, the NIK, the medicines or the delivery code itself.
    const raw = JSON.stringify(job);
    for (const secret of ['Siti', '1234500001', 'Kepiting', '3510012345678901', 'Amlodipine', 'Insulin', `"${order.deliveryCode}"`]) {
      expect(raw).not.toContain(secret);
    }

    const read = await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist);
    expect(read.body.status).toBe('READY_FOR_PICKUP');
  });

  it('cancelling a READY_FOR_PICKUP order asks dispatch, which withdraws the job; then the order is CANCELLED', async () => {
    const order = await createOrder(t, pharmacist, orderBody(facilityId));
    await advance(t, pharmacist, order.orderId, 'PREPARING', 'READY_FOR_PICKUP');
    await waitFor('the WAITING job', async () => ((await dispatchJob(t, order.orderId))?.status === 'WAITING' ? true : undefined));

    const asked = await t.post(`/v1/medicine-orders/${order.orderId}/status`, { status: 'CANCELLED', reason: 'Pasien dirawat inap' }, pharmacist);
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'READY_FOR_PICKUP', cancellation: { reason: 'Pasien dirawat inap', by: 'pharmacy' } });

    const job = await waitFor('the cancelled job', async () => {
      const current = await dispatchJob(t, order.orderId);
      return current?.status === 'CANCELLED' ? current : undefined;
    });
    expect(job.orderId).toBe(order.orderId);
    // Dispatch's JOB_WITHDRAWN makes the order follow.
    const cancelled = await waitFor('the order to follow', async () => {
      const res = await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist);
      return res.body.status === 'CANCELLED' ? res.body : undefined;
    });
    expect(cancelled).toMatchObject({ cancelReason: 'Pasien dirawat inap' });
    expect(cancelled.cancellation).toBeUndefined();
  });

  it('refuses an illegal transition with 409 INVALID_TRANSITION and leaves the order as it was', async () => {
    const order = await createOrder(t, pharmacist, orderBody(facilityId));
    const before = await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist);

    const error = expectError(await changeStatus(t, pharmacist, order.orderId, 'READY_FOR_PICKUP'), 409, 'INVALID_TRANSITION');
    expect(error.details).toEqual([{ path: 'status', message: expect.stringContaining('REGISTERED') }]);

    const after = await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist);
    expect(after.body).toEqual(before.body);
    expect(await dispatchJob(t, order.orderId)).toBeUndefined();

    // A cancelled order is final.
    await advance(t, pharmacist, order.orderId, 'CANCELLED');
    expectError(await changeStatus(t, pharmacist, order.orderId, 'PREPARING'), 409, 'INVALID_TRANSITION');
    expect((await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist)).body.status).toBe('CANCELLED');
  });
});

describe('public tracking', () => {
  it('shows status, timeline and facility name without a token, and no personal or medical data', async () => {
    const distinct = randomBytes(4).toString('hex');
    const body = orderBody(facilityId, {
      patient: { name: `Bu Rahayu ${distinct}`, nik: '3510099988877766', phone: '+6285299887766' },
      address: { street: `Jl. Ikan Tongkol ${distinct}`, rt: '007', rw: '004', desa: 'Kepatihan' },
      items: [{ name: `Metformin ${distinct}`, quantity: 60, unit: 'tablet', category: 'REGULAR' }],
      notes: `Titip tetangga ${distinct}`,
    });
    const order = await createOrder(t, pharmacist, body);
    await advance(t, pharmacist, order.orderId, 'PREPARING');

    const res = await t.get(`/v1/track/${order.trackingToken}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'PREPARING',
      facilityName: 'RSUD Blambangan',
      driverFirstName: null,
      timeline: [
        { status: 'REGISTERED', at: expect.any(String) },
        { status: 'PREPARING', at: expect.any(String) },
      ],
    });
    for (const secret of [
      distinct,
      'Rahayu',
      '3510099988877766',
      '6285299887766',
      '85299887766',
      'Ikan Tongkol',
      'Kepatihan',
      'Metformin',
      body.prescriptionNo,
      order.deliveryCode,
      String(body.patient.location.lat),
      String(body.patient.location.lng),
    ]) {
      expect(res.text, `tracking shows ${secret}`).not.toContain(secret);
    }
    for (const field of ['patient', 'items', 'deliveryCode', 'nik', 'phone', 'address', 'prescriptionNo', 'notes']) {
      expect(res.text).not.toContain(`"${field}"`);
    }
  });

  it('answers 404 for a token nobody was given', async () => {
    expectError(await t.get(`/v1/track/${randomBytes(16).toString('base64url')}`), 404, 'NOT_FOUND');
  });
});
