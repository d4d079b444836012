import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { ok, requireCaller } from '#platform/http/request';
import { orderingOperationsContract } from '#ordering/api/operations';
import { listOrdersNeedingAttention } from '#ordering/application/operations';
import { orderingOperationsPorts } from '#ordering/adapters/dynamodb-attention-list';

/** Ordering's reads for the operations room (admin only): the orders that need attention. */
export const handler = httpFunction(
  routesOf(orderingOperationsContract, {
    'GET /v1/ops/attention': async ({ query, request }) => ok(await listOrdersNeedingAttention(orderingOperationsPorts(), requireCaller(request), query)),
  }),
);
