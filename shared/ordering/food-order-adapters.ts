import { documentClient } from '../platform/clients.ts';
import { tableName } from '../platform/env.ts';
import { ulidIds } from '../platform/ids.ts';
import { systemClock } from '../platform/time.ts';
import {
  confirmRedemption,
  priceOrder,
  redeemPromotion,
  releaseRedemption,
  reopenRedemption,
  type OrderFate,
} from '../promotion/festival-sales.ts';
import { promotionPorts } from '../promotion/promotion-adapters.ts';
import { DynamoDbFoodOrderStore } from './dynamodb-food-order-store.ts';
import { ENDED_UNSOLD } from './food-order.ts';
import type { FestivalCatalog, FoodOrderPorts, FoodOrderStore } from './food-order-ports.ts';
import { orderingOutboxRelay } from './ordering-adapters.ts';

let store: DynamoDbFoodOrderStore | undefined;

/** The food orders on the ordering table, alone: for functions that send nothing (job events, the report). */
export function foodOrderStore(): DynamoDbFoodOrderStore {
  return (store ??= new DynamoDbFoodOrderStore(documentClient, tableName('ordering'), systemClock));
}

/**
 * The FestivalCatalog port over the promotion context's module interface, called in process.
 * The function that uses it is granted the promotion table explicitly in the declaration.
 */
export function festivalCatalog(): FestivalCatalog {
  const ports = promotionPorts();
  return {
    priceOrder: (request) => priceOrder(ports, request),
    redeem: (request) => redeemPromotion(ports, request),
    confirm: (orderId) => confirmRedemption(ports, orderId),
    reopen: (orderId) => reopenRedemption(ports, orderId),
    release: async (orderId) => {
      await releaseRedemption(ports, orderId);
    },
    festival: (festivalId) => ports.store.getFestival(festivalId),
    merchantOwner: async (merchantId) => (await ports.store.getMerchant(merchantId))?.ownerSub,
  };
}

let ports: FoodOrderPorts | undefined;

export function foodOrderPorts(): FoodOrderPorts {
  return (ports ??= { store: foodOrderStore(), catalog: festivalCatalog(), relay: orderingOutboxRelay(), clock: systemClock, ids: ulidIds });
}

/** Ordering's answer to the redemption sweeper: what became of the order a redemption was held for. */
export async function foodOrderFate(orders: Pick<FoodOrderStore, 'getFoodOrder'>, orderId: string): Promise<OrderFate> {
  const order = await orders.getFoodOrder(orderId);
  if (!order) return 'MISSING';
  return ENDED_UNSOLD.has(order.status) ? 'ENDED' : 'LIVE';
}
