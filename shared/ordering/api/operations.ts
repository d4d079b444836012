/**
 * The HTTP contract of ordering's reads for the operations room (admin only): the orders that
 * need attention across every facility and merchant. The handler parses with these schemas
 * (functions/ordering/operations.ts) and the OpenAPI document is generated from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { pageOf } from '../../platform/http/views.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import type { OrderNeedingAttention } from '../domain/needs-attention.ts';
import { orderAttentionView } from './order-views.ts';

export const orderNeedingAttentionResource = z
  .strictObject({
    kind: z.enum(['MEDICINE', 'FOOD']),
    orderId: z.string(),
    facilityId: z.string().optional().meta({ description: "MEDICINE: the pharmacy's facility." }),
    merchantId: z.string().optional().meta({ description: 'FOOD: the festival merchant.' }),
    status: z.string().meta({ description: "The order's status (a medicine or food order status)." }),
    attention: orderAttentionView,
  })
  .meta({ id: 'OrderNeedingAttention', description: 'An order dispatch flagged (no driver yet, delivery code locked), as the attention list shows it.' });

const EXAMPLE: z.input<typeof orderNeedingAttentionResource> = {
  kind: 'MEDICINE',
  orderId: 'mo_01JDZA0000000000000000000',
  facilityId: 'fac_01JDZ0000000000000000000000',
  status: 'READY_FOR_PICKUP',
  attention: { code: 'NO_DRIVER_YET', since: '2026-12-01T09:40:00.000+07:00' },
};

export const orderingOperationsContract = defineContract({
  'GET /v1/ops/attention': {
    tag: 'Admin: operations',
    summary: 'List the orders that need attention',
    description:
      'Medicine and food orders that dispatch flagged, across every facility and merchant, the newest flag first: `NO_DRIVER_YET` (no driver ' +
      'has taken the order 10 minutes after it was ready) and `DELIVERY_CODE_LOCKED` (too many wrong delivery codes at the door). An order ' +
      'leaves the list when it moves on. Admins only.',
    query: z.strictObject(pageQuerySchema),
    responses: { 200: { description: 'A page of flagged orders.', schema: pageOf(orderNeedingAttentionResource), example: { items: [EXAMPLE], nextCursor: null } } },
    refusals: { 400: ['INVALID_CURSOR'], 403: ['FORBIDDEN'] },
    example: { query: { limit: '20' } },
  },
});

// What the handler sends: this fails to compile when the view stops fitting the schema above.
export const orderNeedingAttentionFits: ViewFits<OrderNeedingAttention, z.input<typeof orderNeedingAttentionResource>> = true;
