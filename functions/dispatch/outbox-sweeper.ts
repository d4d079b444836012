import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '#platform/logger';
import { dispatchOutboxRelay } from '#dispatch/dispatch-adapters';

const IN_FLIGHT_SECONDS = 30;

/**
 * Every minute: sends the dispatch outbox messages (offer checks, retries, job events) whose
 * writer could not send them. Fails the invocation while any stays unsent, so the error metric
 * shows it.
 */
export const handler = middy(async (): Promise<{ sent: number; failed: number }> => {
  const result = await dispatchOutboxRelay().sweep(new Date(), IN_FLIGHT_SECONDS);
  if (result.sent > 0 || result.failed > 0) logger.info('Dispatch outbox swept', result);
  if (result.failed > 0) {
    throw new Error(`${result.failed} outbox message(s) still unsent; oldest ${Math.round(result.oldestPendingSeconds)} s`);
  }
  return { sent: result.sent, failed: result.failed };
}).use(injectLambdaContext(logger, { resetKeys: true }));
