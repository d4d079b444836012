import { taxiFleet } from '../dispatch/taxi-company-adapters.ts';
import { platformTariffs } from '../kernel/fares.ts';
import { ulidIds } from '../platform/ids.ts';
import { systemClock } from '../platform/time.ts';
import { orderingOutboxRelay } from './ordering-adapters.ts';
import type { RidePorts } from './ride-use-cases.ts';
import { rideStore } from './ride-store.ts';

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
