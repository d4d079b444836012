import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { useTestEnvironment } from '../support/env.ts';
import { lambdaContext } from '../support/api-event.ts';

useTestEnvironment();
const { handler } = await import('../../../functions/ordering/outbox-sweeper.ts');
const documents = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const pending = (id: string) => ({
  pk: 'OUTBOX',
  sk: `2026-11-28T03:00:00.000Z#${id}`,
  messageId: id,
  queue: 'dispatch',
  body: JSON.stringify({ type: 'JOB_READY', messageId: id }),
  createdAt: '2026-11-28T03:00:00.000Z',
});

beforeEach(() => {
  documents.reset();
  sqs.reset();
});

describe('ordering outbox sweeper', () => {
  it('sends every stranded message older than the in-flight window and clears it', async () => {
    documents.on(QueryCommand).resolves({ Items: [pending('m1'), pending('m2')] });
    documents.on(DeleteCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'x' });
    const result = await handler({}, lambdaContext());
    expect(result).toEqual({ sent: 2, failed: 0 });
    expect(sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.MessageBody)).toEqual([pending('m1').body, pending('m2').body]);
    expect(documents.commandCalls(DeleteCommand)).toHaveLength(2);
    const query = documents.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query.KeyConditionExpression).toBe('pk = :pk AND sk < :cutoff');
  });

  it('keeps a message it could not send and fails the run, so the error alarm sees it', async () => {
    documents.on(QueryCommand).resolves({ Items: [pending('m1')] });
    sqs.on(SendMessageCommand).rejects(new Error('SQS unavailable'));
    await expect(handler({}, lambdaContext())).rejects.toThrow(/1 outbox message\(s\) still unsent/);
    expect(documents.commandCalls(DeleteCommand)).toHaveLength(0);
  });
});
