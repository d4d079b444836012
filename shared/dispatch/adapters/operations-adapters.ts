import { numberSetting } from '../../platform/env.ts';
import { systemClock } from '../../platform/time.ts';
import { DEFAULT_MAX_STALENESS_SECONDS } from '../domain/eligibility.ts';
import type { DispatchOperationsPorts } from '../ports/operations-ports.ts';
import { driverStore } from './driver-store.ts';

/** The operations room's reads of the dispatch table; the staleness limit is dispatch's own (GANCANG_DRIVER_STALE_SECONDS). */
export const dispatchOperationsPorts = (): DispatchOperationsPorts => ({
  roster: driverStore(),
  clock: systemClock,
  staleSeconds: numberSetting('GANCANG_DRIVER_STALE_SECONDS', DEFAULT_MAX_STALENESS_SECONDS),
});
