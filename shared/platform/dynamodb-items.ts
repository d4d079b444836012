import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient, type QueryCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConcurrentUpdateError, ThrottledError } from './errors.ts';
import { outboxItem, type OutboxItem, type OutboxMessage } from './outbox.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';

/**
 * What every single-table store shares: items carry key and index attributes that are storage
 * detail, and state changes are conditional writes that travel with their outbox messages.
 */
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk', 'entity'] as const;

/** The record an item stores, without its key and index attributes. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy as T;
}

/**
 * The revision of a report tally item (festival, settlement, day figures): every update that
 * moves a tally adds 1 to it. The tally rebuild (infra/tallies) writes a tally only if its
 * revision is still the one it read before reading the orders, so a change made meanwhile is
 * never lost nor counted twice, even one undone at once (accepted, then cancelled), which leaves
 * the figures as they were.
 */
export const TALLY_REVISION = 'revision';

/** A tally item's figures, without its keys and revision. */
export function tallyFigures<T>(item: Record<string, unknown>): T {
  const { [TALLY_REVISION]: _revision, ...figures } = withoutKeys<Record<string, unknown>>(item);
  return figures as T;
}

/** Positions of the transaction's items whose condition failed (empty for any other error). */
export function failedConditions(error: unknown): number[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Attempts of a transaction cancelled only because another one held one of its items. */
const TRANSACTION_ATTEMPTS = 3;

/**
 * Sends a transaction, again (up to TRANSACTION_ATTEMPTS, after a short random wait) when DynamoDB
 * cancelled it only for a conflict with another transaction on one of its items, and no condition
 * failed. The report tallies (festival, settlement, day figures) are items many transactions
 * touch, so such conflicts are expected at peaks; a cancelled transaction wrote nothing, and its
 * conditions are checked again, so sending it again is safe. Anything else is thrown as it came.
 */
export async function sendTransaction(documents: DynamoDBDocumentClient, input: TransactWriteCommandInput): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      // A fresh command each attempt: the SDK's middleware marshals a command's input in place.
      await documents.send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      const codes = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None') : [];
      const conflictOnly = codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
      if (!conflictOnly || attempt >= TRANSACTION_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/**
 * Writes a record's next state only if the stored one still has the status and version that were
 * read, together with its outbox messages and any `extra` items, in one transaction. Returns the
 * outbox items to publish, or 'CONFLICT' when someone else changed the record first.
 */
export async function putStateChange(options: {
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly item: Record<string, unknown>;
  readonly expected: { readonly status: string; readonly version: number };
  readonly messages: readonly OutboxMessage[];
  readonly now: Date;
  readonly extra?: readonly TransactItem[];
}): Promise<OutboxItem[] | 'CONFLICT'> {
  const { documents, tableName, item, expected, messages, now, extra = [] } = options;
  const outbox = messages.map((message) => outboxItem(message, now));
  try {
    await sendTransaction(documents, {
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: item,
            ConditionExpression: '#status = :status AND #version = :version',
            ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
            ExpressionAttributeValues: { ':status': expected.status, ':version': expected.version },
          },
        },
        ...outbox.map((entry) => ({ Put: { TableName: tableName, Item: { ...entry } } })),
        ...extra,
      ],
    });
  } catch (error) {
    if (failedConditions(error).includes(0)) return 'CONFLICT';
    throw error;
  }
  return outbox;
}

/** An item whose key is a value that must stay unique (a name, a licence, a plate), naming its owner. */
export interface UniquenessGuard {
  readonly key: { readonly pk: string; readonly sk: string };
  /** Stored on the guard, e.g. the owner's id, so a later read can say who holds the value. */
  readonly owner: Readonly<Record<string, string>>;
}

/** Cancellation reasons DynamoDB gives when the transaction was throttled rather than refused. */
const THROTTLED_REASONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

/**
 * Writes a new record with its uniqueness guards in one transaction, each only if absent: of two
 * creations that share a unique value, however close in time, exactly one is written, and a
 * refused one writes nothing. Returns the positions in `guards` of the values already taken
 * (empty when the record was written), for the caller's own 409. Two creations racing on the same
 * guard can instead cancel each other (TransactionConflict): that is a 409 CONCURRENT_UPDATE, whose
 * retry learns which way it went; a throttled transaction is a 429.
 */
export async function createGuarded(options: {
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly item: Record<string, unknown>;
  readonly guards: readonly UniquenessGuard[];
  /** Written with them, unconditionally (e.g. a facility's staff memberships). */
  readonly also?: readonly TransactItem[];
  /** The registry, as a 409 names it: "The taxi company registry". */
  readonly registry: string;
}): Promise<number[]> {
  const { documents, tableName, item, guards, also = [], registry } = options;
  const absent = 'attribute_not_exists(pk)';
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: item, ConditionExpression: absent } },
          ...guards.map((guard) => ({ Put: { TableName: tableName, Item: { ...guard.key, entity: 'Guard', ...guard.owner }, ConditionExpression: absent } })),
          ...also,
        ],
      }),
    );
    return [];
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const taken = failedConditions(error).flatMap((index) => (index >= 1 && index <= guards.length ? [index - 1] : []));
    if (taken.length > 0) return taken;
    const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
    if (codes.includes('TransactionConflict')) throw new ConcurrentUpdateError(registry);
    if (codes.some((code) => THROTTLED_REASONS.has(code))) throw new ThrottledError();
    throw error;
  }
}

/**
 * One page of an index partition (gsi1…gsi3, gsi5), for the `?limit=&cursor=` lists: the cursor is
 * checked to belong to this partition before it reaches DynamoDB (see pagination.ts).
 */
export async function queryIndexPage<T>(options: {
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly index: 'gsi1' | 'gsi2' | 'gsi3' | 'gsi5';
  readonly partition: string;
  readonly limit: number;
  readonly cursor?: string | undefined;
  /** Newest first for ULID or time sort keys. */
  readonly newestFirst?: boolean;
}): Promise<Page<T>> {
  const { documents, tableName, index, partition, limit, cursor, newestFirst = false } = options;
  const page = await documents.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: !newestFirst,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, ['pk', 'sk', `${index}pk`, `${index}sk`], { [`${index}pk`]: partition }),
    }),
  );
  return { items: (page.Items ?? []).map((item) => withoutKeys<T>(item)), nextCursor: encodeCursor(page.LastEvaluatedKey) };
}

/** Every item a query matches, page after page (for reports, which must see them all). */
export async function queryAll(documents: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new QueryCommand({ ...input, ...(startKey && { ExclusiveStartKey: startKey }) }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/** BatchGetItem's own limit of keys per request. */
const BATCH_GET_KEYS = 100;

export interface BatchGetOptions {
  /** Requests per chunk, the first included, before leftover keys are an error. */
  readonly attempts?: number;
  /** Backoff before the n-th retry: a random wait up to base × 2ⁿ⁻¹, capped (full jitter). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly consistentRead?: boolean;
}

/**
 * Some keys were still unprocessed after every attempt (the table throttled us): an answer from
 * part of them would be wrong, so the request fails as throttled (429, retry later).
 */
export class UnprocessedKeysError extends ThrottledError {
  constructor(readonly unprocessed: number) {
    super();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every item of `keys` that exists (any order; duplicates asked once), through BatchGetItem in
 * chunks of 100. DynamoDB may answer part of a chunk and hand back the rest as UnprocessedKeys
 * when it throttles; those are asked again after an exponential backoff with jitter, and keys
 * still unprocessed after the last attempt throw rather than look like missing items.
 */
export async function batchGetAll(
  documents: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  options: BatchGetOptions = {},
): Promise<Record<string, unknown>[]> {
  const { attempts = 8, baseDelayMs = 50, maxDelayMs = 2_000, consistentRead } = options;
  const unique = [...new Map(keys.map((key) => [JSON.stringify(Object.entries(key).sort(([a], [b]) => a.localeCompare(b))), key])).values()];
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < unique.length; start += BATCH_GET_KEYS) {
    let pending: Record<string, unknown>[] = unique.slice(start, start + BATCH_GET_KEYS);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > attempts) throw new UnprocessedKeysError(pending.length);
      if (attempt > 1) await sleep(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 2)));
      const result = await documents.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ...(consistentRead !== undefined && { ConsistentRead: consistentRead }) } } }),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
}
