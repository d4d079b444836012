import { documentClient } from '../../platform/clients.ts';
import { tableName } from '../../platform/env.ts';
import { ulidIds } from '../../platform/ids.ts';
import { systemClock } from '../../platform/time.ts';
import { DynamoDbOrderingStore } from './dynamodb-ordering-store.ts';
import type { FacilityPorts } from '../ports/ordering-ports.ts';

let store: DynamoDbOrderingStore | undefined;

/** The ordering table adapter alone: for functions that never send messages (no SQS client). */
export function orderingStore(): DynamoDbOrderingStore {
  return (store ??= new DynamoDbOrderingStore(documentClient, tableName('ordering'), systemClock));
}

export const facilityPorts = (): FacilityPorts => ({ store: orderingStore(), clock: systemClock, ids: ulidIds });
