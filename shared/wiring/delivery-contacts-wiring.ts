import { documentClient } from '../platform/clients.ts';
import { tableName } from '../platform/env.ts';
import { systemClock } from '../platform/time.ts';
import type { DeliveryContacts } from '../kernel/delivery-contacts.ts';
import { deliveryContacts } from '../ordering/application/delivery-contacts.ts';
import { DynamoDbFoodOrderStore } from '../ordering/adapters/dynamodb-food-order-store.ts';
import { orderingStore } from '../ordering/adapters/ordering-store.ts';
import { rideStore } from '../ordering/adapters/ride-store.ts';

let contacts: DeliveryContacts | undefined;

/**
 * Ordering's module interface for dispatch's driver-jobs function, which reads the ordering
 * table (granted read-only in the declaration) through it and nothing else of ordering.
 */
export function orderingDeliveryContacts(): DeliveryContacts {
  return (contacts ??= deliveryContacts({
    medicine: orderingStore(),
    food: new DynamoDbFoodOrderStore(documentClient, tableName('ordering'), systemClock),
    rides: rideStore(),
  }));
}
