import { platformTariffs } from '../../kernel/fares.ts';
import { documentClient } from '../../platform/clients.ts';
import { numberSetting, queueUrl, tableName } from '../../platform/env.ts';
import { ulidIds } from '../../platform/ids.ts';
import { OutboxRelay } from '../../platform/outbox.ts';
import { sqsSender } from '../../platform/sqs-client.ts';
import { systemClock } from '../../platform/time.ts';
import type { DispatchPorts, DispatchSettings, DispatchStore, JobChange, JobChangeOutcome } from '../ports/dispatch-ports.ts';
import { DriverClaims } from './driver-claims.ts';
import type { DynamoDbDriverIndex } from './dynamodb-driver-store.ts';
import { driverIndex, driverStore } from './driver-store.ts';
import { DynamoDbDispatchStore } from './dynamodb-dispatch-store.ts';
import { DEFAULT_MATCH_OPTIONS, findNearestAsync } from '../domain/matching.ts';

/**
 * Dispatch's knobs, from the environment with the defaults of the design: offers live 30 s, a
 * driver silent for 5 minutes is not offered anything, a medicine or food job unassigned for 10 minutes
 * is flagged to its pharmacy, retries back off from 15 s to at most 5 minutes, a ride search
 * ends after 5 minutes, matching starts 10 minutes before goods are ready, drivers are sought
 * within 30 km of the pickup (8 km for food), and the assigned driver sees the recipient's
 * contact until 3 hours after the delivery ends.
 */
export function dispatchSettings(): DispatchSettings {
  return {
    offerTtlSeconds: numberSetting('GANCANG_OFFER_TTL_SECONDS', 30),
    unassignedAlertSeconds: numberSetting('GANCANG_UNASSIGNED_ALERT_SECONDS', 600),
    retryFirstDelaySeconds: numberSetting('GANCANG_RETRY_FIRST_DELAY_SECONDS', 15),
    retryMaxDelaySeconds: numberSetting('GANCANG_RETRY_MAX_DELAY_SECONDS', 300),
    maxStalenessSeconds: numberSetting('GANCANG_DRIVER_STALE_SECONDS', DEFAULT_MATCH_OPTIONS.maxStalenessSeconds),
    maxRadiusKm: {
      MEDICINE: numberSetting('GANCANG_MAX_PICKUP_RADIUS_KM', DEFAULT_MATCH_OPTIONS.maxRadiusKm),
      RIDE: numberSetting('GANCANG_MAX_PICKUP_RADIUS_KM', DEFAULT_MATCH_OPTIONS.maxRadiusKm),
      FOOD: numberSetting('GANCANG_FOOD_PICKUP_RADIUS_KM', 8),
    },
    maxWrongCodes: 5,
    giveUpAfterSeconds: { RIDE: numberSetting('GANCANG_RIDE_SEARCH_SECONDS', 300) },
    pickupLeadSeconds: numberSetting('GANCANG_PICKUP_LEAD_SECONDS', 600),
    platformTariffs: platformTariffs(),
    contactHoursAfterEnd: numberSetting('GANCANG_DRIVER_CONTACT_HOURS', 3),
  };
}

export function dispatchOutboxRelay(): OutboxRelay {
  return new OutboxRelay({ documents: documentClient, sender: sqsSender, tableName: tableName('dispatch'), queueUrl });
}

let ports: DispatchPorts | undefined;

/** How many times one search chooses again when a search beside it claimed its driver first. */
const MAX_CHOICES = 10;

/**
 * The store, telling the driver index's view how each change of a driver's hold went: a hold
 * written, refused (the driver is held by another job: busy, whatever an earlier read said) or
 * not written; a driver freed, for whom the index reads afresh.
 */
function reportingHolds(store: DispatchStore, claims: DriverClaims, index: DynamoDbDriverIndex): DispatchStore {
  return Object.assign(Object.create(store) as DispatchStore, {
    changeJob: async (change: JobChange): Promise<JobChangeOutcome> => {
      const driverId = change.reserveDriver?.driverId;
      const { jobId } = change.next;
      let outcome: JobChangeOutcome;
      try {
        outcome = await store.changeJob(change);
      } catch (error) {
        if (driverId !== undefined) claims.drop(driverId, jobId);
        throw error;
      }
      if (driverId !== undefined) {
        if (outcome.ok) claims.held(driverId, jobId);
        else if (outcome.failed === 'DRIVER') claims.heldElsewhere(driverId);
        else claims.drop(driverId, jobId);
      }
      if (outcome.ok && change.releaseDriver) index.forget();
      return outcome;
    },
  });
}

export function dispatchPorts(): DispatchPorts {
  if (ports) return ports;
  const settings = dispatchSettings();
  const index = driverIndex();
  // The nearest driver chosen by one search is claimed at once, so that the searches running
  // beside it choose others (driver-claims.ts).
  const claims = new DriverClaims();
  return (ports = {
    store: reportingHolds(new DynamoDbDispatchStore(documentClient, tableName('dispatch'), systemClock), claims, index),
    drivers: driverStore(),
    findNearest: async (job, now) => {
      // One view for the search and its second thoughts: choosing again reads nothing again.
      const search = index.search({ view: (driver, readStartedAtMs) => claims.apply(driver, readStartedAtMs, job.jobId), reuseRecent: true });
      const options = { maxRadiusKm: settings.maxRadiusKm[job.kind], maxStalenessSeconds: settings.maxStalenessSeconds };
      let result = await findNearestAsync(job, search, now, options);
      for (let again = 0; again < MAX_CHOICES && result.chosen && job.jobId !== undefined; again++) {
        if (claims.claim(result.chosen.driver.driverId, job.jobId)) break;
        result = await findNearestAsync(job, search, now, options); // claimed meanwhile by a search beside this one
      }
      return result;
    },
    relay: dispatchOutboxRelay(),
    clock: systemClock,
    ids: ulidIds,
    settings,
  });
}
