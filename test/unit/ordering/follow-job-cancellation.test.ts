import { PLATFORM_TARIFFS } from '#kernel/fares';
import { describe, expect, it } from 'vitest';
import type { Caller } from '#platform/http/caller';
import { ConcurrentUpdateError } from '#platform/errors';
import type { OutboxMessage } from '#platform/outbox';
import type { JobEvent } from '#kernel/job-events';
import { followJob, UnappliableJobEventError } from '#ordering/application/follow-job';
import type { FoodOrder } from '#ordering/domain/food-order';
import { cancelFoodOrder } from '#ordering/application/food-order-use-cases';
import { registerMedicineOrderSchema } from '#ordering/domain/medicine-order';
import { changeMedicineOrderStatus, registerMedicineOrder } from '#ordering/application/medicine-order-use-cases';
import type { Ride, RideStatus } from '#ordering/domain/ride';
import { cancelRide, type RidePorts } from '#ordering/application/ride-use-cases';
import { BLAMBANGAN, orderBody } from '../support/fixtures.ts';
import { inMemoryPorts } from '../support/in-memory-ordering-store.ts';

/**
 * Item 9: a cancel of an order in dispatch is a request that dispatch answers, and the order
 * follows the answer, for every kind through the one follower: JOB_WITHDRAWN cancels it (and
 * releases what a cancel releases), CANCEL_REFUSED leaves it following its job.
 */
const at = (minute: number) => `2026-11-28T10:${String(minute).padStart(2, '0')}:00.000+07:00`;
const BAGUS = { driverId: 'drv_bagus', firstName: 'Bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE' };
let n = 0;
const event = (kind: JobEvent['kind'], orderId: string, type: JobEvent['type'], minute: number, extra: Partial<JobEvent> = {}): JobEvent => ({
  type,
  messageId: `msg_${++n}`,
  jobId: `job_${orderId}`,
  kind,
  orderId,
  at: at(minute),
  ...extra,
});

const pharmacist: Caller = { sub: 'apoteker-1', roles: new Set(['pharmacy']) };

async function readyMedicineOrder() {
  const { ports, store, published } = inMemoryPorts();
  store.facilities.set(BLAMBANGAN.facilityId, BLAMBANGAN);
  const order = await registerMedicineOrder(ports, pharmacist, registerMedicineOrderSchema.parse(orderBody()));
  await changeMedicineOrderStatus(ports, pharmacist, order.orderId, { status: 'PREPARING' });
  await changeMedicineOrderStatus(ports, pharmacist, order.orderId, { status: 'READY_FOR_PICKUP' });
  const id = order.orderId;
  const apply = (type: JobEvent['type'], minute: number, extra: Partial<JobEvent> = {}) =>
    followJob({ clock: ports.clock, medicineOrders: store }, event('MEDICINE', id, type, minute, extra));
  return { ports, store, published, id, apply, current: () => store.orders.get(id)! };
}

describe('a medicine order cancelled while in dispatch', () => {
  it('stays READY_FOR_PICKUP with a pending cancellation, keeps its prescription guard, and is CANCELLED when dispatch withdraws the job', async () => {
    const { ports, store, id, apply, current } = await readyMedicineOrder();
    const requested = await changeMedicineOrderStatus(ports, pharmacist, id, { status: 'CANCELLED', reason: 'Pasien dirawat inap' });
    expect(requested).toMatchObject({ status: 'READY_FOR_PICKUP', cancellation: { requestedAt: expect.any(String), reason: 'Pasien dirawat inap', by: 'pharmacy' } });
    // The prescription is still live: the guard holds until dispatch confirms.
    await expect(registerMedicineOrder(ports, pharmacist, registerMedicineOrderSchema.parse(orderBody()))).rejects.toMatchObject({ code: 'DUPLICATE_PRESCRIPTION' });

    await expect(apply('JOB_WITHDRAWN', 6)).resolves.toEqual({ outcome: 'APPLIED', status: 'CANCELLED' });
    expect(current()).toMatchObject({ status: 'CANCELLED', cancelReason: 'Pasien dirawat inap' });
    expect(current().cancellation).toBeUndefined();
    expect(current().timeline.at(-1)).toEqual({ status: 'CANCELLED', at: at(6) });
    // Redelivered: nothing more; late events of the withdrawn job are moot.
    await expect(apply('JOB_WITHDRAWN', 6)).resolves.toEqual({ outcome: 'ALREADY_APPLIED', status: 'CANCELLED' });
    await expect(apply('COURIER_ASSIGNED', 5, { driver: BAGUS })).resolves.toEqual({ outcome: 'ORDER_CANCELLED', status: 'CANCELLED' });
    // Now the prescription may be registered again.
    await expect(registerMedicineOrder(ports, pharmacist, registerMedicineOrderSchema.parse(orderBody()))).resolves.toMatchObject({ status: 'REGISTERED' });
    expect(store.orders.size).toBe(2);
  });

  it('follows the pickup that won the race: PICKED_UP and DELIVERED apply, CANCEL_REFUSED clears the request', async () => {
    const { ports, id, apply, current } = await readyMedicineOrder();
    await apply('COURIER_ASSIGNED', 5, { driver: BAGUS });
    await changeMedicineOrderStatus(ports, pharmacist, id, { status: 'CANCELLED' });
    await expect(apply('PICKED_UP', 7, { driver: BAGUS })).resolves.toEqual({ outcome: 'APPLIED', status: 'PICKED_UP' });
    expect(current().cancellation).toBeDefined();
    await expect(apply('CANCEL_REFUSED', 8, { reason: 'PICKED_UP' })).resolves.toEqual({ outcome: 'APPLIED', status: 'PICKED_UP' });
    expect(current().cancellation).toBeUndefined();
    expect(current().cancelRefused).toEqual({ at: at(8), reason: 'PICKED_UP' });
    await expect(apply('CANCEL_REFUSED', 8, { reason: 'PICKED_UP' })).resolves.toMatchObject({ outcome: 'ALREADY_APPLIED' });
    await expect(apply('DELIVERED', 30, { recipientName: 'Pak Slamet' })).resolves.toEqual({ outcome: 'APPLIED', status: 'DELIVERED' });
    expect(current()).toMatchObject({ status: 'DELIVERED', deliveredTo: 'Pak Slamet' });
  });

  it('asking again while a request is pending sends nothing more', async () => {
    const { ports, id, published } = await readyMedicineOrder();
    await changeMedicineOrderStatus(ports, pharmacist, id, { status: 'CANCELLED' });
    const sent = published.length;
    await changeMedicineOrderStatus(ports, pharmacist, id, { status: 'CANCELLED', reason: 'again' });
    expect(published).toHaveLength(sent);
  });

  it('a withdrawal nobody asked for, or after pickup, can never apply', async () => {
    const unasked = await readyMedicineOrder();
    await expect(unasked.apply('JOB_WITHDRAWN', 6)).rejects.toMatchObject({ code: 'CONTRADICTS_ORDER' });

    const picked = await readyMedicineOrder();
    await picked.apply('COURIER_ASSIGNED', 5, { driver: BAGUS });
    await changeMedicineOrderStatus(picked.ports, pharmacist, picked.id, { status: 'CANCELLED' });
    await picked.apply('PICKED_UP', 7, { driver: BAGUS });
    const attempt = picked.apply('JOB_WITHDRAWN', 8);
    await expect(attempt).rejects.toBeInstanceOf(UnappliableJobEventError);
    expect(picked.current().status).toBe('PICKED_UP');
  });
});

describe('a food order cancelled by its merchant or an admin after acceptance', () => {
  const merchant: Caller = { sub: 'umkm-1', roles: new Set(['merchant']) };
  const admin: Caller = { sub: 'admin-1', roles: new Set(['admin']) };
  const accepted = {
    orderId: 'fo_1',
    citizenSub: 'warga-1',
    merchant: { merchantId: 'mer_1', name: 'Sego Tempong', kecamatan: 'Giri', location: { lat: -8.19, lng: 114.33 }, ownerSub: 'umkm-1' },
    status: 'ACCEPTED',
    version: 2,
    promo: { code: 'KULINER20', discountIdr: 8_800 },
    timeline: [{ status: 'PLACED', at: at(0) }, { status: 'ACCEPTED', at: at(1) }],
    updatedAt: at(1),
  } as unknown as FoodOrder;

  function world(order: FoodOrder = accepted) {
    let current = order;
    const sent: OutboxMessage[] = [];
    const calls: string[] = [];
    const store = {
      getFoodOrder: async () => current,
      saveFoodOrderTransition: async (next: FoodOrder, expected: { status: string; version: number }, messages: readonly OutboxMessage[]) => {
        if (current.status !== expected.status || current.version !== expected.version) throw new ConcurrentUpdateError('The food order');
        calls.push(`save:${next.status}`);
        current = next;
        sent.push(...messages);
        return [];
      },
      createFoodOrder: async () => [],
      listFoodOrders: async () => ({ items: [], nextCursor: null }),
      listFestivalFoodOrders: async () => [],
      festivalTallies: async () => [],
    };
    const redemptions = { reopen: async (id: string) => void calls.push(`reopen:${id}`), release: async (id: string) => void calls.push(`release:${id}`) };
    const clock = { now: () => new Date('2026-11-28T03:02:00Z') };
    const ports = { store, catalog: redemptions as never, relay: { publish: async () => undefined }, platformTariffs: PLATFORM_TARIFFS, clock, ids: { next: (p: string) => `${p}_${++n}` } };
    const apply = (type: JobEvent['type'], minute: number, extra: Partial<JobEvent> = {}) =>
      followJob({ clock, foodOrders: store, redemptions }, event('FOOD', 'fo_1', type, minute, extra));
    return { ports, apply, sent, calls, current: () => current };
  }

  it('asks dispatch (202-style pending cancellation), and the withdrawal cancels it and gives the promotion back', async () => {
    const w = world();
    const requested = await cancelFoodOrder(w.ports, merchant, 'fo_1', 'Kompor rusak');
    expect(requested).toMatchObject({ status: 'ACCEPTED', cancellation: { reason: 'Kompor rusak', by: 'merchant' } });
    expect(w.sent).toEqual([expect.objectContaining({ queue: 'dispatch', body: expect.objectContaining({ type: 'JOB_CANCELLED', kind: 'FOOD', orderId: 'fo_1' }) })]);
    expect(w.calls).toEqual(['save:ACCEPTED']); // nothing released before dispatch answers

    await expect(w.apply('JOB_WITHDRAWN', 5)).resolves.toEqual({ outcome: 'APPLIED', status: 'CANCELLED' });
    // Marked for the sweeper before the write, released after it.
    expect(w.calls).toEqual(['save:ACCEPTED', 'reopen:fo_1', 'save:CANCELLED', 'release:fo_1']);
    expect(w.current()).toMatchObject({ status: 'CANCELLED', cancelReason: 'Kompor rusak' });
  });

  it('an admin may ask too; the citizen may not once the merchant accepted, nor another merchant', async () => {
    await expect(cancelFoodOrder(world().ports, admin, 'fo_1', undefined)).resolves.toMatchObject({ cancellation: { by: 'admin' } });
    await expect(cancelFoodOrder(world().ports, { sub: 'warga-1', roles: new Set(['citizen']) }, 'fo_1', undefined)).rejects.toMatchObject({ status: 409 });
    await expect(cancelFoodOrder(world().ports, { sub: 'umkm-2', roles: new Set(['merchant']) }, 'fo_1', undefined)).rejects.toMatchObject({ status: 404 });
    // After pickup there is nothing to ask.
    await expect(cancelFoodOrder(world({ ...accepted, status: 'PICKED_UP' }).ports, merchant, 'fo_1', undefined)).rejects.toMatchObject({ status: 409 });
  });

  it('a refusal leaves the delivery going and the promotion used', async () => {
    const w = world({ ...accepted, status: 'COURIER_ASSIGNED', driver: { ...BAGUS, assignedAt: at(2) } } as FoodOrder);
    await cancelFoodOrder(w.ports, merchant, 'fo_1', undefined);
    await w.apply('PICKED_UP', 6, { driver: BAGUS });
    await expect(w.apply('CANCEL_REFUSED', 7, { reason: 'PICKED_UP' })).resolves.toEqual({ outcome: 'APPLIED', status: 'PICKED_UP' });
    await expect(w.apply('DELIVERED', 20)).resolves.toMatchObject({ status: 'DELIVERED' });
    expect(w.calls.filter((c) => c.startsWith('re'))).toEqual([]);
  });
});

describe('a ride cancelled by its citizen', () => {
  const citizen: Caller = { sub: 'warga', roles: new Set(['citizen']) };
  function world() {
    const rides = new Map<string, Ride>();
    const ride = {
      rideId: 'rd_1',
      citizenSub: 'warga',
      status: 'SEARCHING',
      version: 1,
      vehicleType: 'TAXI',
      fareIdr: 57_300,
      distanceKm: 12,
      companyId: 'cmp_osing',
      companyName: 'Osing Taksi',
      timeline: [{ status: 'SEARCHING', at: at(0) }],
      createdAt: at(0),
      updatedAt: at(0),
    } as unknown as Ride;
    rides.set('rd_1', ride);
    const store = {
      getRide: async (id: string) => rides.get(id),
      saveRideTransition: async (next: Ride, expected: { status: RideStatus; version: number }) => {
        const current = rides.get(next.rideId)!;
        if (current.status !== expected.status || current.version !== expected.version) throw new ConcurrentUpdateError('The ride');
        rides.set(next.rideId, next);
        return [];
      },
    };
    const clock = { now: () => new Date('2026-11-28T03:01:00Z') };
    const ports = { rides: store, relay: { publish: async () => undefined }, clock, ids: { next: (p: string) => `${p}_${++n}` } } as unknown as RidePorts;
    const apply = (type: JobEvent['type'], minute: number, extra: Partial<JobEvent> = {}) => followJob({ clock, rides: store }, event('RIDE', 'rd_1', type, minute, extra));
    return { ports, apply, current: () => rides.get('rd_1')! };
  }
  const taxi = { ...BAGUS, vehicleType: 'TAXI', companyId: 'cmp_osing' };

  it('is CANCELLED when dispatch withdraws the job', async () => {
    const w = world();
    await cancelRide(w.ports, citizen, 'rd_1', undefined);
    expect(w.current()).toMatchObject({ status: 'SEARCHING', cancellation: { by: 'citizen' } });
    await expect(w.apply('JOB_WITHDRAWN', 2)).resolves.toEqual({ outcome: 'APPLIED', status: 'CANCELLED' });
    expect(w.current().cancelReason).toBe('Cancelled by the passenger');
  });

  it('is completed, and so settled, when the pickup won: the refusal keeps the trip', async () => {
    const w = world();
    await w.apply('COURIER_ASSIGNED', 1, { driver: taxi });
    await cancelRide(w.ports, citizen, 'rd_1', undefined);
    await w.apply('PICKED_UP', 2, { driver: taxi });
    await w.apply('CANCEL_REFUSED', 3, { reason: 'PICKED_UP' });
    await expect(w.apply('DELIVERED', 20)).resolves.toEqual({ outcome: 'APPLIED', status: 'COMPLETED' });
    expect(w.current()).toMatchObject({ status: 'COMPLETED', completedAt: at(20) });
    expect(w.current().cancellation).toBeUndefined();
  });
});
