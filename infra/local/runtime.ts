/**
 * The local runtime: what `npm start` runs and what the integration tests start, built from the
 * declaration through `localPlan` — DynamoDB Local tables, SQS queues with their DLQs, the HTTP
 * API with the JWT checks, queue pollers and schedules, all invoking the real handlers in this
 * process.
 *
 * Handlers read their configuration from process.env, which is global: one runtime per process.
 */
import type { Server } from 'node:http';
import { rmSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resetEnvCache } from '#platform/env';
import { functionNames, type FunctionName, type QueueName } from '../declaration.ts';
import { loadSigningKey, mintToken, type TokenRequest } from './auth.ts';
import { dynamoClient, ensureTables, startDynamoDbLocal } from './dynamodb.ts';
import { QueuePoller, ScheduleTimer, scheduledEvent } from './event-sources.ts';
import { WEB_DIST } from '../web/build.ts';
import { createHttpApi } from './http-api.ts';
import type { CallMeter } from './call-meter.ts';
import { isRunning } from './launcher.ts';
import { LocalFunctions, LOCAL_REGION, type LambdaHandler } from './lambda.ts';
import { linkToApp, localPlan, type LocalPlan } from './plan.ts';
import { DYNAMODB_PORT_OFFSET, emulatorPort, isPortFree, SQS_PORT_OFFSET } from './ports.ts';
import { ensureQueues, sqsClient, startSqsEmulator } from './sqs.ts';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { createWebApp } from './web-app.ts';
import { localSignIn } from './local-sign-in.ts';
import { localMessagesReader } from './local-messages.ts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_OUTBOX_ENV, onLocalMessage } from '#notification/adapters/local-outbox-channel';

export const DEFAULT_PREFIX = 'gancang-';
export const DEFAULT_PORT = 3000;
export const DEFAULT_DATA_DIR = '.data';
const DEMO_FLEET_USER_AGENT = 'gancang-demo-fleet';
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface LocalRuntimeOptions {
  /** API port; 0 picks free ports for the API and both emulators. */
  readonly port: number;
  /** The installation's folder: signing key, and DynamoDB Local's data unless `dynamoEndpoint` is given. */
  readonly dataDir: string;
  /** Load the demo data when the store is empty (the lead's `seed.ts`). */
  readonly seed: boolean;
  /** Keep the demo drivers reporting their positions every so many seconds (demo-fleet.ts); off when absent. */
  readonly demoFleetIntervalSeconds?: number;
  /** Reuse a running DynamoDB Local instead of spawning one (tests share one per run). */
  readonly dynamoEndpoint?: string;
  /**
   * Hold the DynamoDB Local this runtime spawns in memory: its data is gone when the runtime
   * stops (the data folder keeps only the signing key and the lock). On its database file,
   * DynamoDB Local waits on the disk for every write: in memory it takes about twice as many
   * transactions and puts a second, which a load run or a simulation on a throwaway folder
   * needs and `npm start`, whose data survives restarts, does not.
   */
  readonly dynamoInMemory?: boolean;
  /** Reuse a running fauxqs instead of starting one. */
  readonly sqsEndpoint?: string;
  /** Physical-name prefix of tables and queues, so installations can share emulators. */
  readonly prefix?: string;
  /** Local-only: visibility given to a failed batch item, so redrive to the DLQ takes seconds, not minutes. */
  readonly failedMessageVisibilitySeconds?: number;
  /** Long-poll wait of the queue pollers (default 20, as Lambda's pollers). */
  readonly pollWaitSeconds?: number;
  /**
   * Local-only: batches each consumer processes at once, instead of its declared maximum
   * concurrency (1 gives the one-batch-at-a-time pollers the dispatch bench compares against).
   */
  readonly consumerMaxConcurrency?: number;
  /** Start the queue pollers (default true). Off lets a test read what a handler sent. */
  readonly consumers?: boolean;
  /** Run scheduled functions on their rate (default true). `runSchedule` works either way. */
  readonly schedules?: boolean;
  /**
   * Run the schedules this many times as often as declared (default 1): `npm run simulate
   * --speed N` runs time N× faster, so a sweeper declared every minute runs every 60/N seconds.
   */
  readonly scheduleSpeed?: number;
  /** Test seam: handlers to use instead of the declared entries' ones. */
  readonly handlers?: Partial<Record<FunctionName, LambdaHandler>>;
  /**
   * The web app's map tiles (URL template with {z}/{x}/{y}); absent or null: no tiles, so nothing
   * is fetched from another origin (`npm start` turns OpenStreetMap's on, GANCANG_MAP_TILES).
   */
  readonly mapTiles?: string | null;
  /** The built web app to serve on the API's origin (default web/dist). */
  readonly webDist?: string;
  /**
   * Counts what AWS would bill for the functions' calls (test/bench/cost-bench.ts): invocations
   * and durations, API requests, DynamoDB units, SQS requests. Absent: nothing is counted.
   */
  readonly meter?: CallMeter;
  /** Access lines and notices (default stdout). */
  readonly log?: (line: string) => void;
  /** Handler and poller failures (default stderr). */
  readonly errorLog?: (line: string) => void;
}

export interface LocalQueueAddresses {
  readonly url: string;
  readonly arn: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
}

export interface LocalRuntime {
  readonly apiUrl: string;
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  readonly dataDir: string;
  readonly prefix: string;
  readonly plan: LocalPlan;
  readonly queues: Readonly<Record<QueueName, LocalQueueAddresses>>;
  /** What the demo seed printed (empty when seeding was off or the store had data). */
  readonly seeded: readonly string[];
  /** The demo orders' tracking tokens (empty when seeding was off or the store had data). */
  readonly demoTrackingTokens: readonly string[];
  /** Invokes a function directly, like `aws lambda invoke`. */
  invoke(fn: FunctionName, event: unknown): Promise<unknown>;
  /** Runs a scheduled function now, with an EventBridge Scheduled Event. */
  runSchedule(fn: FunctionName): Promise<unknown>;
  /** A bearer token this runtime accepts (signed with the data folder's key). */
  mintToken(request: TokenRequest): Promise<string>;
  stop(): Promise<void>;
}

let active = false;

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  if (active) throw new Error('A local runtime is already running in this process (handlers share process.env)');
  active = true;
  const cleanups: (() => Promise<void> | void)[] = [() => void (active = false)];
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        (options.errorLog ?? console.error)(`[runtime] while stopping: ${String(error)}`);
      }
    }
    cleanups.length = 0;
  };

  try {
    return await start(options, cleanups, cleanUp);
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

async function start(
  options: LocalRuntimeOptions,
  cleanups: (() => Promise<void> | void)[],
  cleanUp: () => Promise<void>,
): Promise<LocalRuntime> {
  const log = options.log ?? ((line: string) => console.log(line));
  const errorLog = options.errorLog ?? ((line: string) => console.error(line));
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (options.port !== 0 && !(await isPortFree(options.port))) {
    throw new Error(`Port ${options.port} is already in use; set PORT to another port (or PORT=0 for any free port)`);
  }
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const key = await loadSigningKey(dataDir);

  // DynamoDB Local, on the data folder (or in memory) unless an endpoint is given.
  let dynamoEndpoint = options.dynamoEndpoint;
  if (!dynamoEndpoint) {
    cleanups.push(await lockDataFolder(dataDir));
    const dynamo = await startDynamoDbLocal({
      port: await emulatorPort(options.port, DYNAMODB_PORT_OFFSET),
      ...(!options.dynamoInMemory && { dbPath: join(dataDir, 'dynamodb') }),
    });
    cleanups.push(() => dynamo.stop());
    dynamoEndpoint = dynamo.endpoint;
  }

  let sqsEndpoint = options.sqsEndpoint;
  if (!sqsEndpoint) {
    const sqs = await startSqsEmulator(await emulatorPort(options.port, SQS_PORT_OFFSET));
    cleanups.push(() => sqs.stop());
    sqsEndpoint = sqs.endpoint;
  }

  const dynamo = dynamoClient(dynamoEndpoint);
  const sqs = sqsClient(sqsEndpoint);
  cleanups.push(() => {
    dynamo.destroy();
    sqs.destroy();
  });

  // Queue URLs are the emulator's to choose, so create the queues first, then plan with them.
  const addresses = await ensureQueues(sqs, localPlan(prefix, () => '').queues);
  const plan = localPlan(prefix, (physicalName) => {
    const address = addresses.get(physicalName);
    if (!address) throw new Error(`Queue ${physicalName} was not created`);
    return address.url;
  });
  await ensureTables(dynamo, plan.tables);
  const queues = {} as Record<QueueName, LocalQueueAddresses>;
  for (const queue of plan.queues) {
    const main = addresses.get(queue.physicalName)!;
    const dlq = addresses.get(queue.dlqPhysicalName)!;
    queues[queue.name] = { url: main.url, arn: main.arn, dlqUrl: dlq.url, dlqArn: dlq.arn };
  }

  configureProcessEnvironment(plan, dynamoEndpoint, sqsEndpoint);
  if (options.meter) await meterSdkClients(options.meter, sqs);
  const functions = new LocalFunctions(plan, prefix, REPO_ROOT, options.handlers, options.meter);
  const invoke = (fn: FunctionName, event: unknown): Promise<unknown> => functions.invoke(fn, event);

  let seeded: readonly string[] = [];
  let demoTrackingTokens: readonly string[] = [];
  if (options.seed) {
    // Imported only now: the seed's clients read the environment configured above.
    const seed = await import('./seed.ts');
    if (await seed.isStoreEmpty()) ({ lines: seeded, trackingTokens: demoTrackingTokens } = await seed.seedDemoData());
  }

  if (options.consumers ?? true) {
    for (const consumer of plan.consumers) {
      const poller = new QueuePoller({
        fn: consumer.fn,
        queue: queues[consumer.queue],
        batchSize: consumer.batchSize,
        maxConcurrency: options.consumerMaxConcurrency ?? consumer.maxConcurrency,
        client: sqs,
        invoke,
        waitSeconds: options.pollWaitSeconds ?? 20,
        failedMessageVisibilitySeconds: options.failedMessageVisibilitySeconds,
        errorLog,
      });
      poller.start();
      cleanups.push(() => poller.stop());
    }
  }

  const ruleName = (fn: FunctionName): string => `${prefix}${fn}-schedule`;
  if (options.schedules ?? true) {
    for (const schedule of plan.schedules) {
      const timer = new ScheduleTimer(
        schedule.everyMinutes,
        () => invoke(schedule.fn, scheduledEvent(ruleName(schedule.fn))),
        errorLog,
        schedule.fn,
        options.scheduleSpeed,
      );
      timer.start();
      cleanups.push(() => timer.stop());
    }
  }

  // The notifications consumer sends to the local outbox here (wiring/notification-wiring.ts):
  // one line per message, phone masked, and GET /local/messages to read them.
  cleanups.push(onLocalMessage(log));
  const documents = DynamoDBDocumentClient.from(dynamo);
  const notificationTable = plan.tables.find((table) => table.name === 'notification')!.physicalName;
  const localMessages = localMessagesReader(() => documents, () => notificationTable);

  const app = createWebApp({ distDir: options.webDist ?? WEB_DIST, mapTiles: options.mapTiles ?? null });
  const server = createHttpApi({
    plan, key, invoke, accessLog: log, unloggedUserAgent: DEMO_FLEET_USER_AGENT, errorLog, app, localSignIn: localSignIn(key), localMessages,
    ...(options.meter && { meter: options.meter }),
  });
  const apiPort = await listen(server, options.port);
  cleanups.push(() => closeServer(server));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  linkToApp(plan, apiUrl);

  if (options.demoFleetIntervalSeconds !== undefined) {
    // Imported only now, as the seed: it names the demo drivers, and the seed's modules create clients.
    const { startDemoFleet } = await import('./demo-fleet.ts');
    const fleet = startDemoFleet({
      apiUrl,
      intervalSeconds: options.demoFleetIntervalSeconds,
      mintDriverToken: (sub) => mintToken(key, { sub, roles: ['driver'] }),
      userAgent: DEMO_FLEET_USER_AGENT,
      errorLog,
    });
    cleanups.push(() => fleet.stop());
  }

  let stopping: Promise<void> | undefined;
  return {
    apiUrl,
    dynamoEndpoint,
    sqsEndpoint,
    dataDir,
    prefix,
    plan,
    queues,
    seeded,
    demoTrackingTokens,
    invoke,
    runSchedule: (fn) => {
      if (!plan.schedules.some((s) => s.fn === fn)) return Promise.reject(new Error(`${fn} has no schedule in the declaration`));
      return invoke(fn, scheduledEvent(ruleName(fn)));
    },
    mintToken: (request) => mintToken(key, request),
    stop: () => (stopping ??= cleanUp()),
  };
}

/**
 * Handlers create their SDK clients at module scope from the environment, so everything they
 * need is in place before the first handler is imported: the region, throwaway credentials (so a
 * developer's real AWS credentials are never used), the emulator endpoints and every function's
 * table and queue variables.
 */
function configureProcessEnvironment(plan: LocalPlan, dynamoEndpoint: string, sqsEndpoint: string): void {
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: sqsEndpoint,
    [LOCAL_OUTBOX_ENV]: '1',
  });
  // Table and queue variables are the same for every function; the few that differ (the
  // Powertools service name) are set per invocation only, so none leaks between functions.
  const values = new Map<string, Set<string>>();
  for (const fn of functionNames()) {
    for (const [name, value] of Object.entries(plan.environment[fn])) values.set(name, (values.get(name) ?? new Set()).add(value));
  }
  for (const [name, distinct] of values) {
    if (distinct.size === 1) process.env[name] = [...distinct][0];
    else delete process.env[name];
  }
  // Functions cache what they read; a second runtime in this process must not see the first's names.
  resetEnvCache();
}

/**
 * The functions' own SDK clients (module singletons, shared with this process) and the pollers'
 * client, whose receives and deletes Lambda's event source mappings make on AWS, billed to the
 * account. Imported only now: the clients read the environment configured above.
 */
async function meterSdkClients(meter: CallMeter, pollers: SQSClient): Promise<void> {
  const { dynamoClient } = await import('#platform/clients');
  const { loadedSqsClient } = await import('#platform/sqs-client');
  meter.meterDynamoDb(dynamoClient);
  meter.meterSqs(await loadedSqsClient());
  meter.meterSqs(pollers);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use; set PORT to another port (or PORT=0)`) : error),
    );
    server.listen({ port, host: '127.0.0.1' }, () => {
      const address = server.address();
      resolveListen(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}

/**
 * DynamoDB Local must not open one database file from two processes. A lock file names the
 * process that owns the data folder; one left behind by a process that is gone is taken over.
 */
async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, 'runtime.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      // Synchronous on purpose: also runs from the process 'exit' hook.
      const release = (): void => rmSync(path, { force: true });
      process.once('exit', release);
      return async () => {
        process.removeListener('exit', release);
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `Another local runtime (pid ${owner}) is using the data folder ${dataDir}; stop it, or use another GANCANG_DATA_DIR. ` +
            `If no such runtime is running, delete ${path}.`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}`);
}

