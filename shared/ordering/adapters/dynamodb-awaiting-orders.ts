import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { failedConditions, withoutKeys } from '../../platform/dynamodb-items.ts';
import { outboxItem, type OutboxItem, type OutboxMessage } from '../../platform/outbox.ts';
import type { Clock } from '../../platform/time.ts';
import { AWAITING_DRIVER_INDEX, awaitingDriverPartition, awaitingDriverSortKey, type OrderKind } from '../domain/awaiting-driver.ts';
import type { AwaitingOrders, HandoverRef, OrderOf } from '../application/handover-reconciler.ts';

/** Where each kind's order item lives (the keys of the three ordering stores). */
const ORDER_KEYS: Readonly<Record<OrderKind, (id: string) => { pk: string; sk: string }>> = {
  MEDICINE: (id) => ({ pk: `MO#${id}`, sk: 'MO' }),
  FOOD: (id) => ({ pk: `FO#${id}`, sk: 'FO' }),
  RIDE: (id) => ({ pk: `RIDE#${id}`, sk: 'RIDE' }),
};

/**
 * The orders awaiting a driver, on the ordering table's sparse index gsi4 (whose keys the stores
 * set from the order's status, see awaiting-driver.ts). Handing over again moves only the index
 * sort key: the order's version and content stay, so no pharmacy, merchant or citizen request
 * loses a race to the reconciler.
 */
export class DynamoDbAwaitingOrders implements AwaitingOrders {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async handedOverBefore<K extends OrderKind>(kind: K, before: string, limit: number): Promise<OrderOf[K][]> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: AWAITING_DRIVER_INDEX,
        KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk < :before',
        ExpressionAttributeValues: { ':pk': awaitingDriverPartition(kind), ':before': before },
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => withoutKeys<OrderOf[K]>(item));
  }

  async recordHandover(order: HandoverRef, at: string, messages: readonly OutboxMessage[]): Promise<OutboxItem[] | undefined> {
    const outbox = messages.map((message) => outboxItem(message, this.clock.now()));
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: ORDER_KEYS[order.kind](order.orderId),
                UpdateExpression: 'SET gsi4sk = :sk',
                ConditionExpression: '#status = :status AND #version = :version AND gsi4pk = :pk',
                ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
                ExpressionAttributeValues: {
                  ':status': order.status,
                  ':version': order.version,
                  ':pk': awaitingDriverPartition(order.kind),
                  ':sk': awaitingDriverSortKey(at, order.orderId),
                },
              },
            },
            ...outbox.map((item) => ({ Put: { TableName: this.tableName, Item: { ...item } } })),
          ],
        }),
      );
    } catch (error) {
      if (failedConditions(error).includes(0)) return undefined;
      throw error;
    }
    return outbox;
  }
}
