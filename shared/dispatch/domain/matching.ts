import { DistanceFrom, haversineKm, type GeoCell, type GeoGrid } from './geo-cells.ts';
import {
  DEFAULT_MAX_STALENESS_SECONDS,
  ineligibilityReason,
  type DriverSnapshot,
  type EligibilityContext,
  type IneligibilityReason,
  type MatchJob,
} from './eligibility.ts';

/**
 * Finds the nearest driver who may take a job: reads the geo index one ring of cells at a time,
 * outward from the pickup's cell, and stops as soon as no unread cell can hold anyone nearer
 * than the best driver found (or nearer than the search radius). The answer is by definition
 * the brute-force one: the eligible driver within the radius with the least
 * (haversineKm(pickup, driver), driverId); `bruteForceNearest` computes it the slow way, and
 * the tests and the bench hold the two to bit-identical answers.
 */

/** The geo index as matching sees it: the drivers filed under one cell (their current location's). */
export interface DriverIndex {
  readonly grid: GeoGrid;
  driversInCell(cell: GeoCell): readonly DriverSnapshot[];
}

/** The same, over storage: one query per cell (e.g. a DynamoDB GSI partition per cell key). */
export interface AsyncDriverIndex {
  readonly grid: GeoGrid;
  driversInCell(cell: GeoCell): Promise<readonly DriverSnapshot[]>;
}

export interface MatchOptions {
  /**
   * Nobody farther than this (straight line, inclusive) is offered the job; it waits and retries
   * instead. 30 km by default: enough for the 28 km between Genteng and Banyuwangi town, the
   * longest hop between neighbouring towns, while a driver farther off (the regency is ~90 km
   * north to south) would need an hour or more on the road just to reach the pickup.
   */
  readonly maxRadiusKm: number;
  readonly maxStalenessSeconds: number;
  /** How many passed-over drivers the result keeps for the audit record (the nearest ones). */
  readonly maxAuditCandidates: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = {
  maxRadiusKm: 30,
  maxStalenessSeconds: DEFAULT_MAX_STALENESS_SECONDS,
  maxAuditCandidates: 20,
};

/** A larger radius is a configuration mistake, and would make a search with nobody in reach long. */
const MAX_RADIUS_KM = 200;
/** Towards the poles the longitude bounds weaken and the rings stop being useful. */
const MAX_ABS_LATITUDE = 80;

export type CandidateVerdict = 'CHOSEN' | IneligibilityReason;

export interface MatchCandidate {
  readonly driverId: string;
  readonly distanceKm: number;
  readonly verdict: CandidateVerdict;
}

export interface MatchResult {
  readonly chosen: { readonly driver: DriverSnapshot; readonly distanceKm: number } | undefined;
  /**
   * For the audit record, nearest first: the drivers passed over on the way to the chosen one
   * (every driver ranked before it, or within the radius if nobody was chosen), each with the
   * rule it failed, at most `maxAuditCandidates` of them; then the chosen driver.
   */
  readonly candidates: readonly MatchCandidate[];
  /** Cells read from the index: for the DynamoDB index, one query each. */
  readonly cellsRead: number;
  /** Drivers the index returned in those cells. */
  readonly driversRead: number;
  /** Rings with at least one cell read: sequential round trips when a ring is read in parallel. */
  readonly ringsRead: number;
}

/** The cells of one ring worth reading, nearest first, with the least distance to each. */
export interface RingCells {
  readonly k: number;
  readonly cells: readonly { readonly cell: GeoCell; readonly lowerBoundKm: number }[];
}

function resolveOptions(job: MatchJob, options: Partial<MatchOptions>): MatchOptions {
  const resolved = { ...DEFAULT_MATCH_OPTIONS, ...options };
  if (!(resolved.maxRadiusKm > 0 && resolved.maxRadiusKm <= MAX_RADIUS_KM)) {
    throw new RangeError(`maxRadiusKm must be in (0, ${MAX_RADIUS_KM}], got ${resolved.maxRadiusKm}`);
  }
  if (!(resolved.maxStalenessSeconds >= 0)) throw new RangeError(`maxStalenessSeconds must be ≥ 0, got ${resolved.maxStalenessSeconds}`);
  if (!(Number.isInteger(resolved.maxAuditCandidates) && resolved.maxAuditCandidates >= 0)) {
    throw new RangeError(`maxAuditCandidates must be a non-negative integer, got ${resolved.maxAuditCandidates}`);
  }
  const { lat, lng } = job.pickup.location;
  if (!(Math.abs(lat) <= MAX_ABS_LATITUDE && Math.abs(lng) <= 180)) throw new RangeError(`pickup ${lat},${lng} is outside the grid's range`);
  return resolved;
}

/** Ranking order: nearer first, then the smaller driverId. */
const compareCandidates = (a: MatchCandidate, b: MatchCandidate): number =>
  a.distanceKm - b.distanceKm || (a.driverId < b.driverId ? -1 : a.driverId > b.driverId ? 1 : 0);

const rankedBefore = (distanceKm: number, driverId: string, chosen: { driver: DriverSnapshot; distanceKm: number }): boolean =>
  distanceKm < chosen.distanceKm || (distanceKm === chosen.distanceKm && driverId < chosen.driver.driverId);

function auditCandidates(
  passedOver: MatchCandidate[],
  chosen: { driver: DriverSnapshot; distanceKm: number } | undefined,
  max: number,
): MatchCandidate[] {
  const before = chosen === undefined ? passedOver : passedOver.filter((c) => rankedBefore(c.distanceKm, c.driverId, chosen));
  const kept = before.sort(compareCandidates).slice(0, max);
  return chosen === undefined ? kept : [...kept, { driverId: chosen.driver.driverId, distanceKm: chosen.distanceKm, verdict: 'CHOSEN' }];
}

/**
 * One search, step by step, so that a synchronous index and an asynchronous one (a ring's
 * cells queried in parallel) share every decision. Invariant: `limitKm` is the distance of the
 * best driver so far, or the radius; nothing farther than it can matter any more, neither as
 * the answer nor for the audit.
 */
export class NearestDriverSearch {
  private readonly options: MatchOptions;
  private readonly context: EligibilityContext;
  private readonly distance: DistanceFrom;
  private readonly home: GeoCell;
  private limitKm: number;
  private latSpanDeg = 0;
  private lngSpanDeg = 0;
  private best: { driver: DriverSnapshot; distanceKm: number } | undefined;
  private passedOver: MatchCandidate[] = [];
  private nextK = 0;
  private cellsRead = 0;
  private driversRead = 0;
  private ringsRead = 0;

  constructor(
    private readonly job: MatchJob,
    private readonly grid: GeoGrid,
    now: Date,
    options: Partial<MatchOptions> = {},
  ) {
    this.options = resolveOptions(job, options);
    this.context = { nowMs: now.getTime(), maxStalenessSeconds: this.options.maxStalenessSeconds };
    this.distance = new DistanceFrom(job.pickup.location);
    this.home = grid.cellOf(job.pickup.location);
    this.limitKm = this.options.maxRadiusKm;
    this.narrowTo(this.limitKm);
  }

  /** The next ring's cells that may hold someone within the limit; undefined when the search is over. */
  nextRing(): RingCells | undefined {
    for (;;) {
      const k = this.nextK;
      if (this.grid.ringLowerBoundKm(this.distance, k) > this.limitKm) return undefined;
      this.nextK = k + 1;
      const cells = this.grid
        .ring(this.home, k)
        .map((cell) => ({ cell, lowerBoundKm: this.grid.cellLowerBoundKm(this.distance, cell) }))
        .filter((c) => c.lowerBoundKm <= this.limitKm)
        .sort((a, b) => a.lowerBoundKm - b.lowerBoundKm);
      if (cells.length > 0) {
        this.ringsRead++;
        return { k, cells };
      }
    }
  }

  /** False once a nearer driver has been found than anything in a cell of that lower bound. */
  stillWorthReading(lowerBoundKm: number): boolean {
    return lowerBoundKm <= this.limitKm;
  }

  /** Takes in the drivers of one cell. */
  consider(drivers: readonly DriverSnapshot[]): void {
    this.cellsRead++;
    this.driversRead += drivers.length;
    const { lat, lng } = this.job.pickup.location;
    for (const driver of drivers) {
      // The box test spares the trigonometry for drivers that cannot be within the limit.
      const dLat = driver.location.lat - lat;
      if (dLat > this.latSpanDeg || dLat < -this.latSpanDeg) continue;
      const dLng = driver.location.lng - lng;
      if (dLng > this.lngSpanDeg || dLng < -this.lngSpanDeg) continue;
      const distanceKm = this.distance.km(driver.location);
      if (distanceKm > this.limitKm) continue;
      if (this.best !== undefined && !rankedBefore(distanceKm, driver.driverId, this.best)) continue;
      const reason = ineligibilityReason(driver, this.job, this.context);
      if (reason === undefined) {
        this.best = { driver, distanceKm };
        this.limitKm = distanceKm;
        this.narrowTo(distanceKm);
      } else {
        this.passOver({ driverId: driver.driverId, distanceKm, verdict: reason });
      }
    }
  }

  result(): MatchResult {
    return {
      chosen: this.best,
      candidates: auditCandidates(this.passedOver, this.best, this.options.maxAuditCandidates),
      cellsRead: this.cellsRead,
      driversRead: this.driversRead,
      ringsRead: this.ringsRead,
    };
  }

  private narrowTo(km: number): void {
    const box = this.distance.boxDegrees(km);
    this.latSpanDeg = box.lat;
    this.lngSpanDeg = box.lng;
  }

  private passOver(candidate: MatchCandidate): void {
    this.passedOver.push(candidate);
    // Only the nearest few can ever reach the audit record: keep the list short when many fail.
    const max = this.options.maxAuditCandidates;
    if (this.passedOver.length > 4 * max + 64) this.passedOver = this.passedOver.sort(compareCandidates).slice(0, max);
  }
}

/** The nearest eligible driver within the radius, reading `index` ring by ring. */
export function findNearest(job: MatchJob, index: DriverIndex, now: Date, options: Partial<MatchOptions> = {}): MatchResult {
  const search = new NearestDriverSearch(job, index.grid, now, options);
  for (let ring = search.nextRing(); ring !== undefined; ring = search.nextRing()) {
    for (const { cell, lowerBoundKm } of ring.cells) {
      if (search.stillWorthReading(lowerBoundKm)) search.consider(index.driversInCell(cell));
    }
  }
  return search.result();
}

/**
 * The same answer over an asynchronous index: each ring's cells are queried in parallel, so a
 * dispatch costs one round trip per ring (and possibly a few more cells than `findNearest`).
 */
export async function findNearestAsync(job: MatchJob, index: AsyncDriverIndex, now: Date, options: Partial<MatchOptions> = {}): Promise<MatchResult> {
  const search = new NearestDriverSearch(job, index.grid, now, options);
  for (let ring = search.nextRing(); ring !== undefined; ring = search.nextRing()) {
    const cells = await Promise.all(ring.cells.map(({ cell }) => index.driversInCell(cell)));
    for (const drivers of cells) search.consider(drivers);
  }
  return search.result();
}

/** The reference answer: every driver looked at. For tests and the bench. */
export function bruteForceNearest(job: MatchJob, drivers: Iterable<DriverSnapshot>, now: Date, options: Partial<MatchOptions> = {}): MatchResult {
  const resolved = resolveOptions(job, options);
  const context: EligibilityContext = { nowMs: now.getTime(), maxStalenessSeconds: resolved.maxStalenessSeconds };
  let chosen: { driver: DriverSnapshot; distanceKm: number } | undefined;
  const passedOver: MatchCandidate[] = [];
  let driversRead = 0;
  for (const driver of drivers) {
    driversRead++;
    const distanceKm = haversineKm(job.pickup.location, driver.location);
    if (distanceKm > resolved.maxRadiusKm) continue;
    const reason = ineligibilityReason(driver, job, context);
    if (reason !== undefined) passedOver.push({ driverId: driver.driverId, distanceKm, verdict: reason });
    else if (chosen === undefined || rankedBefore(distanceKm, driver.driverId, chosen)) chosen = { driver, distanceKm };
  }
  return { chosen, candidates: auditCandidates(passedOver, chosen, resolved.maxAuditCandidates), cellsRead: 0, driversRead, ringsRead: 0 };
}
