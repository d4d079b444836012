import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, type BatchGetCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchGetAll, UnprocessedKeysError } from '#platform/dynamodb-items';
import { DynamoDbOrderingStore } from '#ordering/adapters/dynamodb-ordering-store';
import { DynamoDbPromotionStore } from '#promotion/adapters/dynamodb-promotion-store';
import { DynamoDbDriverStore } from '#dispatch/adapters/dynamodb-driver-store';
import type { Driver } from '#dispatch/domain/driver';
import { systemClock } from '#platform/time';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const mock = mockClient(documents);
const TABLE = 'promotion';
const FAST = { baseDelayMs: 1 };

const key = (i: number) => ({ pk: `MERCHANT#m${i}`, sk: 'MENU' });
const item = (k: Record<string, unknown>) => ({ ...k, entity: 'Menu', merchantId: String(k.pk).slice('MERCHANT#'.length), items: [] });
const keysOf = (call: number): Record<string, unknown>[] => (mock.commandCalls(BatchGetCommand)[call]!.args[0].input as BatchGetCommandInput).RequestItems![TABLE]!.Keys!;

/** DynamoDB answering `served` keys of each request and handing the rest back as unprocessed. */
function serving(served: (keys: Record<string, unknown>[], call: number) => number) {
  let call = 0;
  mock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
    const keys = input.RequestItems![TABLE]!.Keys!;
    const n = served(keys, call++);
    const rest = keys.slice(n);
    return { Responses: { [TABLE]: keys.slice(0, n).map(item) }, ...(rest.length > 0 && { UnprocessedKeys: { [TABLE]: { Keys: rest } } }) };
  });
}

beforeEach(() => {
  mock.reset();
});

describe('batchGetAll', () => {
  it('asks again for the unprocessed keys until every item is returned', async () => {
    serving((keys, call) => (call < 3 ? 1 : keys.length)); // throttled three times, one key served each time
    const items = await batchGetAll(documents, TABLE, [key(1), key(2), key(3), key(4), key(5)], FAST);
    expect(items.map((i) => i.merchantId).sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(mock.commandCalls(BatchGetCommand).map((_, call) => keysOf(call).length)).toEqual([5, 4, 3, 2]);
  });

  it('throws when keys are still unprocessed after its attempts, rather than answer from part of them', async () => {
    serving((keys) => (keys.length > 2 ? 1 : 0)); // two keys never come back
    const failure = await batchGetAll(documents, TABLE, [key(1), key(2), key(3), key(4)], { ...FAST, attempts: 5 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnprocessedKeysError);
    expect(failure).toMatchObject({ unprocessed: 2, status: 429, code: 'THROTTLED' });
    expect(mock.commandCalls(BatchGetCommand)).toHaveLength(5);
  });

  it('asks at most 100 keys per request and each key once', async () => {
    serving((keys) => keys.length);
    const keys = Array.from({ length: 250 }, (_, i) => key(i));
    const items = await batchGetAll(documents, TABLE, [...keys, key(7), key(42)], FAST);
    expect(items).toHaveLength(250);
    expect(mock.commandCalls(BatchGetCommand).map((_, call) => keysOf(call).length)).toEqual([100, 100, 50]);
  });

  it('asks nothing for no keys', async () => {
    expect(await batchGetAll(documents, TABLE, [])).toEqual([]);
    expect(mock.commandCalls(BatchGetCommand)).toHaveLength(0);
  });
});

describe('the stores read batches through it', () => {
  it('promotion: menus of many merchants come back whole after throttling, or the read fails', async () => {
    const store = new DynamoDbPromotionStore(documents, TABLE);
    serving((keys, call) => (call === 0 ? 10 : keys.length));
    const menus = await store.getMenus(Array.from({ length: 120 }, (_, i) => `m${i}`));
    expect(menus.size).toBe(120);

    mock.reset();
    serving(() => 0);
    await expect(store.getMenus(['m1', 'm2'])).rejects.toBeInstanceOf(UnprocessedKeysError);
  });

  it('ordering: a staff member’s facilities never come back with some silently missing', async () => {
    const store = new DynamoDbOrderingStore(documents, TABLE, systemClock);
    mock.on(QueryCommand).resolves({ Items: [{ facilityId: 'fac_1' }, { facilityId: 'fac_2' }] });
    mock.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'FACILITY#fac_1', sk: 'FACILITY' }, { pk: 'FACILITY#fac_2', sk: 'FACILITY' }] } } });
    await expect(store.listFacilities({ staffSub: 'apoteker', limit: 10 })).rejects.toBeInstanceOf(UnprocessedKeysError);
  });
});

/** How DynamoDB cancels a transaction: one reason per item, in the order they were sent. */
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('creating a record with its uniqueness guards', () => {
  const facility = {
    facilityId: 'fac_1',
    name: 'Puskesmas Kertosari',
    kind: 'PUSKESMAS',
    staff: ['apoteker-rina'],
  } as unknown as Parameters<DynamoDbOrderingStore['createFacility']>[0];
  const store = new DynamoDbOrderingStore(documents, 'ordering', systemClock);
  const drivers = new DynamoDbDriverStore(documents, 'dispatch');
  const driver = { driverId: 'drv_1', sub: 'gojek-bagus', name: 'Bagus Santoso', vehicle: { type: 'MOTORBIKE', plate: 'P 4821 AB' }, fleet: { kind: 'GOJEK' } } as unknown as Driver;

  it('writes the record, its guards and what goes with it in one transaction', async () => {
    mock.on(TransactWriteCommand).resolves({});
    await store.createFacility(facility);
    const items = mock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((entry) => entry.Put!);
    expect(items.map((put) => [put.Item!.pk, put.ConditionExpression ?? null])).toEqual([
      ['FACILITY#fac_1', 'attribute_not_exists(pk)'],
      ['FACILITY_NAME#puskesmas kertosari', 'attribute_not_exists(pk)'],
      ['STAFF#apoteker-rina', null],
    ]);
  });

  it('a value already taken is that registry’s own 409, naming which value', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None'));
    await expect(store.createFacility(facility)).rejects.toMatchObject({ status: 409, code: 'FACILITY_EXISTS' });
    mock.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    await expect(drivers.createDriver(driver)).rejects.toMatchObject({ status: 409, code: 'PLATE_TAKEN' });
  });

  it('two creations cancelling each other on a guard is a 409 CONCURRENT_UPDATE to retry, not a 500', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('None', 'TransactionConflict', 'None'));
    await expect(store.createFacility(facility)).rejects.toMatchObject({ status: 409, code: 'CONCURRENT_UPDATE', message: expect.stringContaining('facility registry') });
    await expect(drivers.createDriver(driver)).rejects.toMatchObject({ status: 409, code: 'CONCURRENT_UPDATE' });
  });

  it('a throttled transaction is a 429 to retry later', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('ThrottlingError', 'None', 'None'));
    await expect(store.createFacility(facility)).rejects.toMatchObject({ status: 429, code: 'THROTTLED' });
  });
});
