import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { accepts, ok, okText, requireCaller } from '#platform/http/request';
import { taxiFleet } from '#dispatch/adapters/taxi-company-adapters';
import { taxiReportsContract } from '#ordering/api/taxi-reports';
import { settlementCsv, taxiCompanyReport } from '#ordering/application/ride-use-cases';
import { rideStore } from '#ordering/adapters/ride-store';

/** A taxi company's settlement report, for its operators and admins: JSON, or CSV on `Accept: text/csv` (or `?format=csv`). */
export const handler = httpFunction(
  routesOf(taxiReportsContract, {
    'GET /v1/taxi-companies/{companyId}/report': async ({ path: { companyId }, query: { from, to, format }, request }) => {
      const report = await taxiCompanyReport({ rides: rideStore(), taxis: taxiFleet() }, requireCaller(request), { companyId, from, to });
      if (format === 'csv' || (format === undefined && accepts(request, 'text/csv'))) {
        return {
          ...okText(settlementCsv(report), 'text/csv; charset=utf-8'),
          headers: { 'content-disposition': `attachment; filename="settlement-${companyId}-${from}-${to}.csv"` },
        };
      }
      return ok(report);
    },
  }),
);
