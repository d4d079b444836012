/**
 * A cancel based on a stale view races the pickup, on DynamoDB Local (item 9 of issue 8). The
 * pharmacy (or the passenger) asks to cancel while the driver, who already holds the job, picks
 * the goods up. Dispatch decides (withdraws the job, or refuses because the goods are picked up),
 * and the order follows dispatch's answer through the job events — delivered late, out of order
 * and twice, as SQS may. Whoever wins, ordering and dispatch end in the same state: a withdrawn
 * job's order is CANCELLED (its prescription guard freed), a picked-up job's order is delivered
 * (its DELIVERED applied, a ride COMPLETED for the settlement), and no cancellation stays pending.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/platform/http/caller.ts';
import { startTestRuntime, type TestRuntime } from './support/local.ts';
import { createFacility, createOrder, orderBody } from './support/ordering.ts';

let t: TestRuntime;
let engine: typeof import('../../shared/dispatch/application/dispatch-engine.ts');
let driverActions: typeof import('../../shared/dispatch/application/driver-actions.ts');
let follower: typeof import('../../shared/ordering/application/follow-job.ts');
let ports: import('../../shared/dispatch/application/driver-actions.ts').DriverJobPorts;
let followPorts: import('../../shared/ordering/application/follow-job.ts').FollowJobPorts;
/** What the consumer does before following: the wire message, with its particulars read from dispatch. */
let followed: (body: unknown) => Promise<import('../../shared/kernel/job-events.ts').JobEvent>;
let admin: string;
let pharmacist: string;
let citizen: string;
let facilityId: string;
const DRIVER_SUB = 'cancel-race-driver';
const driverCaller: Caller = { sub: DRIVER_SUB, roles: new Set(['driver']) };

const BLAMBANGAN = { lat: -8.208396, lng: 114.366168 };
const ROUNDS = 12;

beforeAll(async () => {
  t = await startTestRuntime({ consumers: false });
  admin = await t.token('admin', 'admin-cancel-race');
  pharmacist = await t.token('pharmacy', 'apoteker-cancel-race');
  citizen = await t.token('citizen', 'warga-cancel-race');
  facilityId = await createFacility(t, admin, 'blambangan', ['apoteker-cancel-race']);
  const created = await t.post(
    '/v1/drivers',
    { sub: DRIVER_SUB, name: 'Bagus', phone: '081234009999', vehicle: { type: 'MOTORBIKE', plate: 'P 4821 UX' }, fleet: { kind: 'GOJEK' }, medicineTrained: true },
    admin,
  );
  expect(created.status, created.text).toBe(201);
  const token = await t.token('driver', DRIVER_SUB);
  expect((await t.put('/v1/drivers/me/location', BLAMBANGAN, token)).status).toBe(200);
  expect((await t.put('/v1/drivers/me/availability', { available: true }, token)).status).toBe(200);
  engine = await import('../../shared/dispatch/application/dispatch-engine.ts');
  driverActions = await import('../../shared/dispatch/application/driver-actions.ts');
  follower = await import('../../shared/ordering/application/follow-job.ts');
  ports = { ...(await import('../../shared/dispatch/adapters/dispatch-adapters.ts')).dispatchPorts(), contacts: (await import('../../shared/wiring/delivery-contacts-wiring.ts')).orderingDeliveryContacts() };
  followPorts = (await import('../../shared/wiring/follow-job-wiring.ts')).followJobPorts();
  const { parseJobEvent } = await import('../../shared/kernel/job-events.ts');
  const { withParticulars } = await import('../../shared/ordering/application/job-event-particulars.ts');
  const particulars = (await import('../../shared/wiring/job-particulars-wiring.ts')).dispatchJobParticulars();
  followed = (body) => withParticulars(particulars, parseJobEvent(JSON.stringify(body)));
});

afterAll(async () => {
  await t?.stop();
});

/** Hands what ordering sent to dispatch (JOB_READY, JOB_CANCELLED) to the engine. */
async function dispatchWhatOrderingSent(): Promise<void> {
  for (const message of await t.drain(t.queue('dispatch').url, { waitSeconds: 0 })) {
    const body = JSON.parse(message.Body!);
    if (body.type === 'JOB_READY' || body.type === 'JOB_CANCELLED') await engine.handleDispatchMessage(ports, body);
  }
}

/**
 * Applies dispatch's job events to the orders as the consumer would under SQS: each one twice
 * (redelivery), in the order given, and an event that runs ahead of its order again later.
 */
async function followJobEvents(reverse: boolean): Promise<string[]> {
  const events = (await t.drain(t.queue('jobEvents').url, { waitSeconds: 0 })).map((m) => JSON.parse(m.Body!));
  let pending = (reverse ? [...events].reverse() : events).flatMap((event) => [event, event]);
  for (let pass = 0; pending.length > 0; pass++) {
    expect(pass, `events stuck ahead of their order: ${JSON.stringify(pending.map((e) => e.type))}`).toBeLessThan(5);
    const later = [];
    for (const event of pending) {
      try {
        await follower.followJob(followPorts, await followed(event));
      } catch (error) {
        if (!(error instanceof follower.JobEventAheadOfOrderError)) throw error;
        later.push(event);
      }
    }
    pending = later;
  }
  return events.map((event) => event.type as string);
}

/** The driver takes the job (the only offer he has). */
async function driverTakesJob(jobId: string): Promise<void> {
  const offers = await driverActions.listOffers(ports, driverCaller);
  expect(offers.map((offer) => offer.jobId)).toEqual([jobId]);
  await driverActions.acceptOffer(ports, driverCaller, offers[0]!.offerId);
}

type Race = 'CANCEL_FIRST' | 'PICKUP_FIRST' | 'AT_ONCE';
/** Two forced orders, so both outcomes are surely exercised, then true races. */
const race = (round: number): Race => (round === 0 ? 'CANCEL_FIRST' : round === 1 ? 'PICKUP_FIRST' : 'AT_ONCE');

/** Dispatch's decision on the cancel request, and the driver's pickup, in the given order. */
async function cancelRacesPickup(jobId: string, how: Race): Promise<void> {
  const decideCancel = () => dispatchWhatOrderingSent();
  const pickUp = () => driverActions.pickUp(ports, driverCaller, jobId).then(() => 'PICKED_UP' as const, (error) => error as Error);
  if (how === 'CANCEL_FIRST') {
    await decideCancel();
    expect(await pickUp()).toMatchObject({ status: 409 }); // the job is gone: the driver is told
  } else if (how === 'PICKUP_FIRST') {
    expect(await pickUp()).toBe('PICKED_UP');
    await decideCancel();
  } else {
    const [picked] = await Promise.all([pickUp(), decideCancel()]);
    if (picked !== 'PICKED_UP') expect(picked).toMatchObject({ status: 409 });
  }
}

async function dispatchJob(jobId: string): Promise<Record<string, any>> {
  const job = await ports.store.getJob(jobId);
  expect(job).toBeDefined();
  return job as unknown as Record<string, any>;
}

describe('a cancel racing the pickup, on DynamoDB Local', () => {
  it(`medicine: ${ROUNDS} rounds; ordering and dispatch always agree, and the prescription guard follows`, async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const body = orderBody(facilityId, { prescriptionNo: `RX-RACE/${round}` });
      const order = await createOrder(t, pharmacist, body);
      const jobId = `job_${order.orderId}`;
      for (const status of ['PREPARING', 'READY_FOR_PICKUP']) expect((await t.post(`/v1/medicine-orders/${order.orderId}/status`, { status }, pharmacist)).status).toBe(200);
      await dispatchWhatOrderingSent();
      await driverTakesJob(jobId);
      await followJobEvents(false);

      // The pharmacy's view: the order is COURIER_ASSIGNED; it asks to cancel.
      const asked = await t.post(`/v1/medicine-orders/${order.orderId}/status`, { status: 'CANCELLED', reason: 'Pasien dirawat inap' }, pharmacist);
      expect(asked.status, asked.text).toBe(202);
      await cancelRacesPickup(jobId, race(round));
      const events = await followJobEvents(round % 2 === 1);

      let job = await dispatchJob(jobId);
      if (job.status === 'PICKED_UP') {
        expect(events).toContain('CANCEL_REFUSED');
        await driverActions.deliver(ports, driverCaller, jobId, { code: order.deliveryCode, recipientName: 'Pak Slamet' });
        await followJobEvents(false);
        job = await dispatchJob(jobId);
      }
      const final = (await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist)).body;
      outcomes.push(job.status);
      // Both sides agree, and nothing is left pending.
      expect([job.status, final.status]).toEqual(job.status === 'CANCELLED' ? ['CANCELLED', 'CANCELLED'] : ['DELIVERED', 'DELIVERED']);
      expect(final.cancellation).toBeUndefined();
      if (job.status === 'CANCELLED') {
        expect(events).toEqual(['JOB_WITHDRAWN']);
        expect(final.cancelReason).toBe('Pasien dirawat inap');
      } else {
        expect(final).toMatchObject({ deliveredTo: 'Pak Slamet', cancelRefused: { reason: 'PICKED_UP' } });
      }
      // The prescription guard is freed exactly when the order is cancelled, never while the medicine travels.
      const again = await t.post('/v1/medicine-orders', body, pharmacist);
      expect(again.status, again.text).toBe(job.status === 'CANCELLED' ? 201 : 409);
      // The driver is free for the next round either way.
      expect((await t.get('/v1/drivers/me', await t.token('driver', DRIVER_SUB))).body.currentJobId ?? null).toBeNull();
    }
    expect(outcomes).toContain('CANCELLED');
    expect(outcomes).toContain('DELIVERED');
  });

  it(`rides: ${ROUNDS} rounds; a ride picked up before the cancel is completed (and settled), never lost`, async () => {
    const place = (location: { lat: number; lng: number }, street: string) => ({ location, address: { street, desa: 'Taman Baru', kecamatan: 'Banyuwangi' } });
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const booked = await t.post('/v1/rides', { pickup: place(BLAMBANGAN, 'Jl. A'), dropoff: place({ lat: -8.1402, lng: 114.3951 }, 'Jl. B'), vehicleType: 'MOTORBIKE' }, citizen);
      expect(booked.status, booked.text).toBe(201);
      const rideId: string = booked.body.rideId;
      const jobId = `job_${rideId}`;
      await dispatchWhatOrderingSent();
      await driverTakesJob(jobId);
      await followJobEvents(false);

      const asked = await t.post(`/v1/rides/${rideId}/cancel`, { reason: 'changed plans' }, citizen);
      expect(asked.status, asked.text).toBe(202);
      await cancelRacesPickup(jobId, race(round));
      await followJobEvents(round % 2 === 0);

      let job = await dispatchJob(jobId);
      if (job.status === 'PICKED_UP') {
        await driverActions.deliver(ports, driverCaller, jobId, { recipientName: 'Penumpang' });
        await followJobEvents(false);
        job = await dispatchJob(jobId);
      }
      const ride = (await t.get(`/v1/rides/${rideId}`, citizen)).body;
      outcomes.push(job.status);
      expect([job.status, ride.status]).toEqual(job.status === 'CANCELLED' ? ['CANCELLED', 'CANCELLED'] : ['DELIVERED', 'COMPLETED']);
      expect(ride.cancellation).toBeUndefined();
      if (ride.status === 'COMPLETED') expect(ride.completedAt).toEqual(expect.any(String));
    }
    expect(outcomes).toContain('CANCELLED');
    expect(outcomes).toContain('DELIVERED');
  });
});
