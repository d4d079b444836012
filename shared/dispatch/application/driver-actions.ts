import { timingSafeEqual } from 'node:crypto';
import { ConcurrentUpdateError, ConflictError, ForbiddenError, NotFoundError, RuleViolation, ValidationError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { logger } from '../../platform/logger.ts';
import { toWibIso } from '../../platform/time.ts';
import type { DeliveryContacts } from '../../kernel/delivery-contacts.ts';
import { coarseLocation } from '../../platform/service-area.ts';
import type { DispatchJob, DispatchJobStatus, Offer } from '../domain/dispatch-job.ts';
import { deliveryCodeHash } from '../../kernel/dispatch-messages.ts';
import type { DispatchPorts, DriverRecord, JobChange } from '../ports/dispatch-ports.ts';
import { HANDLING_NOTES } from '../domain/handling-notes.ts';
import { firstName } from './job-particulars.ts';
import { dispatchMessage, driverFree, driverOfJob, eventDriver, jobEvent, nextJob, releaseOffer } from './job-steps.ts';

/**
 * The driver's side of a job: the pending offer, accept or decline, the job in hand, pickup,
 * delivery with the recipient's code, and failure. Each step is one conditional transaction like
 * the engine's (see dispatch-engine.ts); only the assigned driver acts, and nobody else learns
 * that a job exists.
 */

/** The driver's steps also show the recipient's contact, which ordering keeps (never the queues). */
export interface DriverJobPorts extends DispatchPorts {
  readonly contacts: DeliveryContacts;
}

class NotADriverError extends ForbiddenError {
  constructor() {
    super('No driver is registered for this account');
  }
}

class OfferNotPendingError extends ConflictError {
  constructor(status: string) {
    super('OFFER_NOT_PENDING', `This offer is ${status.toLowerCase()}, not pending`);
  }
}

class OfferExpiredError extends ConflictError {
  constructor() {
    super('OFFER_EXPIRED', 'This offer has expired');
  }
}

class JobStepError extends ConflictError {
  constructor(status: string, step: string) {
    super('INVALID_TRANSITION', `A job that is ${status} cannot be ${step}`);
  }
}

class WrongDeliveryCodeError extends RuleViolation {
  constructor(remaining: number) {
    super('WRONG_DELIVERY_CODE', `The delivery code is wrong; ${remaining} attempt(s) left before the delivery is locked`, [
      { path: 'code', message: 'does not match' },
    ]);
  }
}

class DeliveryLockedError extends ConflictError {
  constructor() {
    super('DELIVERY_LOCKED', 'Too many wrong delivery codes: the delivery is locked and the pharmacy has been told; report it as failed and return the package');
  }
}

async function driverOf(ports: DispatchPorts, caller: Caller): Promise<DriverRecord> {
  const driver = await ports.drivers.findDriverBySub(caller.sub);
  if (!driver) throw new NotADriverError();
  return driver;
}

async function offerOf(ports: DispatchPorts, driver: DriverRecord, offerId: string): Promise<[Offer, DispatchJob]> {
  const offer = await ports.store.getOffer(offerId);
  if (!offer || offer.driverId !== driver.driverId) throw new NotFoundError('Offer');
  const job = await ports.store.getJob(offer.jobId);
  if (!job) throw new NotFoundError('Offer');
  return [offer, job];
}

export interface OfferView {
  readonly offerId: string;
  readonly jobId: string;
  readonly kind: DispatchJob['kind'];
  readonly pickup: { readonly location: DispatchJob['pickup']['location']; readonly kecamatan: string };
  /**
   * Before acceptance, only roughly where to: the kecamatan and a point rounded to about 1 km,
   * enough to weigh the trip but not to find the home. The rest comes with the job.
   */
  readonly dropoff: { readonly location: DispatchJob['dropoff']['location']; readonly kecamatan: string };
  readonly distanceToPickupKm: number;
  readonly expiresAt: string;
  readonly fareIdr: number | null;
}

const offerView = (offer: Offer, job: DispatchJob): OfferView => ({
  offerId: offer.offerId,
  jobId: job.jobId,
  kind: job.kind,
  pickup: { location: job.pickup.location, kecamatan: job.pickup.kecamatan },
  dropoff: { location: coarseLocation(job.dropoff.location, 2), kecamatan: job.dropoff.kecamatan },
  distanceToPickupKm: offer.distanceKm,
  expiresAt: offer.expiresAt,
  fareIdr: job.fareIdr ?? null,
});

/** The driver's pending offer, if any (a driver holds at most one). */
export async function listOffers(ports: DispatchPorts, caller: Caller): Promise<OfferView[]> {
  const driver = await driverOf(ports, caller);
  if (!driver.currentOfferId) return [];
  const [offer, job] = await offerOf(ports, driver, driver.currentOfferId);
  if (offer.status !== 'PENDING' || offer.expiresAtMs <= ports.clock.now().getTime()) return [];
  return [offerView(offer, job)];
}

/**
 * The contact is the driver's for the trip and a short while after it ends (a question at the
 * door, a call back about a failed delivery), then no longer. A job given back or cancelled
 * shows none.
 */
function contactVisible(ports: DriverJobPorts, job: DispatchJob): boolean {
  if (CONTACT_DURING.has(job.status)) return true;
  if (!CONTACT_ENDS_AFTER.has(job.status)) return false;
  const endedAt = job.timeline.findLast((entry) => entry.status === job.status)?.at ?? job.updatedAt;
  return ports.clock.now().getTime() < Date.parse(endedAt) + ports.settings.contactHoursAfterEnd * 3_600_000;
}

const CONTACT_DURING: ReadonlySet<DispatchJobStatus> = new Set(['ASSIGNED', 'PICKED_UP', 'DELIVERY_LOCKED']);
const CONTACT_ENDS_AFTER: ReadonlySet<DispatchJobStatus> = new Set(['DELIVERED', 'FAILED']);

/**
 * What the assigned driver sees: where to, to whom (asked of ordering, see DeliveryContacts), the
 * handling note of the kind. Never what is inside. A ride's passenger is met at the pickup.
 */
export async function driverJobView(ports: DriverJobPorts, job: DispatchJob) {
  const contact = contactVisible(ports, job) ? await ports.contacts.contactFor(job) : undefined;
  const meetAt = job.kind === 'RIDE' ? 'pickup' : 'dropoff';
  const place = (which: 'pickup' | 'dropoff') => ({
    location: job[which].location,
    kecamatan: job[which].kecamatan,
    ...(which === 'pickup' && contact?.pickupName ? { name: contact.pickupName } : {}),
    ...(which === meetAt && contact?.address ? { address: contact.address } : {}),
  });
  return {
    jobId: job.jobId,
    kind: job.kind,
    status: job.status,
    pickup: place('pickup'),
    dropoff: place('dropoff'),
    recipient: contact?.recipient ?? null,
    handlingNote: HANDLING_NOTES[job.kind] ?? null,
    deliveryCodeRequired: job.deliveryCodeHash !== undefined,
    fareIdr: job.fareIdr ?? null,
    timeline: job.timeline,
  };
}

export async function acceptOffer(ports: DriverJobPorts, caller: Caller, offerId: string) {
  const driver = await driverOf(ports, caller);
  const [offer, job] = await offerOf(ports, driver, offerId);
  if (offer.status !== 'PENDING') throw new OfferNotPendingError(offer.status);
  const now = ports.clock.now();
  if (offer.expiresAtMs <= now.getTime()) throw new OfferExpiredError();
  if (job.status !== 'OFFERED' || job.currentOfferId !== offer.offerId) throw new OfferNotPendingError('withdrawn');
  const at = toWibIso(now);
  const assigned = {
    driverId: driver.driverId,
    firstName: firstName(driver.name),
    vehiclePlate: driver.vehicle.plate,
    vehicleType: driver.vehicle.type,
    ...(driver.fleet.companyId ? { companyId: driver.fleet.companyId } : {}),
  };
  const next = nextJob(job, at, { status: 'ASSIGNED', currentOfferId: undefined, driver: assigned });
  const outcome = await ports.store.changeJob({
    next,
    previous: job,
    offer: { offerId, from: 'PENDING', to: 'ACCEPTED', driverId: driver.driverId, notExpiredAtMs: now.getTime() },
    confirmDriver: { driverId: driver.driverId, offerId },
    messages: [jobEvent(ports, job, { type: 'COURIER_ASSIGNED', at, driver: eventDriver(assigned) })],
  });
  if (!outcome.ok) {
    if (outcome.failed === 'OFFER') throw new OfferExpiredError();
    throw new ConcurrentUpdateError('The offer');
  }
  await ports.relay.publish(outcome.outbox);
  return driverJobView(ports, next);
}

export async function declineOffer(ports: DispatchPorts, caller: Caller, offerId: string): Promise<void> {
  const driver = await driverOf(ports, caller);
  const [offer, job] = await offerOf(ports, driver, offerId);
  if (offer.status !== 'PENDING') throw new OfferNotPendingError(offer.status);
  if (job.status !== 'OFFERED' || job.currentOfferId !== offer.offerId) throw new OfferNotPendingError('withdrawn');
  if (!(await releaseOffer(ports, job, offer, 'DECLINED'))) throw new ConcurrentUpdateError('The offer');
}

async function assignedJob(ports: DispatchPorts, caller: Caller, jobId: string): Promise<[DriverRecord, DispatchJob]> {
  const driver = await driverOf(ports, caller);
  const job = await ports.store.getJob(jobId);
  // Only the assigned driver acts on a job, and nobody else learns that it exists.
  if (!job || job.driver?.driverId !== driver.driverId) throw new NotFoundError('Job');
  return [driver, job];
}

export async function getJobForDriver(ports: DriverJobPorts, caller: Caller, jobId: string) {
  const [, job] = await assignedJob(ports, caller, jobId);
  return driverJobView(ports, job);
}

async function commit(ports: DispatchPorts, change: JobChange): Promise<void> {
  const outcome = await ports.store.changeJob(change);
  if (!outcome.ok) throw new ConcurrentUpdateError('The job');
  await ports.relay.publish(outcome.outbox);
}

export async function pickUp(ports: DriverJobPorts, caller: Caller, jobId: string) {
  const [, job] = await assignedJob(ports, caller, jobId);
  if (job.status !== 'ASSIGNED') throw new JobStepError(job.status, 'picked up');
  const at = toWibIso(ports.clock.now());
  const next = nextJob(job, at, { status: 'PICKED_UP' });
  await commit(ports, { next, previous: job, messages: [jobEvent(ports, job, { type: 'PICKED_UP', at, ...driverOfJob(job) })] });
  return driverJobView(ports, next);
}

const codeMatches = (job: DispatchJob, code: string): boolean => {
  const expected = Buffer.from(job.deliveryCodeHash ?? '', 'hex');
  const given = Buffer.from(deliveryCodeHash(job.jobId, code), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
};

/**
 * Goods are handed to someone, and who took them is kept for the sender; a ride's passenger is
 * the one who got out, so a ride's drop-off names nobody unless the driver says otherwise.
 */
export async function deliver(ports: DriverJobPorts, caller: Caller, jobId: string, input: { code?: string; recipientName?: string | undefined }) {
  const [driver, job] = await assignedJob(ports, caller, jobId);
  if (job.kind !== 'RIDE' && input.recipientName === undefined) {
    throw new ValidationError('Say who received the delivery', [{ path: 'recipientName', message: 'required' }]);
  }
  if (job.status === 'DELIVERY_LOCKED') throw new DeliveryLockedError();
  if (job.status !== 'PICKED_UP') throw new JobStepError(job.status, 'delivered');
  const at = toWibIso(ports.clock.now());

  if (job.deliveryCodeHash !== undefined) {
    if (!input.code) throw new ValidationError('This delivery needs the code the recipient tells you', [{ path: 'code', message: 'required' }]);
    if (!codeMatches(job, input.code)) {
      const wrong = job.wrongCodeAttempts + 1;
      const locked = wrong >= ports.settings.maxWrongCodes;
      await commit(ports, {
        next: nextJob(job, at, { wrongCodeAttempts: wrong, ...(locked ? { status: 'DELIVERY_LOCKED' as const } : {}) }),
        previous: job,
        messages: locked ? [jobEvent(ports, job, { type: 'ATTENTION', attention: 'DELIVERY_CODE_LOCKED', at })] : [],
      });
      logger.warn('Wrong delivery code', { jobId, driverId: driver.driverId, wrongCodeAttempts: wrong, locked });
      throw locked ? new DeliveryLockedError() : new WrongDeliveryCodeError(ports.settings.maxWrongCodes - wrong);
    }
  }
  const next = nextJob(job, at, { status: 'DELIVERED', ...(input.recipientName !== undefined ? { deliveredTo: input.recipientName } : {}) });
  await commit(ports, {
    next,
    previous: job,
    releaseDriver: { driverId: driver.driverId },
    messages: [jobEvent(ports, job, { type: 'DELIVERED', at, ...driverOfJob(job) }), driverFree(ports, driver.driverId, at)],
  });
  return driverJobView(ports, next);
}

/**
 * Before pickup, the driver gives the job back (it goes to the next driver, never again to this
 * one); after pickup, the delivery failed and the goods go back to the sender.
 */
export async function failJob(ports: DriverJobPorts, caller: Caller, jobId: string, input: { reason: string }) {
  const [driver, job] = await assignedJob(ports, caller, jobId);
  const at = toWibIso(ports.clock.now());
  if (job.status === 'ASSIGNED') {
    const retry = dispatchMessage(ports, { type: 'JOB_RETRY', jobId: job.jobId, occurredAt: at }, 0);
    const next = nextJob(job, at, {
      status: 'WAITING',
      driver: undefined,
      excludedDriverIds: [...new Set([...job.excludedDriverIds, driver.driverId])],
      retryMessageId: retry.messageId,
    });
    await commit(ports, {
      next,
      previous: job,
      releaseDriver: { driverId: driver.driverId },
      messages: [retry, jobEvent(ports, job, { type: 'COURIER_RELEASED', at, ...driverOfJob(job) }), driverFree(ports, driver.driverId, at)],
      audit: { jobId: job.jobId, at, decision: 'GIVEN_BACK', chosenDriverId: driver.driverId, candidates: [], cellsRead: 0, note: input.reason },
    });
    return driverJobView(ports, next);
  }
  if (job.status !== 'PICKED_UP' && job.status !== 'DELIVERY_LOCKED') throw new JobStepError(job.status, 'reported failed');
  const next = nextJob(job, at, { status: 'FAILED', failureReason: input.reason });
  await commit(ports, {
    next,
    previous: job,
    releaseDriver: { driverId: driver.driverId },
    messages: [jobEvent(ports, job, { type: 'DELIVERY_FAILED', at, ...driverOfJob(job) }), driverFree(ports, driver.driverId, at)],
  });
  return driverJobView(ports, next);
}
