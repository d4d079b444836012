import { deliveryCodeHash, jobIdFor, type DispatchMessage, type JobReady } from '../../kernel/dispatch-messages.ts';
import { NotFoundError, OutsideServiceAreaError, RuleViolation } from '../../platform/errors.ts';
import { hasRole, type Caller } from '../../platform/http/caller.ts';
import type { OutboxMessage } from '../../platform/outbox.ts';
import type { Page } from '../../platform/pagination.ts';
import { isInServiceArea } from '../../platform/service-area.ts';
import { toWibIso } from '../../platform/time.ts';
import { cancelRequest, DISPATCH_QUEUE } from '../domain/cancellation.ts';
import { noticesFor } from '../domain/order-notices.ts';
import { assertActsForFacility, type Facility } from '../domain/facility.ts';
import {
  assertDeliverable,
  assertTransition,
  MEDICINE_ORDER_TRANSITIONS,
  type ChangeStatus,
  type MedicineOrder,
  type MedicineOrderStatus,
  type RegisterMedicineOrder,
  type TrackedMedicineOrder,
} from '../domain/medicine-order.ts';
import { DRIVER_POSITION_SHOWN_WHILE } from '../domain/driver-on-the-way.ts';
import type { OrderingPorts, TrackingPorts } from '../ports/ordering-ports.ts';
import { driverPositionFor } from './follow-driver.ts';

export { DISPATCH_QUEUE };

class UnknownFacilityError extends RuleViolation {
  constructor() {
    super('UNKNOWN_FACILITY', 'No facility has this id', [{ path: 'facilityId', message: 'unknown facility' }]);
  }
}

export async function registerMedicineOrder(
  ports: OrderingPorts,
  caller: Caller,
  input: RegisterMedicineOrder,
): Promise<MedicineOrder> {
  const facility = await ports.store.getFacility(input.facilityId);
  if (!facility) throw new UnknownFacilityError();
  assertActsForFacility(caller, facility);
  assertDeliverable(input.items);
  if (!isInServiceArea(input.patient.location)) throw new OutsideServiceAreaError('patient.location');

  const now = toWibIso(ports.clock.now());
  const order: MedicineOrder = {
    orderId: ports.ids.next('mo'),
    facilityId: facility.facilityId,
    facilityName: facility.name,
    status: 'REGISTERED',
    version: 1,
    payer: input.payer,
    prescriptionNo: input.prescriptionNo,
    patient: input.patient,
    items: input.items,
    ...(input.notes ? { notes: input.notes } : {}),
    deliveryCode: ports.secrets.deliveryCode(),
    trackingToken: ports.secrets.trackingToken(),
    timeline: [{ status: 'REGISTERED', at: now }],
    createdBy: caller.sub,
    createdAt: now,
    updatedAt: now,
  };
  // The patient hears of it (tracking link and delivery code): its notice is written with the order.
  const outbox = await ports.store.createMedicineOrder(order, noticesFor('MEDICINE', undefined, order, order.orderId, now));
  await ports.relay.publish(outbox);
  return order;
}

/** Loads an order together with its facility and checks that the caller acts for it. */
async function loadForCaller(ports: OrderingPorts, caller: Caller, orderId: string): Promise<[MedicineOrder, Facility]> {
  const order = await ports.store.getMedicineOrder(orderId);
  if (!order) throw new NotFoundError('Medicine order');
  const facility = await ports.store.getFacility(order.facilityId);
  if (!facility) throw new NotFoundError('Medicine order');
  assertActsForFacility(caller, facility);
  return [order, facility];
}

export async function getMedicineOrder(ports: OrderingPorts, caller: Caller, orderId: string): Promise<MedicineOrder> {
  const [order] = await loadForCaller(ports, caller, orderId);
  return order;
}

/**
 * The pharmacy moves its order along: PREPARING, READY_FOR_PICKUP (which hands the job to
 * dispatch), CANCELLED (at once before that, afterwards a request to dispatch),
 * RETURNED_TO_PHARMACY after a failed delivery. The write is conditional on the status and version we read, so a concurrent change
 * makes this one lose with 409 instead of overwriting it.
 */
export async function changeMedicineOrderStatus(
  ports: OrderingPorts,
  caller: Caller,
  orderId: string,
  change: ChangeStatus,
): Promise<MedicineOrder> {
  const [order, facility] = await loadForCaller(ports, caller, orderId);
  if (change.status === 'CANCELLED' && (order.cancellation || MEDICINE_ORDER_TRANSITIONS[order.status].CANCELLED === 'dispatch')) {
    return requestCancellation(ports, caller, order, change.reason);
  }
  assertTransition(order.status, change.status, 'pharmacy');

  const clockNow = ports.clock.now();
  const now = toWibIso(clockNow);
  const next: MedicineOrder = {
    ...order,
    status: change.status,
    version: order.version + 1,
    timeline: [...order.timeline, { status: change.status, at: now }],
    updatedAt: now,
    ...(change.status === 'CANCELLED' ? { cancelReason: change.reason ?? 'Cancelled by the pharmacy' } : {}),
  };

  const messages = dispatchMessagesFor(ports, order.status, next, facility, clockNow);
  const outboxItems = await ports.store.saveMedicineOrderTransition(next, { status: order.status, version: order.version }, messages);
  await ports.relay.publish(outboxItems);
  return next;
}

/**
 * The order is in dispatch: the pharmacy's cancel becomes a request (202), answered by dispatch
 * (see cancellation.ts). The order keeps its status and follows the job until the answer comes;
 * the prescription guard stays until dispatch confirms. Asking again while a request is pending
 * changes nothing.
 */
async function requestCancellation(ports: OrderingPorts, caller: Caller, order: MedicineOrder, reason: string | undefined): Promise<MedicineOrder> {
  if (order.cancellation) return order;
  const at = toWibIso(ports.clock.now());
  const { cancelRefused: _refused, ...rest } = order;
  const next: MedicineOrder = {
    ...rest,
    version: order.version + 1,
    updatedAt: at,
    cancellation: { requestedAt: at, reason: reason ?? 'Cancelled by the pharmacy', by: hasRole(caller, 'admin') ? 'admin' : 'pharmacy' },
  };
  const outboxItems = await ports.store.saveMedicineOrderTransition(next, { status: order.status, version: order.version }, [
    cancelRequest(ports.ids, 'MEDICINE', order.orderId, at),
  ]);
  await ports.relay.publish(outboxItems);
  return next;
}

function dispatchMessagesFor(
  ports: OrderingPorts,
  from: MedicineOrderStatus,
  next: MedicineOrder,
  facility: Facility,
  now: Date,
): OutboxMessage[] {
  const occurredAt = toWibIso(now);
  let body: DispatchMessage | undefined;
  if (next.status === 'READY_FOR_PICKUP' && from === 'PREPARING') {
    body = medicineJobReady(next, facility, ports.ids.next('msg'), occurredAt);
  }
  return body ? [{ messageId: body.messageId, queue: DISPATCH_QUEUE, body }] : [];
}

/**
 * The JOB_READY that hands a READY_FOR_PICKUP order to dispatch: sent with the pharmacy's status
 * change, and again by the handover reconciler (handover-reconciler.ts) when that message was
 * lost. `readyAt` comes from the order (when it last became READY_FOR_PICKUP), so both send the
 * same job.
 */
export function medicineJobReady(order: MedicineOrder, facility: Facility, messageId: string, occurredAt: string): JobReady {
  const readyAt = [...order.timeline].reverse().find((entry) => entry.status === 'READY_FOR_PICKUP')?.at ?? occurredAt;
  return {
    type: 'JOB_READY',
    messageId,
    jobId: jobIdFor(order.orderId),
    kind: 'MEDICINE',
    orderId: order.orderId,
    ownerId: facility.facilityId,
    pickup: { location: facility.location, kecamatan: facility.kecamatan },
    dropoff: { location: order.patient.location, kecamatan: order.patient.address.kecamatan },
    // Medicines travel with Go-Jek drivers trained for it, whatever the items' category.
    requirements: { vehicleTypes: ['MOTORBIKE', 'CAR'], fleet: 'GOJEK', medicineTrained: true },
    // The patient's name, phone and address stay here: the assigned driver reads them through
    // DeliveryContacts (delivery-contacts.ts), and the sealed-package note follows from the kind.
    deliveryCodeHash: deliveryCodeHash(jobIdFor(order.orderId), order.deliveryCode),
    readyAt,
    occurredAt,
  };
}

export async function listMedicineOrders(
  ports: OrderingPorts,
  caller: Caller,
  query: { facilityId: string; status?: MedicineOrderStatus; limit: number; cursor?: string },
): Promise<Page<MedicineOrder>> {
  const facility = await ports.store.getFacility(query.facilityId);
  if (!facility) throw new NotFoundError('Facility');
  assertActsForFacility(caller, facility);
  return ports.store.listMedicineOrders(query);
}

/**
 * What the tracking link shows, looked up: the order, its facility and, only while the package is
 * on its way, where the assigned driver is (asked of dispatch for this order's job, so a driver
 * who has moved on is not shown).
 */
export async function trackMedicineOrder(ports: TrackingPorts, trackingToken: string): Promise<TrackedMedicineOrder> {
  const order = await ports.store.findMedicineOrderByTrackingToken(trackingToken);
  if (!order) throw new NotFoundError('Tracked order');
  const { driver } = order;
  const [facility, driverPosition] = await Promise.all([
    ports.store.getFacility(order.facilityId),
    driverPositionFor(ports.positions, DRIVER_POSITION_SHOWN_WHILE.MEDICINE, { orderId: order.orderId, status: order.status, driverId: driver?.driverId }),
  ]);
  if (!facility) throw new NotFoundError('Tracked order');
  return { order, facility, ...(driverPosition && { driverPosition }) };
}
