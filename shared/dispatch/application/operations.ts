import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { requireRole, type Caller } from '../../platform/http/caller.ts';
import type { Page } from '../../platform/pagination.ts';
import { toWibIso, wibDay } from '../../platform/time.ts';
import type { Location } from '../../platform/service-area.ts';
import type { Fleet, VehicleType } from '../domain/eligibility.ts';
import { driverStateOf, roughPoint, type DriverState } from '../domain/driver-state.ts';
import { OPEN_JOB_STATUSES, type DispatchAudit, type DispatchJob, type OpenJobStatus } from '../domain/dispatch-job.ts';
import { dayFiguresFromTallies, dayTallies, type DayFigures, type KindDayTally, type StoredDayJob } from '../domain/day-figures.ts';
import type { DispatchOperationsPorts, JobsByDay } from '../ports/operations-ports.ts';
import { firstName } from './job-particulars.ts';

/** A driver on the operations map: enough to place and recognise them, nothing to reach them by (no phone, no surname). */
export interface DriverOnMap {
  readonly driverId: string;
  readonly firstName: string;
  readonly vehicle: { readonly type: VehicleType; readonly plate: string };
  readonly fleet: { readonly kind: Fleet; readonly companyId?: string };
  readonly state: DriverState;
  readonly location: Location | null;
  readonly lastSeenAt: string | null;
}

/**
 * One page of the drivers for the live map, each with its state as of now. With `state`, the page
 * keeps only the drivers in that state: a page may then hold fewer than `limit` (even none) while
 * `nextCursor` says there is more to read. The state depends on the clock (STALE), so it cannot be
 * an index key; the roster is bounded by the fleet's size.
 */
export async function listDriversOnMap(
  ports: DispatchOperationsPorts,
  caller: Caller,
  query: { limit: number; cursor?: string; state?: DriverState },
): Promise<Page<DriverOnMap>> {
  requireRole(caller, 'admin');
  const page = await ports.roster.listAllDrivers({ limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) });
  const nowMs = ports.clock.now().getTime();
  const items = page.items
    .map((driver): DriverOnMap => ({
      driverId: driver.driverId,
      firstName: firstName(driver.name),
      vehicle: { type: driver.vehicle.type, plate: driver.vehicle.plate },
      fleet: driver.fleet.companyId === undefined ? { kind: driver.fleet.kind } : { kind: driver.fleet.kind, companyId: driver.fleet.companyId },
      state: driverStateOf(driver, nowMs, ports.staleSeconds),
      location: driver.location ? { lat: driver.location.lat, lng: driver.location.lng } : null,
      lastSeenAt: driver.lastSeenAt ?? null,
    }))
    .filter((driver) => query.state === undefined || driver.state === query.state);
  return { items, nextCursor: page.nextCursor };
}

/** A job on the operations map: where it starts, roughly where it ends, and who has it. */
export interface JobOnMap {
  readonly jobId: string;
  readonly kind: DispatchJob['kind'];
  readonly orderId: string;
  readonly status: OpenJobStatus;
  readonly readyAt: string;
  /** When the job entered its current status. */
  readonly since: string;
  readonly pickup: { readonly location: Location; readonly kecamatan: string };
  readonly dropoff: { readonly area: Location; readonly kecamatan: string };
  readonly driverId: string | null;
}

/** One page of the jobs still in play, for the live map (admins only). */
export async function listJobsOnMap(ports: DispatchOperationsPorts, caller: Caller, query: { limit: number; cursor?: string }): Promise<Page<JobOnMap>> {
  requireRole(caller, 'admin');
  const page = await ports.openJobs.listOpenJobs({ limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) });
  const items = page.items.flatMap((job): JobOnMap[] => {
    const status = OPEN_JOB_STATUSES.find((open) => open === job.status);
    // The index key is written with the status, so every job read is open; this only narrows the type.
    if (status === undefined) return [];
    return [
      {
        jobId: job.jobId,
        kind: job.kind,
        orderId: job.orderId,
        status,
        readyAt: job.readyAt,
        since: job.timeline.at(-1)?.at ?? job.updatedAt,
        pickup: { location: { lat: job.pickup.location.lat, lng: job.pickup.location.lng }, kecamatan: job.pickup.kecamatan },
        dropoff: { area: roughPoint(job.dropoff.location), kecamatan: job.dropoff.kecamatan },
        driverId: job.driver?.driverId ?? null,
      },
    ];
  });
  return { items, nextCursor: page.nextCursor };
}

/** One decision dispatch made about a job, as the operations room reads it: drivers by id only. */
export interface JobDecision {
  readonly at: string;
  readonly decision: DispatchAudit['decision'];
  readonly chosenDriverId: string | null;
  readonly distanceKm: number | null;
  readonly candidates: readonly { readonly driverId: string; readonly distanceKm: number; readonly verdict: string }[];
  readonly cellsRead: number;
  readonly note: string | null;
}

/**
 * Why a job went to whom, or waited (admins only): every decision dispatch recorded about it,
 * oldest first, each with the drivers it considered, how far each was and the rule each failed.
 * What an operator asks when a pharmacy calls about an order nobody has taken.
 */
export async function listJobDecisions(ports: DispatchOperationsPorts, caller: Caller, jobId: string): Promise<{ items: JobDecision[] }> {
  requireRole(caller, 'admin');
  const job = await ports.decisions.getJob(jobId);
  if (!job) throw new NotFoundError('Job');
  const audits = await ports.decisions.auditOf(jobId);
  const items = audits
    .map((audit): JobDecision => ({
      at: audit.at,
      decision: audit.decision,
      chosenDriverId: audit.chosenDriverId ?? null,
      distanceKm: audit.distanceKm ?? null,
      candidates: audit.candidates.map(({ driverId, distanceKm, verdict }) => ({ driverId, distanceKm, verdict })),
      cellsRead: audit.cellsRead,
      note: audit.note ?? null,
    }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { items };
}

/** How far back the day figures reach: a year and a month, enough to compare a day with the same day last year. */
export const DAY_FIGURES_MAX_DAYS_BACK = 400;
const daysBetween = (fromDay: string, toDay: string): number => (Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000;

/**
 * The figures of one WIB day (today by default) over the jobs that became ready that day (admins
 * only). A day not yet begun has no figures, and one more than DAY_FIGURES_MAX_DAYS_BACK ago is
 * refused: both 400 INVALID_PERIOD.
 *
 * It reads the day's tallies, kept in the same transactions as the jobs (day-figures.ts): a few
 * items per kind, whatever the day's volume, with exact duration histograms so the percentiles are
 * those of the jobs themselves.
 */
export async function readDayFigures(ports: DispatchOperationsPorts, caller: Caller, query: { day?: string }): Promise<DayFigures> {
  requireRole(caller, 'admin');
  const now = ports.clock.now();
  const today = wibDay(now);
  const day = query.day ?? today;
  const back = daysBetween(day, today);
  if (back < 0) throw new ValidationError('That day has not come yet', [{ path: 'day', message: `must not be after today (${today}, WIB)` }], 'INVALID_PERIOD');
  if (back > DAY_FIGURES_MAX_DAYS_BACK) {
    throw new ValidationError(`Figures reach back ${DAY_FIGURES_MAX_DAYS_BACK} days`, [{ path: 'day', message: `must be at most ${DAY_FIGURES_MAX_DAYS_BACK} days before today (${today}, WIB)` }], 'INVALID_PERIOD');
  }
  return dayFiguresFromTallies(day, toWibIso(now), await ports.jobsByDay.dayTallies(day));
}

/** Jobs read per query when a day is read in full (one query stays well under DynamoDB's 1 MB page). */
const DAY_PAGE = 500;

/** Every job that became ready on a WIB day (O(jobs)): never on a request path, only to recompute or rebuild its tallies. */
export async function jobsReadyOnDay(jobsByDay: Pick<JobsByDay, 'jobsReadyOn'>, day: string): Promise<StoredDayJob[]> {
  const jobs: StoredDayJob[] = [];
  let cursor: string | undefined;
  do {
    const page = await jobsByDay.jobsReadyOn(day, { limit: DAY_PAGE, ...(cursor === undefined ? {} : { cursor }) });
    jobs.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return jobs;
}

/**
 * A day's tallies recomputed from every job that became ready on it (O(jobs)): never on a request
 * path, only to check the stored ones (they must sum to the same figures).
 */
export async function recomputeDayTallies(jobsByDay: Pick<JobsByDay, 'jobsReadyOn'>, day: string): Promise<KindDayTally[]> {
  return dayTallies(await jobsReadyOnDay(jobsByDay, day));
}
