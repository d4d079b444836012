import type { IdGenerator } from '../platform/ids.ts';
import type { OutboxItem, OutboxMessage } from '../platform/outbox.ts';
import type { Page } from '../platform/pagination.ts';
import type { Location } from '../platform/service-area.ts';
import type { Clock } from '../platform/time.ts';
import type { FoodOrder, FoodOrderStatus } from './food-order.ts';
import type { MessageRelay } from './ordering-ports.ts';

export interface FoodOrderStore {
  /** Conditional on the id being new. */
  createFoodOrder(order: FoodOrder): Promise<void>;
  getFoodOrder(orderId: string): Promise<FoodOrder | undefined>;
  /** `next` only if the stored order still has `expected` status and version, with its outbox messages, in one transaction. */
  saveFoodOrderTransition(next: FoodOrder, expected: { status: FoodOrderStatus; version: number }, messages: readonly OutboxMessage[]): Promise<OutboxItem[]>;
  /** Newest first: a merchant's orders (only those with an attention flag, if asked), or a citizen's. */
  listFoodOrders(
    query: { merchantId: string; needsAttention?: boolean; limit: number; cursor?: string } | { citizenSub: string; limit: number; cursor?: string },
  ): Promise<Page<FoodOrder>>;
  /** Every order of a festival (the report reads them all). */
  listFestivalFoodOrders(festivalId: string): Promise<FoodOrder[]>;
}

/**
 * What ordering needs from the promotion context to sell at a festival. The adapter calls the
 * promotion module's use cases in process (festival-catalog-adapter.ts); ordering never reads
 * the promotion table.
 */
export interface FestivalCatalog {
  /** Prices the items from the merchant's menu; refuses a closed festival, a merchant not in it, unknown or sold-out items (422). */
  priceOrder(request: {
    festivalId: string;
    merchantId: string;
    items: readonly { itemId: string; quantity: number }[];
    now: Date;
  }): Promise<{
    festival: { festivalId: string; name: string };
    merchant: { merchantId: string; name: string; kecamatan: string; location: Location; ownerSub: string };
    lines: readonly { itemId: string; name: string; priceIdr: number; quantity: number; lineTotalIdr: number }[];
    subtotalIdr: number;
  }>;
  /** Atomic with quota, budget and the customer's limit; keyed by the order id. Refusals are 422 with the reason. */
  redeem(request: {
    festivalId: string;
    code: string;
    orderId: string;
    customerSub: string;
    merchantId: string;
    subtotalIdr: number;
    now: Date;
  }): Promise<{ code: string; discountIdr: number }>;
  /** The order is written. */
  confirm(orderId: string): Promise<void>;
  /** The order is about to be rejected or cancelled: mark the redemption for the sweeper first. */
  reopen(orderId: string): Promise<void>;
  /** Give the redemption back (idempotent). */
  release(orderId: string): Promise<void>;
  festival(festivalId: string): Promise<{ festivalId: string; name: string; startsAt: string; endsAt: string } | undefined>;
  /** The account that registered the merchant; undefined for an unknown merchant. */
  merchantOwner(merchantId: string): Promise<string | undefined>;
}

export interface FoodOrderPorts {
  readonly store: FoodOrderStore;
  readonly catalog: FestivalCatalog;
  readonly relay: MessageRelay;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
