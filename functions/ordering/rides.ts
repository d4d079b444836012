import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { accepted, created, ok, requireCaller } from '#platform/http/request';
import { ridesContract } from '#ordering/api/rides';
import { rideView } from '#ordering/domain/ride';
import { bookRide, cancelRide, getRide, listOwnRides, quoteRide } from '#ordering/application/ride-use-cases';
import { ridePorts } from '#wiring/ride-wiring';

/** Rides for citizens: quote, book, read, list and cancel their own. */
export const handler = httpFunction(
  routesOf(ridesContract, {
    'POST /v1/rides/quote': async ({ body, request }) => ok(await quoteRide(ridePorts(), requireCaller(request), body)),
    'POST /v1/rides': async ({ body, request }) => created(rideView(await bookRide(ridePorts(), requireCaller(request), body))),
    'GET /v1/rides': async ({ query, request }) => {
      const page = await listOwnRides(ridePorts(), requireCaller(request), query);
      return ok({ items: page.items.map(rideView), nextCursor: page.nextCursor });
    },
    'GET /v1/rides/{rideId}': async ({ path, request }) => ok(rideView(await getRide(ridePorts(), requireCaller(request), path.rideId))),
    // A ride is in dispatch from its booking, so a cancel always leaves (or finds) a pending
    // cancellation that dispatch confirms or refuses: 202 until then.
    'POST /v1/rides/{rideId}/cancel': async ({ path, body, request }) =>
      accepted(rideView(await cancelRide(ridePorts(), requireCaller(request), path.rideId, body?.reason))),
  }),
  { idempotent: true },
);
