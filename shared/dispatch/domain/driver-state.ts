import type { Driver } from './driver.ts';

/**
 * How the operations room sees a driver on its live map. Unlike eligibility (which names the
 * first reason a driver is passed over for one job), this is one word per driver, whatever job.
 */
export const DRIVER_STATES = ['AVAILABLE', 'BUSY', 'STALE', 'OFFLINE'] as const;
export type DriverState = (typeof DRIVER_STATES)[number];

type StateInput = Pick<Driver, 'available' | 'lastSeenAt' | 'currentOfferId' | 'currentJobId'>;

/**
 * The rows are tried in order; the first that holds names the state. Holding work comes first:
 * a driver who switched off with a job in hand is still out delivering it. Staleness uses the
 * same limit and comparison as dispatch's STALE_LOCATION rule, so a driver the map shows as
 * AVAILABLE is one dispatch would offer work to.
 */
const DRIVER_STATE_RULES: readonly { readonly state: DriverState; readonly when: (driver: StateInput, nowMs: number, staleMs: number) => boolean }[] = [
  { state: 'BUSY', when: (driver) => driver.currentJobId !== undefined || driver.currentOfferId !== undefined },
  { state: 'OFFLINE', when: (driver) => !driver.available },
  {
    state: 'STALE',
    when: (driver, nowMs, staleMs) => {
      const seenMs = driver.lastSeenAt === undefined ? Number.NaN : Date.parse(driver.lastSeenAt);
      return Number.isNaN(seenMs) || nowMs - seenMs > staleMs;
    },
  },
  { state: 'AVAILABLE', when: () => true },
];

export function driverStateOf(driver: StateInput, nowMs: number, staleSeconds: number): DriverState {
  return DRIVER_STATE_RULES.find((rule) => rule.when(driver, nowMs, staleSeconds * 1000))?.state ?? 'AVAILABLE';
}

/**
 * A drop-off point as the operations map shows it: rounded to 0.01° (about 1.1 km at Banyuwangi's
 * latitude), enough to see where work is going without pointing at the recipient's house.
 */
export const roughPoint = (point: { readonly lat: number; readonly lng: number }): { lat: number; lng: number } => ({
  lat: Math.round(point.lat * 100) / 100,
  lng: Math.round(point.lng * 100) / 100,
});
