import * as z from 'zod';
import { parseMessage } from '../platform/messages.ts';

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
] as const;

export const ATTENTION_CODES = ['NO_DRIVER_YET', 'DELIVERY_CODE_LOCKED'] as const;

export const jobEventSchema = z.object({
  type: z.enum(JOB_EVENT_TYPES),
  messageId: z.string().min(1).max(128),
  jobId: z.string().min(1).max(128),
  kind: z.enum(['MEDICINE', 'FOOD', 'RIDE']),
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
  /** ATTENTION: what the owner should look at. */
  attention: z.enum(ATTENTION_CODES).optional(),
});

/** What travels on the queue. */
export type JobEventMessage = z.infer<typeof jobEventSchema>;

/**
 * What ordering applies: the message with its particulars read from dispatch (never sent):
 * the driver's first name, DELIVERED: who received it, DELIVERY_FAILED: the driver's reason.
 */
export type JobEvent = Omit<JobEventMessage, 'driver'> & {
  readonly driver?: NonNullable<JobEventMessage['driver']> & { readonly firstName: string };
  readonly recipientName?: string;
  readonly reason?: string;
};

export class InvalidJobEventError extends Error {
  override readonly name = 'InvalidJobEventError';
}

export const parseJobEvent = (body: string): JobEventMessage => parseMessage(jobEventSchema, body, 'Job event', InvalidJobEventError);
