import * as z from 'zod';
import { parseMessage } from '../platform/messages.ts';
import { JOB_KINDS } from './dispatch-messages.ts';

/**
 * The contract of the jobEvents queue: what dispatch tells the context that owns the order
 * (ordering for medicines; later the festival's food orders and rides) about the job's progress.
 * Consumers apply them idempotently and tolerate reordering (SQS standard queues do not keep order).
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

export const ATTENTION_CODES = ['NO_DRIVER_YET', 'DELIVERY_CODE_LOCKED'] as const;

export const jobEventSchema = z.object({
  type: z.enum(JOB_EVENT_TYPES),
  messageId: z.string().min(1).max(128),
  jobId: z.string().min(1).max(128),
  kind: z.enum(JOB_KINDS),
  orderId: z.string().min(1).max(128),
  /** When it happened, ISO-8601 with offset. */
  at: z.iso.datetime({ offset: true }),
  /** COURIER_ASSIGNED: what the public and the owner may see of the driver. */
  driver: z
    .object({
      driverId: z.string().max(128),
      firstName: z.string().max(60),
      vehiclePlate: z.string().max(20),
      vehicleType: z.string().max(20),
      companyId: z.string().max(128).optional(),
    })
    .optional(),
  /** DELIVERED: who received it. */
  recipientName: z.string().max(120).optional(),
  /** DELIVERY_FAILED: the driver's reason; COURIER_RELEASED: why the courier left the job; CANCEL_REFUSED: the job's status. */
  reason: z.string().max(300).optional(),
  /** ATTENTION: what the owner should look at. */
  attention: z.enum(ATTENTION_CODES).optional(),
});

export type JobEvent = z.infer<typeof jobEventSchema>;

export class InvalidJobEventError extends Error {
  override readonly name = 'InvalidJobEventError';
}

export const parseJobEvent = (body: string): JobEvent => parseMessage(jobEventSchema, body, 'Job event', InvalidJobEventError);
