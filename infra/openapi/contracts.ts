/**
 * Each API function's contract: the operations of the routes it serves (see the declaration).
 * The document generator pairs every declared route with its operation here.
 */
import type { Contract } from '../../shared/platform/http/operation.ts';
import { docsContract } from '../../shared/platform/api/docs.ts';
import { healthContract } from '../../shared/platform/api/health.ts';
import { medicineOrderContract, trackingContract } from '../../shared/ordering/api/medicine-orders.ts';
import { driverContract } from '../../shared/dispatch/api/drivers.ts';
import { driverJobContract } from '../../shared/dispatch/api/driver-jobs.ts';
import type { FunctionName } from '../declaration.ts';

export const contracts: Readonly<Partial<Record<FunctionName, Contract>>> = {
  health: healthContract,
  apiDocs: docsContract,
  medicineOrders: medicineOrderContract,
  tracking: trackingContract,
  drivers: driverContract,
  driverJobs: driverJobContract,
};
