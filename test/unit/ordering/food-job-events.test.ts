import { describe, expect, it } from 'vitest';
import { ConcurrentUpdateError } from '#platform/errors';
import type { JobEvent } from '#dispatch/job-events';
import { applyFoodJobEvent } from '#ordering/apply-food-job-event';
import { JobEventAheadOfOrderError, UnappliableJobEventError } from '#ordering/apply-job-event';
import { followJob } from '#ordering/follow-job';
import type { FoodOrder } from '#ordering/food-order';

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

describe('a food order following its delivery job', () => {
  it('goes assigned → picked up → delivered; redeliveries change nothing', async () => {
    const s = store(base);
    const apply = (e: JobEvent) => applyFoodJobEvent({ store: s, clock }, e);
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
    await expect(applyFoodJobEvent({ store: s, clock }, event('PICKED_UP', '2026-12-19T12:10:00+07:00'))).rejects.toBeInstanceOf(JobEventAheadOfOrderError);
  });

  it('refuses events for orders dispatch never had, and a job that is not the order’s', async () => {
    await expect(applyFoodJobEvent({ store: store({ ...base, status: 'CANCELLED' }), clock }, event('COURIER_ASSIGNED', '2026-12-19T12:01:00+07:00', { driver }))).rejects.toBeInstanceOf(UnappliableJobEventError);
    await expect(applyFoodJobEvent({ store: store(base), clock }, { ...event('PICKED_UP', '2026-12-19T12:01:00+07:00'), jobId: 'job_fo_2' })).rejects.toMatchObject({ code: 'JOB_MISMATCH' });
  });

  it('is where followJob sends FOOD events', async () => {
    const s = store(base);
    const result = await followJob({ clock, medicineOrders: undefined as never, rides: undefined as never, foodOrders: s }, event('COURIER_ASSIGNED', '2026-12-19T12:01:00+07:00', { driver }));
    expect(result.status).toBe('COURIER_ASSIGNED');
  });
});
