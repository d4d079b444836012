import * as z from 'zod';
import { httpFunction } from '#platform/http/http-function';
import { accepted, created, ok, parseInput, requireCaller } from '#platform/http/request';
import { pageQuerySchema } from '#platform/pagination';
import { idSchema } from '#platform/schemas';
import { cancelFoodOrderSchema, changeFoodStatusSchema, foodOrderView, placeFoodOrderSchema } from '#ordering/food-order';
import { cancelFoodOrder, changeFoodOrderStatus, getFoodOrder, listFoodOrders, placeFoodOrder } from '#ordering/food-order-use-cases';
import { foodOrderPorts } from '#wiring/festival-wiring';

const orderPath = z.object({ orderId: idSchema });
/** `attention=true` (with merchantId): only the orders dispatch flagged, e.g. no driver yet. */
const listQuery = z.strictObject({ merchantId: idSchema.optional(), attention: z.enum(['true', 'false']).optional(), ...pageQuerySchema });

/** Pesta Kuliner Go-Food orders: citizens order and cancel, merchants accept, reject and mark ready, merchants and admins cancel accepted ones. */
export const handler = httpFunction(
  {
    'POST /v1/food-orders': async (request) => {
      const input = parseInput(placeFoodOrderSchema, request.body, 'body');
      const caller = requireCaller(request);
      return created(foodOrderView(await placeFoodOrder(foodOrderPorts(), caller, input), caller));
    },
    'GET /v1/food-orders': async (request) => {
      const query = parseInput(listQuery, request.query, 'query');
      const caller = requireCaller(request);
      const { attention, ...rest } = query;
      const page = await listFoodOrders(foodOrderPorts(), caller, { ...rest, needsAttention: attention === 'true' });
      return ok({ items: page.items.map((order) => foodOrderView(order, caller)), nextCursor: page.nextCursor });
    },
    'GET /v1/food-orders/{orderId}': async (request) => {
      const { orderId } = parseInput(orderPath, request.pathParameters, 'path');
      const caller = requireCaller(request);
      return ok(foodOrderView(await getFoodOrder(foodOrderPorts(), caller, orderId), caller));
    },
    'POST /v1/food-orders/{orderId}/status': async (request) => {
      const { orderId } = parseInput(orderPath, request.pathParameters, 'path');
      const change = parseInput(changeFoodStatusSchema, request.body, 'body');
      const caller = requireCaller(request);
      return ok(foodOrderView(await changeFoodOrderStatus(foodOrderPorts(), caller, orderId, change), caller));
    },
    'POST /v1/food-orders/{orderId}/cancel': async (request) => {
      const { orderId } = parseInput(orderPath, request.pathParameters, 'path');
      const { reason } = request.body === undefined ? { reason: undefined } : parseInput(cancelFoodOrderSchema, request.body, 'body');
      const caller = requireCaller(request);
      const order = await cancelFoodOrder(foodOrderPorts(), caller, orderId, reason);
      // An accepted order is in dispatch: 202 with the pending cancellation, until dispatch answers.
      return order.cancellation ? accepted(foodOrderView(order, caller)) : ok(foodOrderView(order, caller));
    },
  },
  { idempotent: true },
);
