import * as z from 'zod';
import { httpFunction } from '#platform/http/http-function';
import { accepts, ok, okText, parseInput, requireCaller } from '#platform/http/request';
import { daySchema, idSchema } from '#platform/schemas';
import { taxiFleet } from '#dispatch/taxi-company-adapters';
import { settlementCsv, taxiCompanyReport } from '#ordering/ride-use-cases';
import { rideStore } from '#ordering/ride-store';

const reportPath = z.object({ companyId: idSchema });
const reportQuery = z.strictObject({
  from: daySchema,
  to: daySchema,
  format: z.enum(['json', 'csv']).optional(),
});

/** A taxi company's settlement report, for its operators and admins: JSON, or CSV on `Accept: text/csv` (or `?format=csv`). */
export const handler = httpFunction({
  'GET /v1/taxi-companies/{companyId}/report': async (request) => {
    const { companyId } = parseInput(reportPath, request.pathParameters, 'path');
    const { from, to, format } = parseInput(reportQuery, request.query, 'query');
    const report = await taxiCompanyReport({ rides: rideStore(), taxis: taxiFleet() }, requireCaller(request), { companyId, from, to });
    if (format === 'csv' || (format === undefined && accepts(request, 'text/csv'))) {
      return {
        ...okText(settlementCsv(report), 'text/csv; charset=utf-8'),
        headers: { 'content-disposition': `attachment; filename="settlement-${companyId}-${from}-${to}.csv"` },
      };
    }
    return ok(report);
  },
});
