import type { Ride, RideStatus } from './ride.ts';

/** A completed taxi ride as the settlement counts it. */
export interface CompletedRide {
  readonly rideId: string;
  readonly completedAt: string;
  readonly distanceKm: number;
  readonly fareIdr: number;
}

/**
 * What a taxi company's settlement is summed from: its completed rides of one WIB day. The store
 * keeps one such tally per (company, day), added to in the transaction that completes a ride, so
 * a report over a period reads one item per day, never the rides. Distances are kept in whole
 * tenths of a km (as the fares round them) and summed as integers: no float drift.
 */
export interface CompanyDayTally {
  readonly companyId: string;
  readonly day: string;
  readonly rides: number;
  readonly tenths: number;
  readonly revenueIdr: number;
}

export const tenths = (km: number): number => Math.round(km * 10);

/** A ride counts once COMPLETED with a partner taxi company, on the WIB day it was completed. */
export function settlementShare(ride: Pick<Ride, 'status' | 'companyId' | 'completedAt' | 'distanceKm' | 'fareIdr'>): CompanyDayTally | undefined {
  if (ride.status !== 'COMPLETED' || ride.companyId === undefined || ride.completedAt === undefined) return undefined;
  // completedAt is written in WIB (+07:00): its date is the WIB day.
  return { companyId: ride.companyId, day: ride.completedAt.slice(0, 10), rides: 1, tenths: tenths(ride.distanceKm), revenueIdr: ride.fareIdr };
}

/** The share a change from status `from` to `next` adds: COMPLETED is final, so a ride is only ever added, once. */
export function settlementShareAdded(from: RideStatus, next: Ride): CompanyDayTally | undefined {
  return from === 'COMPLETED' ? undefined : settlementShare(next);
}

/** The tallies recomputed from the company's completed rides: what the stored ones must equal. */
export function settlementTallies(companyId: string, rides: readonly CompletedRide[]): CompanyDayTally[] {
  const byDay = new Map<string, CompanyDayTally>();
  for (const ride of rides) {
    const share = settlementShare({ ...ride, status: 'COMPLETED', companyId });
    if (!share) continue;
    const sum = byDay.get(share.day);
    byDay.set(share.day, sum ? { ...sum, rides: sum.rides + 1, tenths: sum.tenths + share.tenths, revenueIdr: sum.revenueIdr + share.revenueIdr } : share);
  }
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}
