import type { FoodOrderStatus } from './food-order.ts';
import type { MedicineOrderStatus } from './medicine-order.ts';
import type { RideStatus } from './ride.ts';

/**
 * Orders that ordering has handed to dispatch and that have no driver yet. While an order is in
 * one of these statuses, dispatch must hold a job for it; if the JOB_READY that creates the job
 * was lost (a queue emptied by a restart, a message dead-lettered), only ordering knows, and the
 * handover reconciler (handover-reconciler.ts) hands it over again.
 *
 * A per-kind table, so that a new order kind says here which of its statuses wait for a driver.
 */
export const AWAITING_DRIVER = {
  MEDICINE: new Set<MedicineOrderStatus>(['READY_FOR_PICKUP']),
  // Dispatch starts at ACCEPTED (timed to the food being ready) and keeps going through READY.
  FOOD: new Set<FoodOrderStatus>(['ACCEPTED', 'READY']),
  RIDE: new Set<RideStatus>(['SEARCHING']),
} as const;

export type OrderKind = keyof typeof AWAITING_DRIVER;
export const ORDER_KINDS = Object.keys(AWAITING_DRIVER) as OrderKind[];

/** The sparse index of the ordering table that holds the orders awaiting a driver. */
export const AWAITING_DRIVER_INDEX = 'gsi4';
export const awaitingDriverPartition = (kind: OrderKind): string => `AWAITING_DRIVER#${kind}`;

/**
 * The index attributes an order item carries while it awaits a driver, and none otherwise (so
 * the index holds only the orders the reconciler must look at). The sort key starts with when
 * ordering last handed the order over or changed it: the reconciler reads the oldest first and
 * moves the key forward each time it hands the order over again. Any later write of the order
 * (an attention flag from dispatch, for one) starts the wait afresh, which only delays a re-hand.
 */
export function awaitingDriverKeys(
  kind: OrderKind,
  order: { status: string; updatedAt: string; cancellation?: unknown },
  orderId: string,
): { gsi4pk?: string; gsi4sk?: string } {
  // An order with a pending cancellation waits for dispatch's answer, whatever its status: if the
  // request was lost, the reconciler asks again.
  if (!(AWAITING_DRIVER[kind] as ReadonlySet<string>).has(order.status) && !order.cancellation) return {};
  return { gsi4pk: awaitingDriverPartition(kind), gsi4sk: awaitingDriverSortKey(order.updatedAt, orderId) };
}

export const awaitingDriverSortKey = (handedAt: string, orderId: string): string => `${handedAt}#${orderId}`;
