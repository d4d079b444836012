import type { JobEvent } from '../dispatch/job-events.ts';
import type { Clock } from '../platform/time.ts';
import { applyJobEvent as applyMedicineJobEvent, UnappliableJobEventError, type JobEventOutcome } from './apply-job-event.ts';
import type { OrderingStore } from './ordering-ports.ts';
import { applyFoodJobEvent } from './apply-food-job-event.ts';
import type { FoodJobEventPorts } from './apply-food-job-event.ts';
import { applyRideJobEvent } from './apply-ride-job-event.ts';
import type { RideStore } from './ride-use-cases.ts';

/** What each kind of order needs to follow its job. */
export interface FollowJobPorts {
  readonly clock: Clock;
  readonly medicineOrders: OrderingStore;
  /** Rides (local taxi partnership and Go-Jek rides). */
  readonly rides: Pick<RideStore, 'getRide' | 'saveRideTransition'>;
  /** Pesta Kuliner Go-Food orders (optional only so that tests of other kinds need not wire it). */
  readonly foodOrders?: FoodJobEventPorts['store'];
}

export interface FollowJobResult {
  readonly outcome: JobEventOutcome;
  readonly status: string;
}

/**
 * Routes a dispatch job event to the order it belongs to, by kind: each kind of order has its
 * own lifecycle and its own rules for following its job.
 */
export async function followJob(ports: FollowJobPorts, event: JobEvent): Promise<FollowJobResult> {
  switch (event.kind) {
    case 'MEDICINE':
      return applyMedicineJobEvent({ store: ports.medicineOrders, clock: ports.clock }, event);
    case 'RIDE':
      return applyRideJobEvent({ rides: ports.rides, clock: ports.clock }, event);
    case 'FOOD':
      if (!ports.foodOrders) throw new UnappliableJobEventError('UNSUPPORTED_JOB_KIND', `No food order store wired for job ${event.jobId}`);
      return applyFoodJobEvent({ store: ports.foodOrders, clock: ports.clock }, event);
  }
}
