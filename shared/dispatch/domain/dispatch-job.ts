import type { JobReady } from '../../kernel/dispatch-messages.ts';

/**
 * A job dispatch is finding, or has found, a driver for.
 *
 *   WAITING → OFFERED → ASSIGNED → PICKED_UP → DELIVERED
 *      ↑         │          │            ├─→ FAILED (driver reports it; the goods go back)
 *      └─────────┘          │            └─→ DELIVERY_LOCKED (5 wrong codes) → FAILED
 *   declined / expired      └─→ WAITING (driver gives the job back before pickup)
 *   CANCELLED from WAITING, OFFERED or ASSIGNED (the order was cancelled).
 *   NO_DRIVER_FOUND from WAITING, for kinds that give up (rides), after their search time.
 */
export const DISPATCH_JOB_STATUSES = [
  'WAITING',
  'OFFERED',
  'ASSIGNED',
  'PICKED_UP',
  'DELIVERY_LOCKED',
  'DELIVERED',
  'FAILED',
  'CANCELLED',
  'NO_DRIVER_FOUND',
] as const;
export type DispatchJobStatus = (typeof DISPATCH_JOB_STATUSES)[number];

/**
 * The statuses of a job still in play, in the order the operations room reads them: waiting for a
 * driver first, then on its way to the door, then stuck at the door. The rest are final.
 */
export const OPEN_JOB_STATUSES = ['WAITING', 'OFFERED', 'ASSIGNED', 'PICKED_UP', 'DELIVERY_LOCKED'] as const satisfies readonly DispatchJobStatus[];
export type OpenJobStatus = (typeof OPEN_JOB_STATUSES)[number];

export interface AssignedDriver {
  readonly driverId: string;
  readonly firstName: string;
  readonly vehiclePlate: string;
  readonly vehicleType: string;
  readonly companyId?: string;
}

export interface DispatchJob extends Omit<JobReady, 'type' | 'messageId' | 'occurredAt'> {
  readonly status: DispatchJobStatus;
  /** Every write is conditional on it: concurrent consumers and driver requests lose with a conflict. */
  readonly version: number;
  /** Drivers who declined or let an offer lapse: never offered this job again. */
  readonly excludedDriverIds: readonly string[];
  readonly matchAttempts: number;
  /** The one retry message that may still act on this job; older ones are stale (see engine). */
  readonly retryMessageId?: string;
  readonly currentOfferId?: string;
  readonly driver?: AssignedDriver;
  readonly wrongCodeAttempts: number;
  /** When the owner was told that nobody has taken the job yet (once). */
  readonly attentionRaisedAt?: string;
  readonly deliveredTo?: string;
  readonly failureReason?: string;
  readonly timeline: readonly { readonly status: DispatchJobStatus; readonly at: string }[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const OFFER_STATUSES = ['PENDING', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export interface Offer {
  readonly offerId: string;
  readonly jobId: string;
  readonly driverId: string;
  readonly status: OfferStatus;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly expiresAtMs: number;
  readonly distanceKm: number;
}

/** One dispatch decision, kept with the job for audit: who was considered and what was decided. */
export interface DispatchAudit {
  readonly jobId: string;
  readonly at: string;
  readonly decision: 'OFFERED' | 'NO_DRIVER' | 'OFFER_DECLINED' | 'OFFER_EXPIRED' | 'OFFER_WITHDRAWN' | 'GIVEN_BACK';
  readonly chosenDriverId?: string;
  readonly distanceKm?: number;
  readonly candidates: readonly { readonly driverId: string; readonly distanceKm: number; readonly verdict: string }[];
  readonly cellsRead: number;
  readonly note?: string;
}
