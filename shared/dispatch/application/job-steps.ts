import { logger } from '../../platform/logger.ts';
import type { OutboxMessage } from '../../platform/outbox.ts';
import { toWibIso } from '../../platform/time.ts';
import type { AssignedDriver, DispatchAudit, DispatchJob, Offer } from '../domain/dispatch-job.ts';
import type { DriverFree, JobRetry, OfferCheck } from '../../kernel/dispatch-messages.ts';
import type { DispatchPorts } from '../ports/dispatch-ports.ts';
import type { JobEventMessage } from '../../kernel/job-events.ts';
import type { MatchResult } from '../domain/matching.ts';

/**
 * The pieces both sides of dispatch build their changes from (the engine reacting to messages,
 * drivers acting on offers and jobs): the messages a change sends, its audit record, and the
 * release of a declined or expired offer.
 */
export const DISPATCH_QUEUE = 'dispatch';
export const JOB_EVENTS_QUEUE = 'jobEvents';

/**
 * The job's next version: the same job with `changes`, its version bumped and its time set; a
 * change of status is stamped in its timeline. Every write of a job is built with this.
 */
export function nextJob(job: DispatchJob, at: string, changes: Partial<DispatchJob> = {}): DispatchJob {
  const stamped = changes.status !== undefined && changes.status !== job.status;
  return {
    ...job,
    ...changes,
    ...(stamped ? { timeline: [...job.timeline, { status: changes.status!, at }] } : {}),
    version: job.version + 1,
    updatedAt: at,
  };
}

/**
 * Declined or expired: the driver is free, never offered this job again, and the next one is
 * asked. A driver who declined is offered the oldest waiting job at once (driverFree); one who
 * let the offer run out is not chased with another (they may be away from the phone, and that
 * job would wait for the answer that does not come): the searches of new jobs and retries still
 * find them.
 */
export async function releaseOffer(ports: DispatchPorts, job: DispatchJob, offer: Offer, how: 'DECLINED' | 'EXPIRED'): Promise<boolean> {
  const at = toWibIso(ports.clock.now());
  const retry = dispatchMessage(ports, { type: 'JOB_RETRY', jobId: job.jobId, occurredAt: at }, 0);
  const outcome = await ports.store.changeJob({
    next: nextJob(job, at, {
      status: 'WAITING',
      currentOfferId: undefined,
      excludedDriverIds: [...new Set([...job.excludedDriverIds, offer.driverId])],
      retryMessageId: retry.messageId,
    }),
    previous: job,
    offer: { offerId: offer.offerId, from: 'PENDING', to: how, driverId: offer.driverId },
    releaseDriver: { driverId: offer.driverId },
    messages: how === 'DECLINED' ? [retry, driverFree(ports, offer.driverId, at)] : [retry],
    audit: { jobId: job.jobId, at, decision: how === 'DECLINED' ? 'OFFER_DECLINED' : 'OFFER_EXPIRED', chosenDriverId: offer.driverId, candidates: [], cellsRead: 0 },
  });
  if (outcome.ok) {
    logger.info(how === 'DECLINED' ? 'Offer declined' : 'Offer expired', { jobId: job.jobId, offerId: offer.offerId, driverId: offer.driverId });
    await ports.relay.publish(outcome.outbox);
  }
  return outcome.ok;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'messageId'> : never;

export function dispatchMessage(ports: DispatchPorts, body: WithoutId<OfferCheck | JobRetry | DriverFree>, delaySeconds: number): OutboxMessage & { messageId: string } {
  const messageId = ports.ids.next('msg');
  return { messageId, queue: DISPATCH_QUEUE, body: { ...body, messageId }, ...(delaySeconds > 0 ? { delaySeconds } : {}) };
}

/**
 * Goes in the change that frees a driver: dispatch then offers them the job that has waited
 * longest among those they may take (dispatch-engine.ts, offerWaitingJob), rather than leaving
 * them idle until some job's retry comes round.
 */
export const driverFree = (ports: DispatchPorts, driverId: string, at: string): OutboxMessage =>
  dispatchMessage(ports, { type: 'DRIVER_FREE', driverId, occurredAt: at }, 0);

export function jobEvent(
  ports: DispatchPorts,
  job: Pick<DispatchJob, 'jobId' | 'kind' | 'orderId'>,
  event: Omit<JobEventMessage, 'messageId' | 'jobId' | 'kind' | 'orderId'>,
): OutboxMessage {
  const messageId = ports.ids.next('msg');
  const body: JobEventMessage = { ...event, messageId, jobId: job.jobId, kind: job.kind, orderId: job.orderId };
  return { messageId, queue: JOB_EVENTS_QUEUE, body };
}

/** The driver as job events name it: ids and the plate, never the name (see job-events.ts). */
export const eventDriver = ({ driverId, vehiclePlate, vehicleType, companyId }: AssignedDriver) => ({
  driverId,
  vehiclePlate,
  vehicleType,
  ...(companyId ? { companyId } : {}),
});

/** Events after assignment name the driver, so the owner can tell a late event from a current one. */
export const driverOfJob = (job: DispatchJob) => (job.driver ? { driver: eventDriver(job.driver) } : {});

export function audit(
  job: DispatchJob,
  at: string,
  decision: DispatchAudit['decision'],
  result: MatchResult | undefined,
  extra: Partial<DispatchAudit>,
): DispatchAudit {
  return {
    jobId: job.jobId,
    at,
    decision,
    candidates: (result?.candidates ?? []).map((c) => ({ driverId: c.driverId, distanceKm: Math.round(c.distanceKm * 1000) / 1000, verdict: c.verdict })),
    cellsRead: result?.cellsRead ?? 0,
    ...extra,
  };
}
