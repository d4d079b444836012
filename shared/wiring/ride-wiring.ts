import * as z from 'zod';
import { PLATFORM_TARIFFS, type Tariff } from '../dispatch/fares.ts';
import { taxiFleet } from '../dispatch/taxi-company-adapters.ts';
import { tariffSchema } from '../dispatch/taxi-company.ts';
import { ulidIds } from '../platform/ids.ts';
import { logger } from '../platform/logger.ts';
import { systemClock } from '../platform/time.ts';
import { orderingOutboxRelay } from '../ordering/ordering-adapters.ts';
import type { RidePorts } from '../ordering/ride-use-cases.ts';
import { rideStore } from '../ordering/ride-store.ts';

/**
 * Where ordering's rides meet dispatch's partner taxis (the kernel's TaxiFleet port, read-only on
 * the dispatch table): the only module that imports both for rides.
 */

let ports: RidePorts | undefined;

const platformTariffsSchema = z.strictObject({ MOTORBIKE: tariffSchema, CAR: tariffSchema });

/**
 * The platform tariff of Go-Jek motorbikes and cars: `PLATFORM_TARIFFS` (dispatch/fares.ts),
 * unless `GANCANG_PLATFORM_TARIFFS` holds JSON such as
 * `{"MOTORBIKE":{"flagFallIdr":8000,"perKmIdr":2500,"minimumFareIdr":10000},"CAR":{…}}`.
 * An invalid value is logged and ignored rather than failing every quote.
 */
export function platformTariffs(): Readonly<Record<'MOTORBIKE' | 'CAR', Tariff>> {
  const raw = process.env.GANCANG_PLATFORM_TARIFFS;
  if (raw === undefined || raw.trim() === '') return PLATFORM_TARIFFS;
  try {
    const parsed = platformTariffsSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {
    // falls through to the warning
  }
  logger.warn('GANCANG_PLATFORM_TARIFFS is not a valid tariff table; using the built-in platform tariffs');
  return PLATFORM_TARIFFS;
}

export function ridePorts(): RidePorts {
  return (ports ??= {
    rides: rideStore(),
    relay: orderingOutboxRelay(),
    taxis: taxiFleet(),
    platformTariffs: platformTariffs(),
    clock: systemClock,
    ids: ulidIds,
  });
}
