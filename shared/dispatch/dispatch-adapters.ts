import { documentClient } from '../platform/clients.ts';
import { tableName } from '../platform/env.ts';
import { systemClock } from '../platform/time.ts';
import type { DispatchPorts } from './accept-dispatch-message.ts';
import { DynamoDbDispatchJobStore } from './dynamodb-dispatch-job-store.ts';

let ports: DispatchPorts | undefined;

export function dispatchPorts(): DispatchPorts {
  return (ports ??= { jobs: new DynamoDbDispatchJobStore(documentClient, tableName('dispatch')), clock: systemClock });
}
