import * as z from 'zod';
import { httpFunction } from '#platform/http/http-function';
import { accepts, ok, okText, parseInput, requireCaller } from '#platform/http/request';
import { idSchema } from '#platform/schemas';
import { festivalReportCsv } from '#ordering/festival-report';
import { festivalReport } from '#ordering/food-order-use-cases';
import { foodOrderStore } from '#ordering/food-order-adapters';
import { festivalCatalog } from '#wiring/festival-wiring';

const festivalPath = z.object({ festivalId: idSchema });

/** The government's festival report (admin), as JSON or, with `Accept: text/csv`, as CSV. */
export const handler = httpFunction({
  'GET /v1/festivals/{festivalId}/report': async (request) => {
    const { festivalId } = parseInput(festivalPath, request.pathParameters, 'path');
    const report = await festivalReport({ store: foodOrderStore(), catalog: festivalCatalog() }, requireCaller(request), festivalId);
    if (accepts(request, 'text/csv')) {
      return { ...okText(festivalReportCsv(report), 'text/csv; charset=utf-8'), headers: { 'content-disposition': `attachment; filename="festival-${festivalId}-report.csv"` } };
    }
    return ok(report);
  },
});
