import { jobIdFor } from '../dispatch/dispatch-messages.ts';
import type { JobEvent } from '../dispatch/job-events.ts';
import { ConcurrentUpdateError } from '../platform/errors.ts';
import { toWibIso } from '../platform/time.ts';
import { assertTransition, type MedicineOrder, type MedicineOrderStatus } from './medicine-order.ts';
import type { OrderingPorts } from './ordering-ports.ts';

export type JobEventPorts = Pick<OrderingPorts, 'store' | 'clock'>;

/**
 * What became of a job event. Only APPLIED wrote anything; the others are answers to
 * redelivery and reordering, which SQS standard queues do not spare us.
 */
export type JobEventOutcome =
  /** The order changed (status, driver or attention). */
  | 'APPLIED'
  /** A redelivery: the order already shows this event's effect. */
  | 'ALREADY_APPLIED'
  /** The order has moved past what the event says (e.g. the assignment of a driver since released). */
  | 'SUPERSEDED'
  /** The pharmacy cancelled the order, which withdrew the job from dispatch. */
  | 'ORDER_CANCELLED';

export interface JobEventResult {
  readonly outcome: JobEventOutcome;
  readonly status: MedicineOrderStatus;
}

/**
 * The event needs an earlier event of the same job that has not arrived yet (PICKED_UP while the
 * order still waits for its COURIER_ASSIGNED). Failing the record makes SQS deliver it again
 * after the visibility timeout, by which time the earlier one has usually been applied; if it
 * never comes, the event ends in the DLQ after maxReceiveCount receives and the alarm fires.
 */
export class JobEventAheadOfOrderError extends Error {
  override readonly name = 'JobEventAheadOfOrderError';
  readonly code = 'JOB_EVENT_AHEAD_OF_ORDER';
}

type UnappliableCode = 'UNSUPPORTED_JOB_KIND' | 'UNKNOWN_ORDER' | 'JOB_MISMATCH' | 'INVALID_EVENT' | 'CONTRADICTS_ORDER';

/**
 * The event can never apply to this order, however long we wait. It still fails like any other
 * record (Lambda has no "give up now"), so it reaches the DLQ after maxReceiveCount receives,
 * where a person looks at it and can redrive it once the cause is fixed. Nothing is dropped.
 */
export class UnappliableJobEventError extends Error {
  override readonly name = 'UnappliableJobEventError';
  constructor(
    readonly code: UnappliableCode,
    message: string,
  ) {
    super(message);
  }
}

/** Attempts at the conditional write: the first, and one more after a lost race. */
const WRITE_ATTEMPTS = 2;

/**
 * Makes a medicine order follow its dispatch job: COURIER_ASSIGNED, COURIER_RELEASED (back to
 * READY_FOR_PICKUP), PICKED_UP, DELIVERED, DELIVERY_FAILED move it along the transition table as
 * actor `dispatch`, each step stamped in the timeline with the event's time; ATTENTION flags it
 * for its pharmacy without changing its status.
 *
 * Every write is conditional on the status and version read. A lost race (the pharmacy or
 * another event of this job wrote in between) is re-read and decided again once; a second loss
 * fails the record and SQS redelivers it.
 */
export async function applyJobEvent(ports: JobEventPorts, event: JobEvent): Promise<JobEventResult> {
  // Food orders and rides follow their jobs in later issues. Until ordering owns those orders,
  // their events fail here and wait in the DLQ (kept 14 days) rather than vanish: ignoring them
  // would silently lose a delivery's progress.
  if (event.kind !== 'MEDICINE') {
    throw new UnappliableJobEventError('UNSUPPORTED_JOB_KIND', `Job events of kind ${event.kind} are not handled yet (job ${event.jobId})`);
  }
  if (event.jobId !== jobIdFor(event.orderId)) {
    throw new UnappliableJobEventError('JOB_MISMATCH', `Job ${event.jobId} is not the job of medicine order ${event.orderId}`);
  }
  const at = eventTime(event);

  for (let attempt = 1; ; attempt++) {
    const order = await ports.store.getMedicineOrder(event.orderId);
    if (!order) throw new UnappliableJobEventError('UNKNOWN_ORDER', `No medicine order ${event.orderId} for job ${event.jobId}`);

    const decision = decide(order, event, at);
    if (!('next' in decision)) return { outcome: decision.outcome, status: order.status };

    const next: MedicineOrder = { ...decision.next, version: order.version + 1, updatedAt: toWibIso(ports.clock.now()) };
    try {
      await ports.store.saveMedicineOrderTransition(next, { status: order.status, version: order.version }, []);
      return { outcome: 'APPLIED', status: next.status };
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= WRITE_ATTEMPTS) throw error;
    }
  }
}

interface EventTime {
  /** Milliseconds since the epoch, for comparisons. */
  readonly instant: number;
  /** The same instant in WIB, as the order's other times are written. */
  readonly wib: string;
}

function eventTime(event: JobEvent): EventTime {
  const instant = /(Z|[+-]\d{2}:\d{2})$/.test(event.at) ? Date.parse(event.at) : Number.NaN;
  if (Number.isNaN(instant)) {
    throw new UnappliableJobEventError('INVALID_EVENT', `Job event ${event.messageId} has no ISO-8601 time with an offset in "at"`);
  }
  return { instant, wib: toWibIso(new Date(instant)) };
}

type Decision = { readonly next: MedicineOrder } | { readonly outcome: Exclude<JobEventOutcome, 'APPLIED'> };

const ALREADY_APPLIED = { outcome: 'ALREADY_APPLIED' } as const;
const SUPERSEDED = { outcome: 'SUPERSEDED' } as const;

/** How far along the delivery an order is; the two endings of a delivery share a rank. */
const STEP: Readonly<Record<Exclude<MedicineOrderStatus, 'CANCELLED'>, number>> = {
  REGISTERED: 0,
  PREPARING: 1,
  READY_FOR_PICKUP: 2,
  COURIER_ASSIGNED: 3,
  PICKED_UP: 4,
  DELIVERED: 5,
  DELIVERY_FAILED: 5,
  RETURNED_TO_PHARMACY: 6,
};

function ahead(order: MedicineOrder, event: JobEvent, waitingFor: string): never {
  throw new JobEventAheadOfOrderError(
    `Medicine order ${order.orderId} is ${order.status}: ${event.type}${event.attention ? ` ${event.attention}` : ''} waits for ${waitingFor}`,
  );
}

function decide(order: MedicineOrder, event: JobEvent, at: EventTime): Decision {
  // The cancel already withdrew the job from dispatch; whatever dispatch did meanwhile is moot.
  if (order.status === 'CANCELLED') return { outcome: 'ORDER_CANCELLED' };
  const status = order.status;

  // A job ends delivered or failed, never both: if dispatch says both, a person must look.
  const ended = event.type === 'DELIVERED' ? ['DELIVERY_FAILED', 'RETURNED_TO_PHARMACY'] : event.type === 'DELIVERY_FAILED' ? ['DELIVERED'] : [];
  if (ended.includes(status)) {
    throw new UnappliableJobEventError('CONTRADICTS_ORDER', `Medicine order ${order.orderId} is ${status}; dispatch now says ${event.type}`);
  }

  // Before pickup a job can go round (assigned, released, assigned to another driver), so an
  // assignment, release or flag older than the last event that moved the order belongs to a past
  // the order has left. Dispatch stamps its events in the order they happen. (Pickup and its
  // endings only go forward: their place is told by the status alone.)
  const older = order.lastJobEventAt !== undefined && at.instant < Date.parse(order.lastJobEventAt);
  const sameDriver = (driverId: string | undefined) => driverId === undefined || order.driver === undefined || order.driver.driverId === driverId;

  switch (event.type) {
    case 'COURIER_ASSIGNED': {
      const driver = event.driver;
      if (!driver) throw new UnappliableJobEventError('INVALID_EVENT', `COURIER_ASSIGNED ${event.messageId} names no driver`);
      if (older) return SUPERSEDED;
      if (status === 'READY_FOR_PICKUP') {
        const { companyId, driverId, firstName, vehiclePlate, vehicleType } = driver;
        return move(order, 'COURIER_ASSIGNED', at, {
          driver: { driverId, firstName, vehiclePlate, vehicleType, ...(companyId ? { companyId } : {}), assignedAt: at.wib },
          driverFirstName: firstName,
        });
      }
      if (status === 'COURIER_ASSIGNED') {
        if (order.driver?.driverId === driver.driverId) return ALREADY_APPLIED;
        return ahead(order, event, 'the release of the driver it has now');
      }
      if (STEP[status] < STEP.READY_FOR_PICKUP) return ahead(order, event, 'READY_FOR_PICKUP');
      return SUPERSEDED;
    }

    case 'COURIER_RELEASED': {
      if (older) return SUPERSEDED;
      if (status === 'COURIER_ASSIGNED') {
        // A newer release of another driver: that driver's assignment has not arrived yet.
        if (!sameDriver(event.driver?.driverId)) return ahead(order, event, 'the assignment of the driver it releases');
        const { driver: _driver, driverFirstName: _firstName, ...unassigned } = order;
        return move(unassigned, 'READY_FOR_PICKUP', at);
      }
      if (status === 'READY_FOR_PICKUP') {
        // The release is what last moved the order: this is its redelivery.
        if (order.lastJobEventAt !== undefined && Date.parse(order.lastJobEventAt) === at.instant) return ALREADY_APPLIED;
        return ahead(order, event, 'the assignment it releases');
      }
      if (STEP[status] < STEP.READY_FOR_PICKUP) return ahead(order, event, 'READY_FOR_PICKUP');
      return SUPERSEDED;
    }

    case 'PICKED_UP': {
      if (status === 'COURIER_ASSIGNED') {
        // Picked up by a driver the order does not know yet: a release and an assignment are on their way.
        if (!sameDriver(event.driver?.driverId)) return ahead(order, event, 'the assignment of the driver who picked it up');
        return move(order, 'PICKED_UP', at);
      }
      if (status === 'PICKED_UP') return ALREADY_APPLIED;
      if (STEP[status] < STEP.COURIER_ASSIGNED) return ahead(order, event, 'COURIER_ASSIGNED');
      return SUPERSEDED;
    }

    case 'DELIVERED': {
      if (status === 'PICKED_UP') return move(order, 'DELIVERED', at, event.recipientName ? { deliveredTo: event.recipientName } : {});
      if (status === 'DELIVERED') return ALREADY_APPLIED;
      return ahead(order, event, 'PICKED_UP');
    }

    case 'DELIVERY_FAILED': {
      if (status === 'PICKED_UP') return move(order, 'DELIVERY_FAILED', at, event.reason ? { failureReason: event.reason } : {});
      if (status === 'DELIVERY_FAILED' || status === 'RETURNED_TO_PHARMACY') return ALREADY_APPLIED;
      return ahead(order, event, 'PICKED_UP');
    }

    case 'ATTENTION': {
      const code = event.attention;
      if (!code) throw new UnappliableJobEventError('INVALID_EVENT', `ATTENTION ${event.messageId} has no attention code`);
      // Nobody taking the job matters while it waits for a driver; a locked delivery code while the driver holds the package.
      const mattersWhile = code === 'NO_DRIVER_YET' ? 'READY_FOR_PICKUP' : 'PICKED_UP';
      if (older) return SUPERSEDED;
      if (status === mattersWhile) {
        if (order.attention?.code === code) return ALREADY_APPLIED;
        return { next: { ...order, attention: { code, since: at.wib } } };
      }
      if (STEP[status] < STEP[mattersWhile]) return ahead(order, event, mattersWhile);
      // The order has moved on, which is what the flag asked for.
      return SUPERSEDED;
    }

    case 'NO_DRIVER_FOUND':
      // Medicine jobs never stop looking (the pharmacy is alerted instead); only rides give up.
      throw new UnappliableJobEventError('INVALID_EVENT', `Medicine job ${event.jobId} cannot end without a driver`);
  }
}

/** A step of the delivery: checked against the table, stamped in the timeline, any attention cleared. */
function move(order: MedicineOrder, to: MedicineOrderStatus, at: EventTime, changes: Partial<MedicineOrder> = {}): Decision {
  assertTransition(order.status, to, 'dispatch');
  const { attention: _attention, ...rest } = order;
  return {
    next: {
      ...rest,
      ...changes,
      status: to,
      timeline: [...order.timeline, { status: to, at: at.wib }],
      lastJobEventAt: at.wib,
    },
  };
}
