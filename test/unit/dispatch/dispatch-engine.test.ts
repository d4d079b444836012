import { describe, expect, it } from 'vitest';
import type { Caller } from '#platform/http/caller';
import type { Driver } from '#dispatch/domain/driver';
import { handleDispatchMessage, reviveStalledJobs } from '#dispatch/application/dispatch-engine';
import { acceptOffer, declineOffer, deliver, failJob, getJobForDriver, listOffers, pickUp } from '#dispatch/application/driver-actions';
import { deliveryCodeHash, type JobReady } from '#kernel/dispatch-messages';
import { dispatchWorld, type InMemoryDispatchWorld } from '../support/in-memory-dispatch.ts';

const BLAMBANGAN = { lat: -8.208396, lng: 114.366168 };
const PATIENT = { lat: -8.2045, lng: 114.3712 };

function driver(world: InMemoryDispatchWorld, id: string, overrides: Partial<Driver> & { kmNorth?: number } = {}): Caller {
  const { kmNorth = 1, ...rest } = overrides;
  const d: Driver = {
    driverId: id,
    sub: `sub-${id}`,
    name: `${id[0]!.toUpperCase()}${id.slice(1)} Santoso`,
    phone: '+6281200000000',
    vehicle: { type: 'MOTORBIKE', plate: `P ${id.length}00 AB` },
    fleet: { kind: 'GOJEK' },
    medicineTrained: true,
    available: true,
    location: { lat: BLAMBANGAN.lat + kmNorth / 111.2, lng: BLAMBANGAN.lng },
    lastSeenAt: new Date(world.nowMs).toISOString(),
    createdAt: 't',
    createdBy: 'admin',
    ...rest,
  };
  world.drivers.set(id, d);
  return { sub: d.sub, roles: new Set(['driver']) };
}

const jobReady = (orderId = 'mo_1', overrides: Partial<JobReady> = {}): JobReady => ({
  type: 'JOB_READY',
  messageId: `msg_${orderId}`,
  jobId: `job_${orderId}`,
  kind: 'MEDICINE',
  orderId,
  ownerId: 'fac_blambangan',
  pickup: { location: BLAMBANGAN, kecamatan: 'Banyuwangi' },
  dropoff: { location: PATIENT, kecamatan: 'Banyuwangi' },
  requirements: { vehicleTypes: ['MOTORBIKE', 'CAR'], fleet: 'GOJEK', medicineTrained: true },
  deliveryCodeHash: deliveryCodeHash(`job_${orderId}`, '123456'),
  readyAt: new Date(Date.parse('2026-11-28T03:00:00Z')).toISOString(),
  occurredAt: 't',
  ...overrides,
});

/** What ordering answers through DeliveryContacts for mo_1. */
const SITI = {
  recipient: { name: 'Siti Aminah', phone: '+6281234500001' },
  address: { street: 'Jl. Kepiting 12', desa: 'Lateng', kecamatan: 'Banyuwangi' },
  pickupName: 'RSUD Blambangan',
};

const advance = (world: InMemoryDispatchWorld, seconds: number) => (world.nowMs += seconds * 1000);

/** Delivers the latest message of a type to the engine, as the queue would. */
async function deliverLatest(ports: ReturnType<typeof dispatchWorld>['ports'], world: InMemoryDispatchWorld, type: string) {
  const message = world.messages(type).at(-1);
  if (!message) throw new Error(`no ${type} message was sent`);
  const { queue: _queue, delaySeconds: _delay, ...body } = message;
  await handleDispatchMessage(ports, body as never);
}

describe('matching and offering', () => {
  it('offers a ready job to the nearest eligible driver, holds the driver, and schedules the expiry check', async () => {
    const { world, ports } = dispatchWorld();
    const near = driver(world, 'near', { kmNorth: 1 });
    driver(world, 'far', { kmNorth: 5 });
    driver(world, 'untrained', { kmNorth: 0.2, medicineTrained: false });
    await handleDispatchMessage(ports, jobReady());

    const job = world.jobs.get('job_mo_1')!;
    expect(job.status).toBe('OFFERED');
    const offers = await listOffers(ports, near);
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ jobId: 'job_mo_1', kind: 'MEDICINE', pickup: { location: BLAMBANGAN, kecamatan: 'Banyuwangi' } });
    expect(offers[0]!.distanceToPickupKm).toBeCloseTo(1, 1);
    // Before accepting, the driver sees roughly where to (kecamatan, a point rounded to ~1 km), not to whom.
    expect(offers[0]!.dropoff).toEqual({ kecamatan: 'Banyuwangi', location: { lat: -8.2, lng: 114.37 } });
    expect(JSON.stringify(offers)).not.toMatch(/Siti|Kepiting|-8\.2045|114\.3712/);
    expect(world.drivers.get('near')).toMatchObject({ currentOfferId: offers[0]!.offerId, currentJobId: 'job_mo_1' });
    expect(world.messages('OFFER_CHECK')).toEqual([expect.objectContaining({ offerId: offers[0]!.offerId, delaySeconds: 30 })]);

    const [audit] = await world.auditOf('job_mo_1');
    expect(audit).toMatchObject({ decision: 'OFFERED', chosenDriverId: 'near' });
    expect(audit!.candidates).toEqual(
      expect.arrayContaining([expect.objectContaining({ driverId: 'untrained', verdict: 'NOT_MEDICINE_TRAINED' })]),
    );
  });

  it('prices a medicine trip by the platform motorbike tariff on the road distance', async () => {
    const { world, ports } = dispatchWorld();
    // RSUD Blambangan → a patient in Genteng: 28.3 km straight, 36.8 km by road (×1.3),
    // Rp 8,000 + 36.8 × Rp 2,500 = Rp 100,000.
    await handleDispatchMessage(ports, jobReady('mo_far', { dropoff: { location: { lat: -8.365603, lng: 114.163863 }, kecamatan: 'Genteng' } }));
    expect(world.jobs.get('job_mo_far')!.fareIdr).toBe(100_000);
    // Across town, 1.0 km by road: Rp 8,000 + Rp 2,500 = Rp 10,500, above the Rp 10,000 minimum.
    await handleDispatchMessage(ports, jobReady('mo_near'));
    expect(world.jobs.get('job_mo_near')!.fareIdr).toBe(10_500);
  });

  it('seeks food within 8 km of the stall, medicine within 30 km', async () => {
    const { world, ports } = dispatchWorld();
    const far = driver(world, 'far', { kmNorth: 10, medicineTrained: false });
    await handleDispatchMessage(ports, jobReady('fo_1', { kind: 'FOOD', requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: false } }));
    expect(world.jobs.get('job_fo_1')!.status).toBe('WAITING');
    expect(await listOffers(ports, far)).toEqual([]);
    world.drivers.set('far', { ...world.drivers.get('far')!, medicineTrained: true });
    await handleDispatchMessage(ports, jobReady('mo_1'));
    expect((await listOffers(ports, far)).map((o) => o.jobId)).toEqual(['job_mo_1']);
  });

  it('treats a redelivered JOB_READY as a no-op: one job, one offer', async () => {
    const { world, ports } = dispatchWorld();
    driver(world, 'a');
    driver(world, 'b', { kmNorth: 2 });
    await handleDispatchMessage(ports, jobReady());
    await handleDispatchMessage(ports, jobReady());
    expect(world.offers.size).toBe(1);
    expect([...world.drivers.values()].filter((d) => d.currentJobId)).toHaveLength(1);
  });

  it('never gives one driver two offers: the second job goes to the next driver', async () => {
    const { world, ports } = dispatchWorld();
    driver(world, 'a', { kmNorth: 1 });
    driver(world, 'b', { kmNorth: 3 });
    await handleDispatchMessage(ports, jobReady('mo_1'));
    await handleDispatchMessage(ports, jobReady('mo_2'));
    expect(world.drivers.get('a')!.currentJobId).toBe('job_mo_1');
    expect(world.drivers.get('b')!.currentJobId).toBe('job_mo_2');
  });
});

describe('offers that are declined or expire', () => {
  it('on decline frees the driver, never asks them again, and offers the next one', async () => {
    const { world, ports } = dispatchWorld();
    const a = driver(world, 'a', { kmNorth: 1 });
    const b = driver(world, 'b', { kmNorth: 2 });
    await handleDispatchMessage(ports, jobReady());
    const [offer] = await listOffers(ports, a);
    await declineOffer(ports, a, offer!.offerId);

    expect(world.drivers.get('a')!.currentJobId).toBeUndefined();
    expect(world.jobs.get('job_mo_1')).toMatchObject({ status: 'WAITING', excludedDriverIds: ['a'] });
    await deliverLatest(ports, world, 'JOB_RETRY');
    expect(await listOffers(ports, b)).toHaveLength(1);
    expect(await listOffers(ports, a)).toHaveLength(0);

    // b declines too: a is nearer but declined, so nobody is asked; the job waits.
    await declineOffer(ports, b, (await listOffers(ports, b))[0]!.offerId);
    await deliverLatest(ports, world, 'JOB_RETRY');
    expect(world.jobs.get('job_mo_1')!.status).toBe('WAITING');
    expect(world.offers.size).toBe(2);
  });

  it('expires an offer at its time (fake clock), and an early check looks again later', async () => {
    const { world, ports } = dispatchWorld();
    const a = driver(world, 'a', { kmNorth: 1 });
    driver(world, 'b', { kmNorth: 2 });
    await handleDispatchMessage(ports, jobReady());
    const [offer] = await listOffers(ports, a);

    advance(world, 20); // SQS delivered the check early
    await deliverLatest(ports, world, 'OFFER_CHECK');
    expect(world.offers.get(offer!.offerId)!.status).toBe('PENDING');
    expect(world.messages('OFFER_CHECK').at(-1)).toMatchObject({ delaySeconds: 10 });

    advance(world, 10);
    await deliverLatest(ports, world, 'OFFER_CHECK');
    expect(world.offers.get(offer!.offerId)!.status).toBe('EXPIRED');
    expect(world.drivers.get('a')!.currentJobId).toBeUndefined();
    await deliverLatest(ports, world, 'JOB_RETRY');
    expect(world.drivers.get('b')!.currentJobId).toBe('job_mo_1');
  });

  it('refuses to accept an expired offer even before the check has run', async () => {
    const { world, ports } = dispatchWorld();
    const a = driver(world, 'a');
    await handleDispatchMessage(ports, jobReady());
    const [offer] = await listOffers(ports, a);
    advance(world, 31);
    await expect(acceptOffer(ports, a, offer!.offerId)).rejects.toMatchObject({ status: 409, code: 'OFFER_EXPIRED' });
    expect(await listOffers(ports, a)).toEqual([]);
  });

  it('an accepted offer cannot be declined, and another driver cannot touch it', async () => {
    const { world, ports } = dispatchWorld();
    const a = driver(world, 'a');
    const stranger = driver(world, 'stranger', { kmNorth: 20, available: false });
    await handleDispatchMessage(ports, jobReady());
    const [offer] = await listOffers(ports, a);
    await expect(acceptOffer(ports, stranger, offer!.offerId)).rejects.toMatchObject({ status: 404 });
    await acceptOffer(ports, a, offer!.offerId);
    await expect(declineOffer(ports, a, offer!.offerId)).rejects.toMatchObject({ status: 409, code: 'OFFER_NOT_PENDING' });
  });
});

describe('when nobody can take the job', () => {
  it('retries with doubling backoff capped at 5 minutes, and tells the pharmacy once after 10 minutes', async () => {
    const { world, ports } = dispatchWorld();
    await handleDispatchMessage(ports, jobReady());
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const retry = world.messages('JOB_RETRY').at(-1)!;
      delays.push(retry.delaySeconds);
      advance(world, retry.delaySeconds);
      await deliverLatest(ports, world, 'JOB_RETRY');
    }
    expect(delays).toEqual([15, 30, 60, 120, 240, 300, 300, 300]);
    const attention = world.messages('ATTENTION');
    expect(attention).toEqual([expect.objectContaining({ attention: 'NO_DRIVER_YET', orderId: 'mo_1', queue: 'jobEvents' })]);
    expect(world.jobs.get('job_mo_1')!.status).toBe('WAITING'); // never dropped
    expect((await world.auditOf('job_mo_1')).every((a) => a.decision === 'NO_DRIVER')).toBe(true);
  });

  it('ignores stale retry messages, so one retry chain lives per job', async () => {
    const { world, ports } = dispatchWorld();
    await handleDispatchMessage(ports, jobReady());
    const first = world.messages('JOB_RETRY').at(-1)!;
    await deliverLatest(ports, world, 'JOB_RETRY');
    const { queue: _q, delaySeconds: _d, ...stale } = first;
    const before = world.sent.length;
    await handleDispatchMessage(ports, stale as never);
    expect(world.sent.length).toBe(before);
  });

  it('offers the job as soon as a driver shows up', async () => {
    const { world, ports } = dispatchWorld();
    await handleDispatchMessage(ports, jobReady());
    const a = driver(world, 'a');
    await deliverLatest(ports, world, 'JOB_RETRY');
    expect(await listOffers(ports, a)).toHaveLength(1);
  });
});

describe('a driver who is free again', () => {
  /** Ayu is on her way with mo_busy; mo_old and then mo_new were ready while nobody was free. */
  async function busyEvening() {
    const setup = dispatchWorld();
    const { world, ports } = setup;
    const ayu = driver(world, 'ayu');
    await handleDispatchMessage(ports, jobReady('mo_busy'));
    await acceptOffer(ports, ayu, (await listOffers(ports, ayu))[0]!.offerId);
    await pickUp(ports, ayu, 'job_mo_busy');
    advance(world, 60);
    await handleDispatchMessage(ports, jobReady('mo_old', { readyAt: new Date(world.nowMs - 30_000).toISOString() }));
    advance(world, 60);
    await handleDispatchMessage(ports, jobReady('mo_new', { readyAt: new Date(world.nowMs).toISOString() }));
    expect(world.jobs.get('job_mo_old')!.status).toBe('WAITING');
    expect(world.jobs.get('job_mo_new')!.status).toBe('WAITING');
    return { ...setup, ayu };
  }

  it('is offered a waiting job at once, not when its retry comes round: of two at one pharmacy, the older', async () => {
    const { world, ports, ayu } = await busyEvening();
    const oldRetry = world.jobs.get('job_mo_old')!.retryMessageId;
    await deliver(ports, ayu, 'job_mo_busy', { code: '123456', recipientName: 'Siti' });
    expect(world.messages('DRIVER_FREE')).toEqual([expect.objectContaining({ driverId: 'ayu', delaySeconds: 0, queue: 'dispatch' })]);

    await deliverLatest(ports, world, 'DRIVER_FREE');
    const offers = await listOffers(ports, ayu);
    expect(offers.map((o) => o.jobId)).toEqual(['job_mo_old']);
    expect(world.jobs.get('job_mo_new')!.status).toBe('WAITING');
    // The old job's pending retry no longer acts: one offer, one chain.
    expect(world.jobs.get('job_mo_old')!.retryMessageId).toBeUndefined();
    expect(oldRetry).toBeDefined();
    const offered = (await world.auditOf('job_mo_old')).find((a) => a.decision === 'OFFERED');
    expect(offered).toMatchObject({ decision: 'OFFERED', chosenDriverId: 'ayu', note: expect.stringMatching(/free again/) });
  });

  it('after a failed delivery, a decline or a withdrawal too; not after letting an offer expire', async () => {
    const { world, ports, ayu } = await busyEvening();
    await failJob(ports, ayu, 'job_mo_busy', { reason: 'nobody home' });
    expect(world.messages('DRIVER_FREE')).toHaveLength(1);
    await deliverLatest(ports, world, 'DRIVER_FREE');
    const [first] = await listOffers(ports, ayu);
    expect(first!.jobId).toBe('job_mo_old');

    // Let the offer expire: Ayu is not chased with mo_new, whose own retry finds her.
    advance(world, 31);
    await deliverLatest(ports, world, 'OFFER_CHECK');
    expect(world.jobs.get('job_mo_old')!.status).toBe('WAITING');
    expect(world.messages('DRIVER_FREE')).toHaveLength(1);

    // A decline frees her for the next job in line, the newer one (she declined the old one).
    const newRetry = world.messages('JOB_RETRY').find((m) => m.jobId === 'job_mo_new' && m.messageId === world.jobs.get('job_mo_new')!.retryMessageId)!;
    const { queue: _q, delaySeconds: _d, ...retryBody } = newRetry;
    await handleDispatchMessage(ports, retryBody as never);
    await declineOffer(ports, ayu, (await listOffers(ports, ayu))[0]!.offerId);
    expect(world.messages('DRIVER_FREE')).toHaveLength(2);
    await deliverLatest(ports, world, 'DRIVER_FREE');
    // Both waiting jobs are ones she declined or let expire: nothing is offered to her.
    expect(await listOffers(ports, ayu)).toEqual([]);

    // A withdrawal of the job she holds frees her as well.
    driver(world, 'budi', { kmNorth: 2 });
    await deliverLatest(ports, world, 'JOB_RETRY');
    const held = [...world.jobs.values()].find((j) => j.status === 'OFFERED')!;
    await handleDispatchMessage(ports, { type: 'JOB_CANCELLED', messageId: 'msg_cancel', jobId: held.jobId, kind: 'MEDICINE', orderId: held.orderId, reason: 'ORDER_CANCELLED', occurredAt: 't' });
    expect(world.messages('DRIVER_FREE').at(-1)).toMatchObject({ driverId: 'budi' });
  });

  it('passes over jobs not theirs to take: out of reach, needing training they lack, another company’s, or not due yet', async () => {
    const { world, ports } = dispatchWorld();
    const ayu = driver(world, 'ayu', { medicineTrained: false });
    await handleDispatchMessage(ports, jobReady('fo_busy', { kind: 'FOOD', requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: false } }));
    await acceptOffer(ports, ayu, (await listOffers(ports, ayu))[0]!.offerId);
    const KALIBARU = { lat: -8.2925, lng: 113.9813 }; // ~43 km west, beyond the 30 km radius
    const food = (orderId: string, overrides: Partial<JobReady>) =>
      jobReady(orderId, { kind: 'FOOD', requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: false }, ...overrides });
    const at = (secondsAgo: number) => new Date(world.nowMs - secondsAgo * 1000).toISOString();
    await handleDispatchMessage(ports, jobReady('mo_untrained', { readyAt: at(50) }));
    await handleDispatchMessage(ports, food('fo_far', { pickup: { location: KALIBARU, kecamatan: 'Kalibaru' }, readyAt: at(40) }));
    await handleDispatchMessage(ports, food('fo_taxi', { requirements: { vehicleTypes: ['TAXI'], fleet: 'PARTNER_TAXI', companyId: 'co_1', medicineTrained: false }, readyAt: at(30) }));
    await handleDispatchMessage(ports, food('fo_later', { readyAt: new Date(world.nowMs + 3600_000).toISOString() }));
    await handleDispatchMessage(ports, food('fo_hers', { readyAt: at(10) }));

    await pickUp(ports, ayu, 'job_fo_busy');
    await deliver(ports, ayu, 'job_fo_busy', { code: '123456', recipientName: 'Rina' });
    await deliverLatest(ports, world, 'DRIVER_FREE');
    expect((await listOffers(ports, ayu)).map((o) => o.jobId)).toEqual(['job_fo_hers']);
  });

  it('takes the job nearest to her, unless another has waited clearly longer (1 km for each minute)', async () => {
    for (const [waitedMinutes, expected] of [
      [2, 'job_mo_near'], // 4 km less 2 is more than 0.5 km: the one beside her
      [6, 'job_mo_far'], // 4 km less 6 is less: the one that waited
    ] as const) {
      const { world, ports } = dispatchWorld();
      const ayu = driver(world, 'ayu', { kmNorth: 0 });
      await handleDispatchMessage(ports, jobReady('mo_busy'));
      await acceptOffer(ports, ayu, (await listOffers(ports, ayu))[0]!.offerId);
      await pickUp(ports, ayu, 'job_mo_busy');
      const kmNorth = (km: number) => ({ location: { lat: BLAMBANGAN.lat + km / 111.2, lng: BLAMBANGAN.lng }, kecamatan: 'Banyuwangi' });
      await handleDispatchMessage(ports, jobReady('mo_far', { pickup: kmNorth(4), readyAt: new Date(world.nowMs - waitedMinutes * 60_000).toISOString() }));
      await handleDispatchMessage(ports, jobReady('mo_near', { pickup: kmNorth(0.5), readyAt: new Date(world.nowMs).toISOString() }));
      await deliver(ports, ayu, 'job_mo_busy', { code: '123456', recipientName: 'Siti' });
      await deliverLatest(ports, world, 'DRIVER_FREE');
      expect((await listOffers(ports, ayu)).map((o) => o.jobId), `waited ${waitedMinutes} min`).toEqual([expected]);
    }
  });

  it('is left alone when switched off, or already held by another job’s search', async () => {
    const { world, ports, ayu } = await busyEvening();
    await deliver(ports, ayu, 'job_mo_busy', { code: '123456', recipientName: 'Siti' });
    world.drivers.set('ayu', { ...world.drivers.get('ayu')!, available: false });
    await deliverLatest(ports, world, 'DRIVER_FREE');
    expect(world.offers.size).toBe(1); // only mo_busy's
    world.drivers.set('ayu', { ...world.drivers.get('ayu')!, available: true });
    // Her own search (mo_new's retry) reached her first: the message finds her held and does nothing.
    const retry = world.messages('JOB_RETRY').find((m) => m.messageId === world.jobs.get('job_mo_new')!.retryMessageId)!;
    const { queue: _q, delaySeconds: _d, ...retryBody } = retry;
    await handleDispatchMessage(ports, retryBody as never);
    await deliverLatest(ports, world, 'DRIVER_FREE');
    expect((await listOffers(ports, ayu)).map((o) => o.jobId)).toEqual(['job_mo_new']);
    expect(world.jobs.get('job_mo_old')!.status).toBe('WAITING');
  });
});

describe('the delivery', () => {
  async function assigned() {
    const setup = dispatchWorld();
    setup.world.contacts.set('mo_1', SITI);
    const a = driver(setup.world, 'ayu');
    await handleDispatchMessage(setup.ports, jobReady());
    const [offer] = await listOffers(setup.ports, a);
    const view = await acceptOffer(setup.ports, a, offer!.offerId);
    return { ...setup, a, view };
  }

  it('on accept shows the driver the recipient and the sealed-package note, and tells ordering', async () => {
    const { world, ports, a, view } = await assigned();
    expect(view).toMatchObject({
      status: 'ASSIGNED',
      recipient: { name: 'Siti Aminah', phone: '+6281234500001' },
      pickup: { name: 'RSUD Blambangan' },
      dropoff: { location: PATIENT, address: SITI.address },
      handlingNote: expect.stringMatching(/^Sealed medicine package/),
      deliveryCodeRequired: true,
    });
    expect(JSON.stringify(view)).not.toMatch(/deliveryCodeHash|[a-f0-9]{64}/);
    expect(world.messages('COURIER_ASSIGNED')).toEqual([expect.objectContaining({ orderId: 'mo_1', driver: { driverId: 'ayu', vehiclePlate: 'P 300 AB', vehicleType: 'MOTORBIKE' } })]);
    // The first name stays with the job, for ordering to read through JobParticulars.
    expect(world.jobs.get('job_mo_1')!.driver).toMatchObject({ firstName: 'Ayu' });
    expect(world.drivers.get('ayu')).toMatchObject({ currentJobId: 'job_mo_1' });
    expect(world.drivers.get('ayu')!.currentOfferId).toBeUndefined();
    expect(await listOffers(ports, a)).toEqual([]);
  });

  it('walks pickup → deliver with the right code, frees the driver and tells ordering', async () => {
    const { world, ports, a } = await assigned();
    await expect(deliver(ports, a, 'job_mo_1', { code: '123456', recipientName: 'Siti' })).rejects.toMatchObject({ status: 409 });
    await pickUp(ports, a, 'job_mo_1');
    const done = await deliver(ports, a, 'job_mo_1', { code: '123456', recipientName: 'Siti Aminah' });
    expect(done.status).toBe('DELIVERED');
    expect(world.drivers.get('ayu')!.currentJobId).toBeUndefined();
    expect(world.messages('PICKED_UP')).toHaveLength(1);
    // Who received it stays with the job; the event carries ids and times only.
    expect(world.messages('DELIVERED')).toEqual([expect.objectContaining({ orderId: 'mo_1', driver: expect.objectContaining({ driverId: 'ayu' }) })]);
    expect(JSON.stringify(world.messages('DELIVERED'))).not.toMatch(/Siti|Ayu/);
    expect(world.jobs.get('job_mo_1')!.deliveredTo).toBe('Siti Aminah');
  });

  it('shows the recipient’s contact until contactHoursAfterEnd (3 h) after delivery, then no longer', async () => {
    const { world, ports, a } = await assigned();
    await pickUp(ports, a, 'job_mo_1');
    await deliver(ports, a, 'job_mo_1', { code: '123456', recipientName: 'Siti Aminah' });
    advance(world, 3 * 3600 - 1);
    expect(await getJobForDriver(ports, a, 'job_mo_1')).toMatchObject({ recipient: SITI.recipient, dropoff: { address: SITI.address } });
    advance(world, 1);
    const later = await getJobForDriver(ports, a, 'job_mo_1');
    expect(later).toMatchObject({ status: 'DELIVERED', recipient: null, dropoff: { location: PATIENT, kecamatan: 'Banyuwangi' } });
    expect(JSON.stringify(later)).not.toMatch(/Siti|Kepiting|\+62812/);
  });

  it('the contact after a failed delivery ends the same way, and a job given back shows none', async () => {
    const { world, ports, a } = await assigned();
    await pickUp(ports, a, 'job_mo_1');
    await failJob(ports, a, 'job_mo_1', { reason: 'Nobody home' });
    expect((await getJobForDriver(ports, a, 'job_mo_1')).recipient).toEqual(SITI.recipient);
    advance(world, 3 * 3600);
    expect((await getJobForDriver(ports, a, 'job_mo_1')).recipient).toBeNull();

    const next = await assigned();
    expect((await failJob(next.ports, next.a, 'job_mo_1', { reason: 'Motorbike broke down' })).recipient).toBeNull();
  });

  it('locks the delivery after 5 wrong codes and tells the pharmacy; then only failure is possible', async () => {
    const { world, ports, a } = await assigned();
    await pickUp(ports, a, 'job_mo_1');
    for (let i = 1; i <= 4; i++) {
      await expect(deliver(ports, a, 'job_mo_1', { code: '000000', recipientName: 'X' })).rejects.toMatchObject({
        status: 422,
        code: 'WRONG_DELIVERY_CODE',
        message: expect.stringContaining(`${5 - i} attempt`),
      });
    }
    await expect(deliver(ports, a, 'job_mo_1', { code: '000000', recipientName: 'X' })).rejects.toMatchObject({ code: 'DELIVERY_LOCKED' });
    await expect(deliver(ports, a, 'job_mo_1', { code: '123456', recipientName: 'X' })).rejects.toMatchObject({ code: 'DELIVERY_LOCKED' });
    expect(world.messages('ATTENTION')).toEqual([expect.objectContaining({ attention: 'DELIVERY_CODE_LOCKED' })]);
    const failed = await failJob(ports, a, 'job_mo_1', { reason: 'Recipient could not give the code' });
    expect(failed.status).toBe('FAILED');
    expect(world.messages('DELIVERY_FAILED')).toHaveLength(1);
    expect(JSON.stringify(world.messages('DELIVERY_FAILED'))).not.toContain('Recipient could not');
    expect(world.jobs.get('job_mo_1')!.failureReason).toBe('Recipient could not give the code');
    expect(world.drivers.get('ayu')!.currentJobId).toBeUndefined();
  });

  it('a driver who gives the job back before pickup frees it for the next driver, never again for them', async () => {
    const { world, ports, a } = await assigned();
    const b = driver(world, 'budi', { kmNorth: 4 });
    const given = await failJob(ports, a, 'job_mo_1', { reason: 'Motorbike broke down' });
    expect(given.status).toBe('WAITING');
    expect(world.messages('COURIER_RELEASED')).toHaveLength(1);
    await deliverLatest(ports, world, 'JOB_RETRY');
    expect(await listOffers(ports, b)).toHaveLength(1);
    expect(world.jobs.get('job_mo_1')!.excludedDriverIds).toContain('ayu');
  });

  it('only the assigned driver sees and acts on the job; wrong order of steps is a 409', async () => {
    const { world, ports, a } = await assigned();
    const other = driver(world, 'other', { kmNorth: 9 });
    await expect(getJobForDriver(ports, other, 'job_mo_1')).rejects.toMatchObject({ status: 404 });
    await expect(pickUp(ports, other, 'job_mo_1')).rejects.toMatchObject({ status: 404 });
    await pickUp(ports, a, 'job_mo_1');
    await expect(pickUp(ports, a, 'job_mo_1')).rejects.toMatchObject({ status: 409, code: 'INVALID_TRANSITION' });
  });

  it('a caller with the driver role but no registered driver is refused', async () => {
    const { ports } = dispatchWorld();
    await expect(listOffers(ports, { sub: 'nobody', roles: new Set(['driver']) })).rejects.toMatchObject({ status: 403 });
  });
});

describe('cancellation', () => {
  it('withdraws a pending offer and frees the driver', async () => {
    const { world, ports } = dispatchWorld();
    const a = driver(world, 'a');
    await handleDispatchMessage(ports, jobReady());
    const [offer] = await listOffers(ports, a);
    await handleDispatchMessage(ports, { type: 'JOB_CANCELLED', messageId: 'c1', jobId: 'job_mo_1', kind: 'MEDICINE', orderId: 'mo_1', reason: 'ORDER_CANCELLED', occurredAt: 't' });
    expect(world.jobs.get('job_mo_1')!.status).toBe('CANCELLED');
    expect(world.offers.get(offer!.offerId)!.status).toBe('WITHDRAWN');
    expect(world.drivers.get('a')!.currentJobId).toBeUndefined();
    await expect(acceptOffer(ports, a, offer!.offerId)).rejects.toMatchObject({ code: 'OFFER_NOT_PENDING' });
  });

  it('frees an assigned driver', async () => {
    const { world, ports } = dispatchWorld();
    const a = driver(world, 'a');
    await handleDispatchMessage(ports, jobReady());
    await acceptOffer(ports, a, (await listOffers(ports, a))[0]!.offerId);
    await handleDispatchMessage(ports, { type: 'JOB_CANCELLED', messageId: 'c1', jobId: 'job_mo_1', kind: 'MEDICINE', orderId: 'mo_1', reason: 'ORDER_CANCELLED', occurredAt: 't' });
    expect(world.drivers.get('a')!.currentJobId).toBeUndefined();
    await expect(pickUp(ports, a, 'job_mo_1')).rejects.toMatchObject({ status: 409 });
  });

  const cancel = { type: 'JOB_CANCELLED', messageId: 'c1', jobId: 'job_mo_1', kind: 'MEDICINE', orderId: 'mo_1', reason: 'ORDER_CANCELLED', occurredAt: 't' } as const;

  it('answers JOB_WITHDRAWN with the withdrawal, and again each time it is asked again (the first answer may have been lost)', async () => {
    const { world, ports } = dispatchWorld();
    const a = driver(world, 'a');
    await handleDispatchMessage(ports, jobReady());
    await acceptOffer(ports, a, (await listOffers(ports, a))[0]!.offerId);
    await handleDispatchMessage(ports, cancel);
    expect(world.drivers.get('a')!.currentJobId).toBeUndefined();
    await handleDispatchMessage(ports, { ...cancel, messageId: 'c2' });
    const withdrawn = expect.objectContaining({ type: 'JOB_WITHDRAWN', kind: 'MEDICINE', orderId: 'mo_1', jobId: 'job_mo_1' });
    expect(world.messages('JOB_WITHDRAWN')).toEqual([withdrawn, withdrawn]);
    expect(world.messages('CANCEL_REFUSED')).toEqual([]);
    expect(world.jobs.get('job_mo_1')!.status).toBe('CANCELLED');
  });

  it('refuses once the goods are picked up, says why, and the delivery goes on', async () => {
    const { world, ports } = dispatchWorld();
    const a = driver(world, 'a');
    await handleDispatchMessage(ports, jobReady());
    await acceptOffer(ports, a, (await listOffers(ports, a))[0]!.offerId);
    await pickUp(ports, a, 'job_mo_1');
    await handleDispatchMessage(ports, cancel);
    expect(world.jobs.get('job_mo_1')!.status).toBe('PICKED_UP');
    expect(world.messages('CANCEL_REFUSED')).toEqual([expect.objectContaining({ kind: 'MEDICINE', orderId: 'mo_1', reason: 'PICKED_UP' })]);
    expect(world.messages('JOB_WITHDRAWN')).toEqual([]);
    expect(world.drivers.get('a')!.currentJobId).toBe('job_mo_1');
  });

  it('a cancellation that overtakes its JOB_READY keeps the job from ever starting, and is answered JOB_WITHDRAWN', async () => {
    const { world, ports } = dispatchWorld();
    driver(world, 'a');
    await handleDispatchMessage(ports, cancel);
    await handleDispatchMessage(ports, jobReady());
    expect(world.jobs.get('job_mo_1')!.status).toBe('CANCELLED');
    expect(world.offers.size).toBe(0);
    expect(world.messages('JOB_WITHDRAWN')).toEqual([expect.objectContaining({ kind: 'MEDICINE', orderId: 'mo_1' })]);
  });

});

describe('jobs whose goods are not ready yet, and jobs that give up', () => {
  it('starts matching only pickupLeadSeconds before the goods are ready', async () => {
    const { world, ports } = dispatchWorld();
    const a = driver(world, 'a');
    const readyAt = new Date(world.nowMs + 25 * 60_000).toISOString(); // food ready in 25 minutes
    await handleDispatchMessage(ports, jobReady('fo_1', { kind: 'FOOD', readyAt, requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: false } }));
    expect(await listOffers(ports, a)).toEqual([]);
    // 25 min − 10 min lead = 15 min from now; SQS delays cap at 15 min (900 s).
    expect(world.messages('JOB_RETRY').at(-1)).toMatchObject({ delaySeconds: 900 });
    advance(world, 900);
    driver(world, 'a'); // the app has kept reporting the driver's position meanwhile
    await deliverLatest(ports, world, 'JOB_RETRY');
    expect(await listOffers(ports, a)).toHaveLength(1);
  });

  it('a food job ready earlier than planned (JOB_READY again, earlier readyAt) is matched now, once', async () => {
    const { world, ports } = dispatchWorld();
    const a = driver(world, 'a');
    const planned = jobReady('fo_1', {
      kind: 'FOOD',
      readyAt: new Date(world.nowMs + 40 * 60_000).toISOString(), // the kitchen said 40 minutes
      requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: false },
    });
    await handleDispatchMessage(ports, planned);
    advance(world, 5 * 60);
    expect(await listOffers(ports, a)).toEqual([]); // still 25 minutes before the lead time
    const early = { ...planned, messageId: 'msg_fo_1_ready', readyAt: new Date(world.nowMs).toISOString() };
    await handleDispatchMessage(ports, early);
    const [offer] = await listOffers(ports, a);
    expect(offer).toMatchObject({ jobId: 'job_fo_1' });
    expect(world.jobs.get('job_fo_1')!.readyAt).toBe(early.readyAt);
    // A redelivery of either message changes nothing.
    const before = world.sent.length;
    await handleDispatchMessage(ports, early);
    await handleDispatchMessage(ports, planned);
    expect(world.sent.length).toBe(before);
    expect(world.jobs.get('job_fo_1')!.currentOfferId).toBe(offer!.offerId);
  });

  it('tells the merchant once when nobody has taken a food job 10 minutes after the food was ready', async () => {
    const { world, ports } = dispatchWorld();
    await handleDispatchMessage(ports, jobReady('fo_2', { kind: 'FOOD', requirements: { vehicleTypes: ['MOTORBIKE'], fleet: 'GOJEK', medicineTrained: false } }));
    for (let i = 0; i < 8; i++) {
      advance(world, world.messages('JOB_RETRY').at(-1)!.delaySeconds);
      await deliverLatest(ports, world, 'JOB_RETRY');
    }
    expect(world.messages('ATTENTION')).toEqual([expect.objectContaining({ attention: 'NO_DRIVER_YET', kind: 'FOOD', orderId: 'fo_2', queue: 'jobEvents' })]);
    expect(world.jobs.get('job_fo_2')!.status).toBe('WAITING');
  });

  it('ends a ride search with NO_DRIVER_FOUND after its search time, and tells the owner', async () => {
    const { world, ports } = dispatchWorld();
    await handleDispatchMessage(ports, jobReady('ride_1', { kind: 'RIDE', requirements: { vehicleTypes: ['TAXI'], fleet: 'PARTNER_TAXI', medicineTrained: false } }));
    for (let i = 0; i < 10 && world.jobs.get('job_ride_1')!.status === 'WAITING'; i++) {
      advance(world, world.messages('JOB_RETRY').at(-1)!.delaySeconds);
      await deliverLatest(ports, world, 'JOB_RETRY');
    }
    expect(world.jobs.get('job_ride_1')!.status).toBe('NO_DRIVER_FOUND');
    expect(world.messages('NO_DRIVER_FOUND')).toEqual([expect.objectContaining({ orderId: 'ride_1', queue: 'jobEvents' })]);
    // 15 + 30 + 60 + 120 = 225 s, + 240 = 465 s ≥ 300 s: the search ended at the fifth look.
    expect(world.jobs.get('job_ride_1')!.matchAttempts).toBe(5);
  });

  it('never gives up on a medicine job', async () => {
    const { world, ports } = dispatchWorld();
    await handleDispatchMessage(ports, jobReady());
    for (let i = 0; i < 12; i++) {
      advance(world, world.messages('JOB_RETRY').at(-1)!.delaySeconds);
      await deliverLatest(ports, world, 'JOB_RETRY');
    }
    expect(world.jobs.get('job_mo_1')!.status).toBe('WAITING');
  });
});

describe('the janitor', () => {
  /** `count` medicine jobs whose retries were all lost, ready one minute apart (job 0 the oldest). */
  async function stalledJobs(count: number) {
    const { world, ports } = dispatchWorld();
    const start = Date.parse('2026-11-28T03:00:00Z');
    for (let i = 0; i < count; i++) {
      await handleDispatchMessage(ports, jobReady(`mo_${String(i).padStart(4, '0')}`, { readyAt: new Date(start + i * 60_000).toISOString() }));
    }
    world.sent.length = 0;
    advance(world, count * 60 + 300 + 121); // past the newest job's longest backoff and the grace
    const retriedJobs = () => new Set(world.messages('JOB_RETRY').map((m) => m.jobId as string));
    return { world, ports, retriedJobs };
  }

  it('sees every stalled job however many there are, page after page', async () => {
    const { world, ports, retriedJobs } = await stalledJobs(260);
    expect(await reviveStalledJobs(ports)).toEqual({ retried: 260, expired: 0, complete: true });
    expect(retriedJobs().size).toBe(260);
    expect(world.pagesRead).toBeGreaterThanOrEqual(4); // 3 pages of waiting jobs and the offered ones
  });

  it('stops cleanly when its time runs short, oldest first, and the next run carries on from there', async () => {
    const { ports, retriedJobs } = await stalledJobs(260);
    // A function whose remaining time allows 120 more jobs: 120 time checks above the margin.
    let checks = 0;
    const shortOfTime = { timeLeftMs: () => (checks++ < 122 ? 60_000 : 1_000) };
    const first = await reviveStalledJobs(ports, shortOfTime);
    expect(first.complete).toBe(false);
    expect(first.retried).toBeGreaterThan(100);
    expect(first.retried).toBeLessThan(260);
    const firstRun = retriedJobs();
    const oldest = Array.from({ length: first.retried }, (_, i) => `job_mo_${String(i).padStart(4, '0')}`);
    expect([...firstRun].sort()).toEqual(oldest);

    const second = await reviveStalledJobs(ports);
    expect(second).toEqual({ retried: 260 - first.retried, expired: 0, complete: true });
    expect(retriedJobs().size).toBe(260); // every job once, none twice
  });

  it('moves the other jobs on when one cannot be, then fails the run so the alarm shows it', async () => {
    const { world, ports, retriedJobs } = await stalledJobs(5);
    const changeJob = world.changeJob.bind(world);
    world.changeJob = async (change) => {
      if (change.next.jobId === 'job_mo_0001') throw new Error('DynamoDB unavailable');
      return changeJob(change);
    };
    await expect(reviveStalledJobs(ports)).rejects.toThrow(/1 stalled dispatch job/);
    expect([...retriedJobs()].sort()).toEqual(['job_mo_0000', 'job_mo_0002', 'job_mo_0003', 'job_mo_0004']);
  });

  it('retries a waiting job whose retry message was lost, and leaves a job whose retry is due alone', async () => {
    const { world, ports } = dispatchWorld();
    await handleDispatchMessage(ports, jobReady());
    const lost = world.messages('JOB_RETRY').at(-1)!;
    expect(await reviveStalledJobs(ports)).toEqual({ retried: 0, expired: 0, complete: true }); // its retry is on its way
    advance(world, 300 + 121); // the longest backoff plus grace, and nothing came
    const a = driver(world, 'a');
    expect(await reviveStalledJobs(ports)).toEqual({ retried: 1, expired: 0, complete: true });
    await deliverLatest(ports, world, 'JOB_RETRY');
    expect(await listOffers(ports, a)).toHaveLength(1);
    // The lost message, should it still arrive, is stale now.
    const { queue: _q, delaySeconds: _d, ...stale } = lost;
    const before = world.sent.length;
    await handleDispatchMessage(ports, stale as never);
    expect(world.sent.length).toBe(before);
  });

  it('expires an offer whose check was lost, so the driver is freed and the next one asked', async () => {
    const { world, ports } = dispatchWorld();
    const a = driver(world, 'a');
    await handleDispatchMessage(ports, jobReady());
    const [offer] = await listOffers(ports, a);
    advance(world, 30 + 60);
    expect(await reviveStalledJobs(ports)).toEqual({ retried: 0, expired: 0, complete: true }); // within the grace
    advance(world, 61);
    expect(await reviveStalledJobs(ports)).toEqual({ retried: 0, expired: 1, complete: true });
    expect(world.offers.get(offer!.offerId)!.status).toBe('EXPIRED');
    expect(world.drivers.get('a')!.currentJobId).toBeUndefined();
  });
});
