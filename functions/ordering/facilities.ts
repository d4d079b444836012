import * as z from 'zod';
import { httpFunction } from '#platform/http/http-function';
import { created, ok, parseInput, requireCaller } from '#platform/http/request';
import { pageQuerySchema } from '#platform/pagination';
import { idSchema } from '#platform/schemas';
import { facilityView, registerFacilitySchema } from '#ordering/facility';
import { getFacility, listFacilities, registerFacility } from '#ordering/facility-use-cases';
import { facilityPorts } from '#ordering/ordering-store';

const facilityPath = z.object({ facilityId: idSchema });
const listQuery = z.strictObject(pageQuerySchema);

/** Hospitals and puskesmas: admins register them; pharmacy staff read the ones they act for. */
export const handler = httpFunction(
  {
    'POST /v1/facilities': async (request) => {
      const caller = requireCaller(request);
      const facility = await registerFacility(facilityPorts(), caller, parseInput(registerFacilitySchema, request.body, 'body'));
      return created(facilityView(facility, caller));
    },
    'GET /v1/facilities': async (request) => {
      const caller = requireCaller(request);
      const page = await listFacilities(facilityPorts(), caller, parseInput(listQuery, request.query, 'query'));
      return ok({ items: page.items.map((facility) => facilityView(facility, caller)), nextCursor: page.nextCursor });
    },
    'GET /v1/facilities/{facilityId}': async (request) => {
      const caller = requireCaller(request);
      const { facilityId } = parseInput(facilityPath, request.pathParameters, 'path');
      return ok(facilityView(await getFacility(facilityPorts(), caller, facilityId), caller));
    },
  },
  { idempotent: true },
);
