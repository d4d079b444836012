import { createHash } from 'node:crypto';
import * as z from 'zod';
import { parseMessage } from '../platform/messages.ts';
import { locationSchema } from '../platform/schemas.ts';

/**
 * The contract of the dispatch queue: what ordering (and later the festival and rides) tells
 * dispatch. Only ids, kinds, points, kecamatan, requirements, fare, the code's hash and times:
 * no names, phones, addresses or notes. Personal data stays out of queues, and no text a user
 * typed can make a message unsendable. The assigned driver gets the recipient's contact from
 * ordering in process (kernel/delivery-contacts.ts); the handling note follows from the kind.
 */
export const JOB_KINDS = ['MEDICINE', 'FOOD', 'RIDE'] as const;
export const VEHICLE_TYPES = ['MOTORBIKE', 'CAR', 'TAXI'] as const;
export const FLEETS = ['GOJEK', 'PARTNER_TAXI'] as const;

const place = z.object({
  location: locationSchema,
  kecamatan: z.string().min(1).max(64),
});

export const jobReadySchema = z.object({
  type: z.literal('JOB_READY'),
  messageId: z.string().min(1).max(128),
  jobId: z.string().min(1).max(128),
  kind: z.enum(JOB_KINDS),
  orderId: z.string().min(1).max(128),
  /** The facility, merchant or company whose staff follow this job, if any. */
  ownerId: z.string().max(128).optional(),
  pickup: place,
  dropoff: place,
  requirements: z.object({
    vehicleTypes: z.array(z.enum(VEHICLE_TYPES)).min(1),
    fleet: z.enum(FLEETS).optional(),
    companyId: z.string().max(128).optional(),
    medicineTrained: z.boolean(),
  }),
  fareIdr: z.number().int().nonnegative().optional(),
  /** sha256(jobId + ':' + code) of the code the recipient must give; absent when none is needed. */
  deliveryCodeHash: z.string().regex(/^[a-f0-9]{64}$/).optional(),
  /** When the goods are ready at the pickup point; a later JOB_READY with an earlier time brings matching forward. */
  readyAt: z.string(),
  occurredAt: z.string(),
});

/**
 * The order's owner asks dispatch to withdraw the job (the order is to be cancelled). A request,
 * not a fact: dispatch withdraws the job if nobody has picked the goods up yet and answers
 * JOB_WITHDRAWN, or answers CANCEL_REFUSED (job events), and the order follows that answer.
 */
export const jobCancelledSchema = z.object({
  type: z.literal('JOB_CANCELLED'),
  messageId: z.string().min(1).max(128),
  jobId: z.string().min(1).max(128),
  /** So that dispatch can answer even for a job it has not seen yet. */
  kind: z.enum(JOB_KINDS),
  orderId: z.string().min(1).max(128),
  /** A code such as ORDER_CANCELLED, never the words of whoever cancelled. */
  reason: z.string().regex(/^[A-Z_]{1,64}$/),
  occurredAt: z.string(),
});

/** Dispatch to itself, delayed: is this offer still pending at its expiry? */
export const offerCheckSchema = z.object({
  type: z.literal('OFFER_CHECK'),
  messageId: z.string().min(1).max(128),
  jobId: z.string().min(1).max(128),
  offerId: z.string().min(1).max(128),
  occurredAt: z.string(),
});

/** Dispatch to itself, delayed or not: look for a driver for this waiting job (again). */
export const jobRetrySchema = z.object({
  type: z.literal('JOB_RETRY'),
  messageId: z.string().min(1).max(128),
  jobId: z.string().min(1).max(128),
  occurredAt: z.string(),
});

/**
 * Dispatch to itself: this driver is free again (delivered, failed, gave a job back, declined an
 * offer, or had a job withdrawn): offer them the job that has waited longest among those they may
 * take. Sent in the same transaction that freed them.
 */
export const driverFreeSchema = z.object({
  type: z.literal('DRIVER_FREE'),
  messageId: z.string().min(1).max(128),
  driverId: z.string().min(1).max(128),
  occurredAt: z.string(),
});

export const dispatchMessageSchema = z.discriminatedUnion('type', [jobReadySchema, jobCancelledSchema, offerCheckSchema, jobRetrySchema, driverFreeSchema]);

export type JobReady = z.infer<typeof jobReadySchema>;
export type JobCancelled = z.infer<typeof jobCancelledSchema>;
export type OfferCheck = z.infer<typeof offerCheckSchema>;
export type JobRetry = z.infer<typeof jobRetrySchema>;
export type DriverFree = z.infer<typeof driverFreeSchema>;
export type DispatchMessage = z.infer<typeof dispatchMessageSchema>;

/** How a delivery code travels to dispatch: hashed with the job id, so the code itself never does. */
export const deliveryCodeHash = (jobId: string, code: string): string =>
  createHash('sha256').update(`${jobId}:${code}`).digest('hex');

/** One dispatch job per order: the id is derived, so a redelivered request maps to the same job. */
export const jobIdFor = (orderId: string): string => `job_${orderId}`;

export class InvalidDispatchMessageError extends Error {
  override readonly name = 'InvalidDispatchMessageError';
}

/** Parses a queue record body; throws (so the record fails and is retried, then dead-lettered). */
export const parseDispatchMessage = (body: string): DispatchMessage =>
  parseMessage(dispatchMessageSchema, body, 'Dispatch message', InvalidDispatchMessageError);
