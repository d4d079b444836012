import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { accepted, created, ok, requireCaller } from '#platform/http/request';
import { appUrl } from '#platform/env';
import { systemClock } from '#platform/time';
import { ridesContract } from '#ordering/api/rides';
import { followedRideView, rideView } from '#ordering/domain/ride';
import { bookRide, cancelRide, followRide, listOwnRides, quoteRide } from '#ordering/application/ride-use-cases';
import { ridePorts } from '#wiring/ride-wiring';
import { dispatchDriverPositions } from '#wiring/driver-positions-wiring';

/**
 * Rides for citizens: quote, book, read, list and cancel their own. Every ride links to its
 * citizen's page in the web app (`trackingUrl`); reading one ride adds where its driver is, from
 * assignment to the end of the trip.
 */
export const handler = httpFunction(
  routesOf(ridesContract, {
    'POST /v1/rides/quote': async ({ body, request }) => ok(await quoteRide(ridePorts(), requireCaller(request), body)),
    'POST /v1/rides': async ({ body, request }) => created(rideView(await bookRide(ridePorts(), requireCaller(request), body), appUrl())),
    'GET /v1/rides': async ({ query, request }) => {
      const page = await listOwnRides(ridePorts(), requireCaller(request), query);
      return ok({ items: page.items.map((ride) => rideView(ride, appUrl())), nextCursor: page.nextCursor });
    },
    'GET /v1/rides/{rideId}': async ({ path, request }) => {
      const followed = await followRide({ rides: ridePorts().rides, positions: dispatchDriverPositions() }, requireCaller(request), path.rideId);
      return ok(followedRideView(followed, appUrl(), systemClock.now()));
    },
    // A ride is in dispatch from its booking, so a cancel always leaves (or finds) a pending
    // cancellation that dispatch confirms or refuses: 202 until then.
    'POST /v1/rides/{rideId}/cancel': async ({ path, body, request }) =>
      accepted(rideView(await cancelRide(ridePorts(), requireCaller(request), path.rideId, body?.reason), appUrl())),
  }),
  { idempotent: true },
);
