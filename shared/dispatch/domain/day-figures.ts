import { JOB_KINDS } from '../../kernel/dispatch-messages.ts';
import { wibDay } from '../../platform/time.ts';
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

/** A job of a day as the store reads it back: with its id, which fixes the tally shard it counts in. */
export type StoredDayJob = DayJob & Pick<DispatchJob, 'jobId'>;

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

/**
 * What the figures are summed from: one kind's jobs of one WIB day, as the store keeps them (in
 * several shards, summed at read time). Durations are exact histograms, whole seconds → jobs, so
 * the nearest-rank median and p90 read from them equal those taken over the jobs themselves.
 */
export interface KindDayTally {
  readonly kind: JobKind;
  readonly orders: number;
  readonly open: number;
  readonly delivered: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly toAssigned: Readonly<Record<number, number>>;
  readonly toDelivered: Readonly<Record<number, number>>;
}

/** One job's share of its day: where it stands and how long it took, or undefined when it never became ready on any day. */
export interface JobShare {
  readonly day: string;
  readonly kind: JobKind;
  readonly outcome: Outcome;
  readonly toAssigned?: number;
  readonly toDelivered?: number;
}

export function jobShare(job: DayJob): JobShare | undefined {
  const readyAt = new Date(job.readyAt);
  if (!Number.isFinite(readyAt.getTime())) return undefined;
  const toAssigned = secondsUntil(job, 'ASSIGNED');
  const toDelivered = job.status === 'DELIVERED' ? secondsUntil(job, 'DELIVERED') : undefined;
  return {
    day: wibDay(readyAt),
    kind: job.kind,
    outcome: OUTCOME_OF[job.status],
    ...(toAssigned === undefined ? {} : { toAssigned }),
    ...(toDelivered === undefined ? {} : { toDelivered }),
  };
}

/** Counts and histogram entries to add to one kind-day tally (negative to take away); none listed when zero. */
export interface TallyChange {
  readonly day: string;
  readonly kind: JobKind;
  readonly counts: Partial<Record<'orders' | Outcome, number>>;
  readonly toAssigned: Readonly<Record<number, number>>;
  readonly toDelivered: Readonly<Record<number, number>>;
}

/**
 * How a job's write moves its day's figures: the previous state's share taken away, the next
 * one's added, netted per (day, kind). Most steps (offered, picked up) change nothing and give no
 * change at all; a job brought forward across midnight leaves one day for the other.
 */
export function tallyChanges(previous: DayJob | undefined, next: DayJob): TallyChange[] {
  const changes = new Map<string, { day: string; kind: JobKind; counts: Record<string, number>; toAssigned: Record<number, number>; toDelivered: Record<number, number> }>();
  const add = (share: JobShare | undefined, sign: 1 | -1) => {
    if (!share) return;
    const key = `${share.day}#${share.kind}`;
    const change = changes.get(key) ?? { day: share.day, kind: share.kind, counts: {}, toAssigned: {}, toDelivered: {} };
    changes.set(key, change);
    change.counts.orders = (change.counts.orders ?? 0) + sign;
    change.counts[share.outcome] = (change.counts[share.outcome] ?? 0) + sign;
    if (share.toAssigned !== undefined) change.toAssigned[share.toAssigned] = (change.toAssigned[share.toAssigned] ?? 0) + sign;
    if (share.toDelivered !== undefined) change.toDelivered[share.toDelivered] = (change.toDelivered[share.toDelivered] ?? 0) + sign;
  };
  add(previous && jobShare(previous), -1);
  add(jobShare(next), 1);
  const nonZero = <K extends string | number>(record: Record<K, number>) => Object.fromEntries(Object.entries(record).filter(([, n]) => n !== 0)) as Record<K, number>;
  return [...changes.values()]
    .map((c) => ({ day: c.day, kind: c.kind, counts: nonZero(c.counts), toAssigned: nonZero(c.toAssigned), toDelivered: nonZero(c.toDelivered) }))
    .filter((c) => Object.keys(c.counts).length + Object.keys(c.toAssigned).length + Object.keys(c.toDelivered).length > 0);
}

/** The tallies recomputed from the jobs of one day (per kind, every kind): what the stored ones must sum to. */
export function dayTallies(jobs: readonly DayJob[]): KindDayTally[] {
  return JOB_KINDS.map((kind) => {
    const tally = { kind, orders: 0, open: 0, delivered: 0, failed: 0, cancelled: 0, toAssigned: {} as Record<number, number>, toDelivered: {} as Record<number, number> };
    for (const job of jobs) {
      const share = job.kind === kind ? jobShare(job) : undefined;
      if (!share) continue;
      tally.orders++;
      tally[share.outcome]++;
      if (share.toAssigned !== undefined) tally.toAssigned[share.toAssigned] = (tally.toAssigned[share.toAssigned] ?? 0) + 1;
      if (share.toDelivered !== undefined) tally.toDelivered[share.toDelivered] = (tally.toDelivered[share.toDelivered] ?? 0) + 1;
    }
    return tally;
  });
}

/** Nearest-rank median and p90 read from a histogram (seconds → jobs), as durationOf takes them from the samples. */
export function durationOfHistogram(histogram: Readonly<Record<number, number>>): Duration {
  const bins = Object.entries(histogram)
    .map(([seconds, n]) => [Number(seconds), n] as const)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a - b);
  const count = bins.reduce((sum, [, n]) => sum + n, 0);
  const at = (percent: number): number | null => {
    if (count === 0) return null;
    const rank = Math.max(1, Math.ceil((percent / 100) * count));
    let seen = 0;
    for (const [seconds, n] of bins) if ((seen += n) >= rank) return seconds;
    return null;
  };
  return { count, medianSeconds: at(50), p90Seconds: at(90) };
}

/** Sums tallies (the shards of one kind, or the kinds for the totals). */
function sumTallies(kind: JobKind, tallies: readonly Omit<KindDayTally, 'kind'>[]): KindDayTally {
  const sum = { kind, orders: 0, open: 0, delivered: 0, failed: 0, cancelled: 0, toAssigned: {} as Record<number, number>, toDelivered: {} as Record<number, number> };
  for (const t of tallies) {
    for (const column of ['orders', 'open', 'delivered', 'failed', 'cancelled'] as const) sum[column] += t[column];
    for (const [seconds, n] of Object.entries(t.toAssigned)) sum.toAssigned[Number(seconds)] = (sum.toAssigned[Number(seconds)] ?? 0) + n;
    for (const [seconds, n] of Object.entries(t.toDelivered)) sum.toDelivered[Number(seconds)] = (sum.toDelivered[Number(seconds)] ?? 0) + n;
  }
  return sum;
}

function figuresOfTally(t: KindDayTally): Figures {
  return {
    orders: t.orders,
    open: t.open,
    delivered: t.delivered,
    failed: t.failed,
    cancelled: t.cancelled,
    readyToAssigned: durationOfHistogram(t.toAssigned),
    readyToDelivered: durationOfHistogram(t.toDelivered),
  };
}

/** The day's figures from its stored tallies (any number per kind: the store's shards), in total and for each kind. */
export function dayFiguresFromTallies(day: string, asOf: string, tallies: readonly KindDayTally[]): DayFigures {
  const byKind = JOB_KINDS.map((kind) => sumTallies(kind, tallies.filter((t) => t.kind === kind)));
  return {
    day,
    timeZone: 'Asia/Jakarta',
    asOf,
    totals: figuresOfTally(sumTallies('MEDICINE', byKind)),
    byKind: byKind.map((t) => ({ kind: t.kind, ...figuresOfTally(t) })),
  };
}

/** The day's figures, in total and for each kind, straight from every job that became ready that day: the reference for the tallies. */
export function dayFigures(day: string, asOf: string, jobs: readonly DayJob[]): DayFigures {
  return dayFiguresFromTallies(day, asOf, dayTallies(jobs));
}
