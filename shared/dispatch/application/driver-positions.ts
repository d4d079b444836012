import type { DriverPositions } from '../../kernel/driver-positions.ts';
import type { DriverStore } from './driver-use-cases.ts';

/** Dispatch's side of the DriverPositions port, over its driver registry: read only. */
export function driverPositions(ports: { readonly drivers: Pick<DriverStore, 'getDriver'> }): DriverPositions {
  return {
    positionOnJob: async (driverId, jobId) => {
      const driver = await ports.drivers.getDriver(driverId);
      if (driver?.currentJobId !== jobId || !driver.location || !driver.lastSeenAt) return undefined;
      return { location: driver.location, at: driver.lastSeenAt };
    },
  };
}
