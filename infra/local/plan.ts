/**
 * What the local runtime builds from the declaration: the same routes (with the same scopes),
 * queues (with the same redrive policy), tables (same keys and indexes), consumers, schedules and
 * per-function environment as the CDK app. Kept as pure data so that the parity test can compare
 * it with the synthesized CloudFormation template.
 */
import { APP_URL_ENV } from '#platform/env';
import {
  consumerMaxConcurrency,
  environmentFor,
  functionNames,
  functions,
  queueNames,
  queues,
  routeKey,
  routes,
  scopeFor,
  tableNames,
  tables,
  type ConsumesSpec,
  type FunctionName,
  type FunctionSpec,
  type QueueName,
  type TableName,
} from '../declaration.ts';

export interface LocalRoute {
  readonly routeKey: string;
  readonly method: string;
  readonly path: string;
  readonly fn: FunctionName;
  /** Empty for public routes: no token needed. Otherwise the caller needs one of these scopes. */
  readonly scopes: readonly string[];
}

export interface LocalTable {
  readonly name: TableName;
  readonly physicalName: string;
  readonly partitionKey: string;
  readonly sortKey: string | undefined;
  readonly indexes: readonly { name: string; partitionKey: string; sortKey: string | undefined }[];
  readonly timeToLiveAttribute: string | undefined;
}

export interface LocalQueue {
  readonly name: QueueName;
  readonly physicalName: string;
  readonly dlqPhysicalName: string;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
}

export interface LocalConsumer {
  readonly fn: FunctionName;
  readonly queue: QueueName;
  readonly batchSize: number;
  /** Batches processed at once, as the event source mapping's maximum concurrency. */
  readonly maxConcurrency: number;
}

export interface LocalSchedule {
  readonly fn: FunctionName;
  readonly everyMinutes: number;
}

/** What a local invocation needs to imitate Lambda: the deadline and the memory it reports. */
export interface LocalFunctionLimits {
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

export interface LocalPlan {
  readonly routes: readonly LocalRoute[];
  readonly tables: readonly LocalTable[];
  readonly queues: readonly LocalQueue[];
  readonly consumers: readonly LocalConsumer[];
  readonly schedules: readonly LocalSchedule[];
  readonly environment: Readonly<Record<FunctionName, Record<string, string>>>;
  readonly entries: Readonly<Record<FunctionName, string>>;
  readonly limits: Readonly<Record<FunctionName, LocalFunctionLimits>>;
}

/**
 * `prefix` namespaces the physical names, so that several local installations (tests, two
 * developers' data folders) can share one DynamoDB Local or SQS emulator without colliding.
 * `queueUrl` maps a queue's physical name to its URL on the emulator. `appUrl` is the web app's
 * origin (locally the API's own), given to the functions whose responses link into the app.
 */
export function localPlan(prefix: string, queueUrl: (physicalName: string) => string, appUrl?: string): LocalPlan {
  const tablePhysical = (t: TableName): string => `${prefix}${t}`;
  const queuePhysical = (q: QueueName): string => `${prefix}${q}`;

  const environment = {} as Record<FunctionName, Record<string, string>>;
  const entries = {} as Record<FunctionName, string>;
  const limits = {} as Record<FunctionName, LocalFunctionLimits>;
  for (const fn of functionNames()) {
    environment[fn] = environmentFor(fn, tablePhysical, (q) => queueUrl(queuePhysical(q)), appUrl);
    entries[fn] = functions[fn].entry;
    limits[fn] = { timeoutSeconds: functions[fn].timeoutSeconds, memoryMb: functions[fn].memoryMb };
  }

  return {
    routes: routes.map((r) => ({
      routeKey: routeKey(r),
      method: r.method,
      path: r.path,
      fn: r.fn,
      scopes: r.auth === 'public' ? [] : r.auth.map(scopeFor),
    })),
    tables: tableNames().map((name) => {
      const spec = tables[name];
      return {
        name,
        physicalName: tablePhysical(name),
        partitionKey: spec.partitionKey,
        sortKey: 'sortKey' in spec ? spec.sortKey : undefined,
        indexes: Object.entries(spec.indexes).map(([indexName, index]) => ({
          name: indexName,
          partitionKey: index.partitionKey,
          sortKey: 'sortKey' in index ? index.sortKey : undefined,
        })),
        timeToLiveAttribute: spec.timeToLiveAttribute,
      };
    }),
    queues: queueNames().map((name) => ({
      name,
      physicalName: queuePhysical(name),
      dlqPhysicalName: `${queuePhysical(name)}-dlq`,
      visibilityTimeoutSeconds: queues[name].visibilityTimeoutSeconds,
      maxReceiveCount: queues[name].maxReceiveCount,
    })),
    consumers: functionNames().flatMap((fn) => {
      const consumes = (functions[fn] as { consumes?: ConsumesSpec }).consumes;
      return consumes ? [{ fn, queue: consumes.queue, batchSize: consumes.batchSize, maxConcurrency: consumerMaxConcurrency(consumes) }] : [];
    }),
    schedules: functionNames().flatMap((fn) => {
      const every = (functions[fn] as { everyMinutes?: number }).everyMinutes;
      return every ? [{ fn, everyMinutes: every }] : [];
    }),
    environment,
    entries,
    limits,
  };
}

/**
 * Locally the web app is served on the API's origin, which is known only once the API listens
 * (PORT=0 picks a free port): then the functions that link to the app (declaration `linksToApp`)
 * get it as GANCANG_APP_URL, before the runtime is handed to anyone who could call them.
 */
export function linkToApp(plan: LocalPlan, appUrl: string): void {
  for (const fn of functionNames()) {
    const spec: FunctionSpec = functions[fn];
    if (spec.linksToApp) plan.environment[fn][APP_URL_ENV] = appUrl;
  }
}
