import { documentClient } from '../../platform/clients.ts';
import { numberSetting, tableName } from '../../platform/env.ts';
import { ulidIds } from '../../platform/ids.ts';
import { systemClock } from '../../platform/time.ts';
import { DynamoDbAwaitingOrders } from './dynamodb-awaiting-orders.ts';
import type { HandoverPorts, HandoverSettings } from '../application/handover-reconciler.ts';
import { orderingOutboxRelay } from './ordering-adapters.ts';
import { orderingStore } from './ordering-store.ts';

/**
 * GANCANG_HANDOVER_AFTER_SECONDS: how long an order awaits a driver before it is handed over
 * again (default 2 minutes: far longer than a healthy queue takes, short enough that after a
 * power cut every order is back in dispatch within about 3 minutes, the next run included).
 * GANCANG_HANDOVER_MAX_PER_KIND: orders of one kind per run.
 */
export const handoverSettings = (): HandoverSettings => ({
  afterSeconds: numberSetting('GANCANG_HANDOVER_AFTER_SECONDS', 120),
  maxPerKind: Math.max(1, Math.floor(numberSetting('GANCANG_HANDOVER_MAX_PER_KIND', 100))),
});

let ports: HandoverPorts | undefined;

export function handoverPorts(): HandoverPorts {
  return (ports ??= {
    orders: new DynamoDbAwaitingOrders(documentClient, tableName('ordering'), systemClock),
    facilities: orderingStore(),
    relay: orderingOutboxRelay(),
    clock: systemClock,
    ids: ulidIds,
    settings: handoverSettings(),
  });
}
