import { describe, expect, it } from 'vitest';
import type { Caller } from '#platform/http/caller';
import type { JobEvent } from '#kernel/job-events';
import { parseOrderNotice } from '#kernel/order-notices';
import { followJob } from '#ordering/application/follow-job';
import { changeMedicineOrderStatus, registerMedicineOrder } from '#ordering/application/medicine-order-use-cases';
import { registerMedicineOrderSchema } from '#ordering/domain/medicine-order';
import { noticesFor } from '#ordering/domain/order-notices';
import { BLAMBANGAN, orderBody } from '../support/fixtures.ts';
import { inMemoryPorts } from '../support/in-memory-ordering-store.ts';

/**
 * The notices ordering writes with its steps (kernel/order-notices.ts): one per step people hear
 * about, in the step's own transaction, carrying ids and codes only.
 */
const pharmacist: Caller = { sub: 'apoteker-1', roles: new Set(['pharmacy']) };
const BAGUS = { driverId: 'drv_bagus', firstName: 'Bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE' };
const WULAN = { driverId: 'drv_wulan', firstName: 'Wulan', vehiclePlate: 'P 3310 AB', vehicleType: 'MOTORBIKE' };
const at = (minute: number) => `2026-11-28T10:${String(minute).padStart(2, '0')}:00.000+07:00`;
let counter = 0;
const event = (orderId: string, type: JobEvent['type'], minute: number, extra: Partial<JobEvent> = {}): JobEvent => ({
  type,
  messageId: `msg_${++counter}`,
  jobId: `job_${orderId}`,
  kind: 'MEDICINE',
  orderId,
  at: at(minute),
  ...extra,
});

async function medicineWorld() {
  const world = inMemoryPorts();
  world.store.facilities.set(BLAMBANGAN.facilityId, BLAMBANGAN);
  const order = await registerMedicineOrder(world.ports, pharmacist, registerMedicineOrderSchema.parse(orderBody()));
  const apply = (e: JobEvent) => followJob({ clock: world.ports.clock, medicineOrders: world.store, relay: world.ports.relay }, e);
  const notices = () => world.notices.map((item) => parseOrderNotice(item.body));
  return { ...world, order, apply, notices };
}

describe('the notices of a medicine order', () => {
  it('are written with the registration and with each step the patient hears about, and with no other', async () => {
    const { ports, order, apply, notices, store } = await medicineWorld();
    expect(notices()).toEqual([expect.objectContaining({ type: 'ORDER_NOTICE', orderKind: 'MEDICINE', orderId: order.orderId, event: 'REGISTERED', occurrence: 1 })]);
    // The registration's notice went in the order's own transaction: the store's outbox holds it.
    expect(store.outbox.map((item) => item.queue)).toEqual(['notifications']);

    await changeMedicineOrderStatus(ports, pharmacist, order.orderId, { status: 'PREPARING' });
    await changeMedicineOrderStatus(ports, pharmacist, order.orderId, { status: 'READY_FOR_PICKUP' });
    expect(notices()).toHaveLength(1);

    await apply(event(order.orderId, 'COURIER_ASSIGNED', 1, { driver: BAGUS }));
    await apply(event(order.orderId, 'COURIER_ASSIGNED', 1, { driver: BAGUS })); // redelivered: nothing written
    await apply(event(order.orderId, 'PICKED_UP', 2));
    await apply(event(order.orderId, 'DELIVERED', 3, { recipientName: 'Pak Slamet' }));
    expect(notices().map((notice) => notice.event)).toEqual(['REGISTERED', 'DRIVER_ASSIGNED', 'DELIVERED']);
    // Ids, codes and times: nothing of the patient, the medicines or the driver travels.
    expect(JSON.stringify(notices())).not.toMatch(/Siti|Kepiting|3510012345678901|Amlodipine|Insulin|Bagus|\+62/);
  });

  it('tells a second assignment as its own event (another driver comes), a failed delivery once', async () => {
    const { ports, order, apply, notices } = await medicineWorld();
    await changeMedicineOrderStatus(ports, pharmacist, order.orderId, { status: 'PREPARING' });
    await changeMedicineOrderStatus(ports, pharmacist, order.orderId, { status: 'READY_FOR_PICKUP' });
    await apply(event(order.orderId, 'COURIER_ASSIGNED', 1, { driver: BAGUS }));
    await apply(event(order.orderId, 'COURIER_RELEASED', 2, { driver: BAGUS }));
    await apply(event(order.orderId, 'COURIER_ASSIGNED', 3, { driver: WULAN }));
    await apply(event(order.orderId, 'PICKED_UP', 4));
    await apply(event(order.orderId, 'DELIVERY_FAILED', 5, { reason: 'Rumah kosong' }));
    expect(notices().map(({ event: e, occurrence, messageId }) => [e, occurrence, messageId])).toEqual([
      ['REGISTERED', 1, `ntc_${order.orderId}_REGISTERED_1`],
      ['DRIVER_ASSIGNED', 1, `ntc_${order.orderId}_DRIVER_ASSIGNED_1`],
      ['DRIVER_ASSIGNED', 2, `ntc_${order.orderId}_DRIVER_ASSIGNED_2`],
      ['DELIVERY_FAILED', 1, `ntc_${order.orderId}_DELIVERY_FAILED_1`],
    ]);
  });
});

describe('the notice table', () => {
  const step = (status: string, times = 1) => ({ status, timeline: Array.from({ length: times }, () => ({ status })) });

  it('notifies a food order accepted once, though a released courier puts it back to ACCEPTED', () => {
    expect(noticesFor('FOOD', 'PLACED', step('ACCEPTED'), 'fo_1', at(0))).toHaveLength(1);
    expect(noticesFor('FOOD', 'COURIER_ASSIGNED', step('ACCEPTED', 2), 'fo_1', at(0))).toEqual([]);
  });

  it('notifies the steps of each kind and nothing for a write that keeps the status', () => {
    const events = (kind: 'MEDICINE' | 'FOOD' | 'RIDE', statuses: string[]) =>
      statuses.flatMap((status) => noticesFor(kind, undefined, step(status), 'x_1', at(0)).map((message) => (message.body as { event: string }).event));
    expect(events('MEDICINE', ['REGISTERED', 'PREPARING', 'READY_FOR_PICKUP', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED', 'DELIVERY_FAILED', 'RETURNED_TO_PHARMACY', 'CANCELLED'])).toEqual([
      'REGISTERED',
      'DRIVER_ASSIGNED',
      'DELIVERED',
      'DELIVERY_FAILED',
    ]);
    expect(events('FOOD', ['PLACED', 'ACCEPTED', 'READY', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED', 'REJECTED', 'CANCELLED'])).toEqual(['PLACED', 'ACCEPTED', 'ON_THE_WAY', 'DELIVERED']);
    expect(events('RIDE', ['SEARCHING', 'DRIVER_ASSIGNED', 'ON_TRIP', 'COMPLETED', 'NO_DRIVER_FOUND', 'CANCELLED'])).toEqual(['DRIVER_ASSIGNED', 'NO_DRIVER_FOUND']);
    expect(noticesFor('MEDICINE', 'DELIVERED', step('DELIVERED'), 'x_1', at(0))).toEqual([]);
  });
});
