import { jobIdFor } from '../dispatch/dispatch-messages.ts';
import type { JobEvent } from '../dispatch/job-events.ts';
import { ConcurrentUpdateError } from '../platform/errors.ts';
import { toWibIso, type Clock } from '../platform/time.ts';
import { JobEventAheadOfOrderError, UnappliableJobEventError, type JobEventOutcome } from './apply-job-event.ts';
import type { FoodOrder, FoodOrderStatus } from './food-order.ts';
import type { FoodOrderStore } from './food-order-ports.ts';

export interface FoodJobEventPorts {
  readonly store: Pick<FoodOrderStore, 'getFoodOrder' | 'saveFoodOrderTransition'>;
  readonly clock: Clock;
}

const WRITE_ATTEMPTS = 2;

/**
 * Makes a food order follow its delivery job, as applyJobEvent does for medicine orders: every
 * write conditional on the status and version read, redeliveries recognised, events that run
 * ahead of the order failed so that SQS brings them back later. Food needs no delivery code.
 * The courier may be assigned while the kitchen still cooks (ACCEPTED): dispatch starts a lead
 * time before the food is ready.
 */
export async function applyFoodJobEvent(ports: FoodJobEventPorts, event: JobEvent): Promise<{ outcome: JobEventOutcome; status: FoodOrderStatus }> {
  if (event.jobId !== jobIdFor(event.orderId)) {
    throw new UnappliableJobEventError('JOB_MISMATCH', `Job ${event.jobId} is not the job of food order ${event.orderId}`);
  }
  const instant = Date.parse(event.at);
  const at = toWibIso(new Date(instant));
  for (let attempt = 1; ; attempt++) {
    const order = await ports.store.getFoodOrder(event.orderId);
    if (!order) throw new UnappliableJobEventError('UNKNOWN_ORDER', `No food order ${event.orderId} for job ${event.jobId}`);
    const decision = decide(order, event, instant, at);
    if (!('next' in decision)) return { outcome: decision.outcome, status: order.status };
    const next: FoodOrder = { ...decision.next, version: order.version + 1, updatedAt: toWibIso(ports.clock.now()) };
    try {
      await ports.store.saveFoodOrderTransition(next, { status: order.status, version: order.version }, []);
      return { outcome: 'APPLIED', status: next.status };
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= WRITE_ATTEMPTS) throw error;
    }
  }
}

type Decision = { readonly next: FoodOrder } | { readonly outcome: Exclude<JobEventOutcome, 'APPLIED'> };

const ALREADY_APPLIED = { outcome: 'ALREADY_APPLIED' } as const;
const SUPERSEDED = { outcome: 'SUPERSEDED' } as const;

const STEP: Readonly<Record<FoodOrderStatus, number>> = {
  PLACED: 0,
  REJECTED: 0,
  CANCELLED: 0,
  ACCEPTED: 1,
  READY: 1,
  COURIER_ASSIGNED: 2,
  PICKED_UP: 3,
  DELIVERED: 4,
  DELIVERY_FAILED: 4,
};

function move(order: FoodOrder, status: FoodOrderStatus, at: string, _instant: number, extra: Partial<FoodOrder> = {}): Decision {
  const { attention: _attention, ...rest } = order;
  return { next: { ...rest, ...extra, status, timeline: [...order.timeline, { status, at }], lastJobEventAt: at } };
}

function ahead(order: FoodOrder, event: JobEvent, waitingFor: string): never {
  throw new JobEventAheadOfOrderError(`Food order ${order.orderId} is ${order.status}: ${event.type} waits for ${waitingFor}`);
}

function decide(order: FoodOrder, event: JobEvent, instant: number, at: string): Decision {
  const status = order.status;
  // Dispatch only hears of a food order once the merchant accepted it, after which neither a
  // reject nor a cancel is possible: an event for such an order is a contradiction.
  if (status === 'REJECTED' || status === 'CANCELLED' || status === 'PLACED') {
    throw new UnappliableJobEventError('CONTRADICTS_ORDER', `Food order ${order.orderId} is ${status}; dispatch says ${event.type}`);
  }
  const older = order.lastJobEventAt !== undefined && instant < Date.parse(order.lastJobEventAt);
  const kitchen: FoodOrderStatus = order.foodReadyAt ? 'READY' : 'ACCEPTED';

  switch (event.type) {
    case 'COURIER_ASSIGNED': {
      const driver = event.driver;
      if (!driver) throw new UnappliableJobEventError('INVALID_EVENT', `COURIER_ASSIGNED ${event.messageId} names no driver`);
      if (older) return SUPERSEDED;
      if (status === 'ACCEPTED' || status === 'READY') {
        const { companyId, driverId, firstName, vehiclePlate, vehicleType } = driver;
        return move(order, 'COURIER_ASSIGNED', at, instant, {
          driver: { driverId, firstName, vehiclePlate, vehicleType, ...(companyId ? { companyId } : {}), assignedAt: at },
        });
      }
      if (status === 'COURIER_ASSIGNED') return order.driver?.driverId === driver.driverId ? ALREADY_APPLIED : ahead(order, event, 'the release of its driver');
      return SUPERSEDED;
    }
    case 'COURIER_RELEASED': {
      if (older) return SUPERSEDED;
      if (status === 'COURIER_ASSIGNED') {
        if (event.driver && order.driver && event.driver.driverId !== order.driver.driverId) return ahead(order, event, 'the assignment of the driver it releases');
        const { driver: _driver, ...unassigned } = order;
        return move(unassigned, kitchen, at, instant);
      }
      if (STEP[status] === 1) {
        if (order.lastJobEventAt !== undefined && Date.parse(order.lastJobEventAt) === instant) return ALREADY_APPLIED;
        return ahead(order, event, 'the assignment it releases');
      }
      return SUPERSEDED;
    }
    case 'PICKED_UP': {
      if (status === 'COURIER_ASSIGNED') {
        if (event.driver && order.driver && event.driver.driverId !== order.driver.driverId) return ahead(order, event, 'the assignment of the driver who picked it up');
        // The driver has the food in hand: it was ready, whether or not the merchant said so.
        return move(order, 'PICKED_UP', at, instant, order.foodReadyAt ? {} : { foodReadyAt: at });
      }
      if (status === 'PICKED_UP') return ALREADY_APPLIED;
      if (STEP[status] < STEP.COURIER_ASSIGNED) return ahead(order, event, 'COURIER_ASSIGNED');
      return SUPERSEDED;
    }
    case 'DELIVERED': {
      if (status === 'PICKED_UP') return move(order, 'DELIVERED', at, instant, event.recipientName ? { deliveredTo: event.recipientName } : {});
      if (status === 'DELIVERED') return ALREADY_APPLIED;
      if (status === 'DELIVERY_FAILED') throw new UnappliableJobEventError('CONTRADICTS_ORDER', `Food order ${order.orderId} is DELIVERY_FAILED; dispatch now says DELIVERED`);
      return ahead(order, event, 'PICKED_UP');
    }
    case 'DELIVERY_FAILED': {
      if (status === 'PICKED_UP') return move(order, 'DELIVERY_FAILED', at, instant, event.reason ? { failureReason: event.reason } : {});
      if (status === 'DELIVERY_FAILED') return ALREADY_APPLIED;
      if (status === 'DELIVERED') throw new UnappliableJobEventError('CONTRADICTS_ORDER', `Food order ${order.orderId} is DELIVERED; dispatch now says DELIVERY_FAILED`);
      return ahead(order, event, 'PICKED_UP');
    }
    case 'ATTENTION': {
      const code = event.attention;
      if (!code) throw new UnappliableJobEventError('INVALID_EVENT', `ATTENTION ${event.messageId} has no attention code`);
      if (order.attention?.code === code) return ALREADY_APPLIED;
      if (older || STEP[status] >= STEP.DELIVERED) return SUPERSEDED;
      return { next: { ...order, attention: { code, since: at } } };
    }
    case 'NO_DRIVER_FOUND':
      // Dispatch gives up only on rides; a food job waits for a driver as long as it takes.
      throw new UnappliableJobEventError('INVALID_EVENT', `NO_DRIVER_FOUND does not apply to food order ${order.orderId}`);
  }
}
