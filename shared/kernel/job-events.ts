import * as z from 'zod';
import { parseMessage } from '../platform/messages.ts';
import { JOB_KINDS } from './dispatch-messages.ts';

/**
 * The contract of the jobEvents queue: what dispatch tells the context that owns the order
 * (ordering for medicines; later the festival's food orders and rides) about the job's progress.
 * Consumers apply them idempotently and tolerate reordering (SQS standard queues do not keep order).
 * Like the dispatch queue, they carry ids, codes and times only: the driver's first name, who
 * received the goods and the driver's reason stay in dispatch, and ordering's consumer reads them
 * in process through the JobParticulars port (kernel/job-particulars.ts).
 */
export const JOB_EVENT_TYPES = [
  'COURIER_ASSIGNED',
  'COURIER_RELEASED',
  'PICKED_UP',
  'DELIVERED',
  'DELIVERY_FAILED',
  /** Dispatch gave up (rides only: a citizen waiting for a ride should not wait forever). */
  'NO_DRIVER_FOUND',
  'ATTENTION',
  /** The answer to JOB_CANCELLED: the job is withdrawn (nobody had picked the goods up), so the order is cancelled. */
  'JOB_WITHDRAWN',
  /** The answer to JOB_CANCELLED: too late (picked up, or the job has ended); `reason` says the job's status. */
  'CANCEL_REFUSED',
] as const;

/** The job statuses in which dispatch refuses a cancellation (everything past the pickup, or ended). */
export const CANCEL_REFUSED_STATUSES = ['PICKED_UP', 'DELIVERY_LOCKED', 'DELIVERED', 'FAILED', 'NO_DRIVER_FOUND'] as const;
export type CancelRefusedStatus = (typeof CANCEL_REFUSED_STATUSES)[number];

export const ATTENTION_CODES = ['NO_DRIVER_YET', 'DELIVERY_CODE_LOCKED'] as const;

export const jobEventSchema = z.object({
  type: z.enum(JOB_EVENT_TYPES),
  messageId: z.string().min(1).max(128),
  jobId: z.string().min(1).max(128),
  kind: z.enum(JOB_KINDS),
  orderId: z.string().min(1).max(128),
  /** When it happened, ISO-8601 with offset. */
  at: z.iso.datetime({ offset: true }),
  /** The driver of the job (a canonical plate, no name), from COURIER_ASSIGNED on. */
  driver: z
    .object({
      driverId: z.string().max(128),
      vehiclePlate: z.string().max(20),
      vehicleType: z.string().max(20),
      companyId: z.string().max(128).optional(),
    })
    .optional(),
  /**
   * CANCEL_REFUSED only: the job's status when the cancellation came too late (PICKED_UP, DELIVERED…),
   * a code, never free text; the driver's own words stay in dispatch (see JobParticulars).
   */
  reason: z.enum(CANCEL_REFUSED_STATUSES).optional(),
  /** ATTENTION: what the owner should look at. */
  attention: z.enum(ATTENTION_CODES).optional(),
});

/** What travels on the queue. */
export type JobEventMessage = z.infer<typeof jobEventSchema>;

/**
 * What ordering applies: the message with its particulars read from dispatch (never sent):
 * the driver's first name, DELIVERED: who received it, DELIVERY_FAILED: the driver's reason
 * (CANCEL_REFUSED keeps the job status it carried on the wire as its reason).
 */
export type JobEvent = Omit<JobEventMessage, 'driver' | 'reason'> & {
  readonly driver?: NonNullable<JobEventMessage['driver']> & { readonly firstName: string };
  readonly recipientName?: string;
  readonly reason?: string;
};

export class InvalidJobEventError extends Error {
  override readonly name = 'InvalidJobEventError';
}

export const parseJobEvent = (body: string): JobEventMessage => parseMessage(jobEventSchema, body, 'Job event', InvalidJobEventError);
