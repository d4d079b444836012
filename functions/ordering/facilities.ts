import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { created, ok, requireCaller } from '#platform/http/request';
import { facilityContract } from '#ordering/api/facilities';
import { facilityView } from '#ordering/domain/facility';
import { getFacility, listFacilities, registerFacility } from '#ordering/application/facility-use-cases';
import { facilityPorts } from '#ordering/adapters/ordering-store';

/** Hospitals and puskesmas: admins register them; pharmacy staff read the ones they act for. */
export const handler = httpFunction(
  routesOf(facilityContract, {
    'POST /v1/facilities': async ({ body, request }) => {
      const caller = requireCaller(request);
      return created(facilityView(await registerFacility(facilityPorts(), caller, body), caller));
    },
    'GET /v1/facilities': async ({ query, request }) => {
      const caller = requireCaller(request);
      const page = await listFacilities(facilityPorts(), caller, query);
      return ok({ items: page.items.map((facility) => facilityView(facility, caller)), nextCursor: page.nextCursor });
    },
    'GET /v1/facilities/{facilityId}': async ({ path, request }) => {
      const caller = requireCaller(request);
      return ok(facilityView(await getFacility(facilityPorts(), caller, path.facilityId), caller));
    },
  }),
  { idempotent: true },
);
