import { describe, expect, it } from 'vitest';
import type { Caller } from '#platform/http/caller';
import { outboxItem, type OutboxItem, type OutboxMessage } from '#platform/outbox';
import { toWibIso } from '#platform/time';
import { parseDispatchMessage } from '#kernel/dispatch-messages';
import { awaitingDriverKeys, awaitingDriverSortKey, type OrderKind } from '#ordering/domain/awaiting-driver';
import type { FoodOrder } from '#ordering/domain/food-order';
import { handOverStrandedOrders, type AwaitingOrders, type HandoverPorts, type HandoverRef, type OrderOf } from '#ordering/application/handover-reconciler';
import { registerMedicineOrderSchema } from '#ordering/domain/medicine-order';
import { changeMedicineOrderStatus, registerMedicineOrder } from '#ordering/application/medicine-order-use-cases';
import type { Ride } from '#ordering/domain/ride';
import { BLAMBANGAN, orderBody } from '../support/fixtures.ts';
import { inMemoryPorts } from '../support/in-memory-ordering-store.ts';

const pharmacist: Caller = { sub: 'apoteker-1', roles: new Set(['pharmacy']) };
const START = Date.parse('2026-11-28T03:00:00Z');
const AFTER_SECONDS = 180;

type Entry = { kind: OrderKind; order: OrderOf[OrderKind]; sortKey: string | undefined };

/**
 * The sparse index as the DynamoDB adapter keeps it (test/integration/ordering-handover.test.ts
 * runs the adapter itself): an order is listed while its status awaits a driver, keyed by its
 * last change, and a handover moves the key only if the order is unchanged.
 */
class MemoryAwaitingOrders implements AwaitingOrders {
  readonly entries = new Map<string, Entry>();
  readonly outbox: OutboxItem[] = [];
  constructor(private readonly now: () => Date) {}

  put(kind: OrderKind, order: OrderOf[OrderKind]): void {
    const id = 'rideId' in order ? order.rideId : order.orderId;
    this.entries.set(id, { kind, order, sortKey: awaitingDriverKeys(kind, order, id).gsi4sk });
  }
  async handedOverBefore<K extends OrderKind>(kind: K, before: string, limit: number): Promise<OrderOf[K][]> {
    return [...this.entries.values()]
      .filter((e) => e.kind === kind && e.sortKey !== undefined && e.sortKey < before)
      .sort((a, b) => a.sortKey!.localeCompare(b.sortKey!))
      .slice(0, limit)
      .map((e) => structuredClone(e.order) as OrderOf[K]);
  }
  async recordHandover(ref: HandoverRef, at: string, messages: readonly OutboxMessage[]) {
    const entry = this.entries.get(ref.orderId);
    if (!entry || entry.sortKey === undefined || entry.order.status !== ref.status || entry.order.version !== ref.version) return undefined;
    entry.sortKey = awaitingDriverSortKey(at, ref.orderId);
    const items = messages.map((m) => outboxItem(m, this.now()));
    this.outbox.push(...items);
    return items;
  }
}

async function setup(options: { maxPerKind?: number } = {}) {
  const world = inMemoryPorts(new Date(START));
  world.store.facilities.set(BLAMBANGAN.facilityId, BLAMBANGAN);
  let nowMs = START;
  const clock = { now: () => new Date(nowMs) };
  const orders = new MemoryAwaitingOrders(clock.now);
  const published: OutboxItem[] = [];
  let counter = 0;
  const ports: HandoverPorts = {
    orders,
    facilities: world.store,
    relay: { publish: async (items) => void published.push(...items) },
    clock,
    ids: { next: (prefix) => `${prefix}_re${String(++counter).padStart(4, '0')}` },
    settings: { afterSeconds: AFTER_SECONDS, maxPerKind: options.maxPerKind ?? 100 },
  };
  const advance = (seconds: number) => (nowMs += seconds * 1000);
  return { world, orders, ports, published, advance };
}

const bodies = (items: readonly OutboxItem[]) => items.map((item) => parseDispatchMessage(item.body));

async function readyMedicineOrder(world: Awaited<ReturnType<typeof setup>>['world'], prescriptionNo: string) {
  const order = await registerMedicineOrder(world.ports, pharmacist, registerMedicineOrderSchema.parse(orderBody({ prescriptionNo })));
  await changeMedicineOrderStatus(world.ports, pharmacist, order.orderId, { status: 'PREPARING' });
  return changeMedicineOrderStatus(world.ports, pharmacist, order.orderId, { status: 'READY_FOR_PICKUP' });
}

const food = (orderId: string, status: FoodOrder['status'], updatedAt: string) =>
  ({
    orderId,
    status,
    version: 3,
    merchant: { merchantId: 'mer_osing', name: 'Warung Osing', kecamatan: 'Banyuwangi', location: { lat: -8.21, lng: 114.37 }, ownerSub: 'm' },
    dropoff: { location: { lat: -8.2, lng: 114.36 }, address: { street: 'Jl. Ikan Tongkol 3', desa: 'Kertosari', kecamatan: 'Banyuwangi' } },
    deliveryFeeIdr: 9000,
    readyAt: updatedAt,
    updatedAt,
  }) as unknown as FoodOrder;

const ride = (rideId: string, status: Ride['status'], updatedAt: string) =>
  ({
    rideId,
    status,
    version: 1,
    vehicleType: 'MOTORBIKE',
    pickup: { location: { lat: -8.2, lng: 114.36 }, address: { street: 'Jl. Ahmad Yani 1', desa: 'Penganjuran', kecamatan: 'Banyuwangi' } },
    dropoff: { location: { lat: -8.14, lng: 114.39 }, address: { street: 'Pelabuhan Ketapang', desa: 'Ketapang', kecamatan: 'Kalipuro' } },
    fareIdr: 21_000,
    createdAt: updatedAt,
    updatedAt,
  }) as unknown as Ride;

describe('handing stranded orders over to dispatch again', () => {
  it('re-sends the very JOB_READY of the status change, once the order has waited longer than the threshold', async () => {
    const { world, orders, ports, published, advance } = await setup();
    const order = await readyMedicineOrder(world, 'RX-1');
    orders.put('MEDICINE', order);
    const [original] = bodies(world.published);

    advance(AFTER_SECONDS - 1);
    expect((await handOverStrandedOrders(ports)).handedOver.MEDICINE).toBe(0);
    expect(published).toEqual([]);

    advance(2);
    const run = await handOverStrandedOrders(ports);
    expect(run).toEqual({ handedOver: { MEDICINE: 1, FOOD: 0, RIDE: 0 }, movedOn: 0, unbuildable: [] });
    const [again] = bodies(published);
    // Same job, same places, same time it became ready: only the message's own id and time differ.
    const { messageId: _a, occurredAt: _b, ...originalJob } = original as Record<string, unknown>;
    expect(again).toEqual({ ...originalJob, messageId: 'msg_re0001', occurredAt: toWibIso(new Date(START + (AFTER_SECONDS + 1) * 1000)) });
    expect(again).toMatchObject({ type: 'JOB_READY', jobId: `job_${order.orderId}`, readyAt: order.updatedAt });
    // It travels through the outbox like every message to dispatch.
    expect(orders.outbox.map((item) => item.messageId)).toEqual(['msg_re0001']);
  });

  it('re-hands an order at most once per threshold, as long as it waits', async () => {
    const { world, orders, ports, published, advance } = await setup();
    orders.put('MEDICINE', await readyMedicineOrder(world, 'RX-1'));
    advance(AFTER_SECONDS + 1);
    await handOverStrandedOrders(ports);
    for (let minute = 0; minute < 2; minute++) {
      advance(60);
      expect((await handOverStrandedOrders(ports)).handedOver.MEDICINE).toBe(0);
    }
    advance(AFTER_SECONDS - 119);
    expect((await handOverStrandedOrders(ports)).handedOver.MEDICINE).toBe(1);
    expect(published).toHaveLength(2);
  });

  it('never floods: at most maxPerKind per run, the longest waiting first, every order in turn', async () => {
    const { orders, ports, published, advance } = await setup({ maxPerKind: 100 });
    for (let i = 0; i < 250; i++) {
      // Ids run against the waiting order, so oldest-first is not mistaken for id order.
      orders.put('FOOD', food(`fo_${String(999 - i)}`, 'ACCEPTED', toWibIso(new Date(START + i * 1000))));
    }
    advance(AFTER_SECONDS + 300);
    const counts: number[] = [];
    for (let run = 0; run < 4; run++) {
      counts.push((await handOverStrandedOrders(ports)).handedOver.FOOD);
      advance(1);
    }
    expect(counts).toEqual([100, 100, 50, 0]);
    const ids = bodies(published).map((m) => m.type === 'JOB_READY' && m.orderId);
    expect(new Set(ids).size).toBe(250);
    expect(ids.slice(0, 3)).toEqual(['fo_999', 'fo_998', 'fo_997']);
  });

  it('hands over each kind in the statuses where it awaits a driver, and no other', async () => {
    const { orders, ports, published, advance } = await setup();
    const at = toWibIso(new Date(START));
    orders.put('FOOD', food('fo_accepted', 'ACCEPTED', at));
    orders.put('FOOD', food('fo_ready', 'READY', at));
    orders.put('FOOD', food('fo_placed', 'PLACED', at));
    orders.put('FOOD', food('fo_assigned', 'COURIER_ASSIGNED', at));
    orders.put('RIDE', ride('rd_searching', 'SEARCHING', at));
    orders.put('RIDE', ride('rd_assigned', 'DRIVER_ASSIGNED', at));
    orders.put('RIDE', ride('rd_over', 'NO_DRIVER_FOUND', at));
    advance(AFTER_SECONDS + 1);

    expect((await handOverStrandedOrders(ports)).handedOver).toEqual({ MEDICINE: 0, FOOD: 2, RIDE: 1 });
    const sent = bodies(published).map((m) => m.type === 'JOB_READY' && [m.kind, m.jobId, m.readyAt]);
    expect(sent.sort()).toEqual([
      ['FOOD', 'job_fo_accepted', at],
      ['FOOD', 'job_fo_ready', at],
      ['RIDE', 'job_rd_searching', at],
    ]);
  });

  it('asks dispatch again to cancel an order whose cancellation still waits for an answer, in any status', async () => {
    const { orders, ports, published, advance } = await setup();
    const at = toWibIso(new Date(START));
    const pending = { requestedAt: at, reason: 'Pasien pindah rumah', by: 'merchant' as const };
    // Assigned: no longer awaiting a driver, but awaiting dispatch's answer to the cancel.
    orders.put('FOOD', { ...food('fo_cancelling', 'COURIER_ASSIGNED', at), cancellation: pending });
    orders.put('RIDE', { ...ride('rd_cancelling', 'SEARCHING', at), cancellation: { ...pending, by: 'citizen' as const } });
    advance(AFTER_SECONDS + 1);

    expect((await handOverStrandedOrders(ports)).handedOver).toEqual({ MEDICINE: 0, FOOD: 1, RIDE: 1 });
    const sent = bodies(published).map((m) => [m.type, 'jobId' in m ? m.jobId : undefined, m.type === 'JOB_CANCELLED' ? m.kind : undefined]);
    // The cancel request again, never a JOB_READY that would start matching for a cancelled order.
    expect(sent.sort()).toEqual([
      ['JOB_CANCELLED', 'job_fo_cancelling', 'FOOD'],
      ['JOB_CANCELLED', 'job_rd_cancelling', 'RIDE'],
    ]);
  });

  it('leaves an order that changed since it was read to whoever changed it', async () => {
    const { world, orders, ports, published, advance } = await setup();
    const order = await readyMedicineOrder(world, 'RX-1');
    orders.put('MEDICINE', order);
    advance(AFTER_SECONDS + 1);
    // Read by the reconciler, then assigned a courier before its write lands.
    const realRecord = orders.recordHandover.bind(orders);
    orders.recordHandover = async (ref, at, messages) => {
      orders.entries.get(order.orderId)!.order = { ...order, status: 'COURIER_ASSIGNED', version: order.version + 1 };
      return realRecord(ref, at, messages);
    };
    expect(await handOverStrandedOrders(ports)).toEqual({ handedOver: { MEDICINE: 0, FOOD: 0, RIDE: 0 }, movedOn: 1, unbuildable: [] });
    expect(published).toEqual([]);
  });

  it('stamps an order whose JOB_READY cannot be built (its facility is gone) and reports it, so it does not block the others', async () => {
    const { world, orders, ports, published, advance } = await setup({ maxPerKind: 1 });
    const lost = await readyMedicineOrder(world, 'RX-1');
    world.store.facilities.set('fac_gone', { ...BLAMBANGAN, facilityId: 'fac_gone' });
    orders.put('MEDICINE', { ...lost, facilityId: 'fac_gone' });
    world.store.facilities.delete('fac_gone');
    advance(1);
    const waiting = await readyMedicineOrder(world, 'RX-2');
    orders.put('MEDICINE', { ...waiting, updatedAt: toWibIso(new Date(START + 1000)) });
    advance(AFTER_SECONDS + 1);

    expect(await handOverStrandedOrders(ports)).toMatchObject({ handedOver: { MEDICINE: 0 }, unbuildable: [lost.orderId] });
    expect(await handOverStrandedOrders(ports)).toMatchObject({ handedOver: { MEDICINE: 1 }, unbuildable: [] });
    expect(bodies(published).map((m) => m.type === 'JOB_READY' && m.orderId)).toEqual([waiting.orderId]);
  });
});
