/**
 * What one run of `npm run simulate` found: written as JSON next to the HTML report, and the only
 * input of the report (report/html.ts), so the report can be drawn again from a stored run.
 *
 * Two clocks: machine latencies (ready → offer) are in wall-clock milliseconds, since the code
 * runs at its own speed whatever `--speed` says; everything people do (drivers taking an offer,
 * riding, delivering) runs `speed` times faster than life, so durations that include them are
 * given back in scenario seconds (wall seconds × speed).
 */
export type OrderKind = 'MEDICINE' | 'FOOD' | 'RIDE';
export type Outcome = 'DELIVERED' | 'FAILED' | 'CANCELLED' | 'OPEN';

export interface Percentiles {
  /** How many values the percentiles are over. */
  readonly count: number;
  /** Nearest-rank; null over no value. */
  readonly p50: number | null;
  readonly p95: number | null;
}

/** One target a scenario states, and how the run did against it. */
export interface TargetResult {
  readonly name: string;
  /** The target as people read it, e.g. "ready → assigned p95 ≤ 10 min". */
  readonly target: string;
  /** The run's figure, as text, e.g. "6 min 12 s". */
  readonly actual: string;
  readonly met: boolean;
}

export interface SimulationFigures {
  readonly orders: number;
  readonly delivered: number;
  readonly failed: number;
  /**
   * Of `failed`, those the scenario's people caused on purpose (nobody home, a passenger who got
   * out on the way); the rest are the system's (no driver found, a job given up).
   */
  readonly failedAtTheDoor: number;
  readonly cancelled: number;
  /** Still in play when the run ended. */
  readonly open: number;
  /**
   * Dispatch due to look (READY, the ride requested, the food's pickup lead) → the first offer
   * stored, wall-clock milliseconds: dispatch's own speed, over the jobs whose first search found
   * a driver free.
   */
  readonly readyToOfferMs: Percentiles;
  /**
   * Jobs whose first search found no driver free (all busy, switched off or out of reach): they
   * waited for the fleet, and are left out of `readyToOfferMs` (ready → assigned counts them).
   */
  readonly foundNobodyFree: number;
  /** READY → a driver assigned, scenario seconds. */
  readonly readyToAssignedSeconds: Percentiles;
  /** Offers made per job that was assigned (declines and silences make it grow). */
  readonly offersPerJob: { readonly mean: number | null; readonly max: number | null };
  /** Share of the drivers' online time spent holding a job (assigned to delivered), 0..1. */
  readonly driverUtilisation: number;
  /** Festival scenarios only: discounted orders against the promotion's quota. */
  readonly promotion: { readonly redemptions: number; readonly quota: number } | null;
}

export interface SimulationResult {
  readonly scenario: {
    readonly name: string;
    readonly title: string;
    /** One paragraph: who does what, at what rate. */
    readonly description: string;
    readonly speed: number;
    /** Scenario minutes simulated. */
    readonly minutes: number;
    /** When the scenario's clock started (ISO 8601 with +07:00). */
    readonly startedAt: string;
    readonly wallSeconds: number;
    readonly drivers: number;
  };
  readonly figures: SimulationFigures;
  readonly targets: readonly TargetResult[];
  readonly series: {
    /** One value per assigned job, scenario seconds: the histogram of ready → assigned. */
    readonly readyToAssignedSeconds: readonly number[];
    /** Deliveries (and completed rides) per scenario hour; `hour` is the WIB label, e.g. "07:00". */
    readonly deliveriesPerHour: readonly { readonly hour: string; readonly deliveries: number }[];
    /** Jobs in play, sampled through the run. */
    readonly openJobs: readonly { readonly minute: number; readonly open: number }[];
    /** Where each order came from (the pickup: pharmacy, stall, or where the ride starts). */
    readonly origins: readonly { readonly lat: number; readonly lng: number; readonly kind: OrderKind; readonly outcome: Outcome }[];
  };
  /** The map's backdrop: the regency's outline box and kecamatan centres, for a map with no tiles. */
  readonly area: {
    readonly bbox: { readonly minLat: number; readonly maxLat: number; readonly minLng: number; readonly maxLng: number };
    readonly kecamatan: readonly { readonly name: string; readonly lat: number; readonly lng: number }[];
  };
}
