import { documentClient } from '../../platform/clients.ts';
import { tableName } from '../../platform/env.ts';
import { systemClock } from '../../platform/time.ts';
import type { OrderFate } from '../../kernel/festival-catalog.ts';
import { DynamoDbFoodOrderStore } from './dynamodb-food-order-store.ts';
import { ENDED_UNSOLD } from '../domain/food-order.ts';
import type { FoodOrderStore } from '../ports/food-order-ports.ts';

let store: DynamoDbFoodOrderStore | undefined;

/** The food orders on the ordering table, alone: for functions that send nothing (job events, the report). */
export function foodOrderStore(): DynamoDbFoodOrderStore {
  return (store ??= new DynamoDbFoodOrderStore(documentClient, tableName('ordering'), systemClock));
}

/** Ordering's answer to the redemption sweeper: what became of the order a redemption was held for. */
export async function foodOrderFate(orders: Pick<FoodOrderStore, 'getFoodOrder'>, orderId: string): Promise<OrderFate> {
  const order = await orders.getFoodOrder(orderId);
  if (!order) return 'MISSING';
  return ENDED_UNSOLD.has(order.status) ? 'ENDED' : 'LIVE';
}
