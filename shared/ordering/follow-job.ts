import type { JobEvent } from '../dispatch/job-events.ts';
import type { Clock } from '../platform/time.ts';
import { applyJobEvent as applyMedicineJobEvent, UnappliableJobEventError, type JobEventOutcome } from './apply-job-event.ts';
import type { OrderingStore } from './ordering-ports.ts';

/** What each kind of order needs to follow its job. */
export interface FollowJobPorts {
  readonly clock: Clock;
  readonly medicineOrders: OrderingStore;
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
    case 'FOOD':
    case 'RIDE':
      // Not silently dropped: the record fails and waits in the DLQ (14 days) until handled.
      throw new UnappliableJobEventError('UNSUPPORTED_JOB_KIND', `Job events of kind ${event.kind} are not handled yet (job ${event.jobId})`);
  }
}
