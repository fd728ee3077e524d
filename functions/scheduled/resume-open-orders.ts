import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { getContainer } from '../commons/container';
import { logger } from '../commons/powertools';

/**
 * The safety net under "never a lost order": every open order's workflow is started for its
 * current stage. A running execution answers the same-name start harmlessly, so this finds only
 * the orders whose start was lost (a crash between the write and the start) and, locally, every
 * order after a restart.
 */
export async function resumeOpenOrders(): Promise<{ resumed: number }> {
  const services = getContainer();
  let resumed = 0;
  for await (const order of services.orders.listOpen()) {
    if (order.stage === 'none') continue;
    await services.workflows.start(order.orderId, order.stageSeq);
    resumed++;
  }
  logger.info('resumed open orders', { resumed });
  return { resumed };
}

export const handler = middy(resumeOpenOrders).use(injectLambdaContext(logger));
