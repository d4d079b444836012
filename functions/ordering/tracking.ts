import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { ok } from '#platform/http/request';
import { systemClock } from '#platform/time';
import { trackingContract } from '#ordering/api/medicine-orders';
import { trackingView } from '#ordering/domain/medicine-order';
import { trackMedicineOrder } from '#ordering/application/medicine-order-use-cases';
import { orderingStore } from '#ordering/adapters/ordering-store';
import { dispatchDriverPositions } from '#wiring/driver-positions-wiring';

/**
 * Public: anyone holding the tracking token sees status and times, the facility, the destination's
 * kecamatan, the driver's first name and vehicle, and the driver's position on the way; never
 * personal or medical data.
 */
export const handler = httpFunction(
  routesOf(trackingContract, {
    'GET /v1/track/{trackingToken}': async ({ path }) =>
      ok(trackingView(await trackMedicineOrder({ store: orderingStore(), positions: dispatchDriverPositions() }, path.trackingToken), systemClock.now())),
  }),
);
