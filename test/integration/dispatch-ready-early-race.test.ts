/**
 * A food order's two JOB_READY messages handled at once, on DynamoDB Local. The merchant accepts
 * (JOB_READY with the planned time, a minute away) and marks the food READY at once (JOB_READY
 * again, readyAt now). Lambda may run the two in concurrent batches; each test stops one of them
 * at a chosen point, runs the other through, and lets the first go on. Whatever the interleaving,
 * the job takes the earlier time and is looked after from then on: nobody is free, so the
 * merchant hears NO_DRIVER_YET a second after the food was ready, not after the planned time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobReady } from '../../shared/kernel/dispatch-messages.ts';
import type { DispatchPorts, DispatchStore } from '../../shared/dispatch/ports/dispatch-ports.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';

process.env.GANCANG_UNASSIGNED_ALERT_SECONDS = '1';
process.env.GANCANG_RETRY_FIRST_DELAY_SECONDS = '1';
process.env.GANCANG_RETRY_MAX_DELAY_SECONDS = '2';

let t: TestRuntime;
let engine: typeof import('../../shared/dispatch/application/dispatch-engine.ts');
let ports: DispatchPorts;

const GIRI = { lat: -8.1902, lng: 114.3465 };

/** What accepting with one minute to cook sends, then what READY sends right after. */
function acceptedThenReady(orderId: string): { planned: JobReady; early: JobReady } {
  const now = Date.now();
  const planned: JobReady = {
    type: 'JOB_READY',
    messageId: `msg_${orderId}_accepted`,
    jobId: `job_${orderId}`,
    kind: 'FOOD',
    orderId,
    ownerId: 'mer_tempong',
    pickup: { location: GIRI, kecamatan: 'Giri' },
    dropoff: { location: { lat: -8.2045, lng: 114.3712 }, kecamatan: 'Banyuwangi' },
    requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: false },
    fareIdr: 8_000,
    readyAt: new Date(now + 60_000).toISOString(),
    occurredAt: new Date(now).toISOString(),
  };
  return { planned, early: { ...planned, messageId: `msg_${orderId}_ready`, readyAt: new Date(now).toISOString() } };
}

/** A point one side of the race waits at until the test lets it go on. */
function checkpoint() {
  let reach!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return { reached, release, pass: async () => (reach(), released) };
}

/** Ports whose driver search waits at `at` (the job was read, its next write not made yet). */
const searchWaitsAt = (at: ReturnType<typeof checkpoint>): DispatchPorts => ({
  ...ports,
  findNearest: async (job, now) => {
    await at.pass();
    return ports.findNearest(job, now);
  },
});

/** Ports whose first job write waits at `at` (the job was read, the write not sent yet). */
function firstWriteWaitsAt(at: ReturnType<typeof checkpoint>): DispatchPorts {
  const store = ports.store;
  let waited = false;
  const gated: DispatchStore = Object.assign(Object.create(store) as DispatchStore, {
    changeJob: async (change: Parameters<DispatchStore['changeJob']>[0]) => {
      if (!waited) {
        waited = true;
        await at.pass();
      }
      return store.changeJob(change);
    },
  });
  return { ...ports, store: gated };
}

/**
 * Plays the dispatch queue as its consumer would, until the job's owner is told NO_DRIVER_YET or
 * the queue stays empty (then nobody will ever look at the job again): true when told.
 */
async function ownerToldNoDriverYet(jobId: string): Promise<boolean> {
  for (let round = 0; round < 10; round++) {
    const events = (await t.drain(t.queue('jobEvents').url, { waitSeconds: 0 })).map((m) => JSON.parse(m.Body!));
    if (events.some((e) => e.jobId === jobId && e.type === 'ATTENTION' && e.attention === 'NO_DRIVER_YET')) return true;
    const messages = await t.drain(t.queue('dispatch').url, { waitSeconds: 3 });
    if (messages.length === 0) return false;
    for (const message of messages) await engine.handleDispatchMessage(ports, JSON.parse(message.Body!));
  }
  return false;
}

beforeAll(async () => {
  // No consumers, no drivers: the test plays the queue and nobody can take the job.
  t = await startTestRuntime({ consumers: false });
  engine = await import('../../shared/dispatch/application/dispatch-engine.ts');
  ports = (await import('../../shared/dispatch/adapters/dispatch-adapters.ts')).dispatchPorts();
});

afterAll(async () => {
  await t?.stop();
});

describe('a food job READY early while its first JOB_READY is still being handled', () => {
  it('READY lands while the first delivery looks for a driver: the first one’s write loses, the job is still looked after', async () => {
    const { planned, early } = acceptedThenReady('fo_race_search');
    const search = checkpoint();
    const first = engine.handleDispatchMessage(searchWaitsAt(search), planned);
    await search.reached; // the job exists (planned time) and the first delivery read it
    await engine.handleDispatchMessage(ports, early);
    search.release();
    await first;

    expect((await ports.store.getJob(planned.jobId))?.readyAt).toBe(early.readyAt);
    expect(await ownerToldNoDriverYet(planned.jobId)).toBe(true);
  });

  it('the first delivery writes between READY’s read and its write: READY reads again and still brings the job forward', async () => {
    const { planned, early } = acceptedThenReady('fo_race_write');
    const search = checkpoint();
    const first = engine.handleDispatchMessage(searchWaitsAt(search), planned);
    await search.reached;
    const write = checkpoint();
    const ready = engine.handleDispatchMessage(firstWriteWaitsAt(write), early);
    await write.reached; // READY read the job at the version the first delivery is about to change
    search.release();
    await first; // no driver: it waits, with a retry, for the planned time's sake
    write.release();
    await expect(ready).resolves.toBeUndefined(); // not a conflict that SQS would bring back minutes later

    expect((await ports.store.getJob(planned.jobId))?.readyAt).toBe(early.readyAt);
    expect(await ownerToldNoDriverYet(planned.jobId)).toBe(true);
  });
});
