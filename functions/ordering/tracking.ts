import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { ok } from '#platform/http/request';
import { trackingContract } from '#ordering/api/medicine-orders';
import { trackingView } from '#ordering/domain/medicine-order';
import { trackMedicineOrder } from '#ordering/application/medicine-order-use-cases';
import { orderingStore } from '#ordering/adapters/ordering-store';

/** Public: anyone holding the tracking token sees status and times, never personal data. */
export const handler = httpFunction(
  routesOf(trackingContract, {
    'GET /v1/track/{trackingToken}': async ({ path }) => ok(trackingView(await trackMedicineOrder(orderingStore(), path.trackingToken))),
  }),
);
