import type { Location } from '../../platform/service-area.ts';
import type { JobReady } from '../../kernel/dispatch-messages.ts';

/**
 * Who may be offered a job: one table of rules, checked in order; the first that fails is the
 * reason recorded in the dispatch audit. Pure: the caller passes the clock's reading.
 */

export type JobKind = JobReady['kind'];
export type JobRequirements = JobReady['requirements'];
export type VehicleType = JobRequirements['vehicleTypes'][number];
export type Fleet = NonNullable<JobRequirements['fleet']>;

/**
 * What matching knows of a driver: the profile fields rules look at, where the driver was last
 * seen and whether they can take work. No name, phone or plate: matching does not need them.
 */
export interface DriverSnapshot {
  readonly driverId: string;
  readonly vehicle: { readonly type: VehicleType };
  readonly fleet: { readonly kind: Fleet; readonly companyId?: string | undefined };
  readonly medicineTrained: boolean;
  readonly location: Location;
  /** Epoch milliseconds of the last location report. */
  readonly lastSeenAtMs: number;
  /** The driver's own switch (`PUT /v1/drivers/me/availability`). */
  readonly available: boolean;
  /** The job this driver holds an offer for or is working on; a driver holds at most one. */
  readonly activeJobId?: string | undefined;
}

/** What matching knows of a job: its kind, where to pick up, what it needs, whom not to ask. */
export interface MatchJob {
  readonly jobId?: string;
  readonly kind: JobKind;
  readonly pickup: { readonly location: Location };
  readonly requirements: JobRequirements;
  /** Drivers who declined this job or let its offer expire: it is never offered to them again. */
  readonly excludedDriverIds?: ReadonlySet<string>;
}

export interface EligibilityContext {
  readonly nowMs: number;
  /** A driver whose last location report is older than this is not offered anything. */
  readonly maxStalenessSeconds: number;
}

/** The default of `maxStalenessSeconds`: five minutes. */
export const DEFAULT_MAX_STALENESS_SECONDS = 300;

/** The fleet that dispatches each vehicle type: Go-Jek motorbikes and cars, partner taxis. */
export const FLEET_OF_VEHICLE: Readonly<Record<VehicleType, Fleet>> = { MOTORBIKE: 'GOJEK', CAR: 'GOJEK', TAXI: 'PARTNER_TAXI' };

export const INELIGIBILITY_REASONS = [
  'VEHICLE_TYPE_NOT_REQUESTED',
  'VEHICLE_NOT_IN_ITS_FLEET',
  'FLEET_NOT_REQUESTED',
  'OTHER_TAXI_COMPANY',
  'NOT_MEDICINE_TRAINED',
  'DECLINED_OR_EXPIRED',
  'BUSY',
  'UNAVAILABLE',
  'STALE_LOCATION',
] as const;
export type IneligibilityReason = (typeof INELIGIBILITY_REASONS)[number];

export interface EligibilityRule {
  readonly reason: IneligibilityReason;
  /** What must hold, in words (for the audit log's readers and the operator docs). */
  readonly requires: string;
  readonly passes: (driver: DriverSnapshot, job: MatchJob, context: EligibilityContext) => boolean;
}

const needsMedicineTraining = (job: MatchJob): boolean => job.kind === 'MEDICINE' || job.requirements.medicineTrained;

/**
 * Checked top to bottom. What the driver is (vehicle, fleet, training) comes before what the
 * driver is doing (declined, busy, away, silent), so the audit names the lasting reason first.
 */
export const ELIGIBILITY_RULES: readonly EligibilityRule[] = [
  {
    reason: 'VEHICLE_TYPE_NOT_REQUESTED',
    requires: "the driver's vehicle type is one the job accepts",
    passes: (driver, job) => job.requirements.vehicleTypes.includes(driver.vehicle.type),
  },
  {
    reason: 'VEHICLE_NOT_IN_ITS_FLEET',
    requires: 'taxis come from partner taxi companies; motorbikes and cars from Go-Jek',
    passes: (driver) => driver.fleet.kind === FLEET_OF_VEHICLE[driver.vehicle.type],
  },
  {
    reason: 'FLEET_NOT_REQUESTED',
    requires: "the driver's fleet is the one the job names, if it names one",
    passes: (driver, job) => job.requirements.fleet === undefined || job.requirements.fleet === driver.fleet.kind,
  },
  {
    reason: 'OTHER_TAXI_COMPANY',
    requires: "the driver belongs to the company the job names, if it names one",
    passes: (driver, job) => job.requirements.companyId === undefined || job.requirements.companyId === driver.fleet.companyId,
  },
  {
    reason: 'NOT_MEDICINE_TRAINED',
    requires: 'medicine jobs go to medicine-trained drivers only',
    passes: (driver, job) => driver.medicineTrained || !needsMedicineTraining(job),
  },
  {
    reason: 'DECLINED_OR_EXPIRED',
    requires: 'the driver has not declined this job nor let its offer expire',
    passes: (driver, job) => job.excludedDriverIds === undefined || !job.excludedDriverIds.has(driver.driverId),
  },
  {
    reason: 'BUSY',
    requires: 'the driver holds no other offer or job',
    passes: (driver) => driver.activeJobId === undefined,
  },
  {
    reason: 'UNAVAILABLE',
    requires: 'the driver is switched to available',
    passes: (driver) => driver.available,
  },
  {
    reason: 'STALE_LOCATION',
    requires: 'the driver reported a location within the staleness limit (a report from the future counts as fresh)',
    passes: (driver, _job, context) => context.nowMs - driver.lastSeenAtMs <= context.maxStalenessSeconds * 1000,
  },
];

/** The first rule the driver fails for this job, or undefined when the driver may be offered it. */
export function ineligibilityReason(driver: DriverSnapshot, job: MatchJob, context: EligibilityContext): IneligibilityReason | undefined {
  for (const rule of ELIGIBILITY_RULES) {
    if (!rule.passes(driver, job, context)) return rule.reason;
  }
  return undefined;
}

export type Eligibility = { readonly eligible: true } | { readonly eligible: false; readonly reason: IneligibilityReason };

export function checkEligibility(driver: DriverSnapshot, job: MatchJob, context: EligibilityContext): Eligibility {
  const reason = ineligibilityReason(driver, job, context);
  return reason === undefined ? { eligible: true } : { eligible: false, reason };
}
