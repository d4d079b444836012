import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { accepted, created, ok, requireCaller } from '#platform/http/request';
import { appUrl } from '#platform/env';
import { systemClock } from '#platform/time';
import { foodOrderContract } from '#ordering/api/food-orders';
import { followedFoodOrderView, foodOrderView } from '#ordering/domain/food-order';
import { cancelFoodOrder, changeFoodOrderStatus, followFoodOrder, listFoodOrders, placeFoodOrder } from '#ordering/application/food-order-use-cases';
import { foodOrderPorts } from '#wiring/festival-wiring';
import { dispatchDriverPositions } from '#wiring/driver-positions-wiring';

/**
 * Pesta Kuliner Go-Food orders: citizens order and cancel, merchants accept, reject and mark ready,
 * merchants and admins cancel accepted ones. Every order links to its citizen's page in the web
 * app (`trackingUrl`); reading one order adds where its driver is while the food is on its way.
 */
export const handler = httpFunction(
  routesOf(foodOrderContract, {
    'POST /v1/food-orders': async ({ body, request }) => {
      const caller = requireCaller(request);
      return created(foodOrderView(await placeFoodOrder(foodOrderPorts(), caller, body), caller, appUrl()));
    },
    'GET /v1/food-orders': async ({ query, request }) => {
      const caller = requireCaller(request);
      const { attention, ...rest } = query;
      const page = await listFoodOrders(foodOrderPorts(), caller, { ...rest, needsAttention: attention === 'true' });
      return ok({ items: page.items.map((order) => foodOrderView(order, caller, appUrl())), nextCursor: page.nextCursor });
    },
    'GET /v1/food-orders/{orderId}': async ({ path, request }) => {
      const caller = requireCaller(request);
      const followed = await followFoodOrder({ store: foodOrderPorts().store, positions: dispatchDriverPositions() }, caller, path.orderId);
      return ok(followedFoodOrderView(followed, caller, appUrl(), systemClock.now()));
    },
    'POST /v1/food-orders/{orderId}/status': async ({ path, body, request }) => {
      const caller = requireCaller(request);
      return ok(foodOrderView(await changeFoodOrderStatus(foodOrderPorts(), caller, path.orderId, body), caller, appUrl()));
    },
    'POST /v1/food-orders/{orderId}/cancel': async ({ path, body, request }) => {
      const caller = requireCaller(request);
      const order = await cancelFoodOrder(foodOrderPorts(), caller, path.orderId, body?.reason);
      // An accepted order is in dispatch: 202 with the pending cancellation, until dispatch answers.
      return order.cancellation ? accepted(foodOrderView(order, caller, appUrl())) : ok(foodOrderView(order, caller, appUrl()));
    },
  }),
  { idempotent: true },
);
