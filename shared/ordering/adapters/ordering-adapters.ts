import { documentClient } from '../../platform/clients.ts';
import { queueUrl, tableName } from '../../platform/env.ts';
import { newDeliveryCode, newSecretToken, ulidIds } from '../../platform/ids.ts';
import { OutboxRelay } from '../../platform/outbox.ts';
import { sqsSender } from '../../platform/sqs-client.ts';
import { systemClock } from '../../platform/time.ts';
import type { OrderingPorts } from '../ports/ordering-ports.ts';
import { orderingStore } from './ordering-store.ts';

let ports: OrderingPorts | undefined;

/** The ordering use cases' ports wired to AWS; built on first use, reused across invocations. */
export function orderingPorts(): OrderingPorts {
  return (ports ??= {
    store: orderingStore(),
    relay: orderingOutboxRelay(),
    clock: systemClock,
    ids: ulidIds,
    secrets: { trackingToken: newSecretToken, deliveryCode: newDeliveryCode },
  });
}

export function orderingOutboxRelay(): OutboxRelay {
  return new OutboxRelay({ documents: documentClient, sender: sqsSender, tableName: tableName('ordering'), queueUrl });
}
