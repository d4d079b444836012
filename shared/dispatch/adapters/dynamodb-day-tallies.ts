import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient, type TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { JOB_KINDS } from '../../kernel/dispatch-messages.ts';
import { TALLY_REVISION } from '../../platform/dynamodb-items.ts';
import { dayTallies, durationOfHistogram, tallyChanges, type DayJob, type JobKind, type KindDayTally, type StoredDayJob } from '../domain/day-figures.ts';

/**
 * The day figures' tallies on the dispatch table, in one partition per WIB day:
 *   counts     pk DAYFIGURES#<day>  sk T#<kind>#<shard>            orders, open, delivered, failed,
 *                                                                   cancelled, and per-minute histograms
 *                                                                   (`am<minute>`, `dm<minute>`)
 *   seconds    pk DAYFIGURES#<day>  sk H#<kind>#<a|d>#<minute>      jobs per whole second of that
 *                                                                   minute (`s<seconds>`)
 * `a` is ready → first assigned, `d` ready → delivered. Exact percentiles need whole seconds, but
 * reading every second's bin of a busy day costs as many attributes as there are distinct seconds
 * (thousands at 100 000 jobs). So the minutes are read (a few hundred at most), the minute holding
 * each median and p90 is found in them, and only those minutes' seconds are read: a constant
 * number of items whatever the day's volume, and the same percentiles as over the jobs themselves.
 */
type Transact = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];
type Measure = 'a' | 'd';

const MEASURES: readonly { readonly measure: Measure; readonly of: 'toAssigned' | 'toDelivered' }[] = [
  { measure: 'a', of: 'toAssigned' },
  { measure: 'd', of: 'toDelivered' },
];
const COUNTS = ['orders', 'open', 'delivered', 'failed', 'cancelled'] as const;

/**
 * Each kind's counts of a day are kept in this many items, a job always in the same one (by its
 * id): every job of a busy day changes its day's counts when it is created and when it ends, and
 * on one item those transactions would cancel each other (TransactionConflict) and share one
 * item's write rate. The seconds' items are spread by themselves (by minute of duration).
 */
export const DAY_TALLY_SHARDS = 8;

export const dayTallyPartition = (day: string): string => `DAYFIGURES#${day}`;

export function dayTallyShard(jobId: string): number {
  let hash = 0;
  for (let i = 0; i < jobId.length; i++) hash = (hash * 31 + jobId.charCodeAt(i)) >>> 0;
  return hash % DAY_TALLY_SHARDS;
}

const countsKey = (day: string, kind: string, shard: number) => ({ pk: dayTallyPartition(day), sk: `T#${kind}#${shard}` });
const secondsKey = (day: string, kind: string, measure: Measure, minute: number) => ({ pk: dayTallyPartition(day), sk: `H#${kind}#${measure}#${minute}` });
const minuteOf = (seconds: number | string): number => Math.floor(Number(seconds) / 60);

/** Sums a histogram of seconds into one of minutes. */
function byMinute(seconds: Readonly<Record<number, number>>): Record<number, number> {
  const minutes: Record<number, number> = {};
  for (const [s, n] of Object.entries(seconds)) minutes[minuteOf(s)] = (minutes[minuteOf(s)] ?? 0) + n;
  return minutes;
}

function update(key: Record<string, string>, set: Record<string, unknown>, adds: Record<string, number>): Transact | undefined {
  const entries = Object.entries(adds).filter(([, n]) => n !== 0);
  if (entries.length === 0) return undefined;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(set).map(([attribute, value], i) => {
    names[`#s${i}`] = attribute;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const added = entries.map(([attribute, n], i) => {
    names[`#n${i}`] = attribute;
    values[`:n${i}`] = n;
    return `#n${i} :n${i}`;
  });
  names['#rev'] = TALLY_REVISION;
  values[':rev'] = 1;
  return { Update: { TableName: '', Key: key, UpdateExpression: `SET ${sets.join(', ')} ADD ${added.join(', ')}, #rev :rev`, ExpressionAttributeNames: names, ExpressionAttributeValues: values } };
}

/** The updates that move the day tallies with one job write, in its transaction (none for most steps: offered, picked up). */
export function dayTallyUpdates(tableName: string, previous: DayJob | undefined, next: DayJob & { readonly jobId: string }): Transact[] {
  const updates: (Transact | undefined)[] = [];
  for (const change of tallyChanges(previous, next)) {
    const adds: Record<string, number> = { ...change.counts };
    for (const { measure, of } of MEASURES) for (const [minute, n] of Object.entries(byMinute(change[of]))) adds[`${measure}m${minute}`] = n;
    updates.push(update(countsKey(change.day, change.kind, dayTallyShard(next.jobId)), { entity: 'DayTally', kind: change.kind }, adds));
    for (const { measure, of } of MEASURES) {
      const minutes = new Map<number, Record<string, number>>();
      for (const [seconds, n] of Object.entries(change[of])) minutes.set(minuteOf(seconds), { ...minutes.get(minuteOf(seconds)), [`s${seconds}`]: n });
      for (const [minute, bins] of minutes) updates.push(update(secondsKey(change.day, change.kind, measure, minute), { entity: 'DayTallySeconds' }, bins));
    }
  }
  return updates.flatMap((u) => (u ? [{ Update: { ...u.Update!, TableName: tableName } }] : []));
}

/** The day's tallies as stored (the bench writes these beside jobs it seeds in bulk): one list of tallies per shard. */
export function dayTallyItems(day: string, shards: readonly (readonly KindDayTally[])[]): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  const seconds = new Map<string, Record<string, unknown>>();
  for (const [shard, tallies] of shards.entries()) {
    for (const tally of tallies) {
      const item: Record<string, unknown> = { ...countsKey(day, tally.kind, shard), entity: 'DayTally', kind: tally.kind };
      for (const column of COUNTS) item[column] = tally[column];
      for (const { measure, of } of MEASURES) {
        for (const [minute, n] of Object.entries(byMinute(tally[of]))) item[`${measure}m${minute}`] = n;
        for (const [s, n] of Object.entries(tally[of])) {
          const key = secondsKey(day, tally.kind, measure, minuteOf(s));
          const bins = seconds.get(key.sk) ?? { ...key, entity: 'DayTallySeconds' };
          bins[`s${s}`] = ((bins[`s${s}`] as number | undefined) ?? 0) + n;
          seconds.set(key.sk, bins);
        }
      }
      items.push(item);
    }
  }
  return [...items, ...seconds.values()];
}

/** The day's tallies as stored, recomputed from its jobs: each job counted in its own shard, as its writes count it. */
export function dayTallyItemsOfJobs(day: string, jobs: readonly StoredDayJob[]): Record<string, unknown>[] {
  const shards = Array.from({ length: DAY_TALLY_SHARDS }, (_, shard) => dayTallies(jobs.filter((job) => dayTallyShard(job.jobId) === shard)));
  return dayTallyItems(day, shards);
}

interface Coarse {
  readonly counts: Record<(typeof COUNTS)[number], number>;
  readonly minutes: Record<Measure, Record<number, number>>;
}

/**
 * The day's tallies, per kind, for the figures: exact counts, and histograms that are exact to the
 * second in the minutes holding a median or a p90 (of a kind or of the totals) and one bin per
 * minute elsewhere. A nearest-rank percentile reads only the bin its rank falls in, so these give
 * the same median and p90 as the full histograms (see the comment at the top).
 */
export async function readDayTallies(documents: DynamoDBDocumentClient, tableName: string, day: string): Promise<KindDayTally[]> {
  const coarse = new Map<JobKind, Coarse>(JOB_KINDS.map((kind) => [kind, { counts: { orders: 0, open: 0, delivered: 0, failed: 0, cancelled: 0 }, minutes: { a: {}, d: {} } }]));
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :counts)',
        ExpressionAttributeValues: { ':pk': dayTallyPartition(day), ':counts': 'T#' },
        ConsistentRead: true,
        ...(startKey && { ExclusiveStartKey: startKey }),
      }),
    );
    for (const item of page.Items ?? []) {
      const mine = coarse.get(item.kind as JobKind);
      if (!mine) continue;
      for (const column of COUNTS) mine.counts[column] += typeof item[column] === 'number' ? item[column] : 0;
      for (const [name, value] of Object.entries(item)) {
        const bin = /^([ad])m(\d+)$/.exec(name);
        if (bin && typeof value === 'number') mine.minutes[bin[1] as Measure][Number(bin[2])] = (mine.minutes[bin[1] as Measure][Number(bin[2])] ?? 0) + value;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);

  // The minutes whose seconds are needed: those holding a median or p90, of each kind and of all kinds together.
  const needed: Record<Measure, Set<number>> = { a: new Set(), d: new Set() };
  for (const { measure } of MEASURES) {
    const all: Record<number, number> = {};
    for (const { minutes } of coarse.values()) for (const [m, n] of Object.entries(minutes[measure])) all[Number(m)] = (all[Number(m)] ?? 0) + n;
    for (const histogram of [all, ...[...coarse.values()].map(({ minutes }) => minutes[measure])]) {
      const { medianSeconds, p90Seconds } = durationOfHistogram(histogram);
      for (const minute of [medianSeconds, p90Seconds]) if (minute !== null) needed[measure].add(minute);
    }
  }
  const keys = JOB_KINDS.flatMap((kind) =>
    MEASURES.flatMap(({ measure }) => [...needed[measure]].filter((m) => (coarse.get(kind)!.minutes[measure][m] ?? 0) !== 0).map((m) => secondsKey(day, kind, measure, m))),
  );
  const fine = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Record<string, unknown>[] = keys.slice(start, start + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt)));
      const result = await documents.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
      for (const item of result.Responses?.[tableName] ?? []) fine.set(item.sk as string, item);
      pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }

  return JOB_KINDS.map((kind) => {
    const { counts, minutes } = coarse.get(kind)!;
    const histogram = (measure: Measure): Record<number, number> => {
      const bins: Record<number, number> = {};
      for (const [m, n] of Object.entries(minutes[measure])) {
        const minute = Number(m);
        const seconds = needed[measure].has(minute) ? fine.get(secondsKey(day, kind, measure, minute).sk) : undefined;
        if (!seconds) {
          if (n !== 0) bins[minute * 60] = n;
          continue;
        }
        for (const [name, value] of Object.entries(seconds)) {
          const bin = /^s(\d+)$/.exec(name);
          if (bin && typeof value === 'number' && value !== 0) bins[Number(bin[1])] = value;
        }
      }
      return bins;
    };
    return { kind, ...counts, toAssigned: histogram('a'), toDelivered: histogram('d') };
  });
}
