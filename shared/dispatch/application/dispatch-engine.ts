import { ConcurrentUpdateError } from '../../platform/errors.ts';
import { logger } from '../../platform/logger.ts';
import { toWibIso } from '../../platform/time.ts';
import type { DispatchJob, DispatchJobStatus, Offer } from '../domain/dispatch-job.ts';
import type { DispatchMessage, DriverFree, JobCancelled, JobReady, JobRetry, OfferCheck } from '../../kernel/dispatch-messages.ts';
import type { DispatchPorts } from '../ports/dispatch-ports.ts';
import { CANCEL_REFUSED_STATUSES, type CancelRefusedStatus } from '../../kernel/job-events.ts';
import { fareIdr, roadDistanceKm } from '../../kernel/fares.ts';
import { audit, dispatchMessage, driverFree, driverOfJob, jobEvent, nextJob, releaseOffer } from './job-steps.ts';
import type { MatchResult } from '../domain/matching.ts';
import { haversineKm } from '../domain/geo-cells.ts';
import { ineligibilityReason } from '../domain/eligibility.ts';
import { toDriverSnapshot } from '../domain/driver.ts';

/**
 * The dispatch engine: what happens to a job when a message arrives (ready, cancelled, retry,
 * offer check) and what the janitor does for jobs whose message never came. Every step reads the
 * job, decides, and writes the whole change in one transaction conditional on the job's version
 * and on the driver's hold (see DynamoDbDispatchStore.changeJob), with the messages it causes in
 * the outbox. So under any concurrency or redelivery a driver holds at most one offer or job and
 * a job has at most one driver; a step that loses a race does nothing. The driver's side is in
 * driver-actions.ts.
 */

/** How many taken drivers (reserved by a concurrent dispatch) one attempt steps over. */
const MAX_RESERVATION_TRIES = 10;
const MAX_CONFLICT_RETRIES = 3;

// ---------------------------------------------------------------- queue messages

export async function handleDispatchMessage(ports: DispatchPorts, message: DispatchMessage): Promise<void> {
  switch (message.type) {
    case 'JOB_READY':
      return startJob(ports, message);
    case 'JOB_RETRY':
      return matchJob(ports, message.jobId, message);
    case 'OFFER_CHECK':
      return checkOffer(ports, message);
    case 'JOB_CANCELLED':
      return cancelJob(ports, message);
    case 'DRIVER_FREE':
      return offerWaitingJob(ports, message);
  }
}

async function startJob(ports: DispatchPorts, message: JobReady): Promise<void> {
  const now = toWibIso(ports.clock.now());
  const { type: _type, messageId: _messageId, occurredAt: _occurredAt, ...ready } = message;
  const job: DispatchJob = {
    ...ready,
    fareIdr: ready.fareIdr ?? platformFare(ports, ready),
    status: 'WAITING',
    version: 1,
    excludedDriverIds: [],
    matchAttempts: 0,
    wrongCodeAttempts: 0,
    timeline: [{ status: 'WAITING', at: now }],
    createdAt: now,
    updatedAt: now,
  };
  if (matchFromMs(ports, job) <= ports.clock.now().getTime()) {
    // Due now: the job is created by the transaction that offers it, when a driver is free (one
    // write instead of two on the way from ready to offer); as WAITING only when nobody is.
    const search = await offerNearest(ports, job, { creating: true });
    if (search.outcome === 'OFFERED') return;
    if (search.outcome === 'NOBODY' && (await ports.store.createJob(job))) return waitForDriver(ports, job, search.result);
    return readyAgain(ports, message, job);
  }
  if (!(await ports.store.createJob(job))) return readyAgain(ports, message, job);
  // The job as just written: reading it back would cost a round trip for nothing (if it changed
  // meanwhile, the write conditional on version 1 fails and whoever changed it owns it).
  await matchJob(ports, message.jobId, undefined, job);
}

/**
 * JOB_READY for a job that exists already: a redelivery, ready earlier, or cancelled before it
 * started. `job` is the job this message would have created.
 */
async function readyAgain(ports: DispatchPorts, message: JobReady, job: DispatchJob): Promise<void> {
  const existing = await ports.store.getJob(message.jobId);
  if (existing?.status === 'CANCELLED' && !existing.readyAt) {
    // Its JOB_CANCELLED overtook this message and left a tombstone. The job is recorded as it
    // was, ready then withdrawn, so that the day's figures count the order and its cancellation,
    // as they do an order cancelled a moment later. (Losing this write to a redelivery is fine.)
    await ports.store.changeJob({ next: nextJob(job, job.createdAt, { status: 'CANCELLED' }), previous: existing, messages: [] });
    return;
  }
  if (existing?.status === 'WAITING' && Date.parse(message.readyAt) < Date.parse(existing.readyAt)) return bringForward(ports, message.jobId, message.readyAt);
  // A redelivery: match only if the first delivery stopped between creating and matching.
  if (!existing || existing.status !== 'WAITING' || existing.matchAttempts > 0 || existing.retryMessageId) return;
  return matchJob(ports, message.jobId, undefined, existing);
}

/**
 * The goods are ready sooner than planned (the merchant marked the food READY early): the job
 * takes the earlier time, and matching runs now. A redelivered message finds the time already
 * taken and does nothing.
 *
 * Matching runs even when the job was already due: this write may be the one that made a
 * concurrent step lose its own (the first JOB_READY or a retry, between reading the job and
 * writing "no driver yet, retry later"), and the loser drops out, its retry unsent. Whoever moves
 * a job owns what comes next, so this step matches; if another step matches at the same moment,
 * one of the two writes wins and the job has one retry chain. A conflict reads the job again
 * rather than waiting for SQS to bring the message back (the visibility timeout, minutes during
 * which the job would keep its later time and its owner would not be told it waits).
 */
async function bringForward(ports: DispatchPorts, jobId: string, readyAt: string): Promise<void> {
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const job = await ports.store.getJob(jobId);
    if (!job || job.status !== 'WAITING' || Date.parse(readyAt) >= Date.parse(job.readyAt)) return;
    const next = nextJob(job, toWibIso(ports.clock.now()), { readyAt });
    const outcome = await ports.store.changeJob({ next, previous: job, messages: [] });
    if (outcome.ok) {
      logger.info('Job ready earlier than planned', { jobId, plannedReadyAt: job.readyAt, readyAt });
      return matchJob(ports, jobId, undefined, next);
    }
  }
  throw new ConcurrentUpdateError('The dispatch job'); // SQS brings the message back
}

/** When matching may start: `pickupLeadSeconds` before the goods are ready (now, if they are). */
const matchFromMs = (ports: DispatchPorts, job: DispatchJob): number => Date.parse(job.readyAt) - ports.settings.pickupLeadSeconds * 1000;

/** Too early to look for a driver: come back when it is time (SQS delays reach 15 minutes at most). */
async function waitUntilDue(ports: DispatchPorts, job: DispatchJob, dueMs: number): Promise<void> {
  const now = ports.clock.now();
  const at = toWibIso(now);
  const delay = Math.min(900, Math.max(1, Math.ceil((dueMs - now.getTime()) / 1000)));
  const retry = dispatchMessage(ports, { type: 'JOB_RETRY', jobId: job.jobId, occurredAt: at }, delay);
  const outcome = await ports.store.changeJob({
    next: nextJob(job, at, { retryMessageId: retry.messageId }),
    previous: job,
    messages: [retry],
  });
  if (outcome.ok) await ports.relay.publish(outcome.outbox);
}

/** A job whose order carries no fare (a medicine trip) earns the platform tariff of its vehicle. */
function platformFare(ports: DispatchPorts, job: Pick<JobReady, 'pickup' | 'dropoff' | 'requirements'>): number {
  const vehicle = job.requirements.vehicleTypes.includes('MOTORBIKE') ? 'MOTORBIKE' : 'CAR';
  return fareIdr(ports.settings.platformTariffs[vehicle], roadDistanceKm(job.pickup.location, job.dropoff.location));
}

/**
 * Looks for the nearest eligible driver and offers the job. A retry message acts only if it is
 * the job's current one, so that one chain of retries lives per job however many were sent.
 * `known` is the job as this step just read or wrote it, when it has it.
 */
async function matchJob(ports: DispatchPorts, jobId: string, retry: JobRetry | undefined, known?: DispatchJob): Promise<void> {
  const job = known ?? (await ports.store.getJob(jobId));
  if (!job || job.status !== 'WAITING') return;
  if (retry && job.retryMessageId !== retry.messageId) return;
  const dueMs = matchFromMs(ports, job);
  if (dueMs > ports.clock.now().getTime()) return waitUntilDue(ports, job, dueMs);

  const search = await offerNearest(ports, job);
  if (search.outcome === 'NOBODY') await waitForDriver(ports, job, search.result);
}

/**
 * Offers the job to the nearest eligible driver, stepping over drivers another search holds
 * meanwhile. NOBODY, with the last search, when no driver could be offered it; JOB_MOVED_ON when
 * the job changed meanwhile (whoever moved it owns it), or, creating, exists already.
 */
async function offerNearest(
  ports: DispatchPorts,
  job: DispatchJob,
  options: { readonly creating?: true } = {},
): Promise<{ readonly outcome: 'OFFERED' | 'JOB_MOVED_ON' } | { readonly outcome: 'NOBODY'; readonly result: MatchResult | undefined }> {
  const taken = new Set<string>();
  let result: MatchResult | undefined;
  for (let attempt = 0; attempt < MAX_RESERVATION_TRIES; attempt++) {
    const now = ports.clock.now();
    result = await ports.findNearest(
      {
        jobId: job.jobId,
        kind: job.kind,
        pickup: job.pickup,
        requirements: job.requirements,
        excludedDriverIds: new Set([...job.excludedDriverIds, ...taken]),
      },
      now,
    );
    if (!result.chosen) break;
    const note = taken.size ? `skipped, taken meanwhile: ${[...taken].join(', ')}` : undefined;
    const offered = await offer(ports, job, result.chosen, result, note, options.creating);
    if (offered !== 'DRIVER_TAKEN') return { outcome: offered };
    taken.add(result.chosen.driver.driverId);
  }
  return { outcome: 'NOBODY', result };
}

type OfferOutcome = 'OFFERED' | 'JOB_MOVED_ON' | 'DRIVER_TAKEN';

/**
 * Offers the job to the chosen driver: the job becomes OFFERED, the driver is held for it, and the
 * offer's expiry check is scheduled, in one transaction conditional on the job's version (or,
 * `creating`, on there being no job yet) and on the driver holding nothing. Says which of the
 * two moved on when it could not.
 */
async function offer(
  ports: DispatchPorts,
  job: DispatchJob,
  chosen: NonNullable<MatchResult['chosen']>,
  result: MatchResult,
  note?: string,
  creating?: true,
): Promise<OfferOutcome> {
  const now = ports.clock.now();
  const at = toWibIso(now);
  const driverId = chosen.driver.driverId;
  const made: Offer = {
    offerId: ports.ids.next('of'),
    jobId: job.jobId,
    driverId,
    status: 'PENDING',
    createdAt: at,
    expiresAt: toWibIso(new Date(now.getTime() + ports.settings.offerTtlSeconds * 1000)),
    expiresAtMs: now.getTime() + ports.settings.offerTtlSeconds * 1000,
    distanceKm: Math.round(chosen.distanceKm * 1000) / 1000,
  };
  const outcome = await ports.store.changeJob({
    next: nextJob(job, at, { status: 'OFFERED', currentOfferId: made.offerId, matchAttempts: job.matchAttempts + 1, retryMessageId: undefined }),
    previous: job,
    ...(creating && { creating }),
    putOffer: made,
    reserveDriver: { driverId, offerId: made.offerId },
    messages: [dispatchMessage(ports, { type: 'OFFER_CHECK', jobId: job.jobId, offerId: made.offerId, occurredAt: at }, ports.settings.offerTtlSeconds)],
    audit: audit(job, at, 'OFFERED', result, { chosenDriverId: driverId, distanceKm: made.distanceKm, ...(note ? { note } : {}) }),
  });
  if (!outcome.ok) return outcome.failed === 'DRIVER' ? 'DRIVER_TAKEN' : 'JOB_MOVED_ON';
  logger.info('Offer made', { jobId: job.jobId, offerId: made.offerId, driverId, distanceKm: made.distanceKm, cellsRead: result.cellsRead });
  await ports.relay.publish(outcome.outbox);
  return 'OFFERED';
}

/** Waiting jobs a freed driver's message reads, oldest ready first, at most (pages of 25). */
const FREED_DRIVER_JOBS_READ = 100;
const FREED_DRIVER_PAGE = 25;
/**
 * How much nearer a job counts for each minute it has waited since its goods were ready, when a
 * freed driver chooses between waiting jobs: 1 km a minute. About 3 minutes of town driving
 * (25 km/h on roads 1.3 × the straight line) for each minute waited: so the driver takes the job
 * nearest to him unless another one has waited clearly longer. Nearest alone left jobs at the
 * edge of town waiting, and oldest alone sent drivers across the regency while jobs beside them
 * waited; on the festival-peak scenario's figures (a queue model of 120 drivers and 300 orders in
 * 30 minutes) oldest-first gave a ready → assigned p95 of 8–12 minutes and this 3–5, with
 * drivers' empty trips to the pickup a third shorter.
 */
const KM_PER_MINUTE_WAITED = 1;

/**
 * A driver is free again: offer them a waiting job now, rather than leaving them idle until some
 * job's retry comes round (up to retryMaxDelaySeconds, 5 minutes, once a job's backoff has
 * grown), which on a busy evening left freed drivers idle while orders waited.
 *
 * Which job: among the waiting jobs that are due, within the pickup radius and theirs to take by
 * every rule of matching, the one with the least distance to its pickup less KM_PER_MINUTE_WAITED
 * for each minute it has waited. Every other driver is busy (that is why these jobs wait), so
 * the freed driver is the nearest there is to any of them. The offer is the same conditional
 * write as matching's: a job matched meanwhile by its own retry is passed over for the next best,
 * and a driver held meanwhile by another job's search ends this step. The oldest
 * FREED_DRIVER_JOBS_READ waiting jobs are read; any after them still have their own retries.
 */
async function offerWaitingJob(ports: DispatchPorts, message: DriverFree): Promise<void> {
  const record = await ports.drivers.getDriver(message.driverId);
  const driver = record && toDriverSnapshot(record);
  if (!driver || !driver.available || driver.activeJobId !== undefined) return;
  const now = ports.clock.now();
  const context = { nowMs: now.getTime(), maxStalenessSeconds: ports.settings.maxStalenessSeconds };
  const candidates: { job: DispatchJob; distanceKm: number; score: number }[] = [];
  let cursor: string | undefined;
  reading: for (let read = 0; read < FREED_DRIVER_JOBS_READ; read += FREED_DRIVER_PAGE) {
    const page = await ports.store.jobsInStatus('WAITING', { limit: FREED_DRIVER_PAGE, ...(cursor !== undefined && { cursor }) });
    for (const job of page.items) {
      // Oldest ready first: once one is not due yet, neither is any after it.
      if (matchFromMs(ports, job) > now.getTime()) break reading;
      const distanceKm = haversineKm(job.pickup.location, driver.location);
      const asked = { jobId: job.jobId, kind: job.kind, pickup: job.pickup, requirements: job.requirements, excludedDriverIds: new Set(job.excludedDriverIds) };
      if (distanceKm > ports.settings.maxRadiusKm[job.kind] || ineligibilityReason(driver, asked, context) !== undefined) continue;
      const waitedMinutes = Math.max(0, now.getTime() - Date.parse(job.readyAt)) / 60_000;
      candidates.push({ job, distanceKm, score: distanceKm - KM_PER_MINUTE_WAITED * waitedMinutes });
    }
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  candidates.sort((a, b) => a.score - b.score || Date.parse(a.job.readyAt) - Date.parse(b.job.readyAt));
  for (const { job, distanceKm } of candidates) {
    const chosen = { driver, distanceKm };
    const result: MatchResult = {
      chosen,
      candidates: [{ driverId: driver.driverId, distanceKm: Math.round(distanceKm * 1000) / 1000, verdict: 'CHOSEN' }],
      cellsRead: 0,
      driversRead: 1,
      ringsRead: 0,
    };
    const offered = await offer(ports, job, chosen, result, 'the driver was free again: of the waiting jobs they may take, the nearest counting 1 km for each minute waited');
    if (offered !== 'JOB_MOVED_ON') return;
  }
}

/**
 * Kinds whose owner is told once when nobody has taken the job a while after it was ready (the
 * pharmacy, the merchant and admins), since these jobs wait for a driver as long as it takes.
 * Rides give up instead (giveUpAfterSeconds).
 */
const ATTENTION_WHEN_UNASSIGNED: ReadonlySet<DispatchJob['kind']> = new Set(['MEDICINE', 'FOOD']);

/** Nobody could take the job now: retry later with capped exponential backoff; tell the owner once. */
async function waitForDriver(ports: DispatchPorts, job: DispatchJob, result: MatchResult | undefined): Promise<void> {
  const now = ports.clock.now();
  const at = toWibIso(now);
  const giveUpAfter = ports.settings.giveUpAfterSeconds[job.kind];
  if (giveUpAfter !== undefined && now.getTime() - Date.parse(job.readyAt) >= giveUpAfter * 1000) {
    return giveUp(ports, job, result, at);
  }
  const attempts = job.matchAttempts + 1;
  const { retryFirstDelaySeconds, retryMaxDelaySeconds, unassignedAlertSeconds } = ports.settings;
  const delay = Math.min(retryMaxDelaySeconds, retryFirstDelaySeconds * 2 ** Math.min(attempts - 1, 20));
  const retry = dispatchMessage(ports, { type: 'JOB_RETRY', jobId: job.jobId, occurredAt: at }, delay);
  const waitedSeconds = (now.getTime() - Date.parse(job.readyAt)) / 1000;
  const raiseAttention = ATTENTION_WHEN_UNASSIGNED.has(job.kind) && !job.attentionRaisedAt && waitedSeconds >= unassignedAlertSeconds;
  const outcome = await ports.store.changeJob({
    next: nextJob(job, at, { matchAttempts: attempts, retryMessageId: retry.messageId, ...(raiseAttention ? { attentionRaisedAt: at } : {}) }),
    previous: job,
    messages: [retry, ...(raiseAttention ? [jobEvent(ports, job, { type: 'ATTENTION', attention: 'NO_DRIVER_YET', at })] : [])],
    audit: audit(job, at, 'NO_DRIVER', result, { note: `retry in ${delay} s (attempt ${attempts})` }),
  });
  if (outcome.ok) {
    logger.info('No driver yet', { jobId: job.jobId, attempts, retryInSeconds: delay, attention: raiseAttention });
    await ports.relay.publish(outcome.outbox);
  }
}

/** The search is over (rides): the job ends NO_DRIVER_FOUND and its owner is told. */
async function giveUp(ports: DispatchPorts, job: DispatchJob, result: MatchResult | undefined, at: string): Promise<void> {
  const outcome = await ports.store.changeJob({
    next: nextJob(job, at, { status: 'NO_DRIVER_FOUND', retryMessageId: undefined }),
    previous: job,
    messages: [jobEvent(ports, job, { type: 'NO_DRIVER_FOUND', at })],
    audit: audit(job, at, 'NO_DRIVER', result, { note: 'search time over: no driver found' }),
  });
  if (outcome.ok) {
    logger.info('No driver found; search ended', { jobId: job.jobId, kind: job.kind });
    await ports.relay.publish(outcome.outbox);
  }
}

async function checkOffer(ports: DispatchPorts, message: OfferCheck): Promise<void> {
  const offer = await ports.store.getOffer(message.offerId);
  if (!offer || offer.status !== 'PENDING') return;
  const job = await ports.store.getJob(offer.jobId);
  if (!job || job.status !== 'OFFERED' || job.currentOfferId !== offer.offerId) return;
  const now = ports.clock.now();
  const remainingSeconds = Math.ceil((offer.expiresAtMs - now.getTime()) / 1000);
  if (remainingSeconds > 0) {
    // Delivered early (SQS delays are approximate): look again when it is due.
    const at = toWibIso(now);
    const outcome = await ports.store.changeJob({
      next: nextJob(job, at),
      previous: job,
      messages: [dispatchMessage(ports, { type: 'OFFER_CHECK', jobId: job.jobId, offerId: offer.offerId, occurredAt: at }, Math.min(remainingSeconds, 900))],
    });
    if (outcome.ok) await ports.relay.publish(outcome.outbox);
    return;
  }
  await releaseOffer(ports, job, offer, 'EXPIRED');
}

/**
 * Too late to withdraw (the goods are in hand, or the job has ended): the status CANCEL_REFUSED
 * carries as its reason, a code on the wire (job-events.ts). WAITING, OFFERED and ASSIGNED, where
 * nobody has the goods yet, can still be withdrawn.
 */
const tooLateToCancel = (status: DispatchJobStatus): status is CancelRefusedStatus => (CANCEL_REFUSED_STATUSES as readonly string[]).includes(status);

/**
 * The order's owner asks to cancel: withdraw any offer, free any driver, stop, and answer
 * JOB_WITHDRAWN; or, when the goods are already picked up (or the job has ended), answer
 * CANCEL_REFUSED and carry on. Either answer is written in the same transaction as the job's
 * state it was decided on (conditional on its version), so a pickup racing the request either
 * comes first (refused) or loses (withdrawn, and the pickup is refused to the driver): both
 * sides always end in the same state.
 */
async function cancelJob(ports: DispatchPorts, message: JobCancelled): Promise<void> {
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const job = await ports.store.getJob(message.jobId);
    const at = toWibIso(ports.clock.now());
    if (!job) {
      const tombstone = { jobId: message.jobId, kind: message.kind, orderId: message.orderId };
      const outbox = await ports.store.cancelUnknownJob(tombstone, at, [jobEvent(ports, tombstone, { type: 'JOB_WITHDRAWN', at })]);
      if (outbox) {
        await ports.relay.publish(outbox);
        return;
      }
      continue; // the job was created meanwhile: decide on it
    }
    if (job.status === 'CANCELLED' || tooLateToCancel(job.status)) {
      // Answered again when asked again: a redelivery, or ordering's reconciler asking because the
      // first answer never reached it (a queue emptied by a restart). Ordering applies it once.
      const answer =
        job.status === 'CANCELLED'
          ? jobEvent(ports, job, { type: 'JOB_WITHDRAWN', at })
          : jobEvent(ports, job, { type: 'CANCEL_REFUSED', reason: job.status, at, ...driverOfJob(job) });
      const outcome = await ports.store.changeJob({ next: nextJob(job, at), previous: job, messages: [answer] });
      if (outcome.ok) {
        logger.info(job.status === 'CANCELLED' ? 'Withdrawal confirmed again' : 'Cancellation refused', { jobId: job.jobId, status: job.status });
        await ports.relay.publish(outcome.outbox);
        return;
      }
      continue;
    }
    const offer = job.status === 'OFFERED' && job.currentOfferId ? await ports.store.getOffer(job.currentOfferId) : undefined;
    const holder = job.status === 'ASSIGNED' ? job.driver?.driverId : offer?.driverId;
    const outcome = await ports.store.changeJob({
      next: nextJob(job, at, { status: 'CANCELLED', currentOfferId: undefined }),
      previous: job,
      ...(offer && offer.status === 'PENDING' ? { offer: { offerId: offer.offerId, from: 'PENDING' as const, to: 'WITHDRAWN' as const, driverId: offer.driverId } } : {}),
      ...(holder ? { releaseDriver: { driverId: holder } } : {}),
      messages: [jobEvent(ports, job, { type: 'JOB_WITHDRAWN', at }), ...(holder ? [driverFree(ports, holder, at)] : [])],
      ...(offer ? { audit: { jobId: job.jobId, at, decision: 'OFFER_WITHDRAWN' as const, chosenDriverId: offer.driverId, candidates: [], cellsRead: 0 } } : {}),
    });
    if (outcome.ok) {
      logger.info('Job withdrawn', { jobId: job.jobId, releasedDriverId: holder });
      await ports.relay.publish(outcome.outbox);
      return;
    }
  }
  throw new ConcurrentUpdateError('The dispatch job');
}

// ---------------------------------------------------------------- the janitor

/** How late a job's own message may be before the janitor steps in. */
const JANITOR_GRACE_SECONDS = 120;
/** Jobs read per page of the status index. */
const JANITOR_PAGE_SIZE = 100;
/** The janitor stops before its function's timeout with this much left: one job's change fits in it. */
export const JANITOR_STOP_MARGIN_MS = 5_000;

/** How long the run may still take (the function's remaining time). */
export interface TimeBudget {
  timeLeftMs(): number;
}

const UNBOUNDED: TimeBudget = { timeLeftMs: () => Number.POSITIVE_INFINITY };

export interface JanitorRun {
  readonly retried: number;
  readonly expired: number;
  /** False when time ran out first: the next run starts again from the oldest and gets further. */
  readonly complete: boolean;
}

/**
 * Every few minutes: finds jobs whose next message never came — a retry or an offer check lost
 * to a queue outage, a message dead-lettered, or (locally) an emulator restart that dropped its
 * delayed messages — and moves them on as that message would have. Jobs are never left waiting
 * for something that will not happen.
 *
 * It reads every waiting and offered job, whatever their number: page after page of the status
 * index, oldest ready first, the two statuses in turn so that neither starves the other. Before
 * each job it checks the time left and, when it runs short, stops between two jobs. The next run
 * starts again from the oldest: the jobs this run moved on changed just now and are passed over
 * at the cost of a read, so each run gets further than the last until none is stalled. One job
 * that cannot be moved on (an error) does not stop the others; the run fails at the end so that
 * the function's error alarm shows it.
 */
export async function reviveStalledJobs(ports: DispatchPorts, budget: TimeBudget = UNBOUNDED, pageSize = JANITOR_PAGE_SIZE): Promise<JanitorRun> {
  const now = ports.clock.now();
  let retried = 0;
  let expired = 0;
  const failed: string[] = [];
  // undefined: not read yet; null: read to the end.
  const cursors: Record<'WAITING' | 'OFFERED', string | null | undefined> = { WAITING: undefined, OFFERED: undefined };
  let complete = true;
  pages: while (cursors.WAITING !== null || cursors.OFFERED !== null) {
    for (const status of ['WAITING', 'OFFERED'] as const) {
      const cursor = cursors[status];
      if (cursor === null) continue;
      if (budget.timeLeftMs() < JANITOR_STOP_MARGIN_MS) {
        complete = false;
        break pages;
      }
      const page = await ports.store.jobsInStatus(status, { limit: pageSize, ...(cursor !== undefined && { cursor }) });
      for (const job of page.items) {
        if (budget.timeLeftMs() < JANITOR_STOP_MARGIN_MS) {
          complete = false;
          break pages;
        }
        try {
          if (status === 'WAITING' && (await retryIfStalled(ports, job, now))) retried++;
          if (status === 'OFFERED' && (await expireIfStalled(ports, job, now))) expired++;
        } catch (error) {
          logger.error('Janitor could not move a stalled job on', { jobId: job.jobId, error });
          failed.push(job.jobId);
        }
      }
      cursors[status] = page.nextCursor;
    }
  }
  if (retried > 0 || expired > 0) logger.warn('Stalled dispatch jobs moved on', { retried, expired });
  if (!complete) logger.warn('Janitor ran out of time; the next run continues', { retried, expired });
  if (failed.length > 0) throw new Error(`${failed.length} stalled dispatch job(s) could not be moved on, e.g. ${failed[0]}`);
  return { retried, expired, complete };
}

/** A waiting job hears from its retry at most retryMaxDelaySeconds after its last change. */
async function retryIfStalled(ports: DispatchPorts, job: DispatchJob, now: Date): Promise<boolean> {
  const waitingDeadline = now.getTime() - (ports.settings.retryMaxDelaySeconds + JANITOR_GRACE_SECONDS) * 1000;
  if (Date.parse(job.updatedAt) > waitingDeadline || matchFromMs(ports, job) + JANITOR_GRACE_SECONDS * 1000 > now.getTime()) return false;
  const at = toWibIso(now);
  const retry = dispatchMessage(ports, { type: 'JOB_RETRY', jobId: job.jobId, occurredAt: at }, 0);
  const outcome = await ports.store.changeJob({
    next: nextJob(job, at, { retryMessageId: retry.messageId }),
    previous: job,
    messages: [retry],
    audit: { jobId: job.jobId, at, decision: 'NO_DRIVER', candidates: [], cellsRead: 0, note: 'janitor: the retry never came; retrying now' },
  });
  if (outcome.ok) await ports.relay.publish(outcome.outbox);
  return outcome.ok;
}

/** An offered job hears from its offer check when the offer expires. */
async function expireIfStalled(ports: DispatchPorts, job: DispatchJob, now: Date): Promise<boolean> {
  if (!job.currentOfferId) return false;
  const offer = await ports.store.getOffer(job.currentOfferId);
  if (!offer || offer.status !== 'PENDING' || offer.expiresAtMs + JANITOR_GRACE_SECONDS * 1000 > now.getTime()) return false;
  return releaseOffer(ports, job, offer, 'EXPIRED');
}
