import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from './logger.ts';
import type { OutboxRelay } from './outbox.ts';

/** Messages younger than this are still being sent by the request that wrote them. */
export const IN_FLIGHT_SECONDS = 30;

/**
 * The scheduled handler of a context's outbox: sends the messages whose writer could not send
 * them (queue unreachable, function timed out after the commit). Fails the invocation while any
 * stays unsent, so the function's error metric and alarm show it.
 */
export function outboxSweeper(relay: () => OutboxRelay) {
  return middy(async (): Promise<{ sent: number; failed: number }> => {
    const result = await relay().sweep(new Date(), IN_FLIGHT_SECONDS);
    if (result.sent > 0 || result.failed > 0) logger.info('Outbox swept', result);
    if (result.failed > 0) {
      throw new Error(`${result.failed} outbox message(s) still unsent; oldest ${Math.round(result.oldestPendingSeconds)} s`);
    }
    return { sent: result.sent, failed: result.failed };
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}
