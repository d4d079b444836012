import { requireRole, type Caller } from '../../platform/http/caller.ts';
import type { Page } from '../../platform/pagination.ts';
import type { OrderNeedingAttention } from '../domain/needs-attention.ts';
import type { OrderingOperationsPorts } from '../ports/operations-ports.ts';

/** The operations room's attention list (admins only): every flagged order, newest flag first. */
export async function listOrdersNeedingAttention(
  ports: OrderingOperationsPorts,
  caller: Caller,
  query: { limit: number; cursor?: string },
): Promise<Page<OrderNeedingAttention>> {
  requireRole(caller, 'admin');
  return ports.attention.listNeedingAttention({ limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) });
}
