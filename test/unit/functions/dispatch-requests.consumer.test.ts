import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
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

type TransactInput = { TransactItems: { Put?: { Item: Record<string, unknown> } }[] };
/** The order ids whose job transactions `refuse` answers for (throws), or undefined to let them through. */
const jobOrderIds = (input: TransactInput) => input.TransactItems.flatMap((item) => (String(item.Put?.Item.pk).startsWith('JOB#') ? [String(item.Put!.Item.orderId)] : []));

/**
 * The job as the engine wrote it (created, then changed, in transactions), returned on the
 * engine's next read (Get). `refuse` may throw for a transaction instead of letting it through.
 */
function storeJobsInMock(refuse: (input: TransactInput) => void = () => undefined): void {
  const jobs = new Map<string, Record<string, unknown>>();
  documents.on(TransactWriteCommand).callsFake((input: TransactInput) => {
    refuse(input);
    for (const item of input.TransactItems) if (String(item.Put?.Item.pk).startsWith('JOB#')) jobs.set(String(item.Put!.Item.pk), item.Put!.Item);
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
    const result = await run(record('a', JSON.stringify(jobReady('mo_1'))));
    expect(result.batchItemFailures).toEqual([]);

    const [created, retried] = documents.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    const put = created![0]!.Put!;
    expect(put.Item).toMatchObject({ pk: 'JOB#job_mo_1', status: 'WAITING', kind: 'MEDICINE' });
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    // Counted on its day in the same transaction.
    expect(created!.some((i) => String(i.Update?.Key?.pk).startsWith('DAYFIGURES#'))).toBe(true);
    expect(documents.commandCalls(QueryCommand).length).toBeGreaterThan(0); // the geo index was read

    const items = retried!;
    const outbox = items.map((i) => i.Put?.Item).filter((item) => item?.pk === 'OUTBOX');
    expect(outbox).toEqual([expect.objectContaining({ queue: 'dispatch', delaySeconds: 15 })]);
    expect(JSON.parse(String(outbox[0]!.body))).toMatchObject({ type: 'JOB_RETRY', jobId: 'job_mo_1' });
    expect(items.some((i) => String(i.Put?.Item?.sk).startsWith('AUDIT#'))).toBe(true);
    expect(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input).toMatchObject({ DelaySeconds: 15, QueueUrl: process.env.DISPATCH_QUEUE_URL });
  });

  it('fails only the poison records of a batch, so only they are retried and dead-lettered', async () => {
    storeJobsInMock();
    const result = await run(
      record('good', JSON.stringify(jobReady('mo_1'))),
      record('not-json', '{oops'),
      record('wrong-shape', JSON.stringify({ type: 'JOB_READY', jobId: 'x' })),
      record('unknown-type', JSON.stringify({ type: 'JOB_TELEPORTED', jobId: 'x' })),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'not-json' }, { itemIdentifier: 'wrong-shape' }, { itemIdentifier: 'unknown-type' }]);
  });

  it('fails a record whose write is throttled, instead of counting it as processed', async () => {
    storeJobsInMock((input) => {
      if (jobOrderIds(input).includes('mo_2')) throw new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
    });
    const result = await run(record('a', JSON.stringify(jobReady('mo_1'))), record('b', JSON.stringify(jobReady('mo_2'))));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'b' }]);
  });

  it('sends a transaction cancelled by a conflict (not a condition) again, and fails the record when the conflict lasts, so it is retried', async () => {
    const conflict = () => new TransactionCanceledException({ message: 'conflict', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] });
    let firstOfMo1 = true;
    storeJobsInMock((input) => {
      const ids = jobOrderIds(input);
      if (ids.includes('mo_1') && firstOfMo1) {
        firstOfMo1 = false;
        throw conflict(); // once: the resend goes through
      }
      if (ids.includes('mo_2')) throw conflict(); // every time
    });
    const result = await run(record('a', JSON.stringify(jobReady('mo_1'))), record('b', JSON.stringify(jobReady('mo_2'))));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'b' }]);
  });

  it('fails the whole invocation when every record fails, so the whole batch returns to the queue', async () => {
    documents.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    await expect(run(record('a', JSON.stringify(jobReady('mo_1'))))).rejects.toThrow(/All records failed/);
  });
});
