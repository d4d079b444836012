import { JOB_KINDS } from '../../kernel/dispatch-messages.ts';
import type { DispatchJob, DispatchJobStatus } from './dispatch-job.ts';

/** How long something took over a set of jobs: nearest-rank percentiles in whole seconds, null when no job had it. */
export interface Duration {
  readonly count: number;
  readonly medianSeconds: number | null;
  readonly p90Seconds: number | null;
}

export interface Figures {
  /** Jobs that became ready for a driver that day: the orders handed to dispatch. */
  readonly orders: number;
  readonly open: number;
  readonly delivered: number;
  readonly failed: number;
  readonly cancelled: number;
  /** readyAt → the first ASSIGNED step, over the jobs that were ever assigned. */
  readonly readyToAssigned: Duration;
  /** readyAt → DELIVERED, over the delivered jobs. */
  readonly readyToDelivered: Duration;
}

export type JobKind = (typeof JOB_KINDS)[number];

/** The operations room's figures of one WIB day, counted over the jobs whose `readyAt` falls on it. */
export interface DayFigures {
  readonly day: string;
  readonly timeZone: 'Asia/Jakarta';
  /** When the figures were read: the day's open jobs may still move on. */
  readonly asOf: string;
  readonly totals: Figures;
  /** Every kind, in JOB_KINDS order, kinds without jobs included (as zeros), so a chart keeps its columns. */
  readonly byKind: readonly ({ readonly kind: JobKind } & Figures)[];
}

/** What the figures need of a job. */
export type DayJob = Pick<DispatchJob, 'kind' | 'status' | 'readyAt' | 'timeline'>;

type Outcome = 'open' | 'delivered' | 'failed' | 'cancelled';

/**
 * Where each status counts: one row per status, so a status added to the lifecycle fails to
 * compile here until someone decides its column. A ride's completion is DELIVERED in dispatch;
 * a ride that found nobody (NO_DRIVER_FOUND) failed the citizen as much as a failed delivery.
 */
const OUTCOME_OF: Readonly<Record<DispatchJobStatus, Outcome>> = {
  WAITING: 'open',
  OFFERED: 'open',
  ASSIGNED: 'open',
  PICKED_UP: 'open',
  DELIVERY_LOCKED: 'open',
  DELIVERED: 'delivered',
  FAILED: 'failed',
  NO_DRIVER_FOUND: 'failed',
  CANCELLED: 'cancelled',
};

/** The p-th percentile by nearest rank: the smallest sample with at least p% of the samples at or below it. */
export function nearestRank(ascending: readonly number[], percent: number): number | null {
  if (ascending.length === 0) return null;
  const rank = Math.max(1, Math.ceil((percent / 100) * ascending.length));
  return ascending[rank - 1]!;
}

export function durationOf(seconds: readonly number[]): Duration {
  const ascending = [...seconds].sort((a, b) => a - b);
  return { count: ascending.length, medianSeconds: nearestRank(ascending, 50), p90Seconds: nearestRank(ascending, 90) };
}

/**
 * Whole seconds from `readyAt` to the first step with `status`, or undefined if the job never had
 * it. A reassigned job (given back, offered again) counts its first assignment: how long the
 * ready goods waited before a driver first said yes. Matching starts a lead time before `readyAt`,
 * so a driver may be assigned before the goods are ready: nobody waited, which counts as 0.
 */
function secondsUntil(job: DayJob, status: DispatchJobStatus): number | undefined {
  const step = job.timeline.find((entry) => entry.status === status);
  if (step === undefined) return undefined;
  const ms = Date.parse(step.at) - Date.parse(job.readyAt);
  return Number.isFinite(ms) ? Math.max(0, Math.round(ms / 1000)) : undefined;
}

function figuresOf(jobs: readonly DayJob[]): Figures {
  const counts: Record<Outcome, number> = { open: 0, delivered: 0, failed: 0, cancelled: 0 };
  const toAssigned: number[] = [];
  const toDelivered: number[] = [];
  for (const job of jobs) {
    counts[OUTCOME_OF[job.status]]++;
    const assigned = secondsUntil(job, 'ASSIGNED');
    if (assigned !== undefined) toAssigned.push(assigned);
    const delivered = job.status === 'DELIVERED' ? secondsUntil(job, 'DELIVERED') : undefined;
    if (delivered !== undefined) toDelivered.push(delivered);
  }
  return { orders: jobs.length, ...counts, readyToAssigned: durationOf(toAssigned), readyToDelivered: durationOf(toDelivered) };
}

/** The day's figures, in total and for each kind, from every job that became ready that day. */
export function dayFigures(day: string, asOf: string, jobs: readonly DayJob[]): DayFigures {
  return {
    day,
    timeZone: 'Asia/Jakarta',
    asOf,
    totals: figuresOf(jobs),
    byKind: JOB_KINDS.map((kind) => ({ kind, ...figuresOf(jobs.filter((job) => job.kind === kind)) })),
  };
}
