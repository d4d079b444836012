import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { useTestEnvironment } from '../support/env.ts';
import { lambdaContext, sqsRecord } from '../support/api-event.ts';

useTestEnvironment();
const { handler } = await import('../../../functions/dispatch/dispatch-requests.consumer.ts');
const documents = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const jobReady = (orderId: string) => ({
  type: 'JOB_READY',
  messageId: `msg_${orderId}`,
  jobId: `job_${orderId}`,
  kind: 'MEDICINE',
  orderId,
  pickup: { location: { lat: -8.2084, lng: 114.3662 }, kecamatan: 'Banyuwangi', label: 'RSUD Blambangan' },
  dropoff: { location: { lat: -8.2045, lng: 114.3712 }, kecamatan: 'Banyuwangi' },
  requirements: { vehicleTypes: ['MOTORBIKE', 'CAR'], fleet: 'GOJEK', medicineTrained: true },
  readyAt: new Date().toISOString(), // just ready: too early to alert the pharmacy
  occurredAt: new Date().toISOString(),
});

const record = (messageId: string, body: string): SQSRecord => sqsRecord('dispatch', messageId, body);
const run = (...records: SQSRecord[]) => handler({ Records: records } satisfies SQSEvent, lambdaContext());

/** The job as the engine wrote it (Put), returned on the engine's next read (Get). */
function storeJobsInMock(): void {
  const jobs = new Map<string, Record<string, unknown>>();
  documents.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
    if (String(input.Item.pk).startsWith('JOB#')) jobs.set(String(input.Item.pk), input.Item);
    return {};
  });
  documents.on(GetCommand).callsFake((input: { Key: { pk: string } }) => ({ Item: jobs.get(input.Key.pk) }));
}

beforeEach(() => {
  documents.reset();
  sqs.reset();
  documents.on(QueryCommand).resolves({ Items: [] }); // nobody in any cell of the geo index
  documents.on(DeleteCommand).resolves({});
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
});

describe('dispatch requests consumer', () => {
  it('records the job, finds nobody near, and schedules a retry in the same transaction as the audit', async () => {
    storeJobsInMock();
    documents.on(TransactWriteCommand).resolves({});
    const result = await run(record('a', JSON.stringify(jobReady('mo_1'))));
    expect(result.batchItemFailures).toEqual([]);

    const put = documents.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put.Item).toMatchObject({ pk: 'JOB#job_mo_1', status: 'WAITING', kind: 'MEDICINE' });
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(documents.commandCalls(QueryCommand).length).toBeGreaterThan(0); // the geo index was read

    const items = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const outbox = items.map((i) => i.Put?.Item).filter((item) => item?.pk === 'OUTBOX');
    expect(outbox).toEqual([expect.objectContaining({ queue: 'dispatch', delaySeconds: 15 })]);
    expect(JSON.parse(String(outbox[0]!.body))).toMatchObject({ type: 'JOB_RETRY', jobId: 'job_mo_1' });
    expect(items.some((i) => String(i.Put?.Item?.sk).startsWith('AUDIT#'))).toBe(true);
    expect(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input).toMatchObject({ DelaySeconds: 15, QueueUrl: process.env.DISPATCH_QUEUE_URL });
  });

  it('fails only the poison records of a batch, so only they are retried and dead-lettered', async () => {
    storeJobsInMock();
    documents.on(TransactWriteCommand).resolves({});
    const result = await run(
      record('good', JSON.stringify(jobReady('mo_1'))),
      record('not-json', '{oops'),
      record('wrong-shape', JSON.stringify({ type: 'JOB_READY', jobId: 'x' })),
      record('unknown-type', JSON.stringify({ type: 'JOB_TELEPORTED', jobId: 'x' })),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'not-json' }, { itemIdentifier: 'wrong-shape' }, { itemIdentifier: 'unknown-type' }]);
  });

  it('fails a record whose write is throttled, instead of counting it as processed', async () => {
    storeJobsInMock();
    documents.on(TransactWriteCommand).resolves({});
    documents.on(PutCommand, { Item: { orderId: 'mo_2' } }).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const result = await run(record('a', JSON.stringify(jobReady('mo_1'))), record('b', JSON.stringify(jobReady('mo_2'))));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'b' }]);
  });

  it('fails a record whose transaction is cancelled by a conflict (not a condition), so it is retried', async () => {
    storeJobsInMock();
    let calls = 0;
    documents.on(TransactWriteCommand).callsFake(() => {
      calls++;
      if (calls === 1) {
        throw new TransactionCanceledException({ message: 'conflict', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] });
      }
      return {};
    });
    const result = await run(record('a', JSON.stringify(jobReady('mo_1'))), record('b', JSON.stringify(jobReady('mo_2'))));
    expect(result.batchItemFailures).toHaveLength(1);
  });

  it('fails the whole invocation when every record fails, so the whole batch returns to the queue', async () => {
    documents.on(PutCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    await expect(run(record('a', JSON.stringify(jobReady('mo_1'))))).rejects.toThrow(/All records failed/);
  });
});
