import type { JobReady } from '../../kernel/dispatch-messages.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { OutboxItem, OutboxMessage } from '../../platform/outbox.ts';
import { toWibIso, type Clock } from '../../platform/time.ts';
import { ORDER_KINDS, type OrderKind } from '../domain/awaiting-driver.ts';
import type { FoodOrder } from '../domain/food-order.ts';
import { foodJobReady } from './food-order-use-cases.ts';
import type { MedicineOrder } from '../domain/medicine-order.ts';
import { cancelRequest, DISPATCH_QUEUE } from '../domain/cancellation.ts';
import { medicineJobReady } from './medicine-order-use-cases.ts';
import type { MessageRelay } from '../../kernel/message-relay.ts';
import type { OrderingStore } from '../ports/ordering-ports.ts';
import type { Ride } from '../domain/ride.ts';
import { rideJobReady } from './ride-use-cases.ts';

/**
 * Nothing stranded: an order awaiting a driver (awaiting-driver.ts) whose JOB_READY never became
 * a dispatch job — the message left the outbox and was then lost with a queue that was emptied
 * (the local emulator keeps nothing across a restart) or dead-lettered on AWS — would wait
 * forever, since ordering only hears from dispatch once a job exists. Every minute this hands such
 * orders over again: the same JOB_READY, built by the same builder as the status change, through
 * the same outbox. Dispatch derives the job id from the order id and creates a job only if none
 * exists, so handing over an order that already has its job changes nothing there.
 *
 * Ordering does not read dispatch's table to ask which jobs exist; it re-hands any order that has
 * waited longer than `afterSeconds` since it was last handed over or changed, at most once per
 * `afterSeconds`, oldest first, at most `maxPerKind` of each kind per run. So a burst of lost
 * messages is repaired within a few runs, and orders that merely wait for a driver cost one
 * message each per `afterSeconds`, which dispatch drops.
 */

/** The order record of each kind. */
export interface OrderOf {
  MEDICINE: MedicineOrder;
  FOOD: FoodOrder;
  RIDE: Ride;
}

export interface HandoverRef {
  readonly kind: OrderKind;
  readonly orderId: string;
  readonly status: string;
  readonly version: number;
}

/** Orders awaiting a driver, on the ordering table's sparse index; adapter: dynamodb-awaiting-orders.ts. */
export interface AwaitingOrders {
  /** Orders of `kind` awaiting a driver, last handed over (or changed) before `before`, oldest first, at most `limit`. */
  handedOverBefore<K extends OrderKind>(kind: K, before: string, limit: number): Promise<OrderOf[K][]>;
  /**
   * Records the new handover time with the JOB_READY (`messages`) in the outbox, in one
   * transaction, only if the order still has the status and version that were read. The outbox items to publish, or
   * undefined when the order moved on meanwhile (then whoever moved it decides what follows).
   */
  recordHandover(order: HandoverRef, at: string, messages: readonly OutboxMessage[]): Promise<OutboxItem[] | undefined>;
}

export interface HandoverSettings {
  /** How long an order waits (since its last handover or change) before it is handed over again. */
  readonly afterSeconds: number;
  /** The most orders of one kind handed over in one run. */
  readonly maxPerKind: number;
}

export interface HandoverPorts {
  readonly orders: AwaitingOrders;
  readonly facilities: Pick<OrderingStore, 'getFacility'>;
  readonly relay: MessageRelay;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: HandoverSettings;
}

interface KindRules<O> {
  orderId(order: O): string;
  /** The JOB_READY of the status change that handed the order over; undefined if it cannot be built any more. */
  jobReady(ports: HandoverPorts, order: O, messageId: string, at: string): Promise<JobReady | undefined>;
}

const KINDS: { readonly [K in OrderKind]: KindRules<OrderOf[K]> } = {
  MEDICINE: {
    orderId: (order) => order.orderId,
    jobReady: async (ports, order, messageId, at) => {
      const facility = await ports.facilities.getFacility(order.facilityId);
      return facility && medicineJobReady(order, facility, messageId, at);
    },
  },
  FOOD: {
    orderId: (order) => order.orderId,
    jobReady: async (_ports, order, messageId, at) => foodJobReady(order, messageId, at),
  },
  RIDE: {
    orderId: (ride) => ride.rideId,
    jobReady: async (_ports, ride, messageId, at) => rideJobReady(ride, messageId, at),
  },
};

export interface HandoverRun {
  /** Orders handed over again, per kind. */
  readonly handedOver: Readonly<Record<OrderKind, number>>;
  /** Orders that changed between the read and the write (left to whoever changed them). */
  readonly movedOn: number;
  /** Orders whose JOB_READY could not be built (e.g. a medicine order's facility is gone). */
  readonly unbuildable: readonly string[];
}

export async function handOverStrandedOrders(ports: HandoverPorts): Promise<HandoverRun> {
  const now = ports.clock.now();
  const at = toWibIso(now);
  const before = toWibIso(new Date(now.getTime() - ports.settings.afterSeconds * 1000));
  const handedOver = { MEDICINE: 0, FOOD: 0, RIDE: 0 };
  let movedOn = 0;
  const unbuildable: string[] = [];
  for (const kind of ORDER_KINDS) {
    const result = await handOverKind(ports, kind, before, at);
    handedOver[kind] = result.handedOver;
    movedOn += result.movedOn;
    unbuildable.push(...result.unbuildable);
  }
  return { handedOver, movedOn, unbuildable };
}

async function handOverKind<K extends OrderKind>(ports: HandoverPorts, kind: K, before: string, at: string) {
  const rules: KindRules<OrderOf[K]> = KINDS[kind];
  let handedOver = 0;
  let movedOn = 0;
  const unbuildable: string[] = [];
  for (const order of await ports.orders.handedOverBefore(kind, before, ports.settings.maxPerKind)) {
    const orderId = rules.orderId(order);
    // A pending cancellation waits for dispatch's answer: its request is what to send again (a
    // JOB_CANCELLED for a job dispatch never got still gets an answer, JOB_WITHDRAWN).
    const messages: OutboxMessage[] = [];
    if (order.cancellation) {
      messages.push(cancelRequest(ports.ids, kind, orderId, at));
    } else {
      const body = await rules.jobReady(ports, order, ports.ids.next('msg'), at);
      // One that cannot be built is still stamped, so that it does not hold the oldest places of every run.
      if (body) messages.push({ messageId: body.messageId, queue: DISPATCH_QUEUE, body });
      else unbuildable.push(orderId);
    }
    const outbox = await ports.orders.recordHandover({ kind, orderId, status: order.status, version: order.version }, at, messages);
    if (!outbox) {
      movedOn++;
      continue;
    }
    await ports.relay.publish(outbox);
    if (messages.length > 0) handedOver++;
  }
  return { handedOver, movedOn, unbuildable };
}
