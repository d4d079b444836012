import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '#platform/logger';
import { settleHeldRedemptions } from '#promotion/application/festival-sales';
import { promotionPorts } from '#promotion/adapters/promotion-adapters';
import { foodOrderFates } from '#wiring/redemption-wiring';

/**
 * Every minute: settles promotion redemptions left HELD by a request that died between its two
 * writes (see placeFoodOrder): released when the order was never written or ended rejected or
 * cancelled, confirmed when it lives. Reads the order through the kernel's OrderFates port
 * (wired in redemption-wiring.ts).
 */
export const handler = middy(async (): Promise<{ released: number; confirmed: number }> => {
  const result = await settleHeldRedemptions(promotionPorts(), foodOrderFates());
  if (result.released > 0 || result.confirmed > 0) logger.info('Held redemptions settled', result);
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));
