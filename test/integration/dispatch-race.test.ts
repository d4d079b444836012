/**
 * Dispatch under concurrency, on DynamoDB Local: many jobs, few drivers, every message processed
 * by several "consumers" at once and redelivered. Whatever the interleaving, a driver holds at
 * most one offer or job and a job has at most one driver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './support/local.ts';

let t: TestRuntime;
let engine: typeof import('../../shared/dispatch/application/dispatch-engine.ts');
let driverActions: typeof import('../../shared/dispatch/application/driver-actions.ts');
let ports: import('../../shared/dispatch/ports/dispatch-ports.ts').DispatchPorts;

const BLAMBANGAN = { lat: -8.208396, lng: 114.366168 };
const DRIVERS = 6;
const JOBS = 20;

const jobReady = (i: number) => ({
  type: 'JOB_READY' as const,
  messageId: `msg_race_${i}`,
  jobId: `job_race_${i}`,
  kind: 'MEDICINE' as const,
  orderId: `race_${i}`,
  pickup: { location: BLAMBANGAN, kecamatan: 'Banyuwangi', label: 'RSUD Blambangan' },
  dropoff: { location: { lat: -8.2045, lng: 114.3712 }, kecamatan: 'Banyuwangi' },
  requirements: { vehicleTypes: ['MOTORBIKE' as const, 'CAR' as const], fleet: 'GOJEK' as const, medicineTrained: true },
  readyAt: new Date().toISOString(),
  occurredAt: new Date().toISOString(),
});

async function allItems(prefix: string): Promise<Record<string, any>[]> {
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const items: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await t.ddb.send(
      new ScanCommand({ TableName: t.tableName('dispatch'), ExclusiveStartKey: start, ConsistentRead: true, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': prefix } }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The invariants that must hold after any interleaving. */
async function expectConsistentHolds(): Promise<{ offered: number; waiting: number }> {
  const drivers = (await allItems('DRIVER#')).filter((d) => d.sk === 'DRIVER');
  const jobs = (await allItems('JOB#')).filter((j) => j.sk === 'JOB');
  const offers = await allItems('OFFER#');

  const holders = drivers.filter((d) => d.currentJobId).map((d) => d.currentJobId as string);
  expect(new Set(holders).size).toBe(holders.length); // no job held by two drivers

  const offered = jobs.filter((j) => j.status === 'OFFERED');
  for (const job of offered) {
    const pending = offers.filter((o) => o.jobId === job.jobId && o.status === 'PENDING');
    expect(pending).toHaveLength(1); // one live offer per offered job
    const holder = drivers.find((d) => d.driverId === pending[0]!.driverId)!;
    expect(holder.currentJobId).toBe(job.jobId);
    expect(holder.currentOfferId).toBe(pending[0]!.offerId);
    expect(job.excludedDriverIds).not.toContain(holder.driverId); // never back to one who declined
  }
  // No driver holds anything that is not a live offer of an offered job.
  expect(holders.sort()).toEqual(offered.map((j) => j.jobId).sort());
  expect(offers.filter((o) => o.status === 'PENDING')).toHaveLength(offered.length);
  return { offered: offered.length, waiting: jobs.filter((j) => j.status === 'WAITING').length };
}

beforeAll(async () => {
  t = await startTestRuntime({ consumers: false });
  const admin = await t.token('admin', 'admin-race');
  for (let i = 0; i < DRIVERS; i++) {
    const sub = `race-driver-${i}`;
    const created = await t.post('/v1/drivers', {
      sub,
      name: `Driver ${i}`,
      phone: `08123400${String(i).padStart(4, '0')}`,
      vehicle: { type: 'MOTORBIKE', plate: `P ${1000 + i} RC` },
      fleet: { kind: 'GOJEK' },
      medicineTrained: true,
    }, admin);
    expect(created.status).toBe(201);
    const token = await t.token('driver', sub);
    expect((await t.put('/v1/drivers/me/location', { lat: BLAMBANGAN.lat + i * 0.003, lng: BLAMBANGAN.lng }, token)).status).toBe(200);
    expect((await t.put('/v1/drivers/me/availability', { available: true }, token)).status).toBe(200);
  }
  engine = await import('../../shared/dispatch/application/dispatch-engine.ts');
  driverActions = await import('../../shared/dispatch/application/driver-actions.ts');
  ports = (await import('../../shared/dispatch/adapters/dispatch-adapters.ts')).dispatchPorts();
});

afterAll(async () => {
  await t?.stop();
});

describe('dispatch races on DynamoDB Local', () => {
  it(`${JOBS} jobs for ${DRIVERS} drivers, each message handled by three consumers at once: ${DRIVERS} offers, one per driver`, async () => {
    const deliveries = Array.from({ length: JOBS }, (_, i) => jobReady(i)).flatMap((message) => [message, message, message]);
    const results = await Promise.allSettled(deliveries.map((message) => engine.handleDispatchMessage(ports, message)));
    // A delivery may lose a race with a thrown conflict; SQS would redeliver it. Redeliver the losers.
    const losers = deliveries.filter((_, i) => results[i]!.status === 'rejected');
    await Promise.all(losers.map((message) => engine.handleDispatchMessage(ports, message)));

    const { offered, waiting } = await expectConsistentHolds();
    expect(offered).toBe(DRIVERS);
    expect(waiting).toBe(JOBS - DRIVERS);
  });

  it('everyone declines at once while retries are redelivered: still one holder per job, never the decliner', async () => {
    const drivers = (await allItems('DRIVER#')).filter((d) => d.sk === 'DRIVER' && d.currentOfferId);
    const declines = drivers.map(async (d) => driverActions.declineOffer(ports, { sub: d.sub, roles: new Set(['driver']) }, d.currentOfferId));
    await Promise.all(declines);
    // Drain the retries dispatch scheduled and hand each to two consumers at once.
    const messages = await t.drain(t.queue('dispatch').url);
    const retries = messages.map((m) => JSON.parse(m.Body!)).filter((m) => m.type === 'JOB_RETRY' && m.jobId);
    const results = await Promise.allSettled(retries.flatMap((m) => [engine.handleDispatchMessage(ports, m), engine.handleDispatchMessage(ports, m)]));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);

    await expectConsistentHolds();
    // No declined job waits while a driver it may go to is idle. (Greedy matching may leave one
    // job whose only idle driver is the one who declined it: that is right, not a lost job.)
    const declined = new Set(retries.map((m) => m.jobId as string));
    const drivers2 = (await allItems('DRIVER#')).filter((d) => d.sk === 'DRIVER');
    const idle = drivers2.filter((d) => !d.currentJobId).map((d) => d.driverId as string);
    const jobs = (await allItems('JOB#')).filter((j) => j.sk === 'JOB' && declined.has(j.jobId));
    expect(jobs).toHaveLength(DRIVERS);
    for (const job of jobs.filter((j) => j.status === 'WAITING')) {
      for (const driverId of idle) expect(job.excludedDriverIds).toContain(driverId);
    }
    expect(idle.length).toBeLessThanOrEqual(1);
  });

  it('finds the waiting and offered jobs through the status index, for the janitor', async () => {
    const jobs = (await allItems('JOB#')).filter((j) => j.sk === 'JOB');
    for (const status of ['WAITING', 'OFFERED'] as const) {
      const indexed = (await ports.store.jobsInStatus(status, { limit: 100 })).items;
      expect(indexed.map((j) => j.jobId).sort()).toEqual(jobs.filter((j) => j.status === status).map((j) => j.jobId).sort());
    }
    // Nothing here is stalled: every job just moved, so the janitor leaves them all alone.
    expect(await engine.reviveStalledJobs(ports)).toEqual({ retried: 0, expired: 0, complete: true });
  });

  it('every decision is audited with the candidates considered', async () => {
    const audits = (await allItems('JOB#')).filter((item) => String(item.sk).startsWith('AUDIT#'));
    expect(audits.some((a) => a.decision === 'OFFERED' && a.candidates.length > 0 && a.chosenDriverId)).toBe(true);
    expect(audits.some((a) => a.decision === 'OFFER_DECLINED')).toBe(true);
    const noDriver = audits.find((a) => a.decision === 'NO_DRIVER');
    expect(noDriver?.candidates.every((c: { verdict: string }) => c.verdict !== 'CHOSEN')).toBe(true);
  });
});

