import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { ok } from '#platform/http/request';
import { trackingContract } from '#ordering/api/medicine-orders';
import { trackingView } from '#ordering/medicine-order';
import { trackMedicineOrder } from '#ordering/medicine-order-use-cases';
import { orderingStore } from '#ordering/ordering-store';

/** Public: anyone holding the tracking token sees status and times, never personal data. */
export const handler = httpFunction(
  routesOf(trackingContract, {
    'GET /v1/track/{trackingToken}': async ({ path }) => ok(trackingView(await trackMedicineOrder(orderingStore(), path.trackingToken))),
  }),
);
