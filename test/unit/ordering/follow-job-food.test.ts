import { describe, expect, it } from 'vitest';
import { ConcurrentUpdateError } from '#platform/errors';
import type { JobEvent } from '#kernel/job-events';
import { followJob, JobEventAheadOfOrderError, UnappliableJobEventError, type FollowJobPorts } from '#ordering/application/follow-job';
import type { FoodOrder } from '#ordering/domain/food-order';

const base = { orderId: 'fo_1', status: 'ACCEPTED', version: 2, timeline: [], foodReadyAt: undefined } as unknown as FoodOrder;
const driver = { driverId: 'drv_1', firstName: 'Rizal', vehiclePlate: 'P 7001 FD', vehicleType: 'MOTORBIKE' };

function store(order: FoodOrder) {
  let current = order;
  return {
    get: () => current,
    getFoodOrder: async () => current,
    saveFoodOrderTransition: async (next: FoodOrder, expected: { status: string; version: number }) => {
      if (current.status !== expected.status || current.version !== expected.version) throw new ConcurrentUpdateError('x');
      current = next;
      return [];
    },
  };
}
let n = 0;
const event = (type: JobEvent['type'], at: string, extra: Partial<JobEvent> = {}): JobEvent => ({ type, messageId: `m${++n}`, jobId: 'job_fo_1', kind: 'FOOD', orderId: 'fo_1', at, ...extra });
const clock = { now: () => new Date('2026-12-19T05:00:00Z') };
const applyFoodJobEvent = (ports: { store: FollowJobPorts['foodOrders'] }, e: JobEvent) => followJob({ foodOrders: ports.store, clock }, e);

describe('a food order following its delivery job', () => {
  it('goes assigned → picked up → delivered; redeliveries change nothing', async () => {
    const s = store(base);
    const apply = (e: JobEvent) => applyFoodJobEvent({ store: s }, e);
    const assigned = event('COURIER_ASSIGNED', '2026-12-19T12:01:00+07:00', { driver });
    expect(await apply(assigned)).toEqual({ outcome: 'APPLIED', status: 'COURIER_ASSIGNED' });
    expect(await apply(assigned)).toEqual({ outcome: 'ALREADY_APPLIED', status: 'COURIER_ASSIGNED' });
    expect((await apply(event('PICKED_UP', '2026-12-19T12:10:00+07:00'))).status).toBe('PICKED_UP');
    expect(s.get().foodReadyAt).toBe('2026-12-19T12:10:00.000+07:00'); // picked up means ready
    expect((await apply(event('DELIVERED', '2026-12-19T12:30:00+07:00', { recipientName: 'Ayu' }))).status).toBe('DELIVERED');
    expect(s.get()).toMatchObject({ deliveredTo: 'Ayu', driver: { firstName: 'Rizal' } });
    expect((await apply(event('DELIVERED', '2026-12-19T12:30:00+07:00'))).outcome).toBe('ALREADY_APPLIED');
  });

  it('fails an event that runs ahead of the order, so SQS brings it back later', async () => {
    const s = store(base);
    await expect(applyFoodJobEvent({ store: s }, event('PICKED_UP', '2026-12-19T12:10:00+07:00'))).rejects.toBeInstanceOf(JobEventAheadOfOrderError);
  });

  it('refuses events for orders dispatch never had, and a job that is not the order’s', async () => {
    await expect(applyFoodJobEvent({ store: store({ ...base, status: 'REJECTED' }) }, event('COURIER_ASSIGNED', '2026-12-19T12:01:00+07:00', { driver }))).rejects.toBeInstanceOf(UnappliableJobEventError);
    await expect(applyFoodJobEvent({ store: store(base) }, event('NO_DRIVER_FOUND', '2026-12-19T12:01:00+07:00'))).rejects.toMatchObject({ code: 'INVALID_EVENT' });
    await expect(applyFoodJobEvent({ store: store(base) }, { ...event('PICKED_UP', '2026-12-19T12:01:00+07:00'), jobId: 'job_fo_2' })).rejects.toMatchObject({ code: 'JOB_MISMATCH' });
  });

  it('ignores what dispatch did before a cancel withdrew the job, like every kind', async () => {
    const s = store({ ...base, status: 'CANCELLED' });
    expect(await applyFoodJobEvent({ store: s }, event('COURIER_ASSIGNED', '2026-12-19T12:01:00+07:00', { driver }))).toEqual({ outcome: 'ORDER_CANCELLED', status: 'CANCELLED' });
  });

  it('goes back where the kitchen is when its courier is released, and flags NO_DRIVER_YET only while it waits', async () => {
    const s = store({ ...base, status: 'READY', foodReadyAt: '2026-12-19T11:58:00.000+07:00' } as FoodOrder);
    const apply = (e: JobEvent) => applyFoodJobEvent({ store: s }, e);
    expect(await apply(event('ATTENTION', '2026-12-19T12:00:00+07:00', { attention: 'NO_DRIVER_YET' }))).toEqual({ outcome: 'APPLIED', status: 'READY' });
    await apply(event('COURIER_ASSIGNED', '2026-12-19T12:01:00+07:00', { driver }));
    expect(s.get().attention).toBeUndefined();
    expect(await apply(event('COURIER_RELEASED', '2026-12-19T12:03:00+07:00', { driver }))).toEqual({ outcome: 'APPLIED', status: 'READY' });
    expect(s.get().driver).toBeUndefined();
    await apply(event('COURIER_ASSIGNED', '2026-12-19T12:04:00+07:00', { driver }));
    expect(await apply(event('ATTENTION', '2026-12-19T12:05:00+07:00', { attention: 'NO_DRIVER_YET' }))).toEqual({ outcome: 'SUPERSEDED', status: 'COURIER_ASSIGNED' });
  });
});
