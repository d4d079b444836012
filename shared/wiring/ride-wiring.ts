import { taxiFleet } from '../dispatch/adapters/taxi-company-adapters.ts';
import { platformTariffs } from '../kernel/fares.ts';
import { ulidIds } from '../platform/ids.ts';
import { systemClock } from '../platform/time.ts';
import { orderingOutboxRelay } from '../ordering/adapters/ordering-adapters.ts';
import type { RidePorts } from '../ordering/application/ride-use-cases.ts';
import { rideStore } from '../ordering/adapters/ride-store.ts';

/**
 * Where ordering's rides meet dispatch's partner taxis (the kernel's TaxiFleet port, read-only on
 * the dispatch table): the only module that imports both for rides.
 */

let ports: RidePorts | undefined;

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
