import { deliveryCodeHash, jobIdFor, type DispatchMessage } from '../dispatch/dispatch-messages.ts';
import { NotFoundError, OutsideServiceAreaError, RuleViolation } from '../platform/errors.ts';
import type { Caller } from '../platform/http/caller.ts';
import type { OutboxMessage } from '../platform/outbox.ts';
import type { Page } from '../platform/pagination.ts';
import { isInServiceArea } from '../platform/service-area.ts';
import { toWibIso } from '../platform/time.ts';
import { assertActsForFacility, type Facility } from './facility.ts';
import {
  assertDeliverable,
  assertTransition,
  type ChangeStatus,
  type MedicineOrder,
  type MedicineOrderStatus,
  type RegisterMedicineOrder,
} from './medicine-order.ts';
import type { OrderingPorts, OrderingStore } from './ordering-ports.ts';

/** Where ordering's messages to dispatch go (the declared queue name). */
export const DISPATCH_QUEUE = 'dispatch';

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
  await ports.store.createMedicineOrder(order);
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
 * dispatch), CANCELLED (which withdraws it from dispatch), RETURNED_TO_PHARMACY after a failed
 * delivery. The write is conditional on the status and version we read, so a concurrent change
 * makes this one lose with 409 instead of overwriting it.
 */
export async function changeMedicineOrderStatus(
  ports: OrderingPorts,
  caller: Caller,
  orderId: string,
  change: ChangeStatus,
): Promise<MedicineOrder> {
  const [order, facility] = await loadForCaller(ports, caller, orderId);
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

const DISPATCH_ACTIVE: ReadonlySet<MedicineOrderStatus> = new Set(['READY_FOR_PICKUP', 'COURIER_ASSIGNED']);

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
    body = {
      type: 'JOB_READY',
      messageId: ports.ids.next('msg'),
      jobId: jobIdFor(next.orderId),
      kind: 'MEDICINE',
      orderId: next.orderId,
      ownerId: facility.facilityId,
      pickup: { location: facility.location, kecamatan: facility.kecamatan },
      dropoff: { location: next.patient.location, kecamatan: next.patient.address.kecamatan },
      // Medicines travel with Go-Jek drivers trained for it, whatever the items' category.
      requirements: { vehicleTypes: ['MOTORBIKE', 'CAR'], fleet: 'GOJEK', medicineTrained: true },
      // The patient's name, phone and address stay here: the assigned driver reads them through
      // DeliveryContacts (delivery-contacts.ts), and the sealed-package note follows from the kind.
      deliveryCodeHash: deliveryCodeHash(jobIdFor(next.orderId), next.deliveryCode),
      readyAt: occurredAt,
      occurredAt,
    };
  } else if (next.status === 'CANCELLED' && DISPATCH_ACTIVE.has(from)) {
    body = {
      type: 'JOB_CANCELLED',
      messageId: ports.ids.next('msg'),
      jobId: jobIdFor(next.orderId),
      orderId: next.orderId,
      reason: 'ORDER_CANCELLED',
      occurredAt,
    };
  }
  return body ? [{ messageId: body.messageId, queue: DISPATCH_QUEUE, body }] : [];
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

export async function trackMedicineOrder(
  store: Pick<OrderingStore, 'findMedicineOrderByTrackingToken'>,
  trackingToken: string,
): Promise<MedicineOrder> {
  const order = await store.findMedicineOrderByTrackingToken(trackingToken);
  if (!order) throw new NotFoundError('Tracked order');
  return order;
}
