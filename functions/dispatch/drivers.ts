import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { created, ok, requireCaller } from '#platform/http/request';
import { driverContract } from '#dispatch/api/drivers';
import { driverView } from '#dispatch/domain/driver';
import { getOwnDriver, listCompanyDrivers, registerDriver, reportLocation, setOwnAvailability } from '#dispatch/application/driver-use-cases';
import { driverPorts } from '#dispatch/adapters/driver-store';

/**
 * Drivers: admins and taxi operators register them (and operators list their fleet); a driver
 * reads itself, reports where it is, switches on and off.
 */
export const handler = httpFunction(
  routesOf(driverContract, {
    'POST /v1/drivers': async ({ body, request }) => created(driverView(await registerDriver(driverPorts(), requireCaller(request), body))),
    'GET /v1/drivers/me': async ({ request }) => ok(driverView(await getOwnDriver(driverPorts(), requireCaller(request)))),
    'PUT /v1/drivers/me/location': async ({ body, request }) => ok(driverView(await reportLocation(driverPorts(), requireCaller(request), body))),
    'PUT /v1/drivers/me/availability': async ({ body, request }) =>
      ok(driverView(await setOwnAvailability(driverPorts(), requireCaller(request), body.available))),
    'GET /v1/taxi-companies/{companyId}/drivers': async ({ path, query, request }) => {
      const page = await listCompanyDrivers(driverPorts(), requireCaller(request), { companyId: path.companyId, ...query });
      return ok({ items: page.items.map(driverView), nextCursor: page.nextCursor });
    },
  }),
  { idempotent: true },
);
