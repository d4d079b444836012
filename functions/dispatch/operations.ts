import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { ok, requireCaller } from '#platform/http/request';
import { dispatchOperationsContract } from '#dispatch/api/operations';
import { listDriversOnMap, listJobDecisions, listJobsOnMap, readDayFigures } from '#dispatch/application/operations';
import { dispatchOperationsPorts } from '#dispatch/adapters/operations-adapters';

/** Dispatch's reads for the operations room (admin only): the drivers and the open jobs on the live map, why a job went to whom, the day's figures. */
export const handler = httpFunction(
  routesOf(dispatchOperationsContract, {
    'GET /v1/ops/drivers': async ({ query, request }) => ok(await listDriversOnMap(dispatchOperationsPorts(), requireCaller(request), query)),
    'GET /v1/ops/jobs': async ({ query, request }) => ok(await listJobsOnMap(dispatchOperationsPorts(), requireCaller(request), query)),
    'GET /v1/ops/jobs/{jobId}/decisions': async ({ path, request }) => ok(await listJobDecisions(dispatchOperationsPorts(), requireCaller(request), path.jobId)),
    'GET /v1/ops/today': async ({ query, request }) => ok(await readDayFigures(dispatchOperationsPorts(), requireCaller(request), query)),
  }),
);
