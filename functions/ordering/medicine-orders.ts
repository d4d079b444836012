import { appUrl } from '#platform/env';
import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { accepted, created, ok, requireCaller } from '#platform/http/request';
import { medicineOrderContract } from '#ordering/api/medicine-orders';
import { pharmacyView, type MedicineOrder } from '#ordering/domain/medicine-order';
import {
  changeMedicineOrderStatus,
  getMedicineOrder,
  listMedicineOrders,
  registerMedicineOrder,
} from '#ordering/application/medicine-order-use-cases';
import { orderingPorts } from '#ordering/adapters/ordering-adapters';

/** Each answer carries the family's tracking link on the app's origin (GANCANG_APP_URL). */
const view = (order: MedicineOrder) => pharmacyView(order, appUrl());

/** Gancang Aron for pharmacy staff: register prescriptions, move them along, read and list them. */
export const handler = httpFunction(
  routesOf(medicineOrderContract, {
    'POST /v1/medicine-orders': async ({ body, request }) =>
      created(view(await registerMedicineOrder(orderingPorts(), requireCaller(request), body))),
    'POST /v1/medicine-orders/{orderId}/status': async ({ path, body, request }) => {
      const order = await changeMedicineOrderStatus(orderingPorts(), requireCaller(request), path.orderId, body);
      // A cancel of an order in dispatch is a request dispatch answers: 202 with the pending cancellation.
      return order.cancellation && body.status === 'CANCELLED' ? accepted(view(order)) : ok(view(order));
    },
    'GET /v1/medicine-orders/{orderId}': async ({ path, request }) =>
      ok(view(await getMedicineOrder(orderingPorts(), requireCaller(request), path.orderId))),
    'GET /v1/medicine-orders': async ({ query, request }) => {
      const page = await listMedicineOrders(orderingPorts(), requireCaller(request), query);
      return ok({ items: page.items.map(view), nextCursor: page.nextCursor });
    },
  }),
  { idempotent: true },
);
