import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../infra/declaration.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { advance, changeStatus, createFacility, createOrder, expectError, facilityBody, listAllOrders, orderBody } from './support/ordering.ts';

// Who may do what in Gancang Aron: the authorizer's role scopes first, then the handlers'
// facility checks (a pharmacist acts only for the facilities that list them as staff).
let t: TestRuntime;
let admin: string;
let pharmacistA: string;
let pharmacistB: string;
let facilityA: string;
let facilityB: string;
let orderOfA: Record<string, any>;

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'admin-pemkab');
  pharmacistA = await t.token('pharmacy', 'apoteker-blambangan');
  pharmacistB = await t.token('pharmacy', 'apoteker-genteng');
  facilityA = await createFacility(t, admin, 'blambangan', ['apoteker-blambangan']);
  facilityB = await createFacility(t, admin, 'genteng', ['apoteker-genteng']);
  orderOfA = await createOrder(t, pharmacistA, orderBody(facilityA));
});
afterAll(async () => {
  await t?.stop();
});

describe('a pharmacist of another facility', () => {
  it('cannot register an order for facility A (403), and nothing is written', async () => {
    expectError(await t.post('/v1/medicine-orders', orderBody(facilityA), pharmacistB), 403, 'FORBIDDEN');
    expect((await listAllOrders(t, admin, facilityA)).map((o) => o.orderId)).toEqual([orderOfA.orderId]);
  });

  it("cannot read A's order, list A's orders or read facility A (403)", async () => {
    const read = await t.get(`/v1/medicine-orders/${orderOfA.orderId}`, pharmacistB);
    expectError(read, 403, 'FORBIDDEN');
    expect(read.text).not.toContain('Siti Aminah');
    expectError(await t.get(`/v1/medicine-orders?facilityId=${facilityA}`, pharmacistB), 403, 'FORBIDDEN');
    expectError(await t.get(`/v1/facilities/${facilityA}`, pharmacistB), 403, 'FORBIDDEN');
  });

  it("cannot change the status of A's order (403), and the order is unchanged", async () => {
    expectError(await changeStatus(t, pharmacistB, orderOfA.orderId, 'CANCELLED'), 403, 'FORBIDDEN');
    expectError(await changeStatus(t, pharmacistB, orderOfA.orderId, 'PREPARING'), 403, 'FORBIDDEN');
    const read = await t.get(`/v1/medicine-orders/${orderOfA.orderId}`, pharmacistA);
    expect(read.body.status).toBe('REGISTERED');
    expect(read.body.timeline).toHaveLength(1);
  });

  it('still works on its own facility', async () => {
    const own = await createOrder(t, pharmacistB, orderBody(facilityB));
    await advance(t, pharmacistB, own.orderId, 'PREPARING');
    const list = await t.get(`/v1/medicine-orders?facilityId=${facilityB}`, pharmacistB);
    expect(list.body.items.map((o: { orderId: string }) => o.orderId)).toContain(own.orderId);
  });
});

describe('the authorizer', () => {
  const pharmacyRoutes = () => [
    ['POST', '/v1/medicine-orders', orderBody(facilityA)],
    ['GET', `/v1/medicine-orders?facilityId=${facilityA}`, undefined],
    ['GET', `/v1/medicine-orders/${orderOfA.orderId}`, undefined],
    ['POST', `/v1/medicine-orders/${orderOfA.orderId}/status`, { status: 'CANCELLED' }],
    ['GET', '/v1/facilities', undefined],
    ['GET', `/v1/facilities/${facilityA}`, undefined],
  ] as const;

  it('refuses citizen and driver tokens on pharmacy routes with 403 Forbidden', async () => {
    for (const role of ['citizen', 'driver', 'merchant', 'taxi_operator'] satisfies Role[]) {
      // Even with the subject of facility A's pharmacist: the role decides first.
      const token = await t.token(role, 'apoteker-blambangan');
      for (const [method, path, body] of pharmacyRoutes()) {
        const res = await t.request(method, path, { token, ...(body && { body }) });
        expect({ role, method, path, status: res.status, body: res.body }).toEqual({ role, method, path, status: 403, body: { message: 'Forbidden' } });
      }
    }
    expect((await t.get(`/v1/medicine-orders/${orderOfA.orderId}`, admin)).body.status).toBe('REGISTERED');
  });

  it('refuses a pharmacist on the admin-only facility registration with 403', async () => {
    const res = await t.post('/v1/facilities', facilityBody('genteng', ['apoteker-genteng'], { name: 'Puskesmas Genteng Kulon', kind: 'PUSKESMAS' }), pharmacistB);
    expect({ status: res.status, body: res.body }).toEqual({ status: 403, body: { message: 'Forbidden' } });
  });

  it('refuses requests without a token with 401', async () => {
    for (const [method, path, body] of pharmacyRoutes()) {
      const res = await t.request(method, path, { ...(body && { body }) });
      expect({ method, path, status: res.status, body: res.body }).toEqual({ method, path, status: 401, body: { message: 'Unauthorized' } });
    }
  });
});

describe('an admin', () => {
  it('registers, reads, lists and moves orders of any facility', async () => {
    const order = await createOrder(t, admin, orderBody(facilityB));
    expect((await t.get(`/v1/medicine-orders/${order.orderId}`, admin)).status).toBe(200);
    expect((await t.get(`/v1/medicine-orders/${orderOfA.orderId}`, admin)).body.orderId).toBe(orderOfA.orderId);
    const listed = await t.get(`/v1/medicine-orders?facilityId=${facilityB}`, admin);
    expect(listed.status).toBe(200);
    expect(listed.body.items[0].orderId).toBe(order.orderId);
    await advance(t, admin, order.orderId, 'PREPARING', 'CANCELLED');
    // The pharmacy of that facility sees what the admin did.
    expect((await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacistB)).body.status).toBe('CANCELLED');
  });
});

describe('GET /v1/facilities', () => {
  it('shows a pharmacist only the facilities they act for, without the staff list', async () => {
    const a = await t.get('/v1/facilities', pharmacistA);
    expect(a.status).toBe(200);
    expect(a.body.items.map((f: { facilityId: string }) => f.facilityId)).toEqual([facilityA]);
    expect(a.body.items[0]).toMatchObject({ name: 'RSUD Blambangan', kind: 'HOSPITAL', kecamatan: 'Banyuwangi' });
    expect(a.body.items[0].staff).toBeUndefined();

    const b = await t.get('/v1/facilities', pharmacistB);
    expect(b.body.items.map((f: { facilityId: string }) => f.facilityId)).toEqual([facilityB]);

    const stranger = await t.get('/v1/facilities', await t.token('pharmacy', 'apoteker-baru'));
    expect(stranger.body).toEqual({ items: [], nextCursor: null });
  });

  it('shows an admin every facility, with staff', async () => {
    const res = await t.get('/v1/facilities', admin);
    expect(res.status).toBe(200);
    const byId = new Map(res.body.items.map((f: { facilityId: string }) => [f.facilityId, f]));
    expect(byId.get(facilityA)).toMatchObject({ name: 'RSUD Blambangan', staff: ['apoteker-blambangan'] });
    expect(byId.get(facilityB)).toMatchObject({ name: 'RSUD Genteng', staff: ['apoteker-genteng'] });
  });
});

describe('registering a facility', () => {
  it('refuses a location outside the service area with 422 OUTSIDE_SERVICE_AREA', async () => {
    const res = await t.post(
      '/v1/facilities',
      facilityBody('genteng', [], { name: 'RSD dr. Soebandi', kecamatan: 'Genteng', location: { lat: -8.17, lng: 113.7 } }),
      admin,
    );
    const error = expectError(res, 422, 'OUTSIDE_SERVICE_AREA');
    expect(error.details.map((d) => d.path)).toEqual(['location']);
    const all = await t.get('/v1/facilities', admin);
    expect(all.body.items.map((f: { name: string }) => f.name)).not.toContain('RSD dr. Soebandi');
  });

  it('refuses an unknown kecamatan with 400 naming the field', async () => {
    const res = await t.post('/v1/facilities', facilityBody('genteng', [], { name: 'Puskesmas Kalisat', kecamatan: 'Kalisat' }), admin);
    const error = expectError(res, 400);
    expect(error.details.map((d) => d.path)).toContain('kecamatan');
  });

  it('registers a facility with as many staff as one transaction holds, and refuses more with 400, never 500', async () => {
    const staff = (n: number) => Array.from({ length: n }, (_, i) => `apoteker-puskesmas-${n}-${i}`);
    const largest = await t.post('/v1/facilities', facilityBody('genteng', staff(98), { name: 'Puskesmas Kembiritan', kind: 'PUSKESMAS' }), admin);
    expect(largest.status, largest.text).toBe(201);
    const last = await t.get('/v1/facilities', await t.token('pharmacy', 'apoteker-puskesmas-98-97'));
    expect(last.body.items.map((f: { facilityId: string }) => f.facilityId)).toEqual([largest.body.facilityId]);

    for (const n of [99, 100, 101]) {
      const res = await t.post('/v1/facilities', facilityBody('genteng', staff(n), { name: `Puskesmas Besar ${n}`, kind: 'PUSKESMAS' }), admin);
      expect(expectError(res, 400).details.map((d) => d.path)).toContain('staff');
    }
  });

  it('refuses a second facility with the same name (any case or spacing) with 409', async () => {
    for (const name of ['RSUD Blambangan', 'rsud  BLAMBANGAN ']) {
      const res = await t.post('/v1/facilities', facilityBody('blambangan', ['apoteker-lain'], { name }), admin);
      expectError(res, 409);
    }
    // The refused registration did not grant its staff anything.
    const lain = await t.get('/v1/facilities', await t.token('pharmacy', 'apoteker-lain'));
    expect(lain.body.items).toEqual([]);
  });
});
