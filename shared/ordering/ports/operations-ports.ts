import type { Page } from '../../platform/pagination.ts';
import type { OrderNeedingAttention } from '../domain/needs-attention.ts';

/** The medicine and food orders with an attention flag, across all facilities and merchants, newest flag first. */
export interface AttentionList {
  listNeedingAttention(page: { limit: number; cursor?: string }): Promise<Page<OrderNeedingAttention>>;
}

export interface OrderingOperationsPorts {
  readonly attention: AttentionList;
}
