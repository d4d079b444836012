import { documentClient } from '../../platform/clients.ts';
import { tableName } from '../../platform/env.ts';
import { ulidIds } from '../../platform/ids.ts';
import { systemClock } from '../../platform/time.ts';
import type { DriverPorts } from '../application/driver-use-cases.ts';
import { DynamoDbDriverIndex, DynamoDbDriverStore, DynamoDbTaxiCompanies } from './dynamodb-driver-store.ts';

let store: DynamoDbDriverStore | undefined;
let index: DynamoDbDriverIndex | undefined;
let ports: DriverPorts | undefined;

/**
 * The driver registry on the dispatch table, one per warm function (it caches subject → driver).
 * The engine reads drivers through it: `driverStore().getDriver(id)`, `.findDriverBySub(sub)`.
 */
export function driverStore(): DynamoDbDriverStore {
  // A driver who moved or switched is searched for afresh in this process (the index reuses its reads for a moment).
  return (store ??= new DynamoDbDriverStore(documentClient, tableName('dispatch'), () => index?.forget()));
}

/** The geo index over the dispatch table's gsi1, for `findNearestAsync`. */
export function driverIndex(): DynamoDbDriverIndex {
  return (index ??= new DynamoDbDriverIndex(documentClient, tableName('dispatch')));
}

export const driverPorts = (): DriverPorts =>
  (ports ??= {
    store: driverStore(),
    companies: new DynamoDbTaxiCompanies(documentClient, tableName('dispatch')),
    clock: systemClock,
    ids: ulidIds,
  });
