import { numberSetting } from '../../platform/env.ts';
import { systemClock } from '../../platform/time.ts';
import { DEFAULT_MAX_STALENESS_SECONDS } from '../domain/eligibility.ts';
import type { DispatchOperationsPorts } from '../ports/operations-ports.ts';
import { documentClient } from '../../platform/clients.ts';
import { tableName } from '../../platform/env.ts';
import { driverStore } from './driver-store.ts';
import { DynamoDbOpenJobs } from './dynamodb-open-jobs.ts';
import { DynamoDbJobsByDay } from './dynamodb-jobs-by-day.ts';
import { DynamoDbDispatchStore } from './dynamodb-dispatch-store.ts';

/** The operations room's reads of the dispatch table; the staleness limit is dispatch's own (GANCANG_DRIVER_STALE_SECONDS). */
export const dispatchOperationsPorts = (): DispatchOperationsPorts => ({
  roster: driverStore(),
  openJobs: new DynamoDbOpenJobs(documentClient, tableName('dispatch')),
  decisions: new DynamoDbDispatchStore(documentClient, tableName('dispatch'), systemClock),
  jobsByDay: new DynamoDbJobsByDay(documentClient, tableName('dispatch')),
  clock: systemClock,
  staleSeconds: numberSetting('GANCANG_DRIVER_STALE_SECONDS', DEFAULT_MAX_STALENESS_SECONDS),
});
