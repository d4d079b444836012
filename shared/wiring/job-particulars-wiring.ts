import { documentClient } from '../platform/clients.ts';
import { tableName } from '../platform/env.ts';
import { systemClock } from '../platform/time.ts';
import type { JobParticulars } from '../kernel/job-particulars.ts';
import { driverStore } from '../dispatch/adapters/driver-store.ts';
import { DynamoDbDispatchStore } from '../dispatch/adapters/dynamodb-dispatch-store.ts';
import { jobParticulars } from '../dispatch/application/job-particulars.ts';

let particulars: JobParticulars | undefined;

/** Where ordering's job-events consumer meets dispatch: dispatch's module interface for ordering's job-events consumer (dispatch table, read only). */
export function dispatchJobParticulars(): JobParticulars {
  return (particulars ??= jobParticulars({ drivers: driverStore(), store: new DynamoDbDispatchStore(documentClient, tableName('dispatch'), systemClock) }));
}
