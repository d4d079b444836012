import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { QueuePoller } from '../../infra/local/event-sources.ts';
import { ensureQueues, sqsClient, type QueueAddress } from '../../infra/local/sqs.ts';
import { waitFor } from './support/wait.ts';

// The local pollers run several batches of one consumer at once, as Lambda's event source
// mapping does with a maximum concurrency, and never more than that maximum. The consumer here
// holds each batch until the test lets it go, so what is in flight is counted, not timed.

let client: SQSClient;
beforeAll(() => {
  client = sqsClient(inject('sqsEndpoint'));
});
afterAll(() => client.destroy());

async function freshQueue(): Promise<QueueAddress> {
  const name = `pollers-${randomUUID()}`;
  const addresses = await ensureQueues(client, [
    { name: 'dispatch', physicalName: name, dlqPhysicalName: `${name}-dlq`, visibilityTimeoutSeconds: 60, maxReceiveCount: 3 },
  ]);
  return addresses.get(name)!;
}

/** A consumer that holds every batch until released, counting the batches it holds. */
function heldConsumer() {
  const held: (() => void)[] = [];
  const bodies: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const invoke = async (_fn: string, event: unknown): Promise<unknown> => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    await new Promise<void>((resolve) => held.push(resolve));
    bodies.push(...(event as SQSEvent).Records.map((r) => r.body));
    inFlight -= 1;
    return { batchItemFailures: [] };
  };
  return {
    invoke,
    inFlight: () => inFlight,
    peak: () => peak,
    bodies,
    releaseOne: () => held.shift()?.(),
  };
}

async function drainThroughPoller(maxConcurrency: number, messages: number) {
  const queue = await freshQueue();
  const bodies = Array.from({ length: messages }, (_, i) => `message-${i}`);
  for (let i = 0; i < bodies.length; i += 10) {
    await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: bodies.slice(i, i + 10).map((body, j) => ({ Id: String(j), MessageBody: body })),
      }),
    );
  }
  const consumer = heldConsumer();
  const poller = new QueuePoller({
    fn: 'dispatchRequests',
    queue,
    batchSize: 1,
    maxConcurrency,
    client,
    invoke: consumer.invoke as never,
    waitSeconds: 1,
    failedMessageVisibilitySeconds: undefined,
    errorLog: (line) => console.error(line),
  });
  poller.start();
  const fullEachTime: number[] = [];
  try {
    // Each time the consumer is as busy as it may be, let one batch finish: the poller then
    // fills the freed place while the queue still has messages.
    while (consumer.bodies.length < messages) {
      const remaining = messages - consumer.bodies.length;
      const expected = Math.min(maxConcurrency, remaining);
      fullEachTime.push(await waitFor(`${expected} batches in flight`, () => (consumer.inFlight() === expected ? expected : undefined)));
      consumer.releaseOne();
      await waitFor('the released batch to finish', () => (consumer.bodies.length >= messages - remaining + 1 ? true : undefined));
    }
  } finally {
    // Let anything still held go, so stop() (which finishes the batches in flight) can return.
    for (let i = 0; i < messages; i++) consumer.releaseOne();
    await poller.stop();
  }
  const left = await waitFor('the queue to be empty', async () => {
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    const count = Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
    return count === 0 ? count : undefined;
  });
  return { consumer, fullEachTime, left, sent: bodies };
}

describe('local queue pollers', () => {
  it('process several batches at once while the queue has messages, never more than the maximum', async () => {
    const { consumer, fullEachTime, left, sent } = await drainThroughPoller(3, 9);
    expect(fullEachTime.slice(0, 7)).toEqual([3, 3, 3, 3, 3, 3, 3]);
    expect(consumer.peak()).toBe(3);
    expect([...consumer.bodies].sort()).toEqual([...sent].sort());
    expect(left).toBe(0);
  });

  it('process one batch at a time when the maximum is 1', async () => {
    const { consumer, left, sent } = await drainThroughPoller(1, 4);
    expect(consumer.peak()).toBe(1);
    expect([...consumer.bodies].sort()).toEqual([...sent].sort());
    expect(left).toBe(0);
  });
});
