import type { Page } from '../../platform/pagination.ts';
import type { Clock } from '../../platform/time.ts';
import type { Driver } from '../domain/driver.ts';

/** Every registered driver, for the operations room (admin only), in driver id order. */
export interface DriverRoster {
  listAllDrivers(page: { limit: number; cursor?: string }): Promise<Page<Driver>>;
}

export interface DispatchOperationsPorts {
  readonly roster: DriverRoster;
  readonly clock: Clock;
  /** After how long without a location report an available driver counts as STALE (GANCANG_DRIVER_STALE_SECONDS). */
  readonly staleSeconds: number;
}
