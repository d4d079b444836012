import { httpFunction } from '#platform/http/http-function';
import { created, ok, parseInput, requireCaller } from '#platform/http/request';
import { locationSchema } from '#platform/schemas';
import { availabilitySchema, driverView, registerDriverSchema } from '#dispatch/driver';
import { getOwnDriver, registerDriver, reportLocation, setOwnAvailability } from '#dispatch/driver-use-cases';
import { driverPorts } from '#dispatch/driver-store';

/** Drivers: admins and taxi operators register them; a driver reads itself, reports where it is, switches on and off. */
export const handler = httpFunction(
  {
    'POST /v1/drivers': async (request) => {
      const caller = requireCaller(request);
      const driver = await registerDriver(driverPorts(), caller, parseInput(registerDriverSchema, request.body, 'body'));
      return created(driverView(driver));
    },
    'GET /v1/drivers/me': async (request) => ok(driverView(await getOwnDriver(driverPorts(), requireCaller(request)))),
    'PUT /v1/drivers/me/location': async (request) => {
      const caller = requireCaller(request);
      return ok(driverView(await reportLocation(driverPorts(), caller, parseInput(locationSchema, request.body, 'body'))));
    },
    'PUT /v1/drivers/me/availability': async (request) => {
      const caller = requireCaller(request);
      const { available } = parseInput(availabilitySchema, request.body, 'body');
      return ok(driverView(await setOwnAvailability(driverPorts(), caller, available)));
    },
  },
  { idempotent: true },
);
