import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../platform/clients.ts';
import { queryIndexPage } from '../../platform/dynamodb-items.ts';
import { tableName } from '../../platform/env.ts';
import type { Page } from '../../platform/pagination.ts';
import type { FoodOrder } from '../domain/food-order.ts';
import type { MedicineOrder } from '../domain/medicine-order.ts';
import { NEEDS_ATTENTION_INDEX, NEEDS_ATTENTION_PARTITION, type OrderNeedingAttention } from '../domain/needs-attention.ts';
import type { AttentionList, OrderingOperationsPorts } from '../ports/operations-ports.ts';

type Flagged = (MedicineOrder | FoodOrder) & { readonly attention: OrderNeedingAttention['attention'] };

/** The sparse attention index (gsi5) of the ordering table; medicine orders name a facility, food orders a merchant. */
export class DynamoDbAttentionList implements AttentionList {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listNeedingAttention(query: { limit: number; cursor?: string }): Promise<Page<OrderNeedingAttention>> {
    const page = await queryIndexPage<Flagged>({
      documents: this.documents,
      tableName: this.tableName,
      index: NEEDS_ATTENTION_INDEX,
      partition: NEEDS_ATTENTION_PARTITION,
      limit: query.limit,
      cursor: query.cursor,
      newestFirst: true,
    });
    const items = page.items.map((order): OrderNeedingAttention => {
      const attention = { code: order.attention.code, since: order.attention.since };
      return 'facilityId' in order
        ? { kind: 'MEDICINE', orderId: order.orderId, facilityId: order.facilityId, status: order.status, attention }
        : { kind: 'FOOD', orderId: order.orderId, merchantId: order.merchant.merchantId, status: order.status, attention };
    });
    return { items, nextCursor: page.nextCursor };
  }
}

export const orderingOperationsPorts = (): OrderingOperationsPorts => ({
  attention: new DynamoDbAttentionList(documentClient, tableName('ordering')),
});
