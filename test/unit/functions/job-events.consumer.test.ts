import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { MedicineOrder } from '#ordering/domain/medicine-order';
import { useTestEnvironment } from '../support/env.ts';
import { lambdaContext, sqsRecord } from '../support/api-event.ts';

useTestEnvironment();
const { handler } = await import('../../../functions/ordering/job-events.consumer.ts');
const { logger } = await import('#platform/logger');
const documents = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const ORDER_ID = 'mo_01JOBEVENTS000000000000000';

const readyOrder: MedicineOrder = {
  orderId: ORDER_ID,
  facilityId: 'fac_blambangan',
  facilityName: 'RSUD Blambangan',
  status: 'READY_FOR_PICKUP',
  version: 3,
  payer: 'BPJS_PBI',
  prescriptionNo: 'RX-2026/0001',
  patient: {
    name: 'Siti Aminah',
    phone: '+6281234500001',
    address: { street: 'Jl. Kepiting No. 12', desa: 'Lateng', kecamatan: 'Banyuwangi' },
    location: { lat: -8.2045, lng: 114.3712 },
  },
  items: [{ name: 'Insulin glargine', quantity: 1, unit: 'pen', category: 'COLD_CHAIN' }],
  deliveryCode: '123456',
  trackingToken: 'track-token-0000000001',
  timeline: [
    { status: 'REGISTERED', at: '2026-11-28T09:00:00.000+07:00' },
    { status: 'PREPARING', at: '2026-11-28T09:10:00.000+07:00' },
    { status: 'READY_FOR_PICKUP', at: '2026-11-28T10:00:00.000+07:00' },
  ],
  createdBy: 'apoteker-1',
  createdAt: '2026-11-28T09:00:00.000+07:00',
  updatedAt: '2026-11-28T10:00:00.000+07:00',
};

/** As job events name a driver: ids and the plate, no name. */
const BAGUS = { driverId: 'drv_bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE' };
/** What dispatch's table holds, read through JobParticulars: the driver's name, who received. */
const DISPATCH: Record<string, Record<string, unknown>> = {
  'DRIVER#drv_bagus': { pk: 'DRIVER#drv_bagus', sk: 'DRIVER', driverId: 'drv_bagus', name: 'Bagus Santoso', vehicle: { type: 'MOTORBIKE', plate: 'P 4821 UX' } },
  [`JOB#job_${ORDER_ID}`]: { pk: `JOB#job_${ORDER_ID}`, sk: 'JOB', jobId: `job_${ORDER_ID}`, status: 'DELIVERED', deliveredTo: 'Pak Slamet' },
};
const fromDispatch = { TableName: 'dispatch' };
const dispatchItem = async (input: { Key?: Record<string, unknown> }) => ({ Item: DISPATCH[String(input.Key?.pk)] });
const event = (type: string, minute: number, extra: Record<string, unknown> = {}, orderId = ORDER_ID) => ({
  type,
  messageId: `msg_${type}_${minute}`,
  jobId: `job_${orderId}`,
  kind: 'MEDICINE',
  orderId,
  at: `2026-11-28T10:${String(minute).padStart(2, '0')}:00.000+07:00`,
  ...extra,
});

const record = (messageId: string, body: unknown): SQSRecord => sqsRecord('jobEvents', messageId, body);
const run = (...records: SQSRecord[]) => handler({ Records: records } satisfies SQSEvent, lambdaContext());

/** The ordering table behind the mock: one order, read with GetCommand, written by the transaction's Put; and dispatch's. */
function table(initial: MedicineOrder | null = readyOrder) {
  let stored: Record<string, unknown> | undefined = initial ? { pk: `MO#${initial.orderId}`, sk: 'MO', ...initial } : undefined;
  documents.on(GetCommand).callsFake(async () => ({ Item: stored && structuredClone(stored) }));
  documents.on(GetCommand, fromDispatch).callsFake(dispatchItem);
  documents.on(TransactWriteCommand).callsFake(async (input: TransactWriteCommandInput) => {
    const put = input.TransactItems![0]!.Put!;
    const values = put.ExpressionAttributeValues!;
    if (stored?.status !== values[':status'] || stored?.version !== values[':version']) {
      throw new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] });
    }
    stored = put.Item;
    return {};
  });
  return { current: () => stored };
}

const writes = () => documents.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);

beforeEach(() => {
  documents.reset();
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
});

describe('job events consumer', () => {
  it('moves the order to COURIER_ASSIGNED with a write conditional on the status and version it read', async () => {
    const orders = table();
    const result = await run(record('a', event('COURIER_ASSIGNED', 5, { driver: BAGUS })));
    expect(result.batchItemFailures).toEqual([]);

    const [write] = writes();
    const put = write!.TransactItems![0]!.Put!;
    expect(put.ConditionExpression).toBe('#status = :status AND #version = :version');
    expect(put.ExpressionAttributeValues).toEqual({ ':status': 'READY_FOR_PICKUP', ':version': 3 });
    // The first name read from dispatch's driver registry; the event carried none.
    expect(put.Item).toMatchObject({ pk: `MO#${ORDER_ID}`, status: 'COURIER_ASSIGNED', version: 4, driverFirstName: 'Bagus' });
    // The pharmacy's status index follows the order.
    expect(put.Item).toMatchObject({ gsi2pk: `FACILITY#fac_blambangan#MO#COURIER_ASSIGNED` });
    expect(orders.current()).toMatchObject({ status: 'COURIER_ASSIGNED' });
    // The patient's notice is written in the same transaction, and sent to the notifications queue at once.
    expect(JSON.parse(String(write!.TransactItems![1]!.Put!.Item!.body))).toMatchObject({ type: 'ORDER_NOTICE', event: 'DRIVER_ASSIGNED', orderId: ORDER_ID });
    const [sent] = sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(sent).toMatchObject({ QueueUrl: process.env.NOTIFICATIONS_QUEUE_URL });
    expect(JSON.parse(sent!.MessageBody!)).toEqual({
      type: 'ORDER_NOTICE',
      messageId: `ntc_${ORDER_ID}_DRIVER_ASSIGNED_1`,
      orderKind: 'MEDICINE',
      orderId: ORDER_ID,
      event: 'DRIVER_ASSIGNED',
      occurrence: 1,
      occurredAt: '2026-11-28T10:05:00.000+07:00',
    });
  });

  it('applies the events of one job in the order the batch brings them', async () => {
    const orders = table();
    const result = await run(
      record('a', event('COURIER_ASSIGNED', 5, { driver: BAGUS })),
      record('b', event('PICKED_UP', 12)),
      record('c', event('DELIVERED', 31)),
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(orders.current()).toMatchObject({ status: 'DELIVERED', deliveredTo: 'Pak Slamet' });
  });

  it('reads who received and why it failed from dispatch, and fails an event whose driver dispatch does not know', async () => {
    const orders = table();
    const result = await run(
      record('a', event('COURIER_ASSIGNED', 5, { driver: { ...BAGUS, driverId: 'drv_nobody' } })),
      record('b', event('COURIER_ASSIGNED', 6, { driver: { ...BAGUS, firstName: 'Injected' } })), // a name on the wire is not read
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'a' }]);
    expect(orders.current()).toMatchObject({ status: 'COURIER_ASSIGNED', driverFirstName: 'Bagus' });
  });

  it('treats a redelivered event as done, without writing again', async () => {
    table();
    const assigned = event('COURIER_ASSIGNED', 5, { driver: BAGUS });
    await run(record('a', assigned));
    const again = await run(record('a-again', assigned));
    expect(again.batchItemFailures).toEqual([]);
    expect(writes()).toHaveLength(1);
  });

  it('fails only the poison records of a batch, so only they are retried and dead-lettered', async () => {
    table();
    const result = await run(
      record('good', event('COURIER_ASSIGNED', 5, { driver: BAGUS })),
      record('not-json', '{oops'),
      record('wrong-shape', { type: 'PICKED_UP', jobId: 'x' }),
      record('unknown-type', event('TELEPORTED', 6)),
      record('food', event('PICKED_UP', 7, { kind: 'FOOD' })),
    );
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: 'not-json' },
      { itemIdentifier: 'wrong-shape' },
      { itemIdentifier: 'unknown-type' },
      { itemIdentifier: 'food' },
    ]);
    expect(writes()).toHaveLength(1);
  });

  it('fails an event that is ahead of its order, so SQS delivers it again later', async () => {
    table();
    const result = await run(record('early', event('PICKED_UP', 12)), record('ok', event('ATTENTION', 20, { attention: 'NO_DRIVER_YET' })));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'early' }]);
    expect(writes().map((w) => w.TransactItems![0]!.Put!.Item!.status)).toEqual(['READY_FOR_PICKUP']);
  });

  it('fails an event for an order that does not exist', async () => {
    table(null);
    await expect(run(record('lost', event('COURIER_ASSIGNED', 5, { driver: BAGUS })))).rejects.toThrow(/All records failed/);
  });

  it('retries a lost race once within the invocation, then fails the record', async () => {
    documents.on(GetCommand).resolves({ Item: { pk: `MO#${ORDER_ID}`, sk: 'MO', ...readyOrder } });
    documents.on(GetCommand, fromDispatch).callsFake(dispatchItem);
    documents
      .on(TransactWriteCommand)
      .rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }));
    await expect(run(record('raced', event('COURIER_ASSIGNED', 5, { driver: BAGUS })))).rejects.toThrow(/All records failed/);
    expect(documents.commandCalls(GetCommand, { TableName: 'ordering' })).toHaveLength(2);
    expect(writes()).toHaveLength(2);
  });

  it('fails a record whose read is throttled, instead of counting it as processed', async () => {
    table();
    documents.on(GetCommand, { Key: { pk: 'MO#mo_slow', sk: 'MO' } }).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const result = await run(record('a', event('COURIER_ASSIGNED', 5, { driver: BAGUS })), record('b', event('COURIER_ASSIGNED', 5, { driver: BAGUS }, 'mo_slow')));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'b' }]);
  });

  it('applies a CANCEL_REFUSED whose reason is the job status, and refuses one that carries free text as its reason', async () => {
    const asked = { ...readyOrder, status: 'COURIER_ASSIGNED', cancellation: { requestedAt: '2026-11-28T10:04:00.000+07:00', reason: 'Pasien dirawat inap', by: 'pharmacy' } } as MedicineOrder;
    const stored = table(asked);
    const result = await run(
      record('free-text', event('CANCEL_REFUSED', 6, { driver: BAGUS, reason: 'Driver Bagus already has it' })),
      record('status', event('CANCEL_REFUSED', 6, { driver: BAGUS, reason: 'PICKED_UP' })),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'free-text' }]);
    expect(stored.current()).toMatchObject({ status: 'COURIER_ASSIGNED', cancelRefused: { reason: 'PICKED_UP' } });
    expect(stored.current()).not.toHaveProperty('cancellation');
  });

  it('does nothing for a cancelled order', async () => {
    table({ ...readyOrder, status: 'CANCELLED' });
    const result = await run(record('a', event('COURIER_ASSIGNED', 5, { driver: BAGUS })));
    expect(result.batchItemFailures).toEqual([]);
    expect(writes()).toHaveLength(0);
  });

  describe('logs', () => {
    // What the consumer hands the logger, before the logger's own redaction: the rule is that
    // code logs ids and codes only; the redaction is the net under it.
    let logged: () => string;
    beforeEach(() => {
      const info = vi.spyOn(logger, 'info');
      const warn = vi.spyOn(logger, 'warn');
      const plain = (_key: string, value: unknown) => (value instanceof Error ? { ...value, message: value.message } : value);
      logged = () => JSON.stringify([...info.mock.calls, ...warn.mock.calls], plain);
    });
    afterEach(() => vi.restoreAllMocks());

    it('say what happened to each event by ids and codes, never who received the medicines', async () => {
      table();
      await run(
        record('a', event('COURIER_ASSIGNED', 5, { driver: BAGUS })),
        record('b', event('PICKED_UP', 12)),
        record('c', event('DELIVERED', 31)),
        record('d', event('DELIVERED', 31, { at: 'later' })), // refused by the contract
        record('e', event('COURIER_ASSIGNED', 40, {})), // no driver: refused by the use case
      );
      const text = logged();
      expect(text).toContain(ORDER_ID);
      expect(text).toContain('"outcome":"APPLIED"');
      expect(text).toContain('InvalidJobEventError');
      expect(text).toContain('INVALID_EVENT');
      for (const secret of ['Slamet', 'Siti', '+62812', 'Kepiting', 'Insulin']) expect(text).not.toContain(secret);
    });
  });
});
