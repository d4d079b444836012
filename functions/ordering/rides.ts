import * as z from 'zod';
import { httpFunction } from '#platform/http/http-function';
import { accepted, created, ok, parseInput, requireCaller } from '#platform/http/request';
import { pageQuerySchema } from '#platform/pagination';
import { idSchema } from '#platform/schemas';
import { bookRideSchema, cancelRideSchema, quoteRideSchema, rideView } from '#ordering/ride';
import { bookRide, cancelRide, getRide, listOwnRides, quoteRide } from '#ordering/ride-use-cases';
import { ridePorts } from '#wiring/ride-wiring';

const ridePath = z.object({ rideId: idSchema });
const listQuery = z.strictObject(pageQuerySchema);

/** Rides for citizens: quote, book, read, list and cancel their own. */
export const handler = httpFunction(
  {
    'POST /v1/rides/quote': async (request) => {
      const input = parseInput(quoteRideSchema, request.body, 'body');
      return ok(await quoteRide(ridePorts(), requireCaller(request), input));
    },
    'POST /v1/rides': async (request) => {
      const input = parseInput(bookRideSchema, request.body, 'body');
      return created(rideView(await bookRide(ridePorts(), requireCaller(request), input)));
    },
    'GET /v1/rides': async (request) => {
      const query = parseInput(listQuery, request.query, 'query');
      const page = await listOwnRides(ridePorts(), requireCaller(request), query);
      return ok({ items: page.items.map(rideView), nextCursor: page.nextCursor });
    },
    'GET /v1/rides/{rideId}': async (request) => {
      const { rideId } = parseInput(ridePath, request.pathParameters, 'path');
      return ok(rideView(await getRide(ridePorts(), requireCaller(request), rideId)));
    },
    'POST /v1/rides/{rideId}/cancel': async (request) => {
      const { rideId } = parseInput(ridePath, request.pathParameters, 'path');
      const { reason } = parseInput(cancelRideSchema, request.body ?? {}, 'body');
      const ride = await cancelRide(ridePorts(), requireCaller(request), rideId, reason);
      // Dispatch confirms or refuses the cancel: 202 with the pending cancellation until then.
      return ride.cancellation ? accepted(rideView(ride)) : ok(rideView(ride));
    },
  },
  { idempotent: true },
);
