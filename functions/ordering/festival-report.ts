import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { accepts, ok, okText, requireCaller } from '#platform/http/request';
import { festivalReportContract } from '#ordering/api/festival-report';
import { festivalReportCsv } from '#ordering/domain/festival-report';
import { festivalReport } from '#ordering/application/food-order-use-cases';
import { foodOrderStore } from '#ordering/adapters/food-order-adapters';
import { festivalCatalog } from '#wiring/festival-wiring';

/** The government's festival report (admin), as JSON or, with `Accept: text/csv`, as CSV. */
export const handler = httpFunction(
  routesOf(festivalReportContract, {
    'GET /v1/festivals/{festivalId}/report': async ({ path, request }) => {
      const report = await festivalReport({ store: foodOrderStore(), catalog: festivalCatalog() }, requireCaller(request), path.festivalId);
      if (accepts(request, 'text/csv')) {
        return {
          ...okText(festivalReportCsv(report), 'text/csv; charset=utf-8'),
          headers: { 'content-disposition': `attachment; filename="festival-${path.festivalId}-report.csv"` },
        };
      }
      return ok(report);
    },
  }),
);
