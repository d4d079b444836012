/**
 * A local runtime for one integration test file: its own physical-name prefix and data folder
 * on the run's shared DynamoDB Local and SQS emulator (see ../global-setup.ts), a free API port,
 * tokens it accepts, and small helpers to call the API and look into tables and queues.
 *
 * The runtime sets process.env (endpoints, table and queue names) for the handlers it imports.
 * Shared modules that create SDK clients at import time (shared/platform/clients.ts) must be
 * imported after `startTestRuntime` resolves (dynamic `import()`), or use `ddb` / `sqs` here.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import type { QueueName, Role, TableName } from '../../../infra/declaration.ts';
import type { TokenRequest } from '../../../infra/local/auth.ts';
import { dynamoClient } from '../../../infra/local/dynamodb.ts';
import { startLocalRuntime, type LocalQueueAddresses, type LocalRuntime, type LocalRuntimeOptions } from '../../../infra/local/runtime.ts';
import { sqsClient } from '../../../infra/local/sqs.ts';
import { checkResponse } from './contract.ts';

export type TestRuntimeOptions = Partial<Omit<LocalRuntimeOptions, 'dataDir'>> & {
  /**
   * Check every response against the OpenAPI document (support/contract.ts). Only a suite that
   * replaces the functions with test doubles, to test the gateway adapter itself, turns it off.
   */
  readonly checkContract?: boolean;
};

export interface ApiResult<T = any> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON (undefined for an empty or non-JSON body). */
  readonly body: T;
  readonly text: string;
}

export interface RequestOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** JSON-encoded unless a string or Buffer. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface TokenOptions extends Partial<Omit<TokenRequest, 'sub' | 'roles'>> {}

export interface TestRuntime {
  readonly runtime: LocalRuntime;
  readonly apiUrl: string;
  /** Document client on the shared DynamoDB Local. */
  readonly ddb: DynamoDBDocumentClient;
  /** SQS client on the shared emulator (explicit endpoint). */
  readonly sqs: SQSClient;
  tableName(table: TableName): string;
  queue(name: QueueName): LocalQueueAddresses;
  /** A bearer token for `sub` (random when omitted) holding `roles`. */
  token(roles: Role | readonly Role[], sub?: string, options?: TokenOptions): Promise<string>;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResult<T>>;
  get<T = any>(path: string, token?: string): Promise<ApiResult<T>>;
  post<T = any>(path: string, body: unknown, token?: string, headers?: Record<string, string>): Promise<ApiResult<T>>;
  put<T = any>(path: string, body: unknown, token?: string): Promise<ApiResult<T>>;
  /** Receives and deletes what is on a queue now (e.g. with `consumers: false`, or a DLQ). */
  drain(queueUrl: string, options?: { waitSeconds?: number }): Promise<Message[]>;
  stop(): Promise<void>;
}

/**
 * Defaults suited to tests: any free port, empty store (no seed), unique prefix, temporary data
 * folder, redrive in seconds (failed items visible again at once), 1 s long polls, no timed
 * schedules (call `runtime.runSchedule`), quiet access log (GANCANG_TEST_LOG=1 shows it).
 */
export async function startTestRuntime({ checkContract = true, ...options }: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gancang-it-'));
  const verbose = process.env.GANCANG_TEST_LOG === '1';
  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime({
      port: 0,
      seed: false,
      prefix: `it${randomBytes(4).toString('hex')}-`,
      dynamoEndpoint: inject('dynamoEndpoint'),
      sqsEndpoint: inject('sqsEndpoint'),
      failedMessageVisibilitySeconds: 0,
      pollWaitSeconds: 1,
      schedules: false,
      log: verbose ? (line) => console.log(line) : () => undefined,
      errorLog: verbose ? (line) => console.error(line) : () => undefined,
      ...options,
      dataDir,
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  const ddbBase = dynamoClient(runtime.dynamoEndpoint);
  const ddb = DynamoDBDocumentClient.from(ddbBase, { marshallOptions: { removeUndefinedValues: true } });
  const sqs = sqsClient(runtime.sqsEndpoint);
  const tables = new Map(runtime.plan.tables.map((t) => [t.name, t.physicalName]));

  const request = async <T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResult<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined;
    if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) body = options.body;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${runtime.apiUrl}${path}`, { method, headers, ...(body !== undefined && { body }) });
    const text = await response.text();
    // Every answer must be one the published contract allows (support/contract.ts).
    if (checkContract) checkResponse(method, path, response.status, response.headers.get('content-type'), text);
    let parsed: unknown;
    if (text && (response.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };

  return {
    runtime,
    apiUrl: runtime.apiUrl,
    ddb,
    sqs,
    tableName: (table) => {
      const name = tables.get(table);
      if (!name) throw new Error(`No table ${table} in the plan`);
      return name;
    },
    queue: (name) => runtime.queues[name],
    token: (roles, sub, options = {}) =>
      runtime.mintToken({
        ...options,
        sub: sub ?? `user-${randomBytes(4).toString('hex')}`,
        roles: typeof roles === 'string' ? [roles] : roles,
      }),
    request,
    get: (path, token) => request('GET', path, { ...(token && { token }) }),
    post: (path, body, token, headers) => request('POST', path, { body, ...(token && { token }), ...(headers && { headers }) }),
    put: (path, body, token) => request('PUT', path, { body, ...(token && { token }) }),
    drain: async (queueUrl, { waitSeconds = 1 } = {}) => {
      const messages: Message[] = [];
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: messages.length === 0 ? waitSeconds : 0,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        if (Messages.length === 0) return messages;
        messages.push(...Messages);
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
      }
    },
    stop: async () => {
      try {
        await runtime.stop();
      } finally {
        ddbBase.destroy();
        sqs.destroy();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
