import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { useTestEnvironment } from '../support/env.ts';
import { lambdaContext, sqsRecord } from '../support/api-event.ts';

useTestEnvironment();
const { handler } = await import('../../../functions/notification/notices.consumer.ts');
const documents = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const ORDER_ID = 'mo_01JNOTICES00000000000000AB';
const ORDER = {
  pk: `MO#${ORDER_ID}`,
  sk: 'MO',
  orderId: ORDER_ID,
  facilityName: 'RSUD Blambangan',
  status: 'REGISTERED',
  patient: { name: 'Siti Aminah', phone: '+6281234500001', address: { street: 'Jl. Kepiting No. 12', desa: 'Lateng', kecamatan: 'Banyuwangi' } },
  items: [{ name: 'Insulin glargine', quantity: 1, unit: 'pen', category: 'COLD_CHAIN' }],
  deliveryCode: '042917',
  trackingToken: 'tok',
};
const notice = (orderId = ORDER_ID) => ({ type: 'ORDER_NOTICE', messageId: `ntc_${orderId}_REGISTERED_1`, orderKind: 'MEDICINE', orderId, event: 'REGISTERED', occurrence: 1, occurredAt: '2026-11-30T10:00:00.000+07:00' });
const record = (messageId: string, body: unknown): SQSRecord => sqsRecord('notifications', messageId, body);
const run = (...records: SQSRecord[]) => handler({ Records: records } satisfies SQSEvent, lambdaContext());

beforeEach(() => {
  documents.reset();
  sqs.reset();
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  documents.on(GetCommand, { TableName: 'ordering' }).callsFake(async (input: { Key: { pk: string } }) => ({ Item: input.Key.pk === ORDER.pk ? structuredClone(ORDER) : undefined }));
  documents.on(PutCommand).resolves({});
  documents.on(UpdateCommand).resolves({});
});

describe('notices consumer on AWS, before any channel is configured', () => {
  it('claims each message in the ledger and records it as skipped, not sent: the deploy works without settings', async () => {
    const result = await run(record('a', notice()));
    expect(result.batchItemFailures).toEqual([]);
    const [claim] = documents.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(claim).toMatchObject({
      TableName: 'notification',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: `MSG#${ORDER_ID}#REGISTERED#PATIENT`, state: 'SENDING', to: '+6281234500001', template: 'gancang_medicine_registered' },
    });
    const [settle] = documents.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(settle).toMatchObject({ TableName: 'notification', Key: { pk: `MSG#${ORDER_ID}#REGISTERED#PATIENT`, sk: 'MSG' }, ConditionExpression: '#state = :sending' });
    expect(Object.values(settle!.ExpressionAttributeValues!)).toEqual(expect.arrayContaining(['SKIPPED', 'NOT_SENDABLE']));
  });

  it('gives back only the records that failed: a body that is no notice, an order nobody knows', async () => {
    const result = await run(record('a', '{"type":"ORDER_NOTICE"'), record('b', notice('mo_01JNOBODY0000000000000000')), record('c', { ...notice(), event: 'ON_THE_WAY' }), record('d', notice()));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }, { itemIdentifier: 'c' }]);
  });
});

describe('a notice that fails', () => {
  const receivedTimes = (n: number, r: SQSRecord): SQSRecord => ({ ...r, attributes: { ...r.attributes, ApproximateReceiveCount: String(n) } });

  it('comes back after a wait that doubles with each receive (1, 2, 4, 8 minutes, at most 15), not the queue\'s fixed timeout', async () => {
    for (const [receives, seconds] of [[1, 60], [2, 120], [3, 240], [4, 480], [5, 900], [9, 900]] as const) {
      sqs.resetHistory();
      const result = await run(receivedTimes(receives, record('x', notice('mo_01JNOBODY0000000000000000'))), record('ok', notice()));
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'x' }]);
      expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([
        { QueueUrl: 'https://sqs.ap-southeast-3.amazonaws.com/123456789012/notifications', ReceiptHandle: 'rh-x', VisibilityTimeout: seconds },
      ]);
    }
  });

  it('still goes back to the queue when the wait cannot be set (the queue\'s own timeout applies)', async () => {
    sqs.on(ChangeMessageVisibilityCommand).rejects(new Error('ThrottlingException'));
    const result = await run(record('y', notice('mo_01JNOBODY0000000000000000')), record('z', notice()));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'y' }]);
  });

  it('is not touched when it succeeds', async () => {
    await run(record('ok', notice()));
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
  });
});
