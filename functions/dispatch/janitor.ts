import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '#platform/logger';
import { reviveStalledJobs } from '#dispatch/application/dispatch-engine';
import { dispatchPorts } from '#dispatch/adapters/dispatch-adapters';

/**
 * Every two minutes: moves on the dispatch jobs whose next message never came (see the engine),
 * all of them, page by page, stopping cleanly before the function's timeout.
 */
export const handler = middy(async (_event: unknown, context: Context) =>
  reviveStalledJobs(dispatchPorts(), { timeLeftMs: () => context.getRemainingTimeInMillis() }),
).use(injectLambdaContext(logger, { resetKeys: true }));
