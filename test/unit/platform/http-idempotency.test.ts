/**
 * The Idempotency-Key layer of the HTTP functions against a mocked DynamoDB: a request refused by
 * the key (in progress, or another body) never deletes the record it did not acquire, and a
 * transient refusal (lost race, throttling, fault) is not stored as the key's answer.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  TransactionCanceledException,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { useTestEnvironment } from '../support/env.ts';
import { apiEvent, lambdaContext, parseResult } from '../support/api-event.ts';

useTestEnvironment();
const { httpFunction } = await import('#platform/http/http-function');
const { created } = await import('#platform/http/request');
const { ConcurrentUpdateError, RuleViolation, ThrottledError } = await import('#platform/errors');

const dynamo = mockClient(DynamoDBClient);
afterAll(() => dynamo.restore());

const ROUTE = 'POST /v1/things';
const caller = { sub: 'warga-1', roles: ['citizen' as const] };

/** What the route does on its next run; it counts its runs. */
let behaviour: () => Promise<unknown>;
let runs = 0;
const handler = httpFunction(
  {
    [ROUTE]: async () => {
      runs += 1;
      await behaviour();
      return created({ thingId: `thing-${runs}` });
    },
  },
  { idempotent: true },
);

const send = (body: unknown, key = 'kunci-1') =>
  handler(apiEvent({ routeKey: ROUTE, body, caller, headers: { 'idempotency-key': key } }), lambdaContext()).then(parseResult);

/** The item this key holds in the table, as DynamoDB would return it on a failed condition. */
let stored: Record<string, AttributeValue> | undefined;
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, ...(stored && { Item: stored }) });

function emulateOneKey() {
  dynamo.on(PutItemCommand).callsFake((input: { Item: Record<string, AttributeValue> }) => {
    if (stored) throw conditionFailed();
    stored = input.Item;
    return {};
  });
  dynamo.on(UpdateItemCommand).callsFake((input: { ExpressionAttributeValues: Record<string, AttributeValue> }) => {
    const values = input.ExpressionAttributeValues;
    stored = { ...stored, status: values[':status']!, expiration: values[':expiry']!, data: values[':response_data']!, validation: values[':validation_key']! };
    return {};
  });
  dynamo.on(DeleteItemCommand).callsFake(() => {
    stored = undefined;
    return {};
  });
}

const deletes = () => dynamo.commandCalls(DeleteItemCommand);

beforeEach(() => {
  dynamo.reset();
  stored = undefined;
  runs = 0;
  behaviour = async () => undefined;
  emulateOneKey();
});

describe('a request the key refuses deletes nothing', () => {
  it('a duplicate while the first still runs: 409 REQUEST_IN_PROGRESS, the route does not run, no DeleteItem', async () => {
    let finish!: () => void;
    behaviour = () => new Promise<void>((resolve) => (finish = resolve));
    const first = send({ item: 'A' });
    await expect.poll(() => runs).toBe(1);

    const duplicate = await send({ item: 'A' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('REQUEST_IN_PROGRESS');
    expect(runs).toBe(1);
    expect(deletes()).toHaveLength(0);
    expect(stored!.status?.S).toBe('INPROGRESS');

    finish();
    expect((await first).status).toBe(201);
    expect(stored!.status?.S).toBe('COMPLETED');
  });

  it('another body with the key: 422 IDEMPOTENCY_KEY_REUSED, no DeleteItem, and body A still replays the first answer', async () => {
    const first = await send({ item: 'A' });
    expect(first.status).toBe(201);

    const reused = await send({ item: 'B' });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(deletes()).toHaveLength(0);

    const replay = await send({ item: 'A' });
    expect(replay).toEqual(first);
    expect(runs).toBe(1);
    expect(deletes()).toHaveLength(0);
  });
});

describe('what is stored as the key’s answer', () => {
  it('stores a deterministic refusal (422) and replays it without running the route again', async () => {
    behaviour = async () => {
      throw new RuleViolation('RESTRICTED_MEDICINE', 'no');
    };
    const first = await send({ item: 'A' });
    expect(first.status).toBe(422);
    expect(stored!.status?.S).toBe('COMPLETED');
    expect(await send({ item: 'A' })).toEqual(first);
    expect(runs).toBe(1);
  });

  const transient: [string, () => Error, number, string][] = [
    ['a lost race (409 CONCURRENT_UPDATE)', () => new ConcurrentUpdateError('The order'), 409, 'CONCURRENT_UPDATE'],
    ['a lost DynamoDB condition (409 CONCURRENT_UPDATE)', () => Object.assign(new Error('conflict'), { name: 'TransactionConflictException' }), 409, 'CONCURRENT_UPDATE'],
    ['throttling (429 THROTTLED)', () => new ThrottledError(), 429, 'THROTTLED'],
    [
      'a transaction cancelled by a race on its items (409 CONCURRENT_UPDATE)',
      () => new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] }),
      409,
      'CONCURRENT_UPDATE',
    ],
    [
      'a throttled transaction (429 THROTTLED)',
      () => new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ThrottlingError' }] }),
      429,
      'THROTTLED',
    ],
    ['a fault (500 INTERNAL)', () => new TypeError('boom'), 500, 'INTERNAL'],
  ];
  it.each(transient)('leaves no record after %s, so a retry with the key runs again', async (_, error, status, code) => {
    behaviour = async () => {
      throw error();
    };
    const first = await send({ item: 'A' });
    expect(first.status).toBe(status);
    expect(first.body.error.code).toBe(code);
    expect(stored).toBeUndefined();
    expect(dynamo.commandCalls(UpdateItemCommand)).toHaveLength(0);
    // It deleted only the record it had put itself.
    const acquired = dynamo.commandCalls(PutItemCommand)[0]!.args[0].input.Item!.id;
    expect(deletes().map((c) => c.args[0].input)).toEqual([{ TableName: 'idempotency', Key: { id: acquired } }]);

    behaviour = async () => undefined;
    const retry = await send({ item: 'A' });
    expect(retry.status).toBe(201);
    expect(runs).toBe(2);
    expect(stored!.status?.S).toBe('COMPLETED');
  });
});

describe('a body that is not JSON', () => {
  it('is refused with 415 before the key is taken, so the same key with the body sent as JSON then runs', async () => {
    const asText = await handler(
      apiEvent({ routeKey: ROUTE, body: { item: 'A' }, caller, headers: { 'idempotency-key': 'kunci-1', 'content-type': 'text/plain;charset=UTF-8' } }),
      lambdaContext(),
    ).then(parseResult);
    expect(asText.status).toBe(415);
    expect(asText.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(runs).toBe(0);
    expect(stored).toBeUndefined();

    const asJson = await send({ item: 'A' });
    expect(asJson.status).toBe(201);
    expect(runs).toBe(1);
    expect(await send({ item: 'A' })).toEqual(asJson);
  });
});
