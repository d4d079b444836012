import { documentClient } from '../../platform/clients.ts';
import { tableName } from '../../platform/env.ts';
import { systemClock } from '../../platform/time.ts';
import { DynamoDbRideStore } from './dynamodb-ride-store.ts';
import type { RideStore } from '../application/ride-use-cases.ts';

let store: DynamoDbRideStore | undefined;

/** The ride adapter alone, without the SQS client: for the job-events consumer and the report. */
export function rideStore(): RideStore {
  return (store ??= new DynamoDbRideStore(documentClient, tableName('ordering'), systemClock));
}
