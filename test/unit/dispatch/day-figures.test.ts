import { describe, expect, it } from 'vitest';
import { dayFigures, dayFiguresFromTallies, dayTallies, durationOf, durationOfHistogram, jobShare, nearestRank, tallyChanges, type DayJob, type KindDayTally, type TallyChange } from '#dispatch/domain/day-figures';
import type { DispatchJobStatus } from '#dispatch/domain/dispatch-job';

const READY = '2026-11-30T09:00:00.000+07:00';
const at = (seconds: number) => new Date(Date.parse(READY) + seconds * 1000).toISOString();

/** A job ready at 09:00 WIB that went through the steps given, each `[status, seconds after readyAt]`. */
function job(kind: DayJob['kind'], steps: [DispatchJobStatus, number][]): DayJob {
  const timeline = [{ status: 'WAITING' as const, at: READY }, ...steps.map(([status, seconds]) => ({ status, at: at(seconds) }))];
  return { kind, status: timeline.at(-1)!.status, readyAt: READY, timeline };
}
const delivered = (kind: DayJob['kind'], assignedAfter: number, deliveredAfter: number) =>
  job(kind, [['OFFERED', assignedAfter - 1], ['ASSIGNED', assignedAfter], ['PICKED_UP', assignedAfter + 60], ['DELIVERED', deliveredAfter]]);

describe('nearest-rank percentiles', () => {
  it('takes the sample at rank ⌈p·n⌉: the median of 1..10 is 5, the p90 is 9; of one sample, that sample', () => {
    const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRank(oneToTen, 50)).toBe(5);
    expect(nearestRank(oneToTen, 90)).toBe(9);
    expect(nearestRank([42], 50)).toBe(42);
    expect(nearestRank([42], 90)).toBe(42);
    expect(nearestRank([], 50)).toBeNull();
  });

  it('sorts the samples first and reports an actual sample, never an interpolation', () => {
    expect(durationOf([300, 60, 120, 900, 30])).toEqual({ count: 5, medianSeconds: 120, p90Seconds: 900 });
    expect(durationOf([10, 20])).toEqual({ count: 2, medianSeconds: 10, p90Seconds: 20 });
  });
});

describe('the figures of a day', () => {
  it('an empty day: zeros everywhere, null durations, and still every kind in order', () => {
    const figures = dayFigures('2026-11-30', '2026-11-30T12:00:00.000+07:00', []);
    const none = { count: 0, medianSeconds: null, p90Seconds: null };
    const zero = { orders: 0, open: 0, delivered: 0, failed: 0, cancelled: 0, readyToAssigned: none, readyToDelivered: none };
    expect(figures).toEqual({
      day: '2026-11-30',
      timeZone: 'Asia/Jakarta',
      asOf: '2026-11-30T12:00:00.000+07:00',
      totals: zero,
      byKind: [
        { kind: 'MEDICINE', ...zero },
        { kind: 'FOOD', ...zero },
        { kind: 'RIDE', ...zero },
      ],
    });
  });

  it('counts each job once by where it ended: open, delivered (a ride’s completion too), failed (no driver found too), cancelled', () => {
    const jobs = [
      job('MEDICINE', []),
      job('MEDICINE', [['OFFERED', 5]]),
      job('MEDICINE', [['OFFERED', 5], ['ASSIGNED', 10], ['PICKED_UP', 100], ['DELIVERY_LOCKED', 900]]),
      delivered('MEDICINE', 60, 1800),
      job('MEDICINE', [['OFFERED', 5], ['ASSIGNED', 10], ['PICKED_UP', 100], ['FAILED', 700]]),
      job('FOOD', [['CANCELLED', 30]]),
      delivered('RIDE', 20, 900),
      job('RIDE', [['NO_DRIVER_FOUND', 300]]),
    ];
    const figures = dayFigures('2026-11-30', READY, jobs);
    expect(figures.totals).toMatchObject({ orders: 8, open: 3, delivered: 2, failed: 2, cancelled: 1 });
    expect(figures.byKind.map(({ kind, orders, open, delivered: d, failed, cancelled }) => [kind, orders, open, d, failed, cancelled])).toEqual([
      ['MEDICINE', 5, 3, 1, 1, 0],
      ['FOOD', 1, 0, 0, 0, 1],
      ['RIDE', 2, 0, 1, 1, 0],
    ]);
  });

  it('times ready → assigned over the jobs ever assigned (whatever became of them), ready → delivered over the delivered', () => {
    const jobs = [
      delivered('MEDICINE', 60, 1200),
      delivered('MEDICINE', 120, 1500),
      delivered('MEDICINE', 300, 2400),
      job('MEDICINE', [['OFFERED', 5], ['ASSIGNED', 600], ['PICKED_UP', 700], ['FAILED', 900]]),
      // Never assigned: not in ready → assigned, whatever its wait was.
      job('MEDICINE', [['OFFERED', 5], ['WAITING', 35], ['CANCELLED', 3600]]),
      job('MEDICINE', []),
    ];
    const { totals } = dayFigures('2026-11-30', READY, jobs);
    expect(totals.readyToAssigned).toEqual({ count: 4, medianSeconds: 120, p90Seconds: 600 });
    expect(totals.readyToDelivered).toEqual({ count: 3, medianSeconds: 1500, p90Seconds: 2400 });
  });

  it('a job given back and assigned again counts its first assignment', () => {
    const reassigned = job('FOOD', [
      ['OFFERED', 10],
      ['ASSIGNED', 40],
      ['WAITING', 300],
      ['OFFERED', 310],
      ['ASSIGNED', 900],
      ['PICKED_UP', 1000],
      ['DELIVERED', 2000],
    ]);
    const food = dayFigures('2026-11-30', READY, [reassigned]).byKind[1]!;
    expect(food.readyToAssigned).toEqual({ count: 1, medianSeconds: 40, p90Seconds: 40 });
    expect(food.readyToDelivered).toEqual({ count: 1, medianSeconds: 2000, p90Seconds: 2000 });
  });

  it('rounds to whole seconds, and a driver assigned before the goods were ready kept nobody waiting (0, never negative)', () => {
    const early = job('MEDICINE', [['OFFERED', -90], ['ASSIGNED', -60]]);
    const late = job('MEDICINE', [['OFFERED', 1], ['ASSIGNED', 61.4]]);
    expect(dayFigures('2026-11-30', READY, [early, late]).totals.readyToAssigned).toEqual({ count: 2, medianSeconds: 0, p90Seconds: 61 });
  });
});

describe('the day tallies the figures are read from', () => {
  /** Sums tally changes the way DynamoDB's ADD does, per (day, kind), into tallies the figures read. */
  function applyChanges(changes: readonly TallyChange[]): Map<string, KindDayTally> {
    const tallies = new Map<string, { kind: KindDayTally['kind']; orders: number; open: number; delivered: number; failed: number; cancelled: number; toAssigned: Record<number, number>; toDelivered: Record<number, number> }>();
    for (const change of changes) {
      const key = `${change.day}#${change.kind}`;
      const tally = tallies.get(key) ?? { kind: change.kind, orders: 0, open: 0, delivered: 0, failed: 0, cancelled: 0, toAssigned: {}, toDelivered: {} };
      tallies.set(key, tally);
      for (const [column, n] of Object.entries(change.counts)) tally[column as 'orders'] += n;
      for (const [s, n] of Object.entries(change.toAssigned)) tally.toAssigned[Number(s)] = (tally.toAssigned[Number(s)] ?? 0) + n;
      for (const [s, n] of Object.entries(change.toDelivered)) tally.toDelivered[Number(s)] = (tally.toDelivered[Number(s)] ?? 0) + n;
    }
    return tallies;
  }
  const stepsOf = (final: DayJob): DayJob[] => final.timeline.map((_, i) => ({ ...final, status: final.timeline[i]!.status, timeline: final.timeline.slice(0, i + 1) }));

  it('a histogram gives the same nearest-rank median and p90 as the samples themselves', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 50; round++) {
      const samples = Array.from({ length: 1 + Math.floor(next() * 200) }, () => Math.floor(next() * 120));
      const histogram: Record<number, number> = {};
      for (const s of samples) histogram[s] = (histogram[s] ?? 0) + 1;
      expect(durationOfHistogram(histogram)).toEqual(durationOf(samples));
    }
    expect(durationOfHistogram({ 30: 0 })).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
  });

  it('the changes of every step of every job, summed, are the tallies of the finished jobs; a step that changes no figure gives none', () => {
    const jobs = [
      delivered('MEDICINE', 60, 1200),
      delivered('RIDE', 20, 900),
      job('MEDICINE', [['OFFERED', 5], ['ASSIGNED', 600], ['PICKED_UP', 700], ['FAILED', 900]]),
      job('FOOD', [['OFFERED', 5], ['WAITING', 35], ['CANCELLED', 3600]]),
      job('MEDICINE', [['OFFERED', 5]]),
    ];
    const changes = jobs.flatMap((final) => stepsOf(final).flatMap((step, i, steps) => tallyChanges(steps[i - 1], step)));
    const summed = [...applyChanges(changes).values()];
    expect(dayFiguresFromTallies('2026-11-30', READY, summed)).toEqual(dayFigures('2026-11-30', READY, jobs));
    const waiting = job('MEDICINE', []);
    expect(tallyChanges(waiting, { ...waiting, status: 'OFFERED', timeline: [...waiting.timeline, { status: 'OFFERED', at: at(3) }] })).toEqual([]);
  });

  it('a job brought forward across midnight WIB leaves its old day for the new one, histogram bins included', () => {
    const late = { ...delivered('FOOD', 60, 1200), readyAt: '2026-12-01T00:10:00.000+07:00' };
    const early = { ...late, readyAt: '2026-11-30T23:50:00.000+07:00' };
    const changes = tallyChanges(late, early);
    expect(changes.map((c) => [c.day, c.counts.orders])).toEqual([
      ['2026-12-01', -1],
      ['2026-11-30', 1],
    ]);
    const [from, to] = changes;
    expect(Object.values(from!.toAssigned).every((n) => n === -1)).toBe(true);
    expect(Object.values(to!.toAssigned).every((n) => n === 1)).toBe(true);
  });

  it('a job that never became ready (no readyAt: a cancellation tombstone) counts on no day', () => {
    expect(jobShare({ kind: 'MEDICINE', status: 'CANCELLED', readyAt: undefined as unknown as string, timeline: [] })).toBeUndefined();
    expect(dayTallies([{ kind: 'MEDICINE', status: 'CANCELLED', readyAt: 'not a time', timeline: [] }])[0]!.orders).toBe(0);
  });
});
