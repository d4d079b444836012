import { httpFunction } from '#platform/http/http-function';
import { created, ok, parseInput, requireCaller } from '#platform/http/request';
import * as z from 'zod';
import { pageQuerySchema } from '#platform/pagination';
import { idSchema, locationSchema } from '#platform/schemas';
import { availabilitySchema, driverView, registerDriverSchema } from '#dispatch/driver';
import { getOwnDriver, listCompanyDrivers, registerDriver, reportLocation, setOwnAvailability } from '#dispatch/driver-use-cases';
import { driverPorts } from '#dispatch/driver-store';

/**
 * Drivers: admins and taxi operators register them (and operators list their fleet); a driver
 * reads itself, reports where it is, switches on and off.
 */
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
    'GET /v1/taxi-companies/{companyId}/drivers': async (request) => {
      const { companyId } = parseInput(z.object({ companyId: idSchema }), request.pathParameters, 'path');
      const page = await listCompanyDrivers(driverPorts(), requireCaller(request), { companyId, ...parseInput(z.strictObject(pageQuerySchema), request.query, 'query') });
      return ok({ items: page.items.map(driverView), nextCursor: page.nextCursor });
    },
    'PUT /v1/drivers/me/availability': async (request) => {
      const caller = requireCaller(request);
      const { available } = parseInput(availabilitySchema, request.body, 'body');
      return ok(driverView(await setOwnAvailability(driverPorts(), caller, available)));
    },
  },
  { idempotent: true },
);
