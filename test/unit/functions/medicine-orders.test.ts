import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient, TransactionCanceledException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, TransactWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { useTestEnvironment } from '../support/env.ts';
import { apiEvent, lambdaContext, parseResult } from '../support/api-event.ts';
import { BLAMBANGAN, orderBody } from '../support/fixtures.ts';

useTestEnvironment();
const { handler } = await import('../../../functions/ordering/medicine-orders.ts');

const documents = mockClient(DynamoDBDocumentClient);
const dynamo = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);
const pharmacist = { sub: 'apoteker-1', roles: ['pharmacy' as const] };

const facilityItem = { pk: `FACILITY#${BLAMBANGAN.facilityId}`, sk: 'FACILITY', ...BLAMBANGAN };
const create = (body: unknown = orderBody(), headers: Record<string, string> = {}) =>
  handler(apiEvent({ routeKey: 'POST /v1/medicine-orders', body, caller: pharmacist, headers }), lambdaContext()).then(parseResult);

function storedOrder(status: string, version: number) {
  return {
    pk: 'MO#mo_1',
    sk: 'MO',
    orderId: 'mo_1',
    facilityId: BLAMBANGAN.facilityId,
    facilityName: BLAMBANGAN.name,
    status,
    version,
    payer: 'BPJS_PBI',
    prescriptionNo: 'RX-1',
    patient: { name: 'Siti', phone: '+6281234500001', address: { street: 's', desa: 'd', kecamatan: 'Banyuwangi' }, location: { lat: -8.2, lng: 114.37 } },
    items: [{ name: 'Amlodipine', quantity: 1, unit: 'tablet', category: 'REGULAR' }],
    deliveryCode: '123456',
    trackingToken: 'tok_aaaaaaaaaaaaaaaa',
    timeline: [{ status: 'REGISTERED', at: 't' }],
    createdBy: 'apoteker-1',
    createdAt: 't',
    updatedAt: 't',
  };
}
const changeStatus = (status: string) =>
  handler(
    apiEvent({ routeKey: 'POST /v1/medicine-orders/{orderId}/status', pathParameters: { orderId: 'mo_1' }, body: { status }, caller: pharmacist }),
    lambdaContext(),
  ).then(parseResult);

beforeAll(() => {
  useTestEnvironment();
});
beforeEach(() => {
  documents.reset();
  dynamo.reset();
  sqs.reset();
  documents.on(GetCommand, { Key: { pk: `FACILITY#${BLAMBANGAN.facilityId}`, sk: 'FACILITY' } }).resolves({ Item: facilityItem });
});

describe('POST /v1/medicine-orders', () => {
  it('registers the order in one transaction with its prescription guard and the patient’s notice, and answers 201', async () => {
    documents.on(TransactWriteCommand).resolves({});
    const { status, body } = await create();
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'REGISTERED', facilityId: BLAMBANGAN.facilityId, patient: { phone: '+6281234500001' } });
    expect(body.orderId).toMatch(/^mo_/);
    expect(body.deliveryCode).toMatch(/^\d{6}$/);
    const writes = documents.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1);
    const items = writes[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(3);
    expect(JSON.parse(String(items[2]!.Put!.Item!.body))).toMatchObject({ type: 'ORDER_NOTICE', orderKind: 'MEDICINE', orderId: body.orderId, event: 'REGISTERED' });
  });

  it('hands over the tracking link on the app origin the deployment names, else a path on the origin that answered', async () => {
    documents.on(TransactWriteCommand).resolves({});
    try {
      process.env.GANCANG_APP_URL = 'https://d111111abcdef8.cloudfront.net/';
      const { body } = await create();
      expect(body.trackingUrl).toBe(`https://d111111abcdef8.cloudfront.net/track/${body.trackingToken}`);
    } finally {
      delete process.env.GANCANG_APP_URL;
    }
    const { body } = await create();
    expect(body.trackingUrl).toBe(`/track/${body.trackingToken}`);
  });

  it('answers 409 DUPLICATE_PRESCRIPTION when the prescription guard already exists', async () => {
    documents.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    const { status, body } = await create();
    expect(status).toBe(409);
    expect(body.error.code).toBe('DUPLICATE_PRESCRIPTION');
  });

  it('answers 429 with Retry-After when DynamoDB throttles after the SDK retries', async () => {
    documents.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const { status, body, headers } = await create();
    expect(status).toBe(429);
    expect(body.error.code).toBe('THROTTLED');
    expect(headers['retry-after']).toBe('1');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON without touching the database', async () => {
    const result = parseResult(
      await handler(apiEvent({ routeKey: 'POST /v1/medicine-orders', rawBody: '{"facilityId": ', caller: pharmacist }), lambdaContext()),
    );
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('MALFORMED_JSON');
    expect(documents.calls()).toHaveLength(0);
  });

  it('answers schema errors with 400 and the paths that are wrong', async () => {
    const { status, body } = await create(orderBody({ payer: 'FREE', items: [{ name: 'x', quantity: 0, unit: 'tab', category: 'REGULAR' }] }));
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['payer', 'items.0.quantity']));
    expect(documents.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers an unexpected failure with a 500 envelope that leaks nothing', async () => {
    documents.on(TransactWriteCommand).rejects(new Error('socket hang up'));
    const { status, body } = await create();
    expect(status).toBe(500);
    expect(body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(body)).not.toContain('socket');
  });

  it('with an Idempotency-Key, records the request before running it', async () => {
    documents.on(TransactWriteCommand).resolves({});
    dynamo.resolves({});
    const { status } = await create(orderBody(), { 'idempotency-key': 'key-1' });
    expect(status).toBe(201);
    const idempotencyWrites = dynamo.calls().filter((c) => JSON.stringify(c.args[0].input).includes('idempotency'));
    expect(idempotencyWrites.length).toBeGreaterThanOrEqual(2); // in-progress record, then the saved response
  });
});

describe('POST /v1/medicine-orders/{orderId}/status', () => {
  it('writes the change conditionally on the status and version it read', async () => {
    documents.on(GetCommand, { Key: { pk: 'MO#mo_1', sk: 'MO' } }).resolves({ Item: storedOrder('REGISTERED', 1) });
    documents.on(TransactWriteCommand).resolves({});
    const { status, body } = await changeStatus('PREPARING');
    expect(status).toBe(200);
    expect(body.status).toBe('PREPARING');
    const put = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!;
    expect(put.ConditionExpression).toBe('#status = :status AND #version = :version');
    expect(put.ExpressionAttributeValues).toEqual({ ':status': 'REGISTERED', ':version': 1 });
    expect(put.Item).toMatchObject({ status: 'PREPARING', version: 2, gsi2pk: `FACILITY#${BLAMBANGAN.facilityId}#MO#PREPARING` });
  });

  it('answers 409 CONCURRENT_UPDATE when another request changed the order first', async () => {
    documents.on(GetCommand, { Key: { pk: 'MO#mo_1', sk: 'MO' } }).resolves({ Item: storedOrder('REGISTERED', 1) });
    documents.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }),
    );
    const { status, body } = await changeStatus('PREPARING');
    expect(status).toBe(409);
    expect(body.error.code).toBe('CONCURRENT_UPDATE');
  });

  it('READY_FOR_PICKUP: commits the order with an outbox message, sends it, then clears the outbox', async () => {
    documents.on(GetCommand, { Key: { pk: 'MO#mo_1', sk: 'MO' } }).resolves({ Item: storedOrder('PREPARING', 2) });
    documents.on(TransactWriteCommand).resolves({});
    documents.on(DeleteCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const { status } = await changeStatus('READY_FOR_PICKUP');
    expect(status).toBe(200);
    const items = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[1]!.Put!.Item).toMatchObject({ pk: 'OUTBOX', queue: 'dispatch' });
    const sent = sqs.commandCalls(SendMessageCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.args[0].input.QueueUrl).toBe(process.env.DISPATCH_QUEUE_URL);
    expect(JSON.parse(sent[0]!.args[0].input.MessageBody!)).toMatchObject({ type: 'JOB_READY', orderId: 'mo_1' });
    expect(documents.commandCalls(DeleteCommand)[0]!.args[0].input.Key).toEqual({ pk: 'OUTBOX', sk: items[1]!.Put!.Item!.sk });
  });

  it('READY_FOR_PICKUP when SQS is down: still 200, and the outbox message stays for the sweeper', async () => {
    documents.on(GetCommand, { Key: { pk: 'MO#mo_1', sk: 'MO' } }).resolves({ Item: storedOrder('PREPARING', 2) });
    documents.on(TransactWriteCommand).resolves({});
    sqs.on(SendMessageCommand).rejects(new Error('connect ECONNREFUSED'));
    const { status, body } = await changeStatus('READY_FOR_PICKUP');
    expect(status).toBe(200);
    expect(body.status).toBe('READY_FOR_PICKUP');
    expect(documents.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('refuses a status a pharmacy may not set with 400', async () => {
    const { status, body } = await changeStatus('DELIVERED');
    expect(status).toBe(400);
    expect(body.error.details[0].path).toBe('status');
  });
});

describe('GET /v1/medicine-orders', () => {
  it('refuses a cursor from another facility’s list with 400 INVALID_CURSOR', async () => {
    const foreign = Buffer.from(JSON.stringify({ pk: 'MO#x', sk: 'MO', gsi1pk: 'FACILITY#other#MO', gsi1sk: 'x' })).toString('base64url');
    const result = parseResult(
      await handler(
        apiEvent({ routeKey: 'GET /v1/medicine-orders', query: { facilityId: BLAMBANGAN.facilityId, cursor: foreign }, caller: pharmacist }),
        lambdaContext(),
      ),
    );
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('INVALID_CURSOR');
  });

  it('never serves a GET from the idempotency store, even with an Idempotency-Key header', async () => {
    documents.on(GetCommand, { Key: { pk: 'MO#mo_1', sk: 'MO' } }).resolves({ Item: storedOrder('REGISTERED', 1) });
    const read = () =>
      handler(
        apiEvent({ routeKey: 'GET /v1/medicine-orders/{orderId}', pathParameters: { orderId: 'mo_1' }, caller: pharmacist, headers: { 'idempotency-key': 'k' } }),
        lambdaContext(),
      ).then(parseResult);
    expect((await read()).body.status).toBe('REGISTERED');
    documents.on(GetCommand, { Key: { pk: 'MO#mo_1', sk: 'MO' } }).resolves({ Item: storedOrder('PREPARING', 2) });
    expect((await read()).body.status).toBe('PREPARING');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('requires the facilityId query parameter', async () => {
    const result = parseResult(await handler(apiEvent({ routeKey: 'GET /v1/medicine-orders', caller: pharmacist }), lambdaContext()));
    expect(result.status).toBe(400);
  });
});

