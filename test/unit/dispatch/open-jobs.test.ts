import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '#platform/errors';
import { DynamoDbOpenJobs } from '#dispatch/adapters/dynamodb-open-jobs';

const documents = mockClient(DynamoDBDocumentClient);
const openJobs = new DynamoDbOpenJobs(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'dispatch');
const cursorOf = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');
const job = (jobId: string, status: string) => ({ pk: `JOB#${jobId}`, sk: 'JOB', gsi2pk: `JOBS#${status}`, gsi2sk: `t#${jobId}`, jobId, status });
const partitionsRead = () => documents.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues![':pk']);

beforeEach(() => documents.reset());

describe('the open jobs across the status index (gsi2)', () => {
  it('reads the open statuses in order, asking each only for what the page still lacks', async () => {
    documents
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'JOBS#WAITING' } })
      .resolves({ Items: [job('a', 'WAITING')] })
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'JOBS#OFFERED' } })
      .resolves({ Items: [] })
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'JOBS#ASSIGNED' } })
      .resolves({ Items: [job('b', 'ASSIGNED')], LastEvaluatedKey: { pk: 'JOB#b', sk: 'JOB', gsi2pk: 'JOBS#ASSIGNED', gsi2sk: 't#b' } });
    const page = await openJobs.listOpenJobs({ limit: 2 });
    expect(page.items.map((item) => item.jobId)).toEqual(['a', 'b']);
    expect(page.items[0]).not.toHaveProperty('gsi2pk');
    expect(partitionsRead()).toEqual(['JOBS#WAITING', 'JOBS#OFFERED', 'JOBS#ASSIGNED']);
    expect(documents.commandCalls(QueryCommand).map((call) => call.args[0].input.Limit)).toEqual([2, 1, 1]);
    // The next page carries on inside ASSIGNED, after b.
    documents.reset();
    documents.on(QueryCommand).resolves({ Items: [] });
    expect(await openJobs.listOpenJobs({ limit: 2, cursor: page.nextCursor! })).toEqual({ items: [], nextCursor: null });
    expect(documents.commandCalls(QueryCommand)[0]!.args[0].input.ExclusiveStartKey).toEqual({ pk: 'JOB#b', sk: 'JOB', gsi2pk: 'JOBS#ASSIGNED', gsi2sk: 't#b' });
    expect(partitionsRead()).toEqual(['JOBS#ASSIGNED', 'JOBS#PICKED_UP', 'JOBS#DELIVERY_LOCKED']);
  });

  it('when a page fills exactly at the end of a status, the cursor starts the next status from its top', async () => {
    documents.on(QueryCommand).resolves({ Items: [job('a', 'WAITING')] });
    const page = await openJobs.listOpenJobs({ limit: 1 });
    expect(page.nextCursor).toBe(cursorOf({ gsi2pk: 'JOBS#OFFERED' }));
    documents.reset();
    documents.on(QueryCommand).resolves({ Items: [] });
    await openJobs.listOpenJobs({ limit: 1, cursor: page.nextCursor! });
    expect(partitionsRead()[0]).toBe('JOBS#OFFERED');
    expect(documents.commandCalls(QueryCommand)[0]!.args[0].input.ExclusiveStartKey).toBeUndefined();
  });

  it('refuses a cursor outside the open statuses or of another shape, before reading anything', async () => {
    for (const cursor of [
      cursorOf({ gsi2pk: 'JOBS#DELIVERED' }),
      cursorOf({ pk: 'DRIVER#x', sk: 'DRIVER', gsi2pk: 'COMPANY#c#DRIVERS', gsi2sk: 'x' }),
      cursorOf({ gsi2pk: 'JOBS#WAITING', extra: 'x' }),
      'garbage!',
    ]) {
      await expect(openJobs.listOpenJobs({ limit: 5, cursor })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
      await expect(openJobs.listOpenJobs({ limit: 5, cursor })).rejects.toBeInstanceOf(ValidationError);
    }
    expect(documents.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
