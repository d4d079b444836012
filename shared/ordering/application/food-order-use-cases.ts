import { fareIdr, roadDistanceKm } from '../../kernel/fares.ts';
import { jobIdFor, type JobReady } from '../../kernel/dispatch-messages.ts';
import { DEFAULT_PREP_MINUTES } from '../../kernel/festival-catalog.ts';
import { ForbiddenError, NotFoundError, OutsideServiceAreaError, ValidationError } from '../../platform/errors.ts';
import { hasRole, requireRole, type Caller } from '../../platform/http/caller.ts';
import type { OutboxMessage } from '../../platform/outbox.ts';
import type { Page } from '../../platform/pagination.ts';
import { isInServiceArea } from '../../platform/service-area.ts';
import { toWibIso } from '../../platform/time.ts';
import { festivalReportFromTallies, festivalTallies, type FestivalReport, type MerchantDayTally } from '../domain/festival-report.ts';
import {
  assertFoodTransition,
  ENDED_UNSOLD,
  mayReadFoodOrder,
  type ChangeFoodStatus,
  type FollowedFoodOrder,
  type FoodOrder,
  type FoodOrderStatus,
  type PlaceFoodOrder,
} from '../domain/food-order.ts';
import { DRIVER_POSITION_SHOWN_WHILE } from '../domain/driver-on-the-way.ts';
import { FoodOrderNotWrittenError, type FollowFoodOrderPorts, type FoodOrderPorts, type FoodOrderStore } from '../ports/food-order-ports.ts';
import { cancelRequest, DISPATCH_QUEUE } from '../domain/cancellation.ts';
import { driverPositionFor } from './follow-driver.ts';
import { noticesFor } from '../domain/order-notices.ts';

/**
 * A citizen orders from a festival merchant. Prices come from the menu (through the catalog),
 * the delivery fee from the road distance at the platform motorbike tariff, totals in whole rupiah.
 *
 * Two tables, so the order of writes is what keeps things whole:
 *   1. the promotion is redeemed first, keyed by the new order's id, atomically with its quota,
 *      budget and the customer's limit (HELD) — a refusal is a 422 and nothing was written;
 *   2. the order is written; if the store proves it was not (FoodOrderNotWrittenError), the
 *      redemption is released before the error goes on;
 *   3. the redemption is confirmed.
 * A write whose outcome is unknown (a timeout, a 5xx: the order may exist) leaves the redemption
 * HELD, as does a request that dies between 1 and 3. The redemption sweeper settles it from the
 * order's fate (no order → released; an order → confirmed). So a promotion is never oversold
 * (the counters move in step 1), never lost for good, and never taken from an order that exists.
 */
export async function placeFoodOrder(ports: FoodOrderPorts, caller: Caller, input: PlaceFoodOrder): Promise<FoodOrder> {
  requireRole(caller, 'citizen');
  if (!isInServiceArea(input.dropoff.location)) throw new OutsideServiceAreaError('dropoff.location');
  const now = ports.clock.now();
  const priced = await ports.catalog.priceOrder({ festivalId: input.festivalId, merchantId: input.merchantId, items: input.items, now });

  const deliveryDistanceKm = roadDistanceKm(priced.merchant.location, input.dropoff.location);
  const deliveryFeeIdr = fareIdr(ports.platformTariffs.MOTORBIKE, deliveryDistanceKm);
  const orderId = ports.ids.next('fo');
  const promo = input.promoCode
    ? await ports.catalog.redeem({
        festivalId: input.festivalId,
        code: input.promoCode,
        orderId,
        customerSub: caller.sub,
        merchantId: priced.merchant.merchantId,
        subtotalIdr: priced.subtotalIdr,
        now,
      })
    : undefined;
  const discountIdr = promo?.discountIdr ?? 0;

  const at = toWibIso(now);
  const order: FoodOrder = {
    orderId,
    festivalId: priced.festival.festivalId,
    festivalName: priced.festival.name,
    merchant: priced.merchant,
    citizenSub: caller.sub,
    status: 'PLACED',
    version: 1,
    items: priced.lines,
    subtotalIdr: priced.subtotalIdr,
    discountIdr,
    deliveryFeeIdr,
    totalIdr: priced.subtotalIdr - discountIdr + deliveryFeeIdr,
    deliveryDistanceKm,
    ...(promo ? { promo } : {}),
    dropoff: input.dropoff,
    ...(input.recipient ? { recipient: input.recipient } : {}),
    ...(input.notes ? { notes: input.notes } : {}),
    timeline: [{ status: 'PLACED', at }],
    placedAt: at,
    updatedAt: at,
  };
  let outbox;
  try {
    // The merchant hears of the new order: its notice is written with it.
    outbox = await ports.store.createFoodOrder(order, noticesFor('FOOD', undefined, order, orderId, at));
  } catch (error) {
    if (promo && error instanceof FoodOrderNotWrittenError) await settleLater(() => ports.catalog.release(orderId));
    throw error;
  }
  if (promo) await settleLater(() => ports.catalog.confirm(orderId));
  await ports.relay.publish(outbox);
  return order;
}

/**
 * A follow-up write whose failure the redemption sweeper repairs (the redemption is HELD until
 * it succeeds): the order itself is settled, so the caller gets its answer, not a 5xx.
 */
async function settleLater(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch {
    // Left HELD on purpose: settleHeldRedemptions decides from the order within minutes.
  }
}

async function loadReadable(ports: { readonly store: Pick<FoodOrderStore, 'getFoodOrder'> }, caller: Caller, orderId: string): Promise<FoodOrder> {
  const order = await ports.store.getFoodOrder(orderId);
  if (!order || !mayReadFoodOrder(caller, order)) throw new NotFoundError('Food order');
  return order;
}

export const getFoodOrder = (ports: Pick<FoodOrderPorts, 'store'>, caller: Caller, orderId: string): Promise<FoodOrder> => loadReadable(ports, caller, orderId);

/** One order as its reader follows it: with where its driver is, while the food is on its way. */
export async function followFoodOrder(ports: FollowFoodOrderPorts, caller: Caller, orderId: string): Promise<FollowedFoodOrder> {
  const order = await loadReadable(ports, caller, orderId);
  const driverPosition = await driverPositionFor(ports.positions, DRIVER_POSITION_SHOWN_WHILE.FOOD, {
    orderId: order.orderId,
    status: order.status,
    driverId: order.driver?.driverId,
  });
  return { order, ...(driverPosition && { driverPosition }) };
}

/**
 * A citizen lists its own orders; a merchant (or an admin) a merchant's, with `merchantId`, and
 * with `needsAttention` only those dispatch flagged (no driver yet, delivery locked).
 */
export async function listFoodOrders(
  ports: FoodOrderPorts,
  caller: Caller,
  query: { merchantId?: string; needsAttention?: boolean; limit: number; cursor?: string },
): Promise<Page<FoodOrder>> {
  if (query.merchantId === undefined) {
    if (!hasRole(caller, 'citizen')) throw new ValidationError('Give the merchantId whose orders to list', [{ path: 'merchantId', message: 'required' }]);
    return ports.store.listFoodOrders({ citizenSub: caller.sub, limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
  }
  if (!hasRole(caller, 'admin')) {
    // Decided by who owns the merchant, not by what the page holds: an empty list would tell
    // another merchant that this one has no orders.
    if (!hasRole(caller, 'merchant') || (await ports.catalog.merchantOwner(query.merchantId)) !== caller.sub) {
      throw new ForbiddenError('You do not act for this merchant');
    }
  }
  return ports.store.listFoodOrders({
    merchantId: query.merchantId,
    limit: query.limit,
    ...(query.needsAttention ? { needsAttention: true } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
}

function next(order: FoodOrder, status: FoodOrderStatus, at: string, extra: Partial<FoodOrder> = {}): FoodOrder {
  return { ...order, ...extra, status, version: order.version + 1, timeline: [...order.timeline, { status, at }], updatedAt: at };
}

/**
 * The merchant works its order: ACCEPTED with the minutes it needs (which hands the delivery to
 * dispatch, timed to when the food is ready), READY, or REJECTED with a reason (which gives the
 * promotion back). Each write is conditional on the status and version read.
 */
export async function changeFoodOrderStatus(ports: FoodOrderPorts, caller: Caller, orderId: string, change: ChangeFoodStatus): Promise<FoodOrder> {
  const order = await loadReadable(ports, caller, orderId);
  if (!hasRole(caller, 'merchant') || order.merchant.ownerSub !== caller.sub) throw new ForbiddenError('Only the order’s merchant moves it along');
  const clockNow = ports.clock.now();
  const at = toWibIso(clockNow);
  const expected = { status: order.status, version: order.version };

  switch (change.status) {
    case 'ACCEPTED': {
      assertFoodTransition(order.status, 'ACCEPTED', 'merchant');
      // The merchant's usual time was captured with the order (from the festival catalog), so
      // accepting reads nothing of promotion's; orders placed before merchants had one take the default.
      const prepMinutes = change.prepMinutes ?? order.merchant.prepMinutes ?? DEFAULT_PREP_MINUTES;
      const readyAt = toWibIso(new Date(clockNow.getTime() + prepMinutes * 60_000));
      const accepted = next(order, 'ACCEPTED', at, { prepMinutes, readyAt });
      const jobReady = foodJobReady(accepted, ports.ids.next('msg'), at);
      const outbox = await ports.store.saveFoodOrderTransition(accepted, expected, [dispatchMessage(jobReady), ...noticesFor('FOOD', order.status, accepted, orderId, at)]);
      await ports.relay.publish(outbox);
      return accepted;
    }
    case 'READY': {
      // The courier may already be on the way (dispatch starts before the food is ready):
      // then READY is a stamp on the order, not a step back in its status.
      if (order.status === 'COURIER_ASSIGNED' || (order.status === 'READY' && order.foodReadyAt)) {
        if (order.foodReadyAt) return order;
        const stamped: FoodOrder = { ...order, foodReadyAt: at, version: order.version + 1, updatedAt: at };
        await ports.store.saveFoodOrderTransition(stamped, expected, []);
        return stamped;
      }
      assertFoodTransition(order.status, 'READY', 'merchant');
      const ready = next(order, 'READY', at, { foodReadyAt: at });
      // Sooner than the kitchen said: dispatch hears it (JOB_READY again, readyAt now) and, if it
      // was still waiting for the planned time, looks for a driver at once.
      const early = order.readyAt !== undefined && clockNow.getTime() < Date.parse(order.readyAt);
      const outbox = await ports.store.saveFoodOrderTransition(ready, expected, early ? [dispatchMessage(foodJobReady(ready, ports.ids.next('msg'), at))] : []);
      await ports.relay.publish(outbox);
      return ready;
    }
    case 'REJECTED':
      return endUnsold(ports, order, 'REJECTED', 'merchant', at, { rejectReason: change.reason });
  }
}

/**
 * Cancelling. The citizen cancels its order at once while the merchant has not accepted it yet.
 * Once accepted the order is in dispatch: its merchant or an admin (e.g. when no driver comes)
 * asks dispatch to withdraw the job before pickup (202, a pending `cancellation`); dispatch's
 * JOB_WITHDRAWN then cancels the order and gives its promotion back (follow-job.ts), its
 * CANCEL_REFUSED leaves the delivery going.
 */
export async function cancelFoodOrder(ports: FoodOrderPorts, caller: Caller, orderId: string, reason: string | undefined): Promise<FoodOrder> {
  const order = await loadReadable(ports, caller, orderId);
  const admin = hasRole(caller, 'admin');
  if (admin || (hasRole(caller, 'merchant') && order.merchant.ownerSub === caller.sub)) {
    if (order.cancellation || order.status === 'CANCELLED') return order;
    assertFoodTransition(order.status, 'CANCELLED', 'dispatch');
    const at = toWibIso(ports.clock.now());
    const { cancelRefused: _refused, ...rest } = order;
    const requested: FoodOrder = {
      ...rest,
      version: order.version + 1,
      updatedAt: at,
      cancellation: { requestedAt: at, reason: reason ?? (admin ? 'Cancelled by the festival admin' : 'Cancelled by the merchant'), by: admin ? 'admin' : 'merchant' },
    };
    const outbox = await ports.store.saveFoodOrderTransition(requested, { status: order.status, version: order.version }, [
      cancelRequest(ports.ids, 'FOOD', order.orderId, at),
    ]);
    await ports.relay.publish(outbox);
    return requested;
  }
  if (order.citizenSub !== caller.sub) throw new ForbiddenError('Only the citizen who placed the order, its merchant or an admin may cancel it');
  return endUnsold(ports, order, 'CANCELLED', 'citizen', toWibIso(ports.clock.now()), { cancelReason: reason ?? 'Cancelled by the customer' });
}

/**
 * REJECTED or CANCELLED, and the promotion given back. The redemption is first marked HELD, so
 * that if this request dies after the order's write the sweeper still releases it; a repeated
 * request on an order already ended the same way releases again (idempotent) and answers 200.
 */
async function endUnsold(
  ports: FoodOrderPorts,
  order: FoodOrder,
  status: 'REJECTED' | 'CANCELLED',
  actor: 'merchant' | 'citizen',
  at: string,
  extra: Partial<FoodOrder>,
): Promise<FoodOrder> {
  if (order.status === status) {
    if (order.promo) await ports.catalog.release(order.orderId);
    return order;
  }
  assertFoodTransition(order.status, status, actor);
  if (order.promo) await ports.catalog.reopen(order.orderId);
  const ended = next(order, status, at, extra);
  try {
    await ports.store.saveFoodOrderTransition(ended, { status: order.status, version: order.version }, []);
  } catch (error) {
    if (order.promo) {
      // Lost a race: if the order lives on (accepted meanwhile), its redemption stays.
      const now = await ports.store.getFoodOrder(order.orderId);
      if (now && !ENDED_UNSOLD.has(now.status)) await settleLater(() => ports.catalog.confirm(order.orderId));
    }
    throw error;
  }
  if (order.promo) await settleLater(() => ports.catalog.release(order.orderId));
  return ended;
}

/**
 * The JOB_READY that hands an accepted order to dispatch: sent when the merchant accepts, again
 * with an earlier `readyAt` when the food is ready sooner than planned, and by the handover
 * reconciler (handover-reconciler.ts) when that message was lost. Ids, points and times only.
 */
export function foodJobReady(order: FoodOrder, messageId: string, at: string): JobReady {
  // The food is ready at the planned time, or earlier when the merchant said READY sooner.
  const readyAt = [order.readyAt, order.foodReadyAt].filter((time) => time !== undefined).sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? at;
  return {
    type: 'JOB_READY',
    messageId,
    jobId: jobIdFor(order.orderId),
    kind: 'FOOD',
    orderId: order.orderId,
    ownerId: order.merchant.merchantId,
    pickup: { location: order.merchant.location, kecamatan: order.merchant.kecamatan },
    dropoff: { location: order.dropoff.location, kecamatan: order.dropoff.address.kecamatan },
    requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: false },
    // The driver earns the delivery fee the customer paid.
    fareIdr: order.deliveryFeeIdr,
    // The recipient's contact and the merchant's name reach the assigned driver through DeliveryContacts.
    // Dispatch starts looking a lead time before this, so the driver arrives as the food is ready.
    readyAt,
    occurredAt: at,
  };
}

const dispatchMessage = (body: JobReady): OutboxMessage => ({ messageId: body.messageId, queue: DISPATCH_QUEUE, body });

/** Admin: the government's report over a festival (see festival-report.ts for what counts). */
export async function festivalReport(ports: Pick<FoodOrderPorts, 'store' | 'catalog'>, caller: Caller, festivalId: string): Promise<FestivalReport> {
  requireRole(caller, 'admin');
  const festival = await ports.catalog.festival(festivalId);
  if (!festival) throw new NotFoundError('Festival');
  return festivalReportFromTallies(festival, await ports.store.festivalTallies(festivalId));
}

/**
 * The festival's tallies recomputed from every one of its orders (O(orders)): never on a request
 * path, only to check the stored ones (they must be equal) or to rebuild them.
 */
export async function recomputeFestivalTallies(store: Pick<FoodOrderStore, 'listFestivalFoodOrders'>, festivalId: string): Promise<MerchantDayTally[]> {
  return festivalTallies(festivalId, await store.listFestivalFoodOrders(festivalId));
}
