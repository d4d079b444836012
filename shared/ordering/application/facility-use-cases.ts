import { NotFoundError, OutsideServiceAreaError } from '../../platform/errors.ts';
import { hasRole, requireRole, type Caller } from '../../platform/http/caller.ts';
import type { Page } from '../../platform/pagination.ts';
import { isInServiceArea } from '../../platform/service-area.ts';
import { toWibIso } from '../../platform/time.ts';
import { assertActsForFacility, type Facility, type RegisterFacility } from '../domain/facility.ts';
import type { FacilityPorts } from '../ports/ordering-ports.ts';

export async function registerFacility(ports: FacilityPorts, caller: Caller, input: RegisterFacility): Promise<Facility> {
  requireRole(caller, 'admin');
  if (!isInServiceArea(input.location)) throw new OutsideServiceAreaError('location');
  const facility: Facility = {
    facilityId: ports.ids.next('fac'),
    ...input,
    createdAt: toWibIso(ports.clock.now()),
  };
  await ports.store.createFacility(facility);
  return facility;
}

export async function getFacility(ports: FacilityPorts, caller: Caller, facilityId: string): Promise<Facility> {
  const facility = await ports.store.getFacility(facilityId);
  if (!facility) throw new NotFoundError('Facility');
  assertActsForFacility(caller, facility);
  return facility;
}

/** Admins list every facility; pharmacy staff the facilities they act for. */
export async function listFacilities(
  ports: FacilityPorts,
  caller: Caller,
  page: { limit: number; cursor?: string },
): Promise<Page<Facility>> {
  requireRole(caller, 'admin', 'pharmacy');
  return ports.store.listFacilities(hasRole(caller, 'admin') ? page : { ...page, staffSub: caller.sub });
}
