import { describe, expect, it } from 'vitest';
import type { JobEvent } from '#kernel/job-events';
import { ConcurrentUpdateError } from '#platform/errors';
import { followJob, type FollowJobPorts } from '#ordering/application/follow-job';
import type { Ride, RideStatus } from '#ordering/domain/ride';

const at = (second: number) => `2026-11-28T10:00:${String(second).padStart(2, '0')}.000+07:00`;

function store(ride: Ride) {
  const rides = new Map([[ride.rideId, ride]]);
  return {
    rides,
    getRide: async (id: string) => rides.get(id),
    saveRideTransition: async (next: Ride, expected: { status: RideStatus; version: number }) => {
      const current = rides.get(next.rideId)!;
      if (current.status !== expected.status || current.version !== expected.version) throw new ConcurrentUpdateError('The ride');
      rides.set(next.rideId, next);
      return [];
    },
  };
}

const newRide = (over: Partial<Ride> = {}): Ride => ({
  rideId: 'rd_1',
  citizenSub: 'warga',
  status: 'SEARCHING',
  version: 1,
  vehicleType: 'TAXI',
  pickup: { location: { lat: -8.2, lng: 114.36 }, address: { street: 'Jl. A', desa: 'Taman Baru', kecamatan: 'Banyuwangi' } },
  dropoff: { location: { lat: -8.14, lng: 114.39 }, address: { street: 'Jl. B', desa: 'Ketapang', kecamatan: 'Kalipuro' } },
  fareIdr: 57_300,
  distanceKm: 12,
  tariff: { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 },
  companyId: 'cmp_osing',
  companyName: 'Osing Taksi',
  timeline: [{ status: 'SEARCHING', at: at(0) }],
  createdAt: at(0),
  updatedAt: at(0),
  ...over,
});

const driver = (driverId = 'drv_a') => ({ driverId, firstName: 'Hartono', vehiclePlate: 'P 1101 UA', vehicleType: 'TAXI', companyId: 'cmp_osing' });
const event = (type: JobEvent['type'], second: number, over: Partial<JobEvent> = {}): JobEvent => ({
  type,
  messageId: `msg_${type}_${second}`,
  jobId: 'job_rd_1',
  kind: 'RIDE',
  orderId: 'rd_1',
  at: at(second),
  ...over,
});
const clock = { now: () => new Date('2026-11-28T03:01:00.000Z') };
const applyRideJobEvent = (ports: { rides: FollowJobPorts['rides']; clock: typeof clock }, e: JobEvent) => followJob(ports, e);

describe('a ride following its job', () => {
  it('goes SEARCHING → DRIVER_ASSIGNED → ON_TRIP → COMPLETED, keeping the driver and when it ended', async () => {
    const s = store(newRide());
    const ports = { rides: s, clock };
    expect(await applyRideJobEvent(ports, event('COURIER_ASSIGNED', 1, { driver: driver() }))).toEqual({ outcome: 'APPLIED', status: 'DRIVER_ASSIGNED', waitedForDriverSeconds: 1 });
    expect(s.rides.get('rd_1')!.driver).toMatchObject({ firstName: 'Hartono', vehiclePlate: 'P 1101 UA', companyName: 'Osing Taksi' });
    expect((await applyRideJobEvent(ports, event('PICKED_UP', 2, { driver: driver() }))).status).toBe('ON_TRIP');
    expect((await applyRideJobEvent(ports, event('DELIVERED', 3))).status).toBe('COMPLETED');
    expect(s.rides.get('rd_1')).toMatchObject({ completedAt: at(3), version: 4 });
    // Redeliveries change nothing.
    expect((await applyRideJobEvent(ports, event('DELIVERED', 3))).outcome).toBe('ALREADY_APPLIED');
    expect((await applyRideJobEvent(ports, event('PICKED_UP', 2))).outcome).toBe('SUPERSEDED');
    expect((await applyRideJobEvent(ports, event('COURIER_ASSIGNED', 1, { driver: driver() }))).outcome).toBe('SUPERSEDED');
    expect(s.rides.get('rd_1')!.version).toBe(4);
  });

  it('tolerates reordering: a step ahead of the ride fails (to be redelivered), an old one is superseded', async () => {
    const s = store(newRide());
    const ports = { rides: s, clock };
    await expect(applyRideJobEvent(ports, event('PICKED_UP', 2))).rejects.toMatchObject({ code: 'JOB_EVENT_AHEAD_OF_ORDER' });
    await expect(applyRideJobEvent(ports, event('DELIVERED', 3))).rejects.toMatchObject({ code: 'JOB_EVENT_AHEAD_OF_ORDER' });
    await applyRideJobEvent(ports, event('COURIER_ASSIGNED', 1, { driver: driver('drv_a') }));
    expect((await applyRideJobEvent(ports, event('COURIER_RELEASED', 5, { driver: driver('drv_a') }))).status).toBe('SEARCHING');
    expect(s.rides.get('rd_1')!.driver).toBeUndefined();
    // The first assignment, redelivered late, belongs to the past.
    expect((await applyRideJobEvent(ports, event('COURIER_ASSIGNED', 1, { driver: driver('drv_a') }))).outcome).toBe('SUPERSEDED');
    expect((await applyRideJobEvent(ports, event('COURIER_RELEASED', 5, { driver: driver('drv_a') }))).outcome).toBe('ALREADY_APPLIED');
  });

  it('ends NO_DRIVER_FOUND or FAILED, and ignores dispatch after a cancel', async () => {
    const lonely = store(newRide());
    expect((await applyRideJobEvent({ rides: lonely, clock }, event('NO_DRIVER_FOUND', 9))).status).toBe('NO_DRIVER_FOUND');
    expect((await applyRideJobEvent({ rides: lonely, clock }, event('NO_DRIVER_FOUND', 9))).outcome).toBe('ALREADY_APPLIED');

    const failing = store(newRide({ status: 'ON_TRIP', driver: { ...driver(), assignedAt: at(1) } }));
    expect((await applyRideJobEvent({ rides: failing, clock }, event('DELIVERY_FAILED', 9, { reason: 'Flat tyre' }))).status).toBe('FAILED');
    expect(failing.rides.get('rd_1')!.failureReason).toBe('Flat tyre');
    await expect(applyRideJobEvent({ rides: failing, clock }, event('DELIVERED', 10))).rejects.toMatchObject({ code: 'CONTRADICTS_ORDER' });

    const cancelled = store(newRide({ status: 'CANCELLED' }));
    expect((await applyRideJobEvent({ rides: cancelled, clock }, event('COURIER_ASSIGNED', 1, { driver: driver() }))).outcome).toBe('ORDER_CANCELLED');
  });

  it('is reached through followJob for RIDE events and ignores pharmacy flags; unknown rides and mismatched jobs never apply', async () => {
    const s = store(newRide());
    const result = await followJob({ clock, rides: s }, event('COURIER_ASSIGNED', 1, { driver: driver() }));
    expect(result.status).toBe('DRIVER_ASSIGNED');
    expect(await followJob({ clock, rides: s }, event('ATTENTION', 2, { attention: 'NO_DRIVER_YET' }))).toEqual({ outcome: 'IGNORED', status: 'DRIVER_ASSIGNED' });
    await expect(applyRideJobEvent({ rides: s, clock }, event('PICKED_UP', 2, { orderId: 'rd_2', jobId: 'job_rd_2' }))).rejects.toMatchObject({ code: 'UNKNOWN_ORDER' });
    await expect(applyRideJobEvent({ rides: s, clock }, event('PICKED_UP', 2, { jobId: 'job_rd_9' }))).rejects.toMatchObject({ code: 'JOB_MISMATCH' });
  });
});
