import type { PlatformTariffs } from '../../kernel/fares.ts';
import type { Clock } from '../../platform/time.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { MessageRelay } from '../../kernel/message-relay.ts';
import type { OutboxItem, OutboxMessage } from '../../platform/outbox.ts';
import type { Page } from '../../platform/pagination.ts';
import type { DispatchAudit, DispatchJob, Offer, OfferStatus } from '../domain/dispatch-job.ts';
import type { Driver } from '../domain/driver.ts';
import type { MatchJob } from '../domain/eligibility.ts';
import type { MatchResult } from '../domain/matching.ts';

/**
 * What the engine knows of a driver: who they are and what they hold, and (for a driver freed
 * and offered the oldest waiting job) what matching would know of them.
 */
export type DriverRecord = Pick<
  Driver,
  'driverId' | 'sub' | 'name' | 'vehicle' | 'fleet' | 'medicineTrained' | 'available' | 'location' | 'lastSeenAt' | 'currentOfferId' | 'currentJobId'
>;

export interface DriverLookup {
  getDriver(driverId: string): Promise<DriverRecord | undefined>;
  findDriverBySub(sub: string): Promise<DriverRecord | undefined>;
}

/**
 * One change of a job, written atomically: the job itself (conditional on the version that was
 * read), and whatever must change with it — the offer, the driver's hold, outbox messages, the
 * audit record. Either all of it happens or none of it.
 */
export interface JobChange {
  readonly next: DispatchJob;
  /** The job as read: the write is conditional on its version, and the day's figures move from its share to next's. */
  readonly previous: DispatchJob;
  /**
   * `previous` is the job as it would be created, not yet stored: the change creates the job
   * (conditional on no job or tombstone with its id, as createJob) and the day's figures count
   * next's share alone. A job created already offered costs one transaction instead of two.
   */
  readonly creating?: true;
  readonly putOffer?: Offer;
  readonly offer?: { readonly offerId: string; readonly from: 'PENDING'; readonly to: OfferStatus; readonly driverId: string; readonly notExpiredAtMs?: number };
  /** Put a hold on the driver: only if available and holding nothing. */
  readonly reserveDriver?: { readonly driverId: string; readonly offerId: string };
  /** The driver accepted: the offer hold becomes a job hold. */
  readonly confirmDriver?: { readonly driverId: string; readonly offerId: string };
  /** The driver is free again (declined, expired, withdrawn, delivered, failed, cancelled). */
  readonly releaseDriver?: { readonly driverId: string };
  readonly messages: readonly OutboxMessage[];
  readonly audit?: DispatchAudit;
}

/** `failed: 'JOB'`: the job moved on since it was read, or (creating) it exists already. */
export type JobChangeOutcome =
  | { readonly ok: true; readonly outbox: OutboxItem[] }
  | { readonly ok: false; readonly failed: 'JOB' | 'OFFER' | 'DRIVER' };

export interface DispatchStore {
  /** False when the job exists already (a redelivery) or a cancellation got there first. */
  createJob(job: DispatchJob): Promise<boolean>;
  getJob(jobId: string): Promise<DispatchJob | undefined>;
  getOffer(offerId: string): Promise<Offer | undefined>;
  /**
   * A cancellation for a job dispatch has not seen yet: leaves a tombstone so it never starts,
   * with its outbox messages, in one transaction. Undefined when the job exists after all.
   */
  cancelUnknownJob(job: Pick<DispatchJob, 'jobId' | 'kind' | 'orderId'>, at: string, messages: readonly OutboxMessage[]): Promise<OutboxItem[] | undefined>;
  changeJob(change: JobChange): Promise<JobChangeOutcome>;
  recordAudit(audit: DispatchAudit): Promise<void>;
  /** One page of the jobs in a status, oldest ready first (for the janitor); `nextCursor` continues. */
  jobsInStatus(status: 'WAITING' | 'OFFERED', page: { readonly limit: number; readonly cursor?: string }): Promise<Page<DispatchJob>>;
  auditOf(jobId: string): Promise<DispatchAudit[]>;
}

export interface DispatchSettings {
  readonly offerTtlSeconds: number;
  /** After this long without a driver, a medicine or food job's owner is told. */
  readonly unassignedAlertSeconds: number;
  /** Backoff of the retries when nobody can take the job: first delay, doubled, capped. */
  readonly retryFirstDelaySeconds: number;
  readonly retryMaxDelaySeconds: number;
  readonly maxStalenessSeconds: number;
  /**
   * Nobody farther (straight line) from the pickup is offered the job, by kind. Food is searched
   * nearer: a driver from the far side of town would bring it cold, so it waits for one nearer
   * (and its merchant is told after unassignedAlertSeconds). Medicine reaches between towns (a
   * trained driver may be the only one in reach), and so do rides.
   */
  readonly maxRadiusKm: Readonly<Record<DispatchJob['kind'], number>>;
  /** Wrong delivery codes before the job is locked. */
  readonly maxWrongCodes: number;
  /** Kinds whose search ends: after this long without a driver the job is NO_DRIVER_FOUND. */
  readonly giveUpAfterSeconds: Readonly<Partial<Record<'MEDICINE' | 'FOOD' | 'RIDE', number>>>;
  /**
   * Matching starts this long before the goods are ready (a job's `readyAt` in the future, e.g.
   * food being cooked), so that the driver arrives as they are.
   */
  readonly pickupLeadSeconds: number;
  /** What a trip earns when its order names no fare (medicine): the one platform tariff source. */
  readonly platformTariffs: PlatformTariffs;
  /** How long after delivery or failure the assigned driver still sees the recipient's contact. */
  readonly contactHoursAfterEnd: number;
}

export interface DispatchPorts {
  readonly store: DispatchStore;
  readonly drivers: DriverLookup;
  /** The geo index search: nearest eligible driver for the job (see matching.ts). */
  findNearest(job: MatchJob, now: Date): Promise<MatchResult>;
  readonly relay: MessageRelay;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: DispatchSettings;
}
