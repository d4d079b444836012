import type { Page } from '../../platform/pagination.ts';
import type { Clock } from '../../platform/time.ts';
import type { Driver } from '../domain/driver.ts';
import type { DispatchAudit, DispatchJob } from '../domain/dispatch-job.ts';
import type { KindDayTally, StoredDayJob } from '../domain/day-figures.ts';

/** Every registered driver, for the operations room (admin only), in driver id order. */
export interface DriverRoster {
  listAllDrivers(page: { limit: number; cursor?: string }): Promise<Page<Driver>>;
}

/**
 * The jobs not yet finished, status by status in OPEN_JOB_STATUSES order, within a status by
 * readiness. The cursor says which status and where in it the next page starts.
 */
export interface OpenJobs {
  listOpenJobs(page: { limit: number; cursor?: string }): Promise<Page<DispatchJob>>;
}

export interface JobsByDay {
  /**
   * The stored tallies of a WIB day (any number per kind: they are summed), kept with the jobs: what
   * the day figures read. Their histograms may hold whole minutes where no median or p90 falls.
   */
  dayTallies(day: string): Promise<KindDayTally[]>;
  /** The jobs whose goods became ready (`readyAt`) on a WIB day, whatever became of them, in readiness order: only to recompute the tallies (and rebuild them). */
  jobsReadyOn(day: string, page: { limit: number; cursor?: string }): Promise<Page<StoredDayJob>>;
}

/** A job and the decisions dispatch recorded about it (the audit kept with the job). */
export interface JobDecisions {
  getJob(jobId: string): Promise<DispatchJob | undefined>;
  auditOf(jobId: string): Promise<DispatchAudit[]>;
}

export interface DispatchOperationsPorts {
  readonly roster: DriverRoster;
  readonly openJobs: OpenJobs;
  readonly decisions: JobDecisions;
  readonly jobsByDay: JobsByDay;
  readonly clock: Clock;
  /** After how long without a location report an available driver counts as STALE (GANCANG_DRIVER_STALE_SECONDS). */
  readonly staleSeconds: number;
}
