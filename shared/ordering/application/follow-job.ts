import { jobIdFor, type JOB_KINDS } from '../../kernel/dispatch-messages.ts';
import type { ATTENTION_CODES, JobEvent } from '../../kernel/job-events.ts';
import type { FestivalCatalog } from '../../kernel/festival-catalog.ts';
import type { MessageRelay } from '../../kernel/message-relay.ts';
import { ConcurrentUpdateError } from '../../platform/errors.ts';
import type { OutboxItem, OutboxMessage } from '../../platform/outbox.ts';
import { toWibIso, type Clock } from '../../platform/time.ts';
import type { CancelRefusal, PendingCancellation } from '../domain/cancellation.ts';
import type { FoodOrder, FoodOrderStatus } from '../domain/food-order.ts';
import { assertFoodTransition } from '../domain/food-order.ts';
import type { FoodOrderStore } from '../ports/food-order-ports.ts';
import { noticesFor } from '../domain/order-notices.ts';
import { assertTransition, type MedicineOrder, type MedicineOrderStatus } from '../domain/medicine-order.ts';
import type { OrderingStore } from '../ports/ordering-ports.ts';
import { assertRideTransition, type Ride, type RideStatus } from '../domain/ride.ts';
import type { RideStore } from './ride-use-cases.ts';

/**
 * "The order follows its job": one follower for every kind of order, driven by a table with a
 * row per kind (FOLLOWERS below), as eligibility.ts is for matching. Each row says how to load and
 * save the kind's orders, which phase of the job each status stands for and which status each
 * phase leads to, which events the kind ignores or refuses, and what an event writes besides the
 * status (deliveredTo, completedAt, foodReadyAt…). The rules of following are written once:
 *
 * - every write is conditional on the status and version read; a lost race is read again and
 *   decided again once, a second loss fails the record so that SQS redelivers it;
 * - a redelivery is recognised (ALREADY_APPLIED) and changes nothing;
 * - an event that needs an earlier one not yet applied (SQS standard queues do not keep order)
 *   fails with JobEventAheadOfOrderError, to be redelivered after the visibility timeout;
 * - an event older than the last one that moved the order (before pickup a job can go round:
 *   assigned, released, assigned to another driver) belongs to a past the order has left
 *   (SUPERSEDED);
 * - an event that can never apply (unknown order, a job that is not the order's, a delivery
 *   dispatch says both succeeded and failed) fails with UnappliableJobEventError and ends in
 *   the DLQ, where a person looks at it. Nothing is dropped silently.
 */

export type JobKind = (typeof JOB_KINDS)[number];
type JobEventType = JobEvent['type'];
type AttentionCode = (typeof ATTENTION_CODES)[number];

/** What became of a job event. Only APPLIED wrote anything. */
export type JobEventOutcome =
  /** The order changed (status, driver, attention or cancellation). */
  | 'APPLIED'
  /** A redelivery: the order already shows this event's effect. */
  | 'ALREADY_APPLIED'
  /** The order has moved past what the event says (e.g. the assignment of a driver since released). */
  | 'SUPERSEDED'
  /** The order was cancelled: whatever dispatch did before it withdrew the job is moot. */
  | 'ORDER_CANCELLED'
  /** The event does not concern this kind of order (a pharmacy's flag on a ride). */
  | 'IGNORED';

export interface FollowJobResult {
  readonly outcome: JobEventOutcome;
  readonly status: string;
  /**
   * COURIER_ASSIGNED, applied: seconds from when the order first began to wait for a driver (a
   * medicine order READY_FOR_PICKUP, a food order ACCEPTED, a ride SEARCHING) to the assignment.
   * The consumer logs it; on AWS a metric filter turns it into the dashboard's ready → assigned.
   */
  readonly waitedForDriverSeconds?: number;
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
 * where a person looks at it and can redrive it once the cause is fixed.
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

/**
 * Where an order stands in its job's life, whatever its kind calls it. BEFORE_DISPATCH: not yet
 * handed to dispatch (a prescription being prepared, a food order not yet accepted).
 * NEVER_DISPATCHED: ended before dispatch ever heard of it (a rejected food order).
 */
export type JobPhase = 'BEFORE_DISPATCH' | 'NEVER_DISPATCHED' | 'WAITING' | 'ASSIGNED' | 'PICKED_UP' | 'DELIVERED' | 'FAILED' | 'NO_DRIVER_FOUND' | 'CANCELLED';

/** How far along the job a phase is; the job's endings share the last rank. */
const RANK: Readonly<Record<Exclude<JobPhase, 'NEVER_DISPATCHED' | 'CANCELLED'>, number>> = {
  BEFORE_DISPATCH: 0,
  WAITING: 1,
  ASSIGNED: 2,
  PICKED_UP: 3,
  DELIVERED: 4,
  FAILED: 4,
  NO_DRIVER_FOUND: 4,
};

/** A job ends one way: an ending that contradicts the one the order shows needs a person. */
const CONTRADICTS: Partial<Record<JobEventType, readonly JobPhase[]>> = {
  DELIVERED: ['FAILED', 'NO_DRIVER_FOUND'],
  DELIVERY_FAILED: ['DELIVERED', 'NO_DRIVER_FOUND'],
  NO_DRIVER_FOUND: ['DELIVERED', 'FAILED', 'PICKED_UP'],
};

/** In which phase each flag matters: nobody taking the job while it waits; a locked code while the driver holds the goods. */
const ATTENTION_MATTERS_WHILE: Readonly<Record<AttentionCode, JobPhase>> = {
  NO_DRIVER_YET: 'WAITING',
  DELIVERY_CODE_LOCKED: 'PICKED_UP',
};

/** The driver as an event names it and as the order keeps it. */
type EventDriver = NonNullable<JobEvent['driver']>;

/** What the follower reads and writes on every kind of order. */
interface FollowedOrder {
  readonly status: string;
  readonly version: number;
  readonly timeline: readonly { readonly status: string; readonly at: string }[];
  readonly updatedAt: string;
  readonly lastJobEventAt?: string;
  readonly driver?: { readonly driverId: string };
  readonly attention?: { readonly code: AttentionCode; readonly since: string };
  readonly failureReason?: string;
  readonly cancellation?: PendingCancellation;
  readonly cancelRefused?: CancelRefusal;
  readonly cancelReason?: string;
}

interface OrderAccess<O extends FollowedOrder> {
  load(orderId: string): Promise<O | undefined>;
  save(next: O, expected: { status: O['status']; version: number }, messages: readonly OutboxMessage[]): Promise<OutboxItem[]>;
}

/** One row of the table: how one kind of order follows its job. */
export interface FollowRow<O extends FollowedOrder> {
  /** How messages name the order ("Medicine order"). */
  readonly noun: string;
  /** Its store, from the ports; undefined when the function was not wired for this kind. */
  readonly orders: (ports: FollowJobPorts) => OrderAccess<O> | undefined;
  readonly phaseOf: Readonly<Record<O['status'], JobPhase>>;
  /** The status each phase of the job puts the order in; WAITING depends on the order (food: where the kitchen is). */
  readonly statusOf: {
    readonly WAITING: (order: O) => O['status'];
    readonly ASSIGNED: O['status'];
    readonly PICKED_UP: O['status'];
    readonly DELIVERED: O['status'];
    readonly FAILED: O['status'];
    readonly NO_DRIVER_FOUND?: O['status'];
    /** Where dispatch's JOB_WITHDRAWN puts the order. */
    readonly CANCELLED: O['status'];
  };
  /** The kind's own transition table, as actor `dispatch`. */
  readonly assertTransition: (from: O['status'], to: O['status']) => void;
  /** Events dispatch never sends for this kind: they fail (a person looks). */
  readonly refuses: readonly JobEventType[];
  /** Events that do not concern this kind: acknowledged, nothing written. */
  readonly ignores: readonly JobEventType[];
  /** What each step writes besides status, time and driver. */
  readonly writes: {
    readonly assigned?: (order: O, driver: EventDriver) => Partial<O>;
    /** What the order keeps of the driver beyond what the event names. */
    readonly driverExtra?: (order: O, driver: EventDriver) => Readonly<Record<string, string>>;
    /** Fields that go with the driver when a courier gives the job back. */
    readonly released?: readonly (keyof O)[];
    readonly pickedUp?: (order: O, at: string) => Partial<O>;
    readonly delivered: (event: JobEvent, at: string) => Partial<O>;
  };
  /**
   * What else a withdrawal (the order cancelled) releases, around its write: `before` so that a
   * crash after the write leaves something a sweeper repairs, `after` to release at once.
   */
  readonly withdrawal?: {
    readonly before: (order: O, ports: FollowJobPorts) => Promise<void>;
    readonly after: (order: O, ports: FollowJobPorts) => Promise<void>;
  };
}

export interface FollowJobPorts {
  readonly clock: Clock;
  /** Sends a step's notice right after its write; what it does not send, the outbox sweeper does. */
  readonly relay?: MessageRelay;
  readonly medicineOrders?: Pick<OrderingStore, 'getMedicineOrder' | 'saveMedicineOrderTransition'>;
  /** Pesta Kuliner Go-Food orders. */
  readonly foodOrders?: Pick<FoodOrderStore, 'getFoodOrder' | 'saveFoodOrderTransition'>;
  /** Rides (local taxi partnership and Go-Jek rides). */
  readonly rides?: Pick<RideStore, 'getRide' | 'saveRideTransition'>;
  /** The festival's promotions, to give a withdrawn food order's redemption back. */
  readonly redemptions?: Pick<FestivalCatalog, 'reopen' | 'release'>;
}

const MEDICINE: FollowRow<MedicineOrder> = {
  noun: 'Medicine order',
  orders: ({ medicineOrders: s }) =>
    s && { load: (id) => s.getMedicineOrder(id), save: (next, expected, messages) => s.saveMedicineOrderTransition(next, expected, messages) },
  phaseOf: {
    REGISTERED: 'BEFORE_DISPATCH',
    PREPARING: 'BEFORE_DISPATCH',
    READY_FOR_PICKUP: 'WAITING',
    COURIER_ASSIGNED: 'ASSIGNED',
    PICKED_UP: 'PICKED_UP',
    DELIVERED: 'DELIVERED',
    DELIVERY_FAILED: 'FAILED',
    // The pharmacy took the package back after the failed delivery: for dispatch, still failed.
    RETURNED_TO_PHARMACY: 'FAILED',
    CANCELLED: 'CANCELLED',
  },
  statusOf: {
    WAITING: () => 'READY_FOR_PICKUP',
    ASSIGNED: 'COURIER_ASSIGNED',
    PICKED_UP: 'PICKED_UP',
    DELIVERED: 'DELIVERED',
    FAILED: 'DELIVERY_FAILED',
    // The store frees the prescription guard with it: the prescription may be registered again.
    CANCELLED: 'CANCELLED',
  },
  assertTransition: (from, to) => assertTransition(from, to, 'dispatch'),
  // Medicine jobs never stop looking (the pharmacy is alerted instead).
  refuses: ['NO_DRIVER_FOUND'],
  ignores: [],
  writes: {
    // Tracking shows the first name only; it needs no second read.
    assigned: (_order, driver) => ({ driverFirstName: driver.firstName }),
    released: ['driverFirstName'],
    delivered: (event) => (event.recipientName ? { deliveredTo: event.recipientName } : {}),
  },
};

const FOOD: FollowRow<FoodOrder> = {
  noun: 'Food order',
  orders: ({ foodOrders: s }) => s && { load: (id) => s.getFoodOrder(id), save: (next, expected, messages) => s.saveFoodOrderTransition(next, expected, messages) },
  phaseOf: {
    PLACED: 'BEFORE_DISPATCH',
    REJECTED: 'NEVER_DISPATCHED',
    // Dispatch starts when the merchant accepts, timed to when the food is ready.
    ACCEPTED: 'WAITING',
    READY: 'WAITING',
    COURIER_ASSIGNED: 'ASSIGNED',
    PICKED_UP: 'PICKED_UP',
    DELIVERED: 'DELIVERED',
    DELIVERY_FAILED: 'FAILED',
    CANCELLED: 'CANCELLED',
  },
  // A released courier puts the order back where the kitchen is.
  statusOf: {
    WAITING: (order): FoodOrderStatus => (order.foodReadyAt ? 'READY' : 'ACCEPTED'),
    ASSIGNED: 'COURIER_ASSIGNED',
    PICKED_UP: 'PICKED_UP',
    DELIVERED: 'DELIVERED',
    FAILED: 'DELIVERY_FAILED',
    CANCELLED: 'CANCELLED',
  },
  assertTransition: (from, to) => assertFoodTransition(from, to, 'dispatch'),
  // A food job waits for a driver as long as it takes.
  refuses: ['NO_DRIVER_FOUND'],
  ignores: [],
  writes: {
    // The driver has the food in hand: it was ready, whether or not the merchant said so.
    pickedUp: (order, at) => (order.foodReadyAt ? {} : { foodReadyAt: at }),
    delivered: (event) => (event.recipientName ? { deliveredTo: event.recipientName } : {}),
  },
  // The promotion use goes back, as for a cancel before acceptance: marked HELD first, so that
  // if we die after the write the redemption sweeper releases it (the order is CANCELLED).
  withdrawal: {
    before: async (order, ports) => {
      if (!order.promo) return;
      if (!ports.redemptions) throw new UnappliableJobEventError('UNSUPPORTED_JOB_KIND', `No promotion port wired to release food order ${order.orderId}'s redemption`);
      await ports.redemptions.reopen(order.orderId);
    },
    after: async (order, ports) => {
      if (!order.promo || !ports.redemptions) return;
      try {
        await ports.redemptions.release(order.orderId);
      } catch {
        // Left HELD on purpose: the redemption sweeper releases it within minutes.
      }
    },
  },
};

const RIDE: FollowRow<Ride> = {
  noun: 'Ride',
  orders: ({ rides: s }) => s && { load: (id) => s.getRide(id), save: (next, expected, messages) => s.saveRideTransition(next, expected, messages) },
  phaseOf: {
    SEARCHING: 'WAITING',
    DRIVER_ASSIGNED: 'ASSIGNED',
    ON_TRIP: 'PICKED_UP',
    COMPLETED: 'DELIVERED',
    FAILED: 'FAILED',
    NO_DRIVER_FOUND: 'NO_DRIVER_FOUND',
    CANCELLED: 'CANCELLED',
  },
  statusOf: {
    WAITING: () => 'SEARCHING',
    ASSIGNED: 'DRIVER_ASSIGNED',
    PICKED_UP: 'ON_TRIP',
    DELIVERED: 'COMPLETED',
    FAILED: 'FAILED',
    NO_DRIVER_FOUND: 'NO_DRIVER_FOUND',
    CANCELLED: 'CANCELLED',
  },
  assertTransition: (from, to) => assertRideTransition(from, to, 'dispatch'),
  refuses: [],
  // Flags for a pharmacy (no driver yet, delivery code locked); a ride has no staff to flag.
  ignores: ['ATTENTION'],
  writes: {
    // Dispatch offers a TAXI ride only to the company that priced it: its name is on the ride.
    driverExtra: (ride, driver): Record<string, string> =>
      driver.companyId && driver.companyId === ride.companyId && ride.companyName ? { companyName: ride.companyName } : {},
    // The settlement report counts a ride on the WIB day it was completed.
    delivered: (_event, at) => ({ completedAt: at }),
  },
};

/** The table: one row per kind of order. */
export const FOLLOWERS = { MEDICINE, FOOD, RIDE } as const satisfies Record<JobKind, unknown>;

/** Routes a job event to the order it belongs to and makes the order follow it, by its kind's row. */
export async function followJob(ports: FollowJobPorts, event: JobEvent): Promise<FollowJobResult> {
  switch (event.kind) {
    case 'MEDICINE':
      return follow(FOLLOWERS.MEDICINE, ports, event);
    case 'FOOD':
      return follow(FOLLOWERS.FOOD, ports, event);
    case 'RIDE':
      return follow(FOLLOWERS.RIDE, ports, event);
  }
}

/** Attempts at the conditional write: the first, and one more after a lost race. */
const WRITE_ATTEMPTS = 2;

async function follow<O extends FollowedOrder>(row: FollowRow<O>, ports: FollowJobPorts, event: JobEvent): Promise<FollowJobResult> {
  const orders = row.orders(ports);
  if (!orders) throw new UnappliableJobEventError('UNSUPPORTED_JOB_KIND', `No ${row.noun.toLowerCase()} store wired for job ${event.jobId} (${event.kind})`);
  if (event.jobId !== jobIdFor(event.orderId)) {
    throw new UnappliableJobEventError('JOB_MISMATCH', `Job ${event.jobId} is not the job of ${row.noun.toLowerCase()} ${event.orderId}`);
  }
  const at = eventTime(event);

  for (let attempt = 1; ; attempt++) {
    const order = await orders.load(event.orderId);
    if (!order) throw new UnappliableJobEventError('UNKNOWN_ORDER', `No ${row.noun.toLowerCase()} ${event.orderId} for job ${event.jobId}`);

    const decision = decide(row, order, event, at);
    if (!('next' in decision)) return { outcome: decision.outcome, status: order.status };

    const next = { ...decision.next, version: order.version + 1, updatedAt: toWibIso(ports.clock.now()) };
    const withdrawn = event.type === 'JOB_WITHDRAWN' ? row.withdrawal : undefined;
    await withdrawn?.before(order, ports);
    let outbox: OutboxItem[];
    try {
      // The step's notice travels with it, in the same transaction (notification consumes it).
      outbox = await orders.save(next, { status: order.status, version: order.version }, noticesFor(event.kind, order.status, next, event.orderId, at.wib));
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= WRITE_ATTEMPTS) throw error;
      continue;
    }
    await withdrawn?.after(order, ports);
    if (outbox.length > 0) await ports.relay?.publish(outbox);
    const waited = event.type === 'COURIER_ASSIGNED' ? secondsWaitingForDriver(row, order, at.instant) : undefined;
    return { outcome: 'APPLIED', status: next.status, ...(waited === undefined ? {} : { waitedForDriverSeconds: waited }) };
  }
}

/**
 * Seconds (to a tenth) from the order's first waiting step in its timeline to `instant`: the
 * time the one who handed it over waited, counted across any driver who took the job and gave it
 * back, as a pharmacy or a passenger sees it.
 */
function secondsWaitingForDriver<O extends FollowedOrder>(row: FollowRow<O>, order: O, instant: number): number | undefined {
  const entered = order.timeline.find((step) => row.phaseOf[step.status as O['status']] === 'WAITING');
  if (!entered) return undefined;
  const since = Date.parse(entered.at);
  return Number.isNaN(since) ? undefined : Math.max(0, Math.round((instant - since) / 100) / 10);
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

type Decision<O> = { readonly next: O } | { readonly outcome: Exclude<JobEventOutcome, 'APPLIED'> };

const ALREADY_APPLIED = { outcome: 'ALREADY_APPLIED' } as const;
const SUPERSEDED = { outcome: 'SUPERSEDED' } as const;

function decide<O extends FollowedOrder>(row: FollowRow<O>, order: O, event: JobEvent, at: EventTime): Decision<O> {
  const phase: JobPhase = row.phaseOf[order.status as O['status']];
  const name = `${row.noun} ${event.orderId}`;
  const ahead = (waitingFor: string): never => {
    throw new JobEventAheadOfOrderError(`${name} is ${order.status}: ${event.type}${event.attention ? ` ${event.attention}` : ''} waits for ${waitingFor}`);
  };
  const contradiction = (): never => {
    throw new UnappliableJobEventError('CONTRADICTS_ORDER', `${name} is ${order.status}; dispatch says ${event.type}`);
  };

  if (row.refuses.includes(event.type)) {
    throw new UnappliableJobEventError('INVALID_EVENT', `Dispatch never sends ${event.type} for a ${row.noun.toLowerCase()} (job ${event.jobId})`);
  }
  if (row.ignores.includes(event.type)) return { outcome: 'IGNORED' };
  // The cancel withdrew the job from dispatch; whatever dispatch did before that is moot.
  if (phase === 'CANCELLED') return event.type === 'JOB_WITHDRAWN' ? ALREADY_APPLIED : { outcome: 'ORDER_CANCELLED' };
  // Dispatch never heard of an order that ended before it was handed over.
  if (phase === 'NEVER_DISPATCHED' || CONTRADICTS[event.type]?.includes(phase)) return contradiction();

  const rank = RANK[phase];
  const older = order.lastJobEventAt !== undefined && at.instant < Date.parse(order.lastJobEventAt);
  const sameDriver = (driverId: string | undefined) => driverId === undefined || order.driver === undefined || order.driver.driverId === driverId;
  const move = (to: JobPhase & keyof FollowRow<O>['statusOf'], changes: Partial<O> = {}, from: O = order): Decision<O> => {
    const status = to === 'WAITING' ? row.statusOf.WAITING(order) : row.statusOf[to]!;
    row.assertTransition(order.status, status);
    // A step of the job answers any flag raised before it.
    const { attention: _attention, ...rest } = from;
    return { next: { ...rest, ...changes, status, timeline: [...order.timeline, { status, at: at.wib }], lastJobEventAt: at.wib } as unknown as O };
  };

  switch (event.type) {
    case 'COURIER_ASSIGNED': {
      const driver = event.driver;
      if (!driver) throw new UnappliableJobEventError('INVALID_EVENT', `COURIER_ASSIGNED ${event.messageId} names no driver`);
      if (older) return SUPERSEDED;
      if (phase === 'WAITING') {
        const { companyId, driverId, firstName, vehiclePlate, vehicleType } = driver;
        const assigned = { driverId, firstName, vehiclePlate, vehicleType, ...(companyId ? { companyId } : {}) };
        return move('ASSIGNED', {
          ...row.writes.assigned?.(order, assigned),
          driver: { ...assigned, ...row.writes.driverExtra?.(order, assigned), assignedAt: at.wib },
        } as unknown as Partial<O>);
      }
      if (phase === 'ASSIGNED') return order.driver?.driverId === driver.driverId ? ALREADY_APPLIED : ahead('the release of the driver it has now');
      if (rank < RANK.WAITING) return ahead('its handover to dispatch');
      return SUPERSEDED;
    }

    case 'COURIER_RELEASED': {
      if (older) return SUPERSEDED;
      if (phase === 'ASSIGNED') {
        // A newer release of another driver: that driver's assignment has not arrived yet.
        if (!sameDriver(event.driver?.driverId)) return ahead('the assignment of the driver it releases');
        const unassigned: Record<string, unknown> = { ...(order as unknown as Record<string, unknown>) };
        for (const field of ['driver', ...(row.writes.released ?? [])]) delete unassigned[field as string];
        return move('WAITING', {}, unassigned as unknown as O);
      }
      if (phase === 'WAITING') {
        // The release is what last moved the order: this is its redelivery.
        if (order.lastJobEventAt !== undefined && Date.parse(order.lastJobEventAt) === at.instant) return ALREADY_APPLIED;
        return ahead('the assignment it releases');
      }
      if (rank < RANK.WAITING) return ahead('its handover to dispatch');
      return SUPERSEDED;
    }

    case 'PICKED_UP': {
      if (phase === 'ASSIGNED') {
        // Picked up by a driver the order does not know yet: a release and an assignment are on their way.
        if (!sameDriver(event.driver?.driverId)) return ahead('the assignment of the driver who picked it up');
        return move('PICKED_UP', row.writes.pickedUp?.(order, at.wib) ?? {});
      }
      if (phase === 'PICKED_UP') return ALREADY_APPLIED;
      if (rank < RANK.ASSIGNED) return ahead('its courier’s assignment');
      return SUPERSEDED;
    }

    case 'DELIVERED': {
      if (phase === 'PICKED_UP') return move('DELIVERED', row.writes.delivered(event, at.wib));
      if (phase === 'DELIVERED') return ALREADY_APPLIED;
      return ahead('its pickup');
    }

    case 'DELIVERY_FAILED': {
      if (phase === 'PICKED_UP') return move('FAILED', (event.reason ? { failureReason: event.reason } : {}) as Partial<O>);
      if (phase === 'FAILED') return ALREADY_APPLIED;
      return ahead('its pickup');
    }

    case 'NO_DRIVER_FOUND': {
      if (phase === 'NO_DRIVER_FOUND') return ALREADY_APPLIED;
      if (phase === 'WAITING') return move('NO_DRIVER_FOUND');
      // Dispatch gives up only while the job waits, so a release is on its way.
      if (older) return SUPERSEDED;
      return ahead('the release of its driver');
    }

    case 'JOB_WITHDRAWN': {
      // Dispatch withdraws a job only when asked, and only before pickup.
      const pending = order.cancellation;
      if (!pending || (phase !== 'WAITING' && phase !== 'ASSIGNED')) return contradiction();
      const { cancellation: _pending, ...rest } = order;
      return move('CANCELLED', { cancelReason: pending.reason } as Partial<O>, rest as O);
    }

    case 'CANCEL_REFUSED': {
      // Already cleared: a redelivery, or the answer to a request answered before.
      if (!order.cancellation) return ALREADY_APPLIED;
      // The order keeps following its job (DELIVERED still applies); only the request is over.
      const { cancellation: _pending, ...rest } = order;
      return { next: { ...rest, cancelRefused: { at: at.wib, reason: event.reason ?? 'REFUSED' } } as O };
    }

    case 'ATTENTION': {
      const code = event.attention;
      if (!code) throw new UnappliableJobEventError('INVALID_EVENT', `ATTENTION ${event.messageId} has no attention code`);
      const mattersWhile = ATTENTION_MATTERS_WHILE[code];
      if (older) return SUPERSEDED;
      if (phase === mattersWhile) {
        if (order.attention?.code === code) return ALREADY_APPLIED;
        return { next: { ...order, attention: { code, since: at.wib } } };
      }
      if (rank < RANK[mattersWhile as keyof typeof RANK]) return ahead(`its ${mattersWhile.toLowerCase().replace('_', ' ')} phase`);
      // The order has moved on, which is what the flag asked for.
      return SUPERSEDED;
    }
  }
}
