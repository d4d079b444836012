import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { useTestEnvironment } from '../support/env.ts';
import { lambdaContext } from '../support/api-event.ts';

useTestEnvironment();
const { handler } = await import('../../../functions/dispatch/dispatch-requests.consumer.ts');
const documents = mockClient(DynamoDBDocumentClient);

const jobReady = (orderId: string) => ({
  type: 'JOB_READY',
  messageId: `msg_${orderId}`,
  jobId: `job_${orderId}`,
  kind: 'MEDICINE',
  orderId,
  pickup: { location: { lat: -8.2084, lng: 114.3662 }, kecamatan: 'Banyuwangi', label: 'RSUD Blambangan' },
  dropoff: { location: { lat: -8.2045, lng: 114.3712 }, kecamatan: 'Banyuwangi' },
  requirements: { vehicleTypes: ['MOTORBIKE', 'CAR'], fleet: 'GOJEK', medicineTrained: true },
  readyAt: '2026-11-28T10:00:00.000+07:00',
  occurredAt: '2026-11-28T10:00:00.000+07:00',
});

const record = (messageId: string, body: string): SQSRecord => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '0',
    SenderId: 'x',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:ap-southeast-3:123456789012:dispatch',
  awsRegion: 'ap-southeast-3',
});
const run = (...records: SQSRecord[]) => handler({ Records: records } satisfies SQSEvent, lambdaContext());

beforeEach(() => documents.reset());

describe('dispatch requests consumer', () => {
  it('records a WAITING job for JOB_READY and reports no failures', async () => {
    documents.on(PutCommand).resolves({});
    const result = await run(record('a', JSON.stringify(jobReady('mo_1'))));
    expect(result.batchItemFailures).toEqual([]);
    const put = documents.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put.Item).toMatchObject({ pk: 'JOB#job_mo_1', status: 'WAITING', kind: 'MEDICINE' });
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('treats a redelivered JOB_READY (job already recorded) as done, not as a failure', async () => {
    documents.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    const result = await run(record('a', JSON.stringify(jobReady('mo_1'))));
    expect(result.batchItemFailures).toEqual([]);
  });

  it('fails only the poison records of a batch, so only they are retried and dead-lettered', async () => {
    documents.on(PutCommand).resolves({});
    const result = await run(
      record('good', JSON.stringify(jobReady('mo_1'))),
      record('not-json', '{oops'),
      record('wrong-shape', JSON.stringify({ type: 'JOB_READY', jobId: 'x' })),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'not-json' }, { itemIdentifier: 'wrong-shape' }]);
    expect(documents.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('fails a record whose write is throttled, instead of counting it as processed', async () => {
    documents.on(PutCommand).resolves({});
    documents.on(PutCommand, { Item: { orderId: 'mo_2' } }).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const result = await run(record('a', JSON.stringify(jobReady('mo_1'))), record('b', JSON.stringify(jobReady('mo_2'))));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'b' }]);
  });

  it('fails the whole invocation when every record fails, so the whole batch returns to the queue', async () => {
    documents.on(PutCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    await expect(run(record('a', JSON.stringify(jobReady('mo_1'))))).rejects.toThrow(/All records failed/);
  });

  it('cancels a job, leaving a tombstone if its JOB_READY has not arrived yet', async () => {
    documents.on(UpdateCommand).resolves({});
    const result = await run(
      record('c', JSON.stringify({ type: 'JOB_CANCELLED', messageId: 'm', jobId: 'job_mo_1', orderId: 'mo_1', reason: 'ORDER_CANCELLED', occurredAt: 't' })),
    );
    expect(result.batchItemFailures).toEqual([]);
    const update = documents.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.ConditionExpression).toBe('attribute_not_exists(pk) OR #status <> :cancelled');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':cancelled': 'CANCELLED' });
  });
});
