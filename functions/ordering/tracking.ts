import * as z from 'zod';
import { httpFunction } from '#platform/http/http-function';
import { ok, parseInput } from '#platform/http/request';
import { trackingView } from '#ordering/medicine-order';
import { trackMedicineOrder } from '#ordering/medicine-order-use-cases';
import { orderingStore } from '#ordering/ordering-store';

const trackingPath = z.object({ trackingToken: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'is not a tracking token') });

/** Public: anyone holding the tracking token sees status and times, never personal data. */
export const handler = httpFunction({
  'GET /v1/track/{trackingToken}': async (request) => {
    const { trackingToken } = parseInput(trackingPath, request.pathParameters, 'path');
    return ok(trackingView(await trackMedicineOrder(orderingStore(), trackingToken)));
  },
});
