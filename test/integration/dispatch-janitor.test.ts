/**
 * The dispatch janitor on DynamoDB Local, with more stalled jobs than one page of the status
 * index holds: every one is moved on, within one run, or a few when its time runs short.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchJob } from '../../shared/dispatch/domain/dispatch-job.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';

let t: TestRuntime;
let engine: typeof import('../../shared/dispatch/application/dispatch-engine.ts');
let ports: import('../../shared/dispatch/ports/dispatch-ports.ts').DispatchPorts;

const JOBS = 300;
const BLAMBANGAN = { lat: -8.208396, lng: 114.366168 };
/** When the jobs were handed over: long enough ago that every retry they were promised is overdue. */
const HANDED_OVER_MS = Date.now() - 2 * 3_600_000;

/** Job i, waiting since it was handed over for a retry that never came (i = 0 the oldest). */
const stalledJob = (i: number): DispatchJob => {
  const at = new Date(HANDED_OVER_MS + i * 1_000).toISOString();
  return {
    jobId: `job_stalled_${String(i).padStart(4, '0')}`,
    kind: 'MEDICINE',
    orderId: `stalled_${i}`,
    pickup: { location: BLAMBANGAN, kecamatan: 'Banyuwangi' },
    dropoff: { location: { lat: -8.2045, lng: 114.3712 }, kecamatan: 'Banyuwangi' },
    requirements: { vehicleTypes: ['MOTORBIKE', 'CAR'], fleet: 'GOJEK', medicineTrained: true },
    readyAt: at,
    fareIdr: 10_000,
    status: 'WAITING',
    version: 2,
    excludedDriverIds: [],
    matchAttempts: 1,
    retryMessageId: `msg_lost_${i}`,
    wrongCodeAttempts: 0,
    timeline: [{ status: 'WAITING', at }],
    createdAt: at,
    updatedAt: at,
  };
};

/** The janitor's audit entries of a job: how many times it was moved on. */
async function janitorRetries(jobId: string): Promise<number> {
  const { Items = [] } = await t.ddb.send(
    new QueryCommand({
      TableName: t.tableName('dispatch'),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': `JOB#${jobId}`, ':audit': 'AUDIT#' },
      ConsistentRead: true,
    }),
  );
  return Items.filter((a) => String(a.note ?? '').startsWith('janitor')).length;
}

beforeAll(async () => {
  // No consumers: the retries the jobs were promised stay on the queue, as if lost.
  t = await startTestRuntime({ consumers: false });
  engine = await import('../../shared/dispatch/application/dispatch-engine.ts');
  ports = (await import('../../shared/dispatch/adapters/dispatch-adapters.ts')).dispatchPorts();
  for (let start = 0; start < JOBS; start += 25) {
    const created = await Promise.all(Array.from({ length: Math.min(25, JOBS - start) }, (_, k) => ports.store.createJob(stalledJob(start + k))));
    expect(created.every(Boolean)).toBe(true);
  }
});

afterAll(async () => {
  await t?.stop();
});

describe('the dispatch janitor on DynamoDB Local', () => {
  it(`moves on all ${JOBS} stalled jobs: oldest first when its time runs short, the rest on the next run`, async () => {
    const waiting = await engine.reviveStalledJobs(ports, { timeLeftMs: () => 0 });
    expect(waiting).toEqual({ retried: 0, expired: 0, complete: false }); // no time at all: stops before reading

    let checks = 0;
    const first = await engine.reviveStalledJobs(ports, { timeLeftMs: () => (checks++ < 150 ? 60_000 : 0) });
    expect(first.complete).toBe(false);
    expect(first.retried).toBeGreaterThan(100); // beyond the first page
    expect(first.retried).toBeLessThan(JOBS);
    expect(await janitorRetries(stalledJob(0).jobId)).toBe(1); // the oldest went first
    expect(await janitorRetries(stalledJob(JOBS - 1).jobId)).toBe(0);

    // The scheduled function, with its real remaining time, finishes the rest in one run.
    const second = await t.runtime.runSchedule('dispatchJanitor');
    expect(second).toEqual({ retried: JOBS - first.retried, expired: 0, complete: true });

    const counts = await Promise.all(Array.from({ length: JOBS }, (_, i) => janitorRetries(stalledJob(i).jobId)));
    expect(counts.filter((n) => n === 1)).toHaveLength(JOBS); // every job once, none twice
    expect(await engine.reviveStalledJobs(ports)).toEqual({ retried: 0, expired: 0, complete: true });
  });
});
