import { platformTariffs } from '../../kernel/fares.ts';
import { documentClient } from '../../platform/clients.ts';
import { numberSetting, queueUrl, tableName } from '../../platform/env.ts';
import { ulidIds } from '../../platform/ids.ts';
import { OutboxRelay } from '../../platform/outbox.ts';
import { sqsSender } from '../../platform/sqs-client.ts';
import { systemClock } from '../../platform/time.ts';
import type { DispatchPorts, DispatchSettings } from '../ports/dispatch-ports.ts';
import { driverIndex, driverStore } from './driver-store.ts';
import { DynamoDbDispatchStore } from './dynamodb-dispatch-store.ts';
import { DEFAULT_MATCH_OPTIONS, findNearestAsync } from '../domain/matching.ts';

/**
 * Dispatch's knobs, from the environment with the defaults of the design: offers live 30 s, a
 * driver silent for 5 minutes is not offered anything, a medicine or food job unassigned for 10 minutes
 * is flagged to its pharmacy, retries back off from 15 s to at most 5 minutes, a ride search
 * ends after 5 minutes, matching starts 10 minutes before goods are ready, and the assigned
 * driver sees the recipient's contact until 3 hours after the delivery ends.
 */
export function dispatchSettings(): DispatchSettings {
  return {
    offerTtlSeconds: numberSetting('GANCANG_OFFER_TTL_SECONDS', 30),
    unassignedAlertSeconds: numberSetting('GANCANG_UNASSIGNED_ALERT_SECONDS', 600),
    retryFirstDelaySeconds: numberSetting('GANCANG_RETRY_FIRST_DELAY_SECONDS', 15),
    retryMaxDelaySeconds: numberSetting('GANCANG_RETRY_MAX_DELAY_SECONDS', 300),
    maxStalenessSeconds: numberSetting('GANCANG_DRIVER_STALE_SECONDS', DEFAULT_MATCH_OPTIONS.maxStalenessSeconds),
    maxRadiusKm: numberSetting('GANCANG_MAX_PICKUP_RADIUS_KM', DEFAULT_MATCH_OPTIONS.maxRadiusKm),
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

export function dispatchPorts(): DispatchPorts {
  if (ports) return ports;
  const settings = dispatchSettings();
  const index = driverIndex();
  return (ports = {
    store: new DynamoDbDispatchStore(documentClient, tableName('dispatch'), systemClock),
    drivers: driverStore(),
    findNearest: (job, now) =>
      findNearestAsync(job, index.search(), now, { maxRadiusKm: settings.maxRadiusKm, maxStalenessSeconds: settings.maxStalenessSeconds }),
    relay: dispatchOutboxRelay(),
    clock: systemClock,
    ids: ulidIds,
    settings,
  });
}
