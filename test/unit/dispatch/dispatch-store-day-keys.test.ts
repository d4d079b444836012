import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbDispatchStore } from '#dispatch/adapters/dynamodb-dispatch-store';
import type { DispatchJob } from '#dispatch/domain/dispatch-job';

const documents = mockClient(DynamoDBDocumentClient);
const store = new DynamoDbDispatchStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'dispatch', { now: () => new Date('2026-11-30T17:30:00Z') });

// 23:30 UTC on the 29th is 06:30 WIB on the 30th: the day is WIB's, not UTC's.
const job = (readyAt: string) =>
  ({ jobId: 'job_mo_1', kind: 'MEDICINE', orderId: 'mo_1', status: 'WAITING', version: 1, readyAt, timeline: [], createdAt: readyAt, updatedAt: readyAt }) as unknown as DispatchJob;

beforeEach(() => {
  documents.reset();
  documents.on(PutCommand).resolves({});
  documents.on(TransactWriteCommand).resolves({});
});

describe('the day key of a job item (gsi3 JOBDAY#<WIB day of readyAt>)', () => {
  it('is written when the job is created, on the WIB day of readyAt', async () => {
    await store.createJob(job('2026-11-29T23:30:00.000Z'));
    expect(documents.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({
      gsi3pk: 'JOBDAY#2026-11-30',
      gsi3sk: '2026-11-29T23:30:00.000Z#job_mo_1',
    });
  });

  it('is written again with every change, and moves with readyAt when the job is brought forward', async () => {
    await store.changeJob({ next: { ...job('2026-11-30T16:59:00.000Z'), status: 'ASSIGNED', version: 2 }, expectedVersion: 1, messages: [] });
    await store.changeJob({ next: { ...job('2026-11-30T17:00:00.000Z'), version: 3 }, expectedVersion: 2, messages: [] });
    const written = documents.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems![0]!.Put!.Item);
    expect(written.map((item) => [item!.gsi3pk, item!.gsi2pk])).toEqual([
      ['JOBDAY#2026-11-30', 'JOBS#ASSIGNED'],
      ['JOBDAY#2026-12-01', 'JOBS#WAITING'],
    ]);
  });

  it('is left off a job that never became ready (the tombstone of a cancel that overtook its JOB_READY)', async () => {
    await store.cancelUnknownJob({ jobId: 'job_mo_2', kind: 'MEDICINE', orderId: 'mo_2' }, '2026-12-01T00:30:00.000+07:00', []);
    const tombstone = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    expect(tombstone).toMatchObject({ status: 'CANCELLED', tombstone: true });
    expect(tombstone).not.toHaveProperty('gsi3pk');
  });
});
