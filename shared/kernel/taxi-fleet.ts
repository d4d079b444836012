import type { Tariff } from './fares.ts';
import { ForbiddenError } from '../platform/errors.ts';
import { hasRole, type Caller } from '../platform/http/caller.ts';
import type { Location } from '../platform/service-area.ts';

/** What other contexts may know of a partner taxi company: who it is, who operates it, its tariff. */
export interface TaxiCompanyTerms {
  readonly companyId: string;
  readonly name: string;
  /** Subjects with the taxi_operator role who act for the company. */
  readonly operators: readonly string[];
  readonly tariff: Tariff;
}

/**
 * The module interface of dispatch's partner taxis, as ordering uses it to price and book taxi
 * rides and to check who may read a company's settlement. Dispatch implements it over its own
 * table (dispatch/adapters/taxi-fleet.ts); the two meet only in the wiring (wiring/ride-wiring.ts).
 */
export interface TaxiFleet {
  /** The company of the nearest partner taxi that could be offered a ride from `pickup` now. */
  nearestAvailableTaxiCompanyId(pickup: Location, now: Date): Promise<string | undefined>;
  company(companyId: string): Promise<TaxiCompanyTerms | undefined>;
}

/** Admins act for every company; a taxi operator only for a company that lists it. */
export function assertActsForCompany(caller: Caller, company: Pick<TaxiCompanyTerms, 'operators'>): void {
  if (hasRole(caller, 'admin')) return;
  if (!hasRole(caller, 'taxi_operator') || !company.operators.includes(caller.sub)) {
    throw new ForbiddenError('You do not operate this taxi company');
  }
}
