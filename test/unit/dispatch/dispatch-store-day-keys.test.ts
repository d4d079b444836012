import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
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
    expect(documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item).toMatchObject({
      gsi3pk: 'JOBDAY#2026-11-30',
      gsi3sk: '2026-11-29T23:30:00.000Z#job_mo_1',
    });
  });

  it('is written again with every change, and moves with readyAt when the job is brought forward', async () => {
    await store.changeJob({ next: { ...job('2026-11-30T16:59:00.000Z'), status: 'ASSIGNED', version: 2 }, previous: job('2026-11-30T16:59:00.000Z'), messages: [] });
    await store.changeJob({ next: { ...job('2026-11-30T17:00:00.000Z'), version: 3 }, previous: { ...job('2026-11-30T16:59:00.000Z'), status: 'ASSIGNED', version: 2 }, messages: [] });
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

describe('the day tallies (pk DAYFIGURES#<WIB day>), moved in the job’s own transaction', () => {
  const updates = (call: number) =>
    documents
      .commandCalls(TransactWriteCommand)
      [call]!.args[0].input.TransactItems!.flatMap((item) => (item.Update && String(item.Update.Key!.pk).startsWith('DAYFIGURES#') ? [item.Update] : []));
  const added = (update: { UpdateExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> }) => {
    const names = update.ExpressionAttributeNames!;
    const values = update.ExpressionAttributeValues!;
    return Object.fromEntries(Object.entries(names).flatMap(([alias, name]) => (alias.startsWith('#n') ? [[name, values[`:n${alias.slice(2)}`]]] : [])));
  };

  it('counts a new job as one order, open, on its WIB day', async () => {
    await store.createJob(job('2026-11-29T23:30:00.000Z'));
    const [update] = updates(0);
    expect(update!.Key).toMatchObject({ pk: 'DAYFIGURES#2026-11-30', sk: expect.stringMatching(/^T#MEDICINE#[0-7]$/) });
    expect(added(update!)).toEqual({ orders: 1, open: 1 });
  });

  it('writes no tally for a step that changes no figure (offered), and the first assignment in its minute’s bin and its second’s', async () => {
    const waiting = job('2026-11-30T02:00:00.000Z');
    const offered = { ...waiting, status: 'OFFERED', version: 2, timeline: [{ status: 'OFFERED', at: '2026-11-30T02:00:03.000Z' }] } as DispatchJob;
    const assigned = { ...offered, status: 'ASSIGNED', version: 3, timeline: [...offered.timeline, { status: 'ASSIGNED', at: '2026-11-30T02:00:42.400Z' }] } as DispatchJob;
    await store.changeJob({ next: offered, previous: waiting, messages: [] });
    await store.changeJob({ next: assigned, previous: offered, messages: [] });
    expect(updates(0)).toEqual([]);
    expect(updates(1).map((u) => [u.Key!.sk.replace(/^(T#.*)#[0-7]$/, '$1#shard'), added(u)])).toEqual([
      ['T#MEDICINE#shard', { am0: 1 }],
      ['H#MEDICINE#a#0', { s42: 1 }],
    ]);
  });

  it('moves a job brought forward across midnight WIB from the old day to the new one, with the same shard', async () => {
    const late = job('2026-11-30T17:10:00.000Z');
    await store.changeJob({ next: { ...late, readyAt: '2026-11-30T16:50:00.000Z', version: 2 }, previous: late, messages: [] });
    const moved = updates(0);
    expect(moved.map((u) => [u.Key!.pk, added(u)])).toEqual([
      ['DAYFIGURES#2026-12-01', { orders: -1, open: -1 }],
      ['DAYFIGURES#2026-11-30', { orders: 1, open: 1 }],
    ]);
    expect(moved[0]!.Key!.sk).toBe(moved[1]!.Key!.sk);
  });

  it('sends the transaction again when another one held the day’s tally (TransactionConflict), at most three times', async () => {
    const conflict = () =>
      new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] });
    documents.on(TransactWriteCommand).rejectsOnce(conflict()).resolves({});
    expect(await store.createJob(job('2026-11-29T23:30:00.000Z'))).toBe(true);
    expect(documents.commandCalls(TransactWriteCommand)).toHaveLength(2);

    documents.reset();
    documents.on(TransactWriteCommand).rejects(conflict());
    await expect(store.createJob(job('2026-11-29T23:30:00.000Z'))).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(documents.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('counts nothing for a redelivered JOB_READY: the job exists, the transaction is cancelled on its condition', async () => {
    documents.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }),
    );
    expect(await store.createJob(job('2026-11-29T23:30:00.000Z'))).toBe(false);
  });
});
