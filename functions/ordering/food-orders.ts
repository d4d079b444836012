import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { accepted, created, ok, requireCaller } from '#platform/http/request';
import { foodOrderContract } from '#ordering/api/food-orders';
import { foodOrderView } from '#ordering/domain/food-order';
import { cancelFoodOrder, changeFoodOrderStatus, getFoodOrder, listFoodOrders, placeFoodOrder } from '#ordering/application/food-order-use-cases';
import { foodOrderPorts } from '#wiring/festival-wiring';

/** Pesta Kuliner Go-Food orders: citizens order and cancel, merchants accept, reject and mark ready, merchants and admins cancel accepted ones. */
export const handler = httpFunction(
  routesOf(foodOrderContract, {
    'POST /v1/food-orders': async ({ body, request }) => {
      const caller = requireCaller(request);
      return created(foodOrderView(await placeFoodOrder(foodOrderPorts(), caller, body), caller));
    },
    'GET /v1/food-orders': async ({ query, request }) => {
      const caller = requireCaller(request);
      const { attention, ...rest } = query;
      const page = await listFoodOrders(foodOrderPorts(), caller, { ...rest, needsAttention: attention === 'true' });
      return ok({ items: page.items.map((order) => foodOrderView(order, caller)), nextCursor: page.nextCursor });
    },
    'GET /v1/food-orders/{orderId}': async ({ path, request }) => {
      const caller = requireCaller(request);
      return ok(foodOrderView(await getFoodOrder(foodOrderPorts(), caller, path.orderId), caller));
    },
    'POST /v1/food-orders/{orderId}/status': async ({ path, body, request }) => {
      const caller = requireCaller(request);
      return ok(foodOrderView(await changeFoodOrderStatus(foodOrderPorts(), caller, path.orderId, body), caller));
    },
    'POST /v1/food-orders/{orderId}/cancel': async ({ path, body, request }) => {
      const caller = requireCaller(request);
      const order = await cancelFoodOrder(foodOrderPorts(), caller, path.orderId, body?.reason);
      // An accepted order is in dispatch: 202 with the pending cancellation, until dispatch answers.
      return order.cancellation ? accepted(foodOrderView(order, caller)) : ok(foodOrderView(order, caller));
    },
  }),
  { idempotent: true },
);
