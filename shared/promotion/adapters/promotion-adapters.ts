import { documentClient } from '../../platform/clients.ts';
import { tableName } from '../../platform/env.ts';
import { ulidIds } from '../../platform/ids.ts';
import { systemClock } from '../../platform/time.ts';
import { DynamoDbPromotionStore } from './dynamodb-promotion-store.ts';
import type { PromotionPorts } from '../ports/promotion-ports.ts';

let ports: PromotionPorts | undefined;

/** The promotion use cases' ports wired to AWS; built on first use, reused across invocations. */
export function promotionPorts(): PromotionPorts {
  return (ports ??= { store: new DynamoDbPromotionStore(documentClient, tableName('promotion')), clock: systemClock, ids: ulidIds });
}
