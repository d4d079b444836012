/**
 * Each API function's contract: the operations of the routes it serves (see the declaration).
 * The document generator pairs every declared route with its operation here.
 */
import type { Contract } from '../../shared/platform/http/operation.ts';
import { docsContract } from '../../shared/platform/api/docs.ts';
import { healthContract } from '../../shared/platform/api/health.ts';
import { facilityContract } from '../../shared/ordering/api/facilities.ts';
import { festivalReportContract } from '../../shared/ordering/api/festival-report.ts';
import { foodOrderContract } from '../../shared/ordering/api/food-orders.ts';
import { medicineOrderContract, trackingContract } from '../../shared/ordering/api/medicine-orders.ts';
import { festivalContract } from '../../shared/promotion/api/festivals.ts';
import { merchantContract } from '../../shared/promotion/api/merchants.ts';
import { ridesContract } from '../../shared/ordering/api/rides.ts';
import { taxiReportsContract } from '../../shared/ordering/api/taxi-reports.ts';
import { taxiCompaniesContract } from '../../shared/dispatch/api/taxi-companies.ts';
import { driverContract } from '../../shared/dispatch/api/drivers.ts';
import { driverJobContract } from '../../shared/dispatch/api/driver-jobs.ts';
import { dispatchOperationsContract } from '../../shared/dispatch/api/operations.ts';
import { orderingOperationsContract } from '../../shared/ordering/api/operations.ts';
import type { FunctionName } from '../declaration.ts';

export const contracts: Readonly<Partial<Record<FunctionName, Contract>>> = {
  health: healthContract,
  apiDocs: docsContract,
  medicineOrders: medicineOrderContract,
  tracking: trackingContract,
  merchants: merchantContract,
  festivals: festivalContract,
  taxiCompanies: taxiCompaniesContract,
  rides: ridesContract,
  taxiReports: taxiReportsContract,
  facilities: facilityContract,
  foodOrders: foodOrderContract,
  festivalReport: festivalReportContract,
  drivers: driverContract,
  driverJobs: driverJobContract,
  dispatchOperations: dispatchOperationsContract,
  orderingOperations: orderingOperationsContract,
};
