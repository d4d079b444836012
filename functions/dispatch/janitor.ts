import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '#platform/logger';
import { reviveStalledJobs } from '#dispatch/dispatch-engine';
import { dispatchPorts } from '#dispatch/dispatch-adapters';

/** Every two minutes: moves on the dispatch jobs whose next message never came (see the engine). */
export const handler = middy(async () => reviveStalledJobs(dispatchPorts())).use(injectLambdaContext(logger, { resetKeys: true }));
