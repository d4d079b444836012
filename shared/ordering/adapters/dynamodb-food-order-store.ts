import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConcurrentUpdateError } from '../../platform/errors.ts';
import { failedConditions, putStateChange, queryAll, queryIndexPage, tallyFigures, TALLY_REVISION, withoutKeys } from '../../platform/dynamodb-items.ts';
import { outboxItem, type OutboxItem, type OutboxMessage } from '../../platform/outbox.ts';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination.ts';
import type { Clock } from '../../platform/time.ts';
import { awaitingDriverKeys } from '../domain/awaiting-driver.ts';
import { needsAttentionKeys } from '../domain/needs-attention.ts';
import type { FoodOrder, FoodOrderStatus } from '../domain/food-order.ts';
import { reportShare, reportShareChange, type MerchantDayTally } from '../domain/festival-report.ts';
import { FoodOrderNotWrittenError, type FoodOrderStore } from '../ports/food-order-ports.ts';

/**
 * Food orders on the ordering table, beside the medicine orders (dynamodb-ordering-store.ts
 * owns MO#, FACILITY#, STAFF#, FACILITY_NAME# and OUTBOX; food orders add only FO#):
 *   FoodOrder  pk FO#<id>  sk FO   gsi1 MERCHANT#<merchantId>#FO / <id>
 *                                  gsi2 FESTIVAL#<festivalId>#FO / <id>
 *                                  gsi3 CITIZEN#<sub>#FO / <id>
 *                                  gsi4 AWAITING_DRIVER#FOOD / <handedAt>#<id>   (ACCEPTED or READY only)
 *                                  gsi5 ATTENTION / <since>#<id>  (while flagged)
 *   report tally  pk FESTREPORT#<festivalId>  sk <WIB day>#<merchantId>   (see festival-report.ts)
 * Ids are ULIDs, so the index sort keys run in order of placement.
 */
const strip = (item: Record<string, unknown>): FoodOrder => withoutKeys<FoodOrder>(item);

const orderKey = (id: string) => ({ pk: `FO#${id}`, sk: 'FO' });

export function foodOrderItem(order: FoodOrder): Record<string, unknown> {
  return {
    ...orderKey(order.orderId),
    entity: 'FoodOrder',
    gsi1pk: `MERCHANT#${order.merchant.merchantId}#FO`,
    gsi1sk: order.orderId,
    gsi2pk: `FESTIVAL#${order.festivalId}#FO`,
    gsi2sk: order.orderId,
    gsi3pk: `CITIZEN#${order.citizenSub}#FO`,
    gsi3sk: order.orderId,
    ...awaitingDriverKeys('FOOD', order, order.orderId),
    ...needsAttentionKeys(order, order.orderId),
    ...order,
  };
}

export const festivalTallyPartition = (festivalId: string): string => `FESTREPORT#${festivalId}`;
const tallyKey = (festivalId: string, day: string, merchantId: string) => ({ pk: festivalTallyPartition(festivalId), sk: `${day}#${merchantId}` });

/** A merchant-day tally as stored (the bench writes these beside orders it seeds in bulk). */
export function festivalTallyItem(festivalId: string, tally: MerchantDayTally): Record<string, unknown> {
  return { ...tallyKey(festivalId, tally.day, tally.merchantId), entity: 'FestivalTally', ...tally };
}

/**
 * The report's share of an order moving into (+1) or out of (-1) the counted statuses, as an
 * update that goes in the same transaction as the order: a retried or redelivered change fails
 * the order's condition and takes its tally update down with it, so nothing counts twice. ADD
 * creates the tally at its first order; name and kecamatan are set each time, they are the
 * merchant's as copied onto its orders.
 */
function tallyUpdate(tableName: string, order: FoodOrder, sign: 1 | -1) {
  const share = reportShare(order);
  return {
    Update: {
      TableName: tableName,
      Key: tallyKey(order.festivalId, share.day, share.merchantId),
      UpdateExpression: 'SET entity = :entity, merchantId = :merchantId, #name = :name, kecamatan = :kecamatan, #day = :day ADD orders :orders, grossIdr :gross, discountIdr :discount, #rev :one',
      ExpressionAttributeNames: { '#name': 'name', '#day': 'day', '#rev': TALLY_REVISION },
      ExpressionAttributeValues: {
        ':entity': 'FestivalTally',
        ':merchantId': share.merchantId,
        ':name': share.name,
        ':kecamatan': share.kecamatan,
        ':day': share.day,
        ':orders': sign,
        ':gross': sign * share.grossIdr,
        ':discount': sign * share.discountIdr,
        ':one': 1,
      },
    },
  };
}

export class DynamoDbFoodOrderStore implements FoodOrderStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  /**
   * A transaction (the order and its outbox messages), for two properties a plain conditional put lacks. It is all or
   * nothing, so a cancellation proves nothing was written. And its request token (the order id)
   * makes it idempotent across the SDK's retries: when a first attempt landed but its answer was
   * lost, the retry succeeds, instead of failing on our own condition (a put would then say
   * "exists", and the caller would wrongly undo the order's promotion).
   */
  async createFoodOrder(order: FoodOrder, messages: readonly OutboxMessage[]): Promise<OutboxItem[]> {
    const outbox = messages.map((message) => outboxItem(message, this.clock.now()));
    try {
      await this.documents.send(
        new TransactWriteCommand({
          ClientRequestToken: order.orderId.slice(-36),
          TransactItems: [
            { Put: { TableName: this.tableName, Item: foodOrderItem(order), ConditionExpression: 'attribute_not_exists(pk)' } },
            ...outbox.map((item) => ({ Put: { TableName: this.tableName, Item: { ...item } } })),
          ],
        }),
      );
      return outbox;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      if (failedConditions(error).includes(0)) throw new FoodOrderNotWrittenError('ORDER_EXISTS', 'A food order with this id exists already');
      throw new FoodOrderNotWrittenError('CONCURRENT_UPDATE', 'The food order could not be written now; retry');
    }
  }

  async getFoodOrder(orderId: string): Promise<FoodOrder | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: orderKey(orderId), ConsistentRead: true }));
    return Item && Item.entity === 'FoodOrder' ? strip(Item) : undefined;
  }

  async saveFoodOrderTransition(
    next: FoodOrder,
    expected: { status: FoodOrderStatus; version: number },
    messages: readonly OutboxMessage[],
  ): Promise<OutboxItem[]> {
    const sign = reportShareChange(expected.status, next);
    const extra = sign === 0 ? [] : [tallyUpdate(this.tableName, next, sign)];
    const outbox = await putStateChange({ documents: this.documents, tableName: this.tableName, item: foodOrderItem(next), expected, messages, now: this.clock.now(), extra });
    if (outbox === 'CONFLICT') throw new ConcurrentUpdateError('The food order');
    return outbox;
  }

  async listFoodOrders(
    query: { merchantId: string; needsAttention?: boolean; limit: number; cursor?: string } | { citizenSub: string; limit: number; cursor?: string },
  ): Promise<Page<FoodOrder>> {
    if ('merchantId' in query && query.needsAttention) return this.needingAttention(`MERCHANT#${query.merchantId}#FO`, query.limit, query.cursor);
    const [index, partition] = 'merchantId' in query ? (['gsi1', `MERCHANT#${query.merchantId}#FO`] as const) : (['gsi3', `CITIZEN#${query.citizenSub}#FO`] as const);
    return queryIndexPage<FoodOrder>({ documents: this.documents, tableName: this.tableName, index, partition, limit: query.limit, cursor: query.cursor, newestFirst: true });
  }

  /**
   * A merchant's flagged orders, newest first. The flag is few orders' and short-lived, so it is
   * a filter over the merchant's index rather than an index of its own; the query goes on until
   * the page is full or the orders end, and the cursor is the last order returned.
   */
  private async needingAttention(partition: string, limit: number, cursor: string | undefined): Promise<Page<FoodOrder>> {
    const found: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined = decodeCursor(cursor, ['pk', 'sk', 'gsi1pk', 'gsi1sk'], { gsi1pk: partition });
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          FilterExpression: 'attribute_exists(attention)',
          ExpressionAttributeValues: { ':pk': partition },
          ScanIndexForward: false,
          Limit: limit,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of page.Items ?? []) {
        found.push(item);
        if (found.length === limit) {
          const { pk, sk, gsi1pk, gsi1sk } = item;
          return { items: found.map(strip), nextCursor: encodeCursor({ pk, sk, gsi1pk, gsi1sk }) };
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return { items: found.map(strip), nextCursor: null };
  }

  async festivalTallies(festivalId: string): Promise<MerchantDayTally[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': festivalTallyPartition(festivalId) },
      ConsistentRead: true,
    });
    return items.map((item) => tallyFigures<MerchantDayTally>(item));
  }

  async listFestivalFoodOrders(festivalId: string): Promise<FoodOrder[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `FESTIVAL#${festivalId}#FO` },
    });
    return items.map(strip);
  }
}
