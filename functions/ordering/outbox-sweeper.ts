import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '#platform/logger';
import { orderingOutboxRelay } from '#ordering/ordering-adapters';

/** Messages younger than this are still being sent by the request that wrote them. */
const IN_FLIGHT_SECONDS = 30;

/**
 * Every minute: sends the ordering outbox messages whose request could not send them (SQS
 * unreachable, function timed out after the commit). Fails the invocation while any message
 * stays unsent, so the function's error metric and alarm show it.
 */
export const handler = middy(async (): Promise<{ sent: number; failed: number }> => {
  const result = await orderingOutboxRelay().sweep(new Date(), IN_FLIGHT_SECONDS);
  if (result.sent > 0 || result.failed > 0) logger.info('Outbox swept', result);
  if (result.failed > 0) {
    throw new Error(`${result.failed} outbox message(s) still unsent; oldest ${Math.round(result.oldestPendingSeconds)} s`);
  }
  return { sent: result.sent, failed: result.failed };
}).use(injectLambdaContext(logger, { resetKeys: true }));
