import * as z from 'zod';
import { httpFunction } from '#platform/http/http-function';
import { accepted, created, ok, parseInput, requireCaller } from '#platform/http/request';
import { pageQuerySchema } from '#platform/pagination';
import { idSchema } from '#platform/schemas';
import {
  changeStatusSchema,
  MEDICINE_ORDER_STATUSES,
  pharmacyView,
  registerMedicineOrderSchema,
} from '#ordering/medicine-order';
import {
  changeMedicineOrderStatus,
  getMedicineOrder,
  listMedicineOrders,
  registerMedicineOrder,
} from '#ordering/medicine-order-use-cases';
import { orderingPorts } from '#ordering/ordering-adapters';

const orderPath = z.object({ orderId: idSchema });
const listQuery = z.strictObject({ facilityId: idSchema, status: z.enum(MEDICINE_ORDER_STATUSES).optional(), ...pageQuerySchema });

/** Gancang Aron for pharmacy staff: register prescriptions, move them along, read and list them. */
export const handler = httpFunction(
  {
    'POST /v1/medicine-orders': async (request) => {
      const input = parseInput(registerMedicineOrderSchema, request.body, 'body');
      const order = await registerMedicineOrder(orderingPorts(), requireCaller(request), input);
      return created(pharmacyView(order));
    },
    'POST /v1/medicine-orders/{orderId}/status': async (request) => {
      const { orderId } = parseInput(orderPath, request.pathParameters, 'path');
      const change = parseInput(changeStatusSchema, request.body, 'body');
      const order = await changeMedicineOrderStatus(orderingPorts(), requireCaller(request), orderId, change);
      // A cancel of an order in dispatch is a request dispatch answers: 202 with the pending cancellation.
      return order.cancellation && change.status === 'CANCELLED' ? accepted(pharmacyView(order)) : ok(pharmacyView(order));
    },
    'GET /v1/medicine-orders/{orderId}': async (request) => {
      const { orderId } = parseInput(orderPath, request.pathParameters, 'path');
      return ok(pharmacyView(await getMedicineOrder(orderingPorts(), requireCaller(request), orderId)));
    },
    'GET /v1/medicine-orders': async (request) => {
      const query = parseInput(listQuery, request.query, 'query');
      const page = await listMedicineOrders(orderingPorts(), requireCaller(request), query);
      return ok({ items: page.items.map(pharmacyView), nextCursor: page.nextCursor });
    },
  },
  { idempotent: true },
);
