import { BatchWriteCommand, DeleteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CoalescedWrites } from './coalesced-writes.ts';
import { logger } from './logger.ts';

/**
 * Transactional outbox. A state change that must reach a queue writes an outbox item in the same
 * DynamoDB transaction as the change itself; after the commit the request sends the message and
 * deletes the item. If the send fails (SQS down, throttled, the function timing out), the item
 * stays, and the scheduled sweeper sends it later. So a committed change always reaches its queue
 * at least once; consumers are idempotent, which makes "at least once" safe.
 */
export const OUTBOX_PARTITION = 'OUTBOX';

export interface OutboxMessage {
  readonly messageId: string;
  readonly queue: string;
  readonly body: Readonly<Record<string, unknown>>;
  /** Seconds before consumers may see it (SQS DelaySeconds, at most 900). */
  readonly delaySeconds?: number;
}

export interface OutboxItem {
  readonly pk: typeof OUTBOX_PARTITION;
  readonly sk: string;
  readonly messageId: string;
  readonly queue: string;
  readonly body: string;
  readonly delaySeconds?: number;
  readonly createdAt: string;
}

/** The item to Put in the same transaction as the state change. */
export function outboxItem(message: OutboxMessage, now: Date): OutboxItem {
  const createdAt = now.toISOString();
  return {
    pk: OUTBOX_PARTITION,
    sk: `${createdAt}#${message.messageId}`,
    messageId: message.messageId,
    queue: message.queue,
    body: JSON.stringify(message.body),
    ...(message.delaySeconds ? { delaySeconds: message.delaySeconds } : {}),
    createdAt,
  };
}

/** Sends one message to a queue URL; the SQS adapter is sqs-client.ts. */
export interface MessageSender {
  send(queueUrl: string, body: string, delaySeconds?: number): Promise<void>;
}

export interface OutboxRelayPorts {
  readonly documents: DynamoDBDocumentClient;
  readonly sender: MessageSender;
  readonly tableName: string;
  readonly queueUrl: (queue: string) => string;
}

export class OutboxRelay {
  private readonly deletes: CoalescedWrites<OutboxKey>;

  constructor(private readonly ports: OutboxRelayPorts) {
    this.deletes = sentItemDeletes(ports.documents, ports.tableName);
  }

  /** Send and clear the given items; a failure leaves the item for the sweeper and is not thrown. */
  async publish(items: readonly OutboxItem[]): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (const item of items) {
      try {
        await this.send(item);
        sent++;
      } catch (error) {
        failed++;
        logger.warn('Outbox message not sent yet; the sweeper will retry', {
          messageId: item.messageId,
          queue: item.queue,
          error: error instanceof Error ? error : String(error),
        });
      }
    }
    return { sent, failed };
  }

  /** Send every outbox item older than `olderThanSeconds` (younger ones are still in flight). */
  async sweep(now: Date, olderThanSeconds: number): Promise<{ sent: number; failed: number; oldestPendingSeconds: number }> {
    const cutoff = new Date(now.getTime() - olderThanSeconds * 1000).toISOString();
    let sent = 0;
    let failed = 0;
    let oldestPendingSeconds = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ports.documents.send(
        new QueryCommand({
          TableName: this.ports.tableName,
          KeyConditionExpression: 'pk = :pk AND sk < :cutoff',
          ExpressionAttributeValues: { ':pk': OUTBOX_PARTITION, ':cutoff': cutoff },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (page.Items ?? []) as OutboxItem[]) {
        const result = await this.publish([item]);
        sent += result.sent;
        failed += result.failed;
        if (result.failed > 0) {
          oldestPendingSeconds = Math.max(oldestPendingSeconds, (now.getTime() - Date.parse(item.createdAt)) / 1000);
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { sent, failed, oldestPendingSeconds };
  }

  private async send(item: OutboxItem): Promise<void> {
    await this.ports.sender.send(this.ports.queueUrl(item.queue), item.body, item.delaySeconds);
    await this.deletes.add({ pk: item.pk, sk: item.sk });
  }
}

/** Items one BatchWriteItem may delete. */
const BATCH_WRITE_LIMIT = 25;
/** Tries of a batch's unprocessed deletes (DynamoDB throttled part of it) before giving up. */
const BATCH_WRITE_TRIES = 3;

/**
 * Deletes sent outbox items, those of concurrent requests together (CoalescedWrites): one item
 * with DeleteItem, several with BatchWriteItem. A delete that fails leaves the item to the
 * sweeper, which sends its message again (consumers are idempotent).
 */
function sentItemDeletes(documents: DynamoDBDocumentClient, tableName: string): CoalescedWrites<OutboxKey> {
  return new CoalescedWrites<OutboxKey>(BATCH_WRITE_LIMIT, async (keys) => {
    if (keys.length === 1) {
      await documents.send(new DeleteCommand({ TableName: tableName, Key: keys[0] }));
      return [undefined];
    }
    let requests = keys.map((Key) => ({ DeleteRequest: { Key } }));
    for (let tries = 0; requests.length > 0; tries++) {
      if (tries === BATCH_WRITE_TRIES) throw new Error(`${requests.length} sent outbox items not deleted (throttled)`);
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** tries));
      const { UnprocessedItems } = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (UnprocessedItems?.[tableName] ?? []).flatMap((request) => (request.DeleteRequest?.Key ? [{ DeleteRequest: { Key: request.DeleteRequest.Key as OutboxKey } }] : []));
    }
    return keys.map(() => undefined);
  });
}

type OutboxKey = Pick<OutboxItem, 'pk' | 'sk'>;
