import { documentClient } from '../../platform/clients.ts';
import { numberSetting, tableName } from '../../platform/env.ts';
import { ulidIds } from '../../platform/ids.ts';
import { systemClock } from '../../platform/time.ts';
import { DynamoDbDriverIndex } from './dynamodb-driver-store.ts';
import { DynamoDbTaxiCompanyStore } from './dynamodb-taxi-company-store.ts';
import { DEFAULT_MATCH_OPTIONS } from '../domain/matching.ts';
import type { TaxiCompanyPorts } from '../domain/taxi-company.ts';
import type { TaxiFleet } from '../../kernel/taxi-fleet.ts';
import { DynamoDbTaxiFleet } from './taxi-fleet.ts';

let ports: TaxiCompanyPorts | undefined;
let fleet: TaxiFleet | undefined;

export const taxiCompanyPorts = (): TaxiCompanyPorts =>
  (ports ??= { companies: new DynamoDbTaxiCompanyStore(documentClient, tableName('dispatch')), clock: systemClock, ids: ulidIds });

/**
 * The partner-taxi fleet as other contexts see it (read-only on the dispatch table). Radius and
 * staleness are the dispatch engine's own settings, so a quote finds the taxis the engine would offer to.
 */
export const taxiFleet = (): TaxiFleet =>
  (fleet ??= new DynamoDbTaxiFleet(documentClient, tableName('dispatch'), new DynamoDbDriverIndex(documentClient, tableName('dispatch')), {
    maxRadiusKm: numberSetting('GANCANG_MAX_PICKUP_RADIUS_KM', DEFAULT_MATCH_OPTIONS.maxRadiusKm),
    maxStalenessSeconds: numberSetting('GANCANG_DRIVER_STALE_SECONDS', DEFAULT_MATCH_OPTIONS.maxStalenessSeconds),
  }));
