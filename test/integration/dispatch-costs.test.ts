/**
 * What dispatching costs in DynamoDB calls, on DynamoDB Local: at a festival peak every READY
 * order pays for these, and DynamoDB Local's CPU is what limits the local runtime first. The
 * calls are counted on the functions' own document client as the engine makes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobReady } from '../../shared/kernel/dispatch-messages.ts';
import type { DispatchPorts } from '../../shared/dispatch/ports/dispatch-ports.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';

let t: TestRuntime;
let engine: typeof import('../../shared/dispatch/application/dispatch-engine.ts');
let ports: DispatchPorts;
const calls: Record<string, number> = {};

/** A puskesmas in the middle of its cell of the driver index, the drivers around it within ~600 m. */
const PUSKESMAS = { lat: -8.25, lng: 114.35 };
const DRIVERS = 14;

const jobReady = (id: string): JobReady => ({
  type: 'JOB_READY',
  messageId: `msg_${id}`,
  jobId: `job_${id}`,
  kind: 'MEDICINE',
  orderId: id,
  pickup: { location: PUSKESMAS, kecamatan: 'Kabat' },
  dropoff: { location: { lat: -8.2685, lng: 114.3204 }, kecamatan: 'Kabat' },
  requirements: { vehicleTypes: ['MOTORBIKE', 'CAR'], fleet: 'GOJEK', medicineTrained: true },
  readyAt: new Date().toISOString(),
  occurredAt: new Date().toISOString(),
});

/** The DynamoDB calls `work` made, by command. */
async function counted(work: () => Promise<unknown>): Promise<Record<string, number>> {
  for (const command of Object.keys(calls)) delete calls[command];
  await work();
  return { ...calls };
}

const offeredDrivers = async (jobIds: string[]) => {
  const jobs = await Promise.all(jobIds.map((jobId) => ports.store.getJob(jobId)));
  const offers = await Promise.all(jobs.map((job) => (job?.currentOfferId ? ports.store.getOffer(job.currentOfferId) : undefined)));
  return offers.map((offer) => offer?.driverId);
};

beforeAll(async () => {
  t = await startTestRuntime({ consumers: false });
  const admin = await t.token('admin', 'admin-costs');
  for (let i = 0; i < DRIVERS; i++) {
    const sub = `costs-driver-${i}`;
    const created = await t.post(
      '/v1/drivers',
      { sub, name: `Driver ${i}`, phone: `08123500${String(i).padStart(4, '0')}`, vehicle: { type: 'MOTORBIKE', plate: `P ${2000 + i} KB` }, fleet: { kind: 'GOJEK' }, medicineTrained: true },
      admin,
    );
    expect(created.status).toBe(201);
    const token = await t.token('driver', sub);
    const angle = i * 2.399;
    const km = 0.1 + (i % 5) * 0.1;
    expect((await t.put('/v1/drivers/me/location', { lat: PUSKESMAS.lat + (km / 111.2) * Math.sin(angle), lng: PUSKESMAS.lng + (km / 110.1) * Math.cos(angle) }, token)).status).toBe(200);
    expect((await t.put('/v1/drivers/me/availability', { available: true }, token)).status).toBe(200);
  }
  engine = await import('../../shared/dispatch/application/dispatch-engine.ts');
  ports = (await import('../../shared/dispatch/adapters/dispatch-adapters.ts')).dispatchPorts();
  const { documentClient } = await import('../../shared/platform/clients.ts');
  documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      // A transaction that moves a day tally (a job created) is told apart from the offers'.
      const items: { Update?: { Key?: { pk?: unknown } } }[] = (args.input as { TransactItems?: [] }).TransactItems ?? [];
      const tally = items.some((item) => String(item.Update?.Key?.pk ?? '').startsWith('DAYFIGURES#'));
      const name = `${String(context.commandName)}${tally ? ' with a day tally' : ''}`;
      calls[name] = (calls[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'dispatchCostsCount' },
  );
});

afterAll(async () => {
  await t?.stop();
});

describe('what offering a ready job costs', () => {
  it('one job: created with its offer in one transaction (with its day tally), the index read once; the job is not read back', async () => {
    const made = await counted(() => engine.handleDispatchMessage(ports, jobReady('costs_one')));
    expect(await offeredDrivers(['job_costs_one'])).toEqual([expect.any(String)]);
    // A driver is free: the job is written once, already OFFERED, with its share of the day's
    // tally, the offer and the driver's hold; the offer's outbox item (its expiry check) is
    // deleted once sent.
    expect(made).toEqual({ QueryCommand: 1, 'TransactWriteItemsCommand with a day tally': 1, DeleteItemCommand: 1 });
    const job = await ports.store.getJob('job_costs_one');
    expect(job?.timeline.map((step) => step.status)).toEqual(['WAITING', 'OFFERED']);
  });

  it('a job nobody is free for is created WAITING with its day tally, then given its retry', async () => {
    const far = { ...jobReady('costs_far'), pickup: { location: { lat: -8.2925, lng: 113.9813 }, kecamatan: 'Kalibaru' } }; // ~40 km from every driver
    const made = await counted(() => engine.handleDispatchMessage(ports, far));
    const job = await ports.store.getJob('job_costs_far');
    expect(job).toMatchObject({ status: 'WAITING', matchAttempts: 1, retryMessageId: expect.any(String) });
    expect(made).toMatchObject({ 'TransactWriteItemsCommand with a day tally': 1, TransactWriteItemsCommand: 1 });
  });

  it('a job cancelled before its JOB_READY came is not created by the offer, and the driver it chose is not held', async () => {
    await engine.handleDispatchMessage(ports, { type: 'JOB_CANCELLED', messageId: 'msg_costs_gone_c', jobId: 'job_costs_gone', kind: 'MEDICINE', orderId: 'costs_gone', reason: 'ORDER_CANCELLED', occurredAt: new Date().toISOString() });
    const held = async () => {
      const drivers = await Promise.all(Array.from({ length: DRIVERS }, (_, i) => ports.drivers.findDriverBySub(`costs-driver-${i}`)));
      return drivers.filter((d) => d?.currentOfferId !== undefined || d?.currentJobId !== undefined).length;
    };
    const before = await held();
    await engine.handleDispatchMessage(ports, jobReady('costs_gone'));
    expect(await ports.store.getJob('job_costs_gone')).toMatchObject({ status: 'CANCELLED' });
    expect(await held()).toBe(before);
  });

  it('ten jobs at one puskesmas at once (a batch): ten different drivers, one offer transaction each, the index read at most once per job', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `costs_batch_${i}`);
    const made = await counted(() => Promise.all(ids.map((id) => engine.handleDispatchMessage(ports, jobReady(id)))));
    const drivers = await offeredDrivers(ids.map((id) => `job_${id}`));
    expect(new Set(drivers.filter(Boolean)).size).toBe(10);
    // Searching side by side, they would all choose the nearest driver, and all but one would
    // lose its hold and search again: a transaction and an index read more each time.
    expect(made['TransactWriteItemsCommand with a day tally']).toBe(10);
    expect(made.TransactWriteItemsCommand ?? 0).toBe(0);
    expect(made.QueryCommand ?? 0).toBeLessThanOrEqual(10); // none when a read of the block a moment ago serves them
  });
});
