import { describe, expect, it } from 'vitest';
import type { Caller } from '#platform/http/caller';
import { registerMedicineOrderSchema } from '#ordering/domain/medicine-order';
import {
  changeMedicineOrderStatus,
  getMedicineOrder,
  listMedicineOrders,
  registerMedicineOrder,
  trackMedicineOrder,
} from '#ordering/application/medicine-order-use-cases';
import { parseDispatchMessage } from '#kernel/dispatch-messages';
import { BLAMBANGAN, GENTENG, orderBody } from '../support/fixtures.ts';
import { inMemoryPorts } from '../support/in-memory-ordering-store.ts';

const pharmacist: Caller = { sub: 'apoteker-1', roles: new Set(['pharmacy']) };
const otherPharmacist: Caller = { sub: 'apoteker-2', roles: new Set(['pharmacy']) };
const admin: Caller = { sub: 'admin', roles: new Set(['admin']) };

function setup() {
  const world = inMemoryPorts();
  world.store.facilities.set(BLAMBANGAN.facilityId, BLAMBANGAN);
  world.store.facilities.set(GENTENG.facilityId, GENTENG);
  return world;
}
const input = (overrides: Record<string, unknown> = {}) => registerMedicineOrderSchema.parse(orderBody(overrides));

describe('registering a medicine order', () => {
  it('registers it with a delivery code, a tracking token and the facility name', async () => {
    const { ports } = setup();
    const order = await registerMedicineOrder(ports, pharmacist, input());
    expect(order).toMatchObject({ status: 'REGISTERED', facilityName: 'RSUD Blambangan', deliveryCode: '123456', version: 1 });
    expect(order.trackingToken).toBeTruthy();
    expect(order.timeline).toEqual([{ status: 'REGISTERED', at: '2026-11-28T10:00:00.000+07:00' }]);
  });

  it('refuses narcotics and psychotropics with RESTRICTED_MEDICINE, naming the items', async () => {
    const { ports, store } = setup();
    const items = [
      { name: 'Paracetamol', quantity: 10, unit: 'tablet', category: 'REGULAR' },
      { name: 'Codeine', quantity: 10, unit: 'tablet', category: 'NARCOTIC' },
      { name: 'Diazepam', quantity: 10, unit: 'tablet', category: 'PSYCHOTROPIC' },
    ];
    const attempt = registerMedicineOrder(ports, pharmacist, input({ items }));
    await expect(attempt).rejects.toMatchObject({ status: 422, code: 'RESTRICTED_MEDICINE' });
    await attempt.catch((e) => expect(e.details.map((d: { path: string }) => d.path)).toEqual(['items.1.category', 'items.2.category']));
    expect(store.orders.size).toBe(0);
  });

  it('refuses a patient outside Banyuwangi with OUTSIDE_SERVICE_AREA (Jember)', async () => {
    const { ports, store } = setup();
    const body = orderBody();
    const attempt = registerMedicineOrder(ports, pharmacist, input({ patient: { ...body.patient, location: { lat: -8.17, lng: 113.7 } } }));
    await expect(attempt).rejects.toMatchObject({ status: 422, code: 'OUTSIDE_SERVICE_AREA' });
    expect(store.orders.size).toBe(0);
  });

  it('lets a pharmacist register only for a facility that lists them', async () => {
    const { ports } = setup();
    await expect(registerMedicineOrder(ports, otherPharmacist, input())).rejects.toMatchObject({ status: 403 });
    await expect(registerMedicineOrder(ports, admin, input())).resolves.toMatchObject({ status: 'REGISTERED' });
  });

  it('answers an unknown facility with 422 UNKNOWN_FACILITY', async () => {
    const { ports } = setup();
    await expect(registerMedicineOrder(ports, admin, input({ facilityId: 'fac_nowhere' }))).rejects.toMatchObject({
      status: 422,
      code: 'UNKNOWN_FACILITY',
    });
  });

  it('refuses the same prescription twice while the first order is live, and allows it after cancelling', async () => {
    const { ports } = setup();
    const first = await registerMedicineOrder(ports, pharmacist, input());
    await expect(registerMedicineOrder(ports, pharmacist, input())).rejects.toMatchObject({ status: 409, code: 'DUPLICATE_PRESCRIPTION' });
    await changeMedicineOrderStatus(ports, pharmacist, first.orderId, { status: 'CANCELLED', reason: 'wrong address' });
    await expect(registerMedicineOrder(ports, pharmacist, input())).resolves.toMatchObject({ status: 'REGISTERED' });
  });
});

describe('moving a medicine order along', () => {
  it('hands the job to dispatch exactly when it becomes READY_FOR_PICKUP, with only what the driver needs', async () => {
    const { ports, published } = setup();
    const order = await registerMedicineOrder(ports, pharmacist, input());
    await changeMedicineOrderStatus(ports, pharmacist, order.orderId, { status: 'PREPARING' });
    expect(published).toHaveLength(0);

    const ready = await changeMedicineOrderStatus(ports, pharmacist, order.orderId, { status: 'READY_FOR_PICKUP' });
    expect(ready.timeline.map((t) => t.status)).toEqual(['REGISTERED', 'PREPARING', 'READY_FOR_PICKUP']);
    expect(published).toHaveLength(1);
    const message = parseDispatchMessage(published[0]!.body);
    expect(message).toMatchObject({
      type: 'JOB_READY',
      kind: 'MEDICINE',
      orderId: order.orderId,
      pickup: { location: BLAMBANGAN.location },
      dropoff: { location: order.patient.location, kecamatan: 'Banyuwangi' },
      requirements: { medicineTrained: true, fleet: 'GOJEK' },
    });
    expect(message.type === 'JOB_READY' && message.deliveryCodeHash).toMatch(/^[a-f0-9]{64}$/);
    // Ids, points, times and the code's hash only: never the patient's name, phone, address or
    // NIK, the facility's name, the medicines or the delivery code itself (the assigned driver
    // reads the contact through DeliveryContacts).
    for (const secret of ['Siti', '1234500001', 'Kepiting', 'RSUD', '3510012345678901', 'Amlodipine', 'Insulin', '"123456"']) {
      expect(published[0]!.body).not.toContain(secret);
    }
  });

  it('builds the JOB_READY from ids, points and times alone, whatever text the patient’s name and street hold', async () => {
    const { ports, published } = setup();
    const body = input();
    // Built after parsing: whatever the API lets through, no text of the order reaches the message.
    const patient = { ...body.patient, name: 'Siti 👩‍⚕️ Aminah\uFFFF', address: { ...body.patient.address, street: 'Jl. Kepiting 🦀 No. 12\uFFFF' } };
    const order = await registerMedicineOrder(ports, pharmacist, { ...body, patient });
    await changeMedicineOrderStatus(ports, pharmacist, order.orderId, { status: 'PREPARING' });
    await changeMedicineOrderStatus(ports, pharmacist, order.orderId, { status: 'READY_FOR_PICKUP' });
    const [sent] = published;
    expect(parseDispatchMessage(sent!.body)).toMatchObject({ type: 'JOB_READY', orderId: order.orderId });
    // Every character is plain ASCII: nothing a queue could refuse, no trace of the name or street.
    expect(sent!.body).toMatch(/^[\x20-\x7e]*$/);
    expect(sent!.body).not.toMatch(/Siti|Kepiting/);
  });

  it('cancels an unready order at once, and asks dispatch to withdraw the job of a ready one', async () => {
    const { ports, published } = setup();
    const early = await registerMedicineOrder(ports, pharmacist, input({ prescriptionNo: 'RX-A' }));
    await changeMedicineOrderStatus(ports, pharmacist, early.orderId, { status: 'CANCELLED' });
    expect(published).toHaveLength(0);

    const late = await registerMedicineOrder(ports, pharmacist, input({ prescriptionNo: 'RX-B' }));
    await changeMedicineOrderStatus(ports, pharmacist, late.orderId, { status: 'PREPARING' });
    await changeMedicineOrderStatus(ports, pharmacist, late.orderId, { status: 'READY_FOR_PICKUP' });
    const requested = await changeMedicineOrderStatus(ports, pharmacist, late.orderId, { status: 'CANCELLED' });
    // In dispatch: a request, answered by dispatch; the order keeps its status meanwhile.
    expect(requested).toMatchObject({ status: 'READY_FOR_PICKUP', cancellation: { reason: 'Cancelled by the pharmacy', by: 'pharmacy' } });
    expect(published.map((p) => parseDispatchMessage(p.body))).toMatchObject([{ type: 'JOB_READY' }, { type: 'JOB_CANCELLED', kind: 'MEDICINE', orderId: late.orderId }]);
  });

  it('answers an illegal step with 409 INVALID_TRANSITION and changes nothing', async () => {
    const { ports, store } = setup();
    const order = await registerMedicineOrder(ports, pharmacist, input());
    await expect(changeMedicineOrderStatus(ports, pharmacist, order.orderId, { status: 'READY_FOR_PICKUP' })).rejects.toMatchObject({
      status: 409,
      code: 'INVALID_TRANSITION',
    });
    expect(store.orders.get(order.orderId)?.status).toBe('REGISTERED');
  });

  it('refuses another facility’s pharmacist with 403 and an unknown order with 404', async () => {
    const { ports } = setup();
    const order = await registerMedicineOrder(ports, pharmacist, input());
    await expect(changeMedicineOrderStatus(ports, otherPharmacist, order.orderId, { status: 'PREPARING' })).rejects.toMatchObject({ status: 403 });
    await expect(getMedicineOrder(ports, otherPharmacist, order.orderId)).rejects.toMatchObject({ status: 403 });
    await expect(getMedicineOrder(ports, pharmacist, 'mo_missing')).rejects.toMatchObject({ status: 404 });
  });
});

describe('listing and tracking', () => {
  it('lists a facility’s orders, newest first, filtered by status, only for its staff', async () => {
    const { ports } = setup();
    const a = await registerMedicineOrder(ports, pharmacist, input({ prescriptionNo: 'RX-1' }));
    const b = await registerMedicineOrder(ports, pharmacist, input({ prescriptionNo: 'RX-2' }));
    await changeMedicineOrderStatus(ports, pharmacist, a.orderId, { status: 'PREPARING' });

    const all = await listMedicineOrders(ports, pharmacist, { facilityId: BLAMBANGAN.facilityId, limit: 10 });
    expect(all.items.map((o) => o.orderId)).toEqual([b.orderId, a.orderId]);
    const preparing = await listMedicineOrders(ports, pharmacist, { facilityId: BLAMBANGAN.facilityId, status: 'PREPARING', limit: 10 });
    expect(preparing.items.map((o) => o.orderId)).toEqual([a.orderId]);
    await expect(listMedicineOrders(ports, otherPharmacist, { facilityId: BLAMBANGAN.facilityId, limit: 10 })).rejects.toMatchObject({ status: 403 });
  });

  it('finds an order and its facility by the tracking token, and 404s an unknown token', async () => {
    const { ports } = setup();
    const order = await registerMedicineOrder(ports, pharmacist, input());
    const tracking = { store: ports.store, positions: { positionOnJob: async () => undefined } };
    await expect(trackMedicineOrder(tracking, order.trackingToken)).resolves.toMatchObject({ order: { orderId: order.orderId }, facility: { location: BLAMBANGAN.location } });
    await expect(trackMedicineOrder(tracking, 'no-such-token-000000')).rejects.toMatchObject({ status: 404 });
  });

  it('asks dispatch where the driver is only while the package is on its way, for the order’s own job and driver', async () => {
    const { ports, store } = setup();
    const registered = await registerMedicineOrder(ports, pharmacist, input());
    const asked: [string, string][] = [];
    const tracking = {
      store: ports.store,
      positions: {
        positionOnJob: async (driverId: string, jobId: string) => {
          asked.push([driverId, jobId]);
          return { location: { lat: -8.21, lng: 114.37 }, at: '2026-11-28T10:20:00.000+07:00' };
        },
      },
    };
    const driver = { driverId: 'drv_bagus', firstName: 'Bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE', assignedAt: '2026-11-28T10:05:00.000+07:00' };
    for (const status of ['REGISTERED', 'COURIER_ASSIGNED', 'DELIVERED'] as const) {
      store.orders.set(registered.orderId, { ...registered, status, ...(status !== 'REGISTERED' && { driver }) });
      expect((await trackMedicineOrder(tracking, registered.trackingToken)).driverPosition, status).toBeUndefined();
    }
    expect(asked).toEqual([]);

    store.orders.set(registered.orderId, { ...registered, status: 'PICKED_UP', driver });
    const onTheWay = await trackMedicineOrder(tracking, registered.trackingToken);
    expect(onTheWay.driverPosition).toEqual({ location: { lat: -8.21, lng: 114.37 }, at: '2026-11-28T10:20:00.000+07:00' });
    expect(asked).toEqual([['drv_bagus', `job_${registered.orderId}`]]);
  });
});
