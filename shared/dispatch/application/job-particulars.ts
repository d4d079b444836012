import type { JobParticulars } from '../../kernel/job-particulars.ts';
import type { DispatchStore, DriverLookup } from '../ports/dispatch-ports.ts';

/** First name as assignment records it: the first word of the registered name. */
export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? name;

/** Dispatch's side of the JobParticulars port, over its driver registry and its jobs. */
export function jobParticulars(ports: { readonly drivers: Pick<DriverLookup, 'getDriver'>; readonly store: Pick<DispatchStore, 'getJob'> }): JobParticulars {
  return {
    driverFirstName: async (driverId) => {
      const driver = await ports.drivers.getDriver(driverId);
      return driver && firstName(driver.name);
    },
    outcome: async (jobId) => {
      const job = await ports.store.getJob(jobId);
      if (!job) return undefined;
      return { ...(job.deliveredTo ? { deliveredTo: job.deliveredTo } : {}), ...(job.failureReason ? { failureReason: job.failureReason } : {}) };
    },
  };
}
