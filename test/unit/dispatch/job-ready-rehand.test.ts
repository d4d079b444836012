import { describe, expect, it } from 'vitest';
import type { Caller } from '#platform/http/caller';
import type { Driver } from '#dispatch/domain/driver';
import { handleDispatchMessage } from '#dispatch/application/dispatch-engine';
import { acceptOffer, deliver, listOffers, pickUp } from '#dispatch/application/driver-actions';
import { deliveryCodeHash, type JobReady } from '#kernel/dispatch-messages';
import { dispatchWorld, type InMemoryDispatchWorld } from '../support/in-memory-dispatch.ts';

// Ordering's handover reconciler sends a JOB_READY again for any order that has waited a few
// minutes without a driver, whether or not dispatch holds its job. Whatever the job went through
// since, that second JOB_READY (a new message id, a later time) must change nothing.

const BLAMBANGAN = { lat: -8.208396, lng: 114.366168 };

function driver(world: InMemoryDispatchWorld, id: string, kmNorth = 1): Caller {
  const d: Driver = {
    driverId: id,
    sub: `sub-${id}`,
    name: `${id} Santoso`,
    phone: '+6281200000000',
    vehicle: { type: 'MOTORBIKE', plate: 'P 100 AB' },
    fleet: { kind: 'GOJEK' },
    medicineTrained: true,
    available: true,
    location: { lat: BLAMBANGAN.lat + kmNorth / 111.2, lng: BLAMBANGAN.lng },
    lastSeenAt: new Date(world.nowMs).toISOString(),
    createdAt: 't',
    createdBy: 'admin',
  };
  world.drivers.set(id, d);
  return { sub: d.sub, roles: new Set(['driver']) };
}

const jobReady = (messageId: string, kind: JobReady['kind'] = 'MEDICINE'): JobReady => ({
  type: 'JOB_READY',
  messageId,
  jobId: 'job_mo_1',
  kind,
  orderId: 'mo_1',
  ownerId: 'fac_blambangan',
  pickup: { location: BLAMBANGAN, kecamatan: 'Banyuwangi' },
  dropoff: { location: { lat: -8.2045, lng: 114.3712 }, kecamatan: 'Banyuwangi' },
  requirements: { vehicleTypes: ['MOTORBIKE', 'CAR'], fleet: 'GOJEK', medicineTrained: true },
  deliveryCodeHash: deliveryCodeHash('job_mo_1', '123456'),
  readyAt: '2026-11-28T10:00:00.000+07:00',
  occurredAt: messageId,
});

/** Everything dispatch holds: jobs, offers, drivers, audit, messages sent. */
const snapshot = (world: InMemoryDispatchWorld) =>
  structuredClone({ jobs: [...world.jobs], offers: [...world.offers], drivers: [...world.drivers], audits: world.audits, sent: world.sent });

async function rehandChangesNothing(world: InMemoryDispatchWorld, ports: ReturnType<typeof dispatchWorld>['ports']): Promise<void> {
  const before = snapshot(world);
  world.nowMs += 5 * 60_000;
  await handleDispatchMessage(ports, jobReady('msg_rehand_1'));
  await handleDispatchMessage(ports, jobReady('msg_rehand_2'));
  expect(snapshot(world)).toEqual(before);
}

describe('a JOB_READY handed over again', () => {
  it('changes nothing while the job waits for its retry (no driver yet)', async () => {
    const { world, ports } = dispatchWorld();
    await handleDispatchMessage(ports, jobReady('msg_first'));
    expect(world.jobs.get('job_mo_1')).toMatchObject({ status: 'WAITING', matchAttempts: 1 });
    driver(world, 'ayu');
    await rehandChangesNothing(world, ports);
  });

  it('changes nothing while the job is offered', async () => {
    const { world, ports } = dispatchWorld();
    driver(world, 'ayu');
    driver(world, 'budi', 2);
    await handleDispatchMessage(ports, jobReady('msg_first'));
    expect(world.jobs.get('job_mo_1')!.status).toBe('OFFERED');
    await rehandChangesNothing(world, ports);
  });

  it('changes nothing once a driver is assigned, has picked up, or has delivered', async () => {
    const { world, ports } = dispatchWorld();
    const ayu = driver(world, 'ayu');
    driver(world, 'budi', 2);
    await handleDispatchMessage(ports, jobReady('msg_first'));
    const [offer] = await listOffers(ports, ayu);
    await acceptOffer(ports, ayu, offer!.offerId);
    expect(world.jobs.get('job_mo_1')!.status).toBe('ASSIGNED');
    await rehandChangesNothing(world, ports);
    await pickUp(ports, ayu, 'job_mo_1');
    await rehandChangesNothing(world, ports);
    await deliver(ports, ayu, 'job_mo_1', { code: '123456', recipientName: 'Siti' });
    expect(world.jobs.get('job_mo_1')!.status).toBe('DELIVERED');
    await rehandChangesNothing(world, ports);
  });

  it('never revives a cancelled job, even one cancelled before its JOB_READY arrived: that JOB_READY only records it, ready then cancelled, for the day’s figures', async () => {
    const { world, ports } = dispatchWorld();
    driver(world, 'ayu');
    await handleDispatchMessage(ports, { type: 'JOB_CANCELLED', messageId: 'msg_c', jobId: 'job_mo_1', kind: 'MEDICINE', orderId: 'mo_1', reason: 'ORDER_CANCELLED', occurredAt: 't' });
    const sent = world.sent.length;
    await handleDispatchMessage(ports, jobReady('msg_first'));
    const job = world.jobs.get('job_mo_1')!;
    expect(job).toMatchObject({ status: 'CANCELLED', kind: 'MEDICINE', readyAt: '2026-11-28T10:00:00.000+07:00' });
    expect(job.timeline.map((step) => step.status)).toEqual(['WAITING', 'CANCELLED']);
    expect(world.offers.size).toBe(0);
    expect(world.drivers.get('ayu')).not.toHaveProperty('currentOfferId');
    expect(world.sent).toHaveLength(sent);
    await rehandChangesNothing(world, ports);
    expect(world.jobs.get('job_mo_1')!.status).toBe('CANCELLED');
  });

  it('never restarts a ride search that ended without a driver', async () => {
    const { world, ports } = dispatchWorld({ giveUpAfterSeconds: { RIDE: 0 } });
    await handleDispatchMessage(ports, jobReady('msg_first', 'RIDE'));
    expect(world.jobs.get('job_mo_1')!.status).toBe('NO_DRIVER_FOUND');
    driver(world, 'ayu');
    await rehandChangesNothing(world, ports);
  });

  it('creates the job when dispatch never got it, and starts matching a job whose first delivery died before matching', async () => {
    const { world, ports } = dispatchWorld();
    driver(world, 'ayu');
    await handleDispatchMessage(ports, jobReady('msg_rehand'));
    expect(world.jobs.get('job_mo_1')).toMatchObject({ status: 'OFFERED', orderId: 'mo_1' });

    const second = dispatchWorld();
    driver(second.world, 'ayu');
    // The first delivery created the job and stopped there (the process was killed).
    await second.ports.store.createJob({
      ...jobReady('x'),
      fareIdr: 10_000,
      status: 'WAITING',
      version: 1,
      excludedDriverIds: [],
      matchAttempts: 0,
      wrongCodeAttempts: 0,
      timeline: [{ status: 'WAITING', at: 't' }],
      createdAt: 't',
      updatedAt: 't',
    } as never);
    await handleDispatchMessage(second.ports, jobReady('msg_rehand'));
    expect(second.world.jobs.get('job_mo_1')!.status).toBe('OFFERED');
    expect(second.world.offers.size).toBe(1);
  });
});
