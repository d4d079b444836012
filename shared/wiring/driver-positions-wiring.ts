import type { DriverPositions } from '../kernel/driver-positions.ts';
import { driverStore } from '../dispatch/adapters/driver-store.ts';
import { driverPositions } from '../dispatch/application/driver-positions.ts';

let positions: DriverPositions | undefined;

/** Where ordering's tracking function meets dispatch: the drivers' last positions (dispatch table, read only). */
export function dispatchDriverPositions(): DriverPositions {
  return (positions ??= driverPositions({ drivers: driverStore() }));
}
