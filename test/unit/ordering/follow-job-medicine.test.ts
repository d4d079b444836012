import { describe, expect, it } from 'vitest';
import type { Caller } from '#platform/http/caller';
import { ConcurrentUpdateError } from '#platform/errors';
import type { OutboxMessage } from '#platform/outbox';
import type { JobEvent } from '#kernel/job-events';
import { followJob, JobEventAheadOfOrderError, UnappliableJobEventError } from '#ordering/application/follow-job';
import { pharmacyView, registerMedicineOrderSchema, trackingView, type MedicineOrder, type MedicineOrderStatus } from '#ordering/domain/medicine-order';
import {
  changeMedicineOrderStatus,
  listMedicineOrders,
  registerMedicineOrder,
  trackMedicineOrder,
} from '#ordering/application/medicine-order-use-cases';
import { BLAMBANGAN, orderBody } from '../support/fixtures.ts';
import { InMemoryOrderingStore, inMemoryPorts } from '../support/in-memory-ordering-store.ts';

const pharmacist: Caller = { sub: 'apoteker-1', roles: new Set(['pharmacy']) };

const BAGUS = { driverId: 'drv_bagus', firstName: 'Bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE' };
const WULAN = { driverId: 'drv_wulan', firstName: 'Wulan', vehiclePlate: 'P 3310 AB', vehicleType: 'MOTORBIKE' };

/** 10:MM WIB on the day of the fixtures. */
const at = (minute: number) => `2026-11-28T10:${String(minute).padStart(2, '0')}:00.000+07:00`;

let eventCounter = 0;
function jobEvent(orderId: string, type: JobEvent['type'], minute: number, extra: Partial<JobEvent> = {}): JobEvent {
  return { type, messageId: `msg_${++eventCounter}`, jobId: `job_${orderId}`, kind: 'MEDICINE', orderId, at: at(minute), ...extra };
}
const assigned = (orderId: string, minute: number, driver = BAGUS) => jobEvent(orderId, 'COURIER_ASSIGNED', minute, { driver });
const released = (orderId: string, minute: number, driver?: typeof BAGUS) =>
  jobEvent(orderId, 'COURIER_RELEASED', minute, { reason: 'ban bocor', ...(driver && { driver }) });
const pickedUp = (orderId: string, minute: number) => jobEvent(orderId, 'PICKED_UP', minute);
const delivered = (orderId: string, minute: number) => jobEvent(orderId, 'DELIVERED', minute, { recipientName: 'Pak Slamet (suami)' });
const failed = (orderId: string, minute: number) => jobEvent(orderId, 'DELIVERY_FAILED', minute, { reason: 'Rumah kosong, telepon tidak diangkat' });
const attention = (orderId: string, minute: number, code: 'NO_DRIVER_YET' | 'DELIVERY_CODE_LOCKED') =>
  jobEvent(orderId, 'ATTENTION', minute, { attention: code });

/** An order of RSUD Blambangan moved to READY_FOR_PICKUP by its pharmacist, as dispatch first sees it. */
async function readyOrder(store = new InMemoryOrderingStore()) {
  const world = inMemoryPorts();
  const ports = { ...world.ports, store };
  store.facilities.set(BLAMBANGAN.facilityId, BLAMBANGAN);
  const registered = await registerMedicineOrder(ports, pharmacist, registerMedicineOrderSchema.parse(orderBody()));
  await changeMedicineOrderStatus(ports, pharmacist, registered.orderId, { status: 'PREPARING' });
  await changeMedicineOrderStatus(ports, pharmacist, registered.orderId, { status: 'READY_FOR_PICKUP' });
  const id = registered.orderId;
  const order = (): MedicineOrder => store.orders.get(id)!;
  const apply = (event: JobEvent) => followJob({ clock: ports.clock, medicineOrders: ports.store }, event);
  return { ports, store, id, order, apply };
}

const statuses = (order: MedicineOrder) => order.timeline.map((entry) => entry.status);
/** The public view of an order of RSUD Blambangan, with no driver position at hand. */
const tracked = (order: MedicineOrder) => trackingView({ order, facility: BLAMBANGAN }, new Date());
const noPositions = { positionOnJob: async () => undefined };

describe('a medicine order following its job', () => {
  it('counts the wait for a driver from the first READY_FOR_PICKUP, across a driver who gave the job back', async () => {
    const { id, order, apply } = await readyOrder();
    const readyAt = Date.parse(order().timeline[order().timeline.length - 1]!.at);
    await apply(assigned(id, 5));
    await apply(released(id, 7, BAGUS));
    const result = await apply(assigned(id, 9, WULAN));
    expect(result.waitedForDriverSeconds).toBe((Date.parse(at(9)) - readyAt) / 1000);
    // A redelivered assignment writes nothing and reports no second wait.
    expect(await apply(assigned(id, 9, WULAN))).toEqual({ outcome: 'ALREADY_APPLIED', status: 'COURIER_ASSIGNED' });
  });

  it('records the assigned driver and the step time on COURIER_ASSIGNED', async () => {
    const { id, order, apply } = await readyOrder();
    const before = order().version;

    const readyAt = Date.parse(order().timeline.find((step) => step.status === 'READY_FOR_PICKUP')!.at);
    // How long the pharmacy waited for a driver: logged by the consumer, charted on AWS as ready → assigned.
    await expect(apply(assigned(id, 5))).resolves.toEqual({
      outcome: 'APPLIED',
      status: 'COURIER_ASSIGNED',
      waitedForDriverSeconds: (Date.parse(at(5)) - readyAt) / 1000,
    });

    expect(order()).toMatchObject({
      status: 'COURIER_ASSIGNED',
      version: before + 1,
      driverFirstName: 'Bagus',
      driver: { driverId: 'drv_bagus', firstName: 'Bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE', assignedAt: at(5) },
    });
    expect(order().timeline.at(-1)).toEqual({ status: 'COURIER_ASSIGNED', at: at(5) });
  });

  it('goes COURIER_ASSIGNED → PICKED_UP → DELIVERED, each step at the time dispatch saw it, and records who received it', async () => {
    const { id, order, apply } = await readyOrder();
    await apply(assigned(id, 5));
    await expect(apply(pickedUp(id, 12))).resolves.toEqual({ outcome: 'APPLIED', status: 'PICKED_UP' });
    await expect(apply(delivered(id, 31))).resolves.toEqual({ outcome: 'APPLIED', status: 'DELIVERED' });

    expect(order().status).toBe('DELIVERED');
    expect(order().deliveredTo).toBe('Pak Slamet (suami)');
    expect(order().timeline.slice(-3)).toEqual([
      { status: 'COURIER_ASSIGNED', at: at(5) },
      { status: 'PICKED_UP', at: at(12) },
      { status: 'DELIVERED', at: at(31) },
    ]);
  });

  it('writes event times given in UTC in WIB, like every other time of the order', async () => {
    const { id, order, apply } = await readyOrder();
    await apply({ ...assigned(id, 0), at: '2026-11-28T03:05:00Z' });
    expect(order().timeline.at(-1)).toEqual({ status: 'COURIER_ASSIGNED', at: '2026-11-28T10:05:00.000+07:00' });
  });

  it('records the reason of a DELIVERY_FAILED, after which the pharmacy records RETURNED_TO_PHARMACY', async () => {
    const { ports, id, order, apply } = await readyOrder();
    await apply(assigned(id, 5));
    await apply(pickedUp(id, 12));
    await expect(apply(failed(id, 40))).resolves.toEqual({ outcome: 'APPLIED', status: 'DELIVERY_FAILED' });
    expect(order()).toMatchObject({ status: 'DELIVERY_FAILED', failureReason: 'Rumah kosong, telepon tidak diangkat' });

    const back = await changeMedicineOrderStatus(ports, pharmacist, id, { status: 'RETURNED_TO_PHARMACY' });
    expect(statuses(back).slice(-4)).toEqual(['COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERY_FAILED', 'RETURNED_TO_PHARMACY']);
  });

  it('goes back to READY_FOR_PICKUP without a driver when the courier gives the job back, ready for the next one', async () => {
    const { id, order, apply } = await readyOrder();
    await apply(assigned(id, 5));
    await expect(apply(released(id, 8))).resolves.toEqual({ outcome: 'APPLIED', status: 'READY_FOR_PICKUP' });
    expect(order().status).toBe('READY_FOR_PICKUP');
    expect(order().driver).toBeUndefined();
    expect(order().driverFirstName).toBeUndefined();
    expect(tracked(order()).driver).toBeNull();
    expect(tracked(order()).driverFirstName).toBeNull();

    await apply(assigned(id, 9, WULAN));
    expect(order()).toMatchObject({ status: 'COURIER_ASSIGNED', driverFirstName: 'Wulan', driver: { driverId: 'drv_wulan' } });
    expect(statuses(order()).slice(-4)).toEqual(['READY_FOR_PICKUP', 'COURIER_ASSIGNED', 'READY_FOR_PICKUP', 'COURIER_ASSIGNED']);
  });
});

describe('redelivery', () => {
  const path: [string, (id: string) => JobEvent][] = [
    ['COURIER_ASSIGNED', (id) => assigned(id, 5)],
    ['PICKED_UP', (id) => pickedUp(id, 12)],
    ['DELIVERED', (id) => delivered(id, 31)],
  ];

  it.each(path.map(([name], index) => [name, index] as const))('of %s changes nothing the second time', async (_name, index) => {
    const { id, order, apply } = await readyOrder();
    const events = path.map(([, make]) => make(id));
    for (const event of events.slice(0, index + 1)) await apply(event);
    const once = order();

    await expect(apply(events[index]!)).resolves.toMatchObject({ outcome: 'ALREADY_APPLIED' });
    expect(order()).toBe(once);
  });

  it('of an earlier step after later ones changes nothing either', async () => {
    const { id, order, apply } = await readyOrder();
    const events = [assigned(id, 5), pickedUp(id, 12), delivered(id, 31)];
    for (const event of events) await apply(event);
    const done = order();
    for (const event of events.slice(0, 2)) await expect(apply(event)).resolves.toMatchObject({ outcome: 'SUPERSEDED', status: 'DELIVERED' });
    expect(order()).toBe(done);
  });

  it('of a COURIER_RELEASED or DELIVERY_FAILED changes nothing', async () => {
    const { id, order, apply } = await readyOrder();
    const release = released(id, 8);
    await apply(assigned(id, 5));
    await apply(release);
    const afterRelease = order();
    await expect(apply(release)).resolves.toEqual({ outcome: 'ALREADY_APPLIED', status: 'READY_FOR_PICKUP' });
    expect(order()).toBe(afterRelease);

    const failure = failed(id, 40);
    await apply(assigned(id, 9, WULAN));
    await apply(pickedUp(id, 12));
    await apply(failure);
    const afterFailure = order();
    await expect(apply(failure)).resolves.toEqual({ outcome: 'ALREADY_APPLIED', status: 'DELIVERY_FAILED' });
    expect(order()).toBe(afterFailure);
  });
});

describe('events that arrive out of order', () => {
  it('refuses a PICKED_UP that overtook its COURIER_ASSIGNED with a retryable error, then applies it on redelivery', async () => {
    const { id, order, apply } = await readyOrder();
    const pickup = pickedUp(id, 12);
    const ready = order();

    await expect(apply(pickup)).rejects.toBeInstanceOf(JobEventAheadOfOrderError);
    expect(order()).toBe(ready);

    await apply(assigned(id, 5));
    await expect(apply(pickup)).resolves.toEqual({ outcome: 'APPLIED', status: 'PICKED_UP' });
    expect(statuses(order()).slice(-2)).toEqual(['COURIER_ASSIGNED', 'PICKED_UP']);
  });

  it.each<[string, (id: string) => JobEvent, MedicineOrderStatus[]]>([
    ['DELIVERED before PICKED_UP', (id) => delivered(id, 31), ['READY_FOR_PICKUP', 'COURIER_ASSIGNED']],
    ['DELIVERY_FAILED before PICKED_UP', (id) => failed(id, 40), ['READY_FOR_PICKUP', 'COURIER_ASSIGNED']],
    ['COURIER_RELEASED before its COURIER_ASSIGNED', (id) => released(id, 8), ['READY_FOR_PICKUP']],
    ['DELIVERY_CODE_LOCKED before PICKED_UP', (id) => attention(id, 30, 'DELIVERY_CODE_LOCKED'), ['READY_FOR_PICKUP', 'COURIER_ASSIGNED']],
  ])('refuses %s, never skipping a state', async (_name, make, whileIn) => {
    const { id, order, apply } = await readyOrder();
    for (const status of whileIn) {
      if (status === 'COURIER_ASSIGNED') await apply(assigned(id, 5));
      const before = order();
      await expect(apply(make(id))).rejects.toMatchObject({ code: 'JOB_EVENT_AHEAD_OF_ORDER' });
      expect(order()).toBe(before);
    }
  });

  it('waits for the release of the current driver before taking another driver’s assignment', async () => {
    const { id, order, apply } = await readyOrder();
    const wulan = assigned(id, 9, WULAN);
    await apply(assigned(id, 5));
    await expect(apply(wulan)).rejects.toBeInstanceOf(JobEventAheadOfOrderError);
    expect(order().driver?.driverId).toBe('drv_bagus');

    await apply(released(id, 8, BAGUS));
    await apply(wulan);
    expect(order()).toMatchObject({ status: 'COURIER_ASSIGNED', driverFirstName: 'Wulan' });
  });

  it('waits for a later driver’s assignment before taking that driver’s release or pickup', async () => {
    const { id, order, apply } = await readyOrder();
    await apply(assigned(id, 5));
    await expect(apply(released(id, 20, WULAN))).rejects.toBeInstanceOf(JobEventAheadOfOrderError);
    await expect(apply({ ...pickedUp(id, 21), driver: WULAN })).rejects.toBeInstanceOf(JobEventAheadOfOrderError);
    expect(order().driver?.driverId).toBe('drv_bagus');
  });

  it('ignores the assignment and release of a driver who came and went before the current one', async () => {
    // Bagus takes the job at :05 and gives it back at :08; Wulan takes it at :09. SQS delivers Wulan first.
    const { id, order, apply } = await readyOrder();
    await apply(assigned(id, 9, WULAN));
    await expect(apply(assigned(id, 5, BAGUS))).resolves.toEqual({ outcome: 'SUPERSEDED', status: 'COURIER_ASSIGNED' });
    await expect(apply(released(id, 8))).resolves.toEqual({ outcome: 'SUPERSEDED', status: 'COURIER_ASSIGNED' });
    expect(order()).toMatchObject({ status: 'COURIER_ASSIGNED', driverFirstName: 'Wulan' });
  });

  it('does not let an old assignment come back after its release', async () => {
    const { id, order, apply } = await readyOrder();
    const first = assigned(id, 5);
    await apply(first);
    await apply(released(id, 8));
    await expect(apply(first)).resolves.toEqual({ outcome: 'SUPERSEDED', status: 'READY_FOR_PICKUP' });
    expect(order().driver).toBeUndefined();
  });
});

describe('events for a cancelled order', () => {
  it.each<[string, (id: string) => JobEvent]>([
    ['COURIER_ASSIGNED', (id) => assigned(id, 5)],
    ['COURIER_RELEASED', (id) => released(id, 8)],
    ['PICKED_UP', (id) => pickedUp(id, 12)],
    ['ATTENTION', (id) => attention(id, 20, 'NO_DRIVER_YET')],
  ])('%s is a no-op: the cancel already withdrew the job', async (_name, make) => {
    const { ports, id, order, apply } = await readyOrder();
    await changeMedicineOrderStatus(ports, pharmacist, id, { status: 'CANCELLED' });
    await apply(jobEvent(id, 'JOB_WITHDRAWN', 4));
    const cancelled = order();
    expect(cancelled.status).toBe('CANCELLED');
    await expect(apply(make(id))).resolves.toEqual({ outcome: 'ORDER_CANCELLED', status: 'CANCELLED' });
    expect(order()).toBe(cancelled);
  });
});

describe('attention for the pharmacy', () => {
  it('flags an order nobody has taken, without changing its status, until a courier is assigned', async () => {
    const { ports, id, order, apply } = await readyOrder();
    const before = order();
    await expect(apply(attention(id, 20, 'NO_DRIVER_YET'))).resolves.toEqual({ outcome: 'APPLIED', status: 'READY_FOR_PICKUP' });
    expect(order()).toMatchObject({ status: 'READY_FOR_PICKUP', attention: { code: 'NO_DRIVER_YET', since: at(20) }, version: before.version + 1 });
    expect(order().timeline).toEqual(before.timeline);

    // The pharmacy sees it in its list, and flagging again keeps the first time.
    const page = await listMedicineOrders(ports, pharmacist, { facilityId: BLAMBANGAN.facilityId, limit: 10 });
    expect(pharmacyView(page.items[0]!, undefined)).toMatchObject({ orderId: id, attention: { code: 'NO_DRIVER_YET', since: at(20) } });
    await expect(apply(attention(id, 25, 'NO_DRIVER_YET'))).resolves.toMatchObject({ outcome: 'ALREADY_APPLIED' });
    expect(order().attention?.since).toBe(at(20));

    await apply(assigned(id, 26));
    expect(order().status).toBe('COURIER_ASSIGNED');
    expect(order().attention).toBeUndefined();
    // A late flag from before the assignment does not come back.
    await expect(apply(attention(id, 25, 'NO_DRIVER_YET'))).resolves.toMatchObject({ outcome: 'SUPERSEDED' });
    expect(order().attention).toBeUndefined();
  });

  it('tells the pharmacy about a locked delivery code, until the delivery ends', async () => {
    const { id, order, apply } = await readyOrder();
    await apply(assigned(id, 5));
    await apply(pickedUp(id, 12));
    await expect(apply(attention(id, 30, 'DELIVERY_CODE_LOCKED'))).resolves.toEqual({ outcome: 'APPLIED', status: 'PICKED_UP' });
    expect(pharmacyView(order(), undefined).attention).toEqual({ code: 'DELIVERY_CODE_LOCKED', since: at(30) });

    await apply(failed(id, 40));
    expect(order()).toMatchObject({ status: 'DELIVERY_FAILED' });
    expect(order().attention).toBeUndefined();
  });

  it('drops NO_DRIVER_YET for an order that already has its courier', async () => {
    const { id, order, apply } = await readyOrder();
    await apply(assigned(id, 5));
    await expect(apply(attention(id, 6, 'NO_DRIVER_YET'))).resolves.toMatchObject({ outcome: 'SUPERSEDED' });
    expect(order().attention).toBeUndefined();
  });
});

describe('what the public and the pharmacy see of the delivery', () => {
  it('tracking shows the driver’s first name and vehicle and the step times, never the driver’s id, the recipient or the reason', async () => {
    const { store, id, order, apply } = await readyOrder();
    await apply(assigned(id, 5));
    await apply(pickedUp(id, 12));
    await apply(failed(id, 40));

    const view = trackingView(await trackMedicineOrder({ store, positions: noPositions }, order().trackingToken), new Date());
    expect(view).toMatchObject({ status: 'DELIVERY_FAILED', driverFirstName: 'Bagus' });
    expect(view.driver).toEqual({ firstName: 'Bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE' });
    expect(view.timeline.slice(-3)).toEqual([
      { status: 'COURIER_ASSIGNED', at: at(5) },
      { status: 'PICKED_UP', at: at(12) },
      { status: 'DELIVERY_FAILED', at: at(40) },
    ]);
    const text = JSON.stringify(view);
    for (const secret of ['drv_bagus', 'Rumah kosong', 'Siti', '+62812']) expect(text).not.toContain(secret);
  });

  it('tracking never shows who received the package', async () => {
    const { id, order, apply } = await readyOrder();
    for (const event of [assigned(id, 5), pickedUp(id, 12), delivered(id, 31)]) await apply(event);
    expect(JSON.stringify(tracked(order()))).not.toContain('Slamet');
  });

  it('the pharmacy sees the driver, plate and vehicle, but not the bookkeeping of events', async () => {
    const { id, order, apply } = await readyOrder();
    await apply(assigned(id, 5));
    const view = pharmacyView(order(), undefined);
    expect(view.driver).toMatchObject({ firstName: 'Bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE' });
    expect(view).not.toHaveProperty('lastJobEventAt');
    expect(view).not.toHaveProperty('version');
  });
});

describe('events that can never apply', () => {
  it.each<[string, (id: string) => JobEvent, string]>([
    ['a FOOD job where only medicine orders are wired', (id) => ({ ...pickedUp(id, 12), kind: 'FOOD' }), 'UNSUPPORTED_JOB_KIND'],
    ['a RIDE job where only medicine orders are wired', (id) => ({ ...pickedUp(id, 12), kind: 'RIDE' }), 'UNSUPPORTED_JOB_KIND'],
    ['another order’s job', (id) => ({ ...assigned(id, 5), jobId: 'job_mo_other' }), 'JOB_MISMATCH'],
    ['an unknown order', () => ({ ...assigned('mo_missing', 5) }), 'UNKNOWN_ORDER'],
    ['a time without offset', (id) => ({ ...assigned(id, 5), at: '2026-11-28T10:05:00' }), 'INVALID_EVENT'],
    ['a time that is not a time', (id) => ({ ...assigned(id, 5), at: 'soon' }), 'INVALID_EVENT'],
    ['an assignment without its driver', (id) => jobEvent(id, 'COURIER_ASSIGNED', 5), 'INVALID_EVENT'],
    ['an ATTENTION without a code', (id) => jobEvent(id, 'ATTENTION', 5), 'INVALID_EVENT'],
  ])('fails %s loudly (it ends in the DLQ) and changes nothing', async (_name, make, code) => {
    const { id, order, apply } = await readyOrder();
    const before = order();
    const attempt = apply(make(id));
    await expect(attempt).rejects.toBeInstanceOf(UnappliableJobEventError);
    await expect(attempt).rejects.toMatchObject({ code });
    expect(order()).toBe(before);
  });

  it('refuses DELIVERED for an order that failed delivery (and the reverse): a person must look', async () => {
    const { id, order, apply } = await readyOrder();
    await apply(assigned(id, 5));
    await apply(pickedUp(id, 12));
    await apply(failed(id, 40));
    await expect(apply(delivered(id, 31))).rejects.toMatchObject({ code: 'CONTRADICTS_ORDER' });
    expect(order().status).toBe('DELIVERY_FAILED');

    const other = await readyOrder();
    for (const event of [assigned(other.id, 5), pickedUp(other.id, 12), delivered(other.id, 31)]) await other.apply(event);
    await expect(other.apply(failed(other.id, 40))).rejects.toMatchObject({ code: 'CONTRADICTS_ORDER' });
  });
});

describe('a race with another write', () => {
  /** A store where someone else writes the order just before our next conditional write. */
  class RacingStore extends InMemoryOrderingStore {
    saves = 0;
    race: ((current: MedicineOrder) => MedicineOrder) | undefined;
    override async saveMedicineOrderTransition(
      next: MedicineOrder,
      expected: { status: MedicineOrderStatus; version: number },
      messages: readonly OutboxMessage[],
    ) {
      this.saves++;
      const race = this.race;
      this.race = undefined;
      if (race) this.orders.set(next.orderId, race(this.orders.get(next.orderId)!));
      return super.saveMedicineOrderTransition(next, expected, messages);
    }
  }

  it('reads the order again once and applies the event on top of the winner’s write', async () => {
    const store = new RacingStore();
    const { id, order, apply } = await readyOrder(store);
    // The winner flags the order while our COURIER_ASSIGNED is in flight.
    store.saves = 0;
    store.race = (current) => ({ ...current, version: current.version + 1, attention: { code: 'NO_DRIVER_YET', since: at(4) } });
    const readyAt = Date.parse(order().timeline.find((step) => step.status === 'READY_FOR_PICKUP')!.at);
    // How long the pharmacy waited for a driver: logged by the consumer, charted on AWS as ready → assigned.
    await expect(apply(assigned(id, 5))).resolves.toEqual({
      outcome: 'APPLIED',
      status: 'COURIER_ASSIGNED',
      waitedForDriverSeconds: (Date.parse(at(5)) - readyAt) / 1000,
    });
    expect(store.saves).toBe(2);
    expect(order()).toMatchObject({ status: 'COURIER_ASSIGNED', driverFirstName: 'Bagus' });
    expect(order().attention).toBeUndefined();
  });

  it('makes the event a no-op when the winner was the pharmacy cancelling', async () => {
    const store = new RacingStore();
    const { id, order, apply } = await readyOrder(store);
    store.saves = 0;
    store.race = (current) => ({ ...current, status: 'CANCELLED', version: current.version + 1 });
    await expect(apply(assigned(id, 5))).resolves.toEqual({ outcome: 'ORDER_CANCELLED', status: 'CANCELLED' });
    expect(store.saves).toBe(1);
    expect(order().driver).toBeUndefined();
  });

  it('fails the event after a second lost race, so SQS delivers it again', async () => {
    const store = new InMemoryOrderingStore();
    const { id, apply } = await readyOrder(store);
    let saves = 0;
    store.saveMedicineOrderTransition = async () => {
      saves++;
      throw new ConcurrentUpdateError('The medicine order');
    };
    await expect(apply(assigned(id, 5))).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(saves).toBe(2);
  });
});
