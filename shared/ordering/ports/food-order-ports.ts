import type { PlatformTariffs } from '../../kernel/fares.ts';
import { ConflictError } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { OutboxItem, OutboxMessage } from '../../platform/outbox.ts';
import type { Page } from '../../platform/pagination.ts';
import type { Clock } from '../../platform/time.ts';
import type { FoodOrder, FoodOrderStatus } from '../domain/food-order.ts';
import type { MerchantDayTally } from '../domain/festival-report.ts';
import type { DriverPositions } from '../../kernel/driver-positions.ts';
import type { FestivalCatalog } from '../../kernel/festival-catalog.ts';
import type { MessageRelay } from '../../kernel/message-relay.ts';

/**
 * The store's proof that an order was NOT written, so that what was done for it (its promotion)
 * may be undone. Any other error from a write leaves its outcome unknown: a timeout or a 5xx may
 * come after the write landed.
 */
export class FoodOrderNotWrittenError extends ConflictError {}

export interface FoodOrderStore {
  /**
   * Conditional on the id being new. Throws FoodOrderNotWrittenError only when nothing was
   * written; any other error means the order may or may not exist. The outbox messages are
   * written with it; returns them to publish.
   */
  createFoodOrder(order: FoodOrder, messages: readonly OutboxMessage[]): Promise<OutboxItem[]>;
  getFoodOrder(orderId: string): Promise<FoodOrder | undefined>;
  /** `next` only if the stored order still has `expected` status and version, with its outbox messages, in one transaction. */
  saveFoodOrderTransition(next: FoodOrder, expected: { status: FoodOrderStatus; version: number }, messages: readonly OutboxMessage[]): Promise<OutboxItem[]>;
  /** Newest first: a merchant's orders (only those with an attention flag, if asked), or a citizen's. */
  listFoodOrders(
    query: { merchantId: string; needsAttention?: boolean; limit: number; cursor?: string } | { citizenSub: string; limit: number; cursor?: string },
  ): Promise<Page<FoodOrder>>;
  /** The festival's merchant-day tallies, kept with the orders (festival-report.ts): what the report reads. */
  festivalTallies(festivalId: string): Promise<MerchantDayTally[]>;
  /** Every order of a festival: only to recompute the tallies and check them, never for the report. */
  listFestivalFoodOrders(festivalId: string): Promise<FoodOrder[]>;
}

export interface FoodOrderPorts {
  readonly store: FoodOrderStore;
  readonly catalog: FestivalCatalog;
  readonly relay: MessageRelay;
  /** The delivery fee is the platform motorbike tariff (configuration: platformTariffs in kernel/fares.ts). */
  readonly platformTariffs: PlatformTariffs;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** What following one order needs: the order, read only, and dispatch's driver positions. */
export interface FollowFoodOrderPorts {
  readonly store: Pick<FoodOrderStore, 'getFoodOrder'>;
  readonly positions: DriverPositions;
}
