import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '#platform/logger';
import { handoverPorts } from '#ordering/adapters/handover-adapters';
import { handOverStrandedOrders, type HandoverRun } from '#ordering/application/handover-reconciler';

/**
 * Every minute: hands the orders awaiting a driver whose JOB_READY never became a dispatch job
 * (lost with a queue, dead-lettered) over to dispatch again (see handover-reconciler.ts).
 */
export const handler = middy(async (): Promise<HandoverRun> => {
  const run = await handOverStrandedOrders(handoverPorts());
  const total = run.handedOver.MEDICINE + run.handedOver.FOOD + run.handedOver.RIDE;
  if (total > 0) logger.info('Orders awaiting a driver handed over again', { ...run.handedOver, movedOn: run.movedOn });
  if (run.unbuildable.length > 0) logger.error('Orders awaiting a driver whose JOB_READY cannot be built', { orderIds: run.unbuildable });
  return run;
}).use(injectLambdaContext(logger, { resetKeys: true }));
