import type { SQSClient } from '@aws-sdk/client-sqs';
import { endpointFromEnv } from './clients.ts';
import { CoalescedWrites } from './coalesced-writes.ts';
import type { MessageSender } from './outbox.ts';

type SqsModule = typeof import('@aws-sdk/client-sqs');
let client:
  | Promise<{
      sqs: SQSClient;
      SendMessageCommand: SqsModule['SendMessageCommand'];
      SendMessageBatchCommand: SqsModule['SendMessageBatchCommand'];
      ChangeMessageVisibilityCommand: SqsModule['ChangeMessageVisibilityCommand'];
    }>
  | undefined;

/**
 * The SQS client, loaded on the first send rather than at import: most invocations of a function
 * that can send (register, read, list) never do, and the client is ~15 ms of a cold start.
 * The emulator needs an explicit endpoint; otherwise the SDK sends to the queue URL's host.
 */
function loadSqs() {
  return (client ??= import('@aws-sdk/client-sqs').then(({ SQSClient, SendMessageCommand, SendMessageBatchCommand, ChangeMessageVisibilityCommand }) => ({
    sqs: new SQSClient({ ...endpointFromEnv('AWS_ENDPOINT_URL_SQS') }),
    SendMessageCommand,
    SendMessageBatchCommand,
    ChangeMessageVisibilityCommand,
  })));
}

/** The functions' SQS client, for the local runtime's call meter (infra/local/call-meter.ts). */
export async function loadedSqsClient(): Promise<SQSClient> {
  return (await loadSqs()).sqs;
}

/** Messages one SendMessageBatch may carry (and at most 256 KB together: ours are a few KB). */
const SEND_BATCH_LIMIT = 10;

interface Outgoing {
  readonly body: string;
  readonly delaySeconds?: number;
}

/**
 * One queue's sends, those of concurrent requests together (CoalescedWrites): one message with
 * SendMessage, several with SendMessageBatch, whose failed entries fail their own senders only.
 */
function queueSends(queueUrl: string): CoalescedWrites<Outgoing> {
  return new CoalescedWrites<Outgoing>(SEND_BATCH_LIMIT, async (messages) => {
    const { sqs, SendMessageCommand, SendMessageBatchCommand } = await loadSqs();
    const delay = (m: Outgoing) => (m.delaySeconds ? { DelaySeconds: m.delaySeconds } : {});
    if (messages.length === 1) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: messages[0]!.body, ...delay(messages[0]!) }));
      return [undefined];
    }
    const { Failed = [] } = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), MessageBody: m.body, ...delay(m) })) }),
    );
    const failed = new Map(Failed.map((entry) => [entry.Id, entry]));
    return messages.map((_, i) => {
      const entry = failed.get(String(i));
      return entry && new Error(`SQS refused the message: ${entry.Code ?? 'unknown'} ${entry.Message ?? ''}`.trim());
    });
  });
}

const sends = new Map<string, CoalescedWrites<Outgoing>>();

export const sqsSender: MessageSender = {
  async send(queueUrl, body, delaySeconds) {
    let queue = sends.get(queueUrl);
    if (!queue) sends.set(queueUrl, (queue = queueSends(queueUrl)));
    await queue.add({ body, ...(delaySeconds ? { delaySeconds } : {}) });
  },
};

/**
 * Waiting before a failed message's next attempt grows with each receive: 1, 2, 4, 8 minutes…,
 * at most 15 (SQS's visibility is at most 12 hours; a longer wait only delays the DLQ's alarm).
 * A provider that is down for a minute is not hammered, and one that is down for long still
 * reaches the DLQ within half an hour of five receives.
 */
export const RETRY_BACKOFF = { firstSeconds: 60, factor: 2, maxSeconds: 900 } as const;

export function retryDelaySeconds(receiveCount: number, backoff: { firstSeconds: number; factor: number; maxSeconds: number } = RETRY_BACKOFF): number {
  const attempt = Math.max(1, Math.floor(receiveCount));
  return Math.min(backoff.maxSeconds, backoff.firstSeconds * backoff.factor ** (attempt - 1));
}

/**
 * Makes a message that a consumer failed invisible for the backoff of its receive count, instead
 * of the queue's fixed visibility timeout. Best effort: if this call fails, the queue's own
 * timeout applies and the message still comes back.
 */
export async function retryLater(queueUrl: string, receiptHandle: string, receiveCount: number): Promise<number | undefined> {
  const seconds = retryDelaySeconds(receiveCount);
  try {
    const { sqs, ChangeMessageVisibilityCommand } = await loadSqs();
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
    return seconds;
  } catch {
    return undefined;
  }
}
