/**
 * A declared function with exactly what its declaration entry allows: its environment contract
 * (`environmentFor`) and grants to the tables it binds and the queues it sends to, nothing else.
 * Consumers get their receive permissions from the SQS event source that the workers stack adds.
 * Every declared function also gets its errors and throttles alarms, so a new one is watched too.
 */
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { environmentFor, type Access, type FunctionName, type QueueName, type TableName } from '../declaration.ts';
import type { Declaration } from '../stacks/declared.ts';
import { GancangFunction } from './gancang-function.ts';

export interface DeclaredResources {
  readonly tables: Readonly<Record<TableName, ITable>>;
  readonly queues: Readonly<Record<QueueName, IQueue>>;
  /** The operations topic every alarm notifies. */
  readonly alarmTopic: ITopic;
  /** The web app's origin, for the functions whose responses link into it (`linksToApp`). */
  readonly appUrl?: string;
}

export function declaredFunction(
  scope: Construct,
  name: FunctionName,
  declaration: Declaration,
  resources: DeclaredResources,
): GancangFunction {
  const spec = declaration.functions[name];
  const fn = new GancangFunction(scope, name, {
    name,
    entry: spec.entry,
    timeoutSeconds: spec.timeoutSeconds,
    memoryMb: spec.memoryMb,
    ...('copies' in spec && { copies: spec.copies }),
    environment: environmentFor(
      name,
      (table) => resources.tables[table].tableName,
      (queue) => resources.queues[queue].queueUrl,
      resources.appUrl,
    ),
  });
  for (const [table, access] of Object.entries(spec.tables) as [TableName, Access][]) {
    fn.bindTable({ table: resources.tables[table], access, indexes: Object.keys(declaration.tables[table].indexes) });
  }
  for (const queue of spec.sendsTo) fn.allowSendTo(resources.queues[queue]);
  fn.alarmOn(resources.alarmTopic);
  return fn;
}
