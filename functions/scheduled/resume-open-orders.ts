import middy from '@middy/core';
import { completeOrdering } from '../../services/requests';
import { currentContainer } from '../commons/container';
import { injectLambdaContext, logger } from '../commons/logger';
import { sourceMappedErrors } from '../commons/source-maps';

/** Orders younger than this are checked for a half-written pair; the sweep runs every 15 minutes. */
const HEAL_WINDOW_MS = 24 * 3600_000;

/**
 * The safety net under "never a lost order": every open order's workflow is started for its
 * current stage. A running execution answers the same-name start harmlessly, so this finds only
 * the orders whose start was lost (a crash between the write and the start) and, locally, every
 * order after a restart. It also finishes an order whose request still says `received`.
 */
export async function resumeOpenOrders(): Promise<{ resumed: number; missing: string[] }> {
  const services = await currentContainer();
  const recent = services.clock.now().getTime() - HEAL_WINDOW_MS;
  let resumed = 0;
  // Each order is read from the table before anything is done for it: an index entry whose order
  // is not stored (a store killed between the two writes) must never mark a request `ordered`.
  const missing: string[] = [];
  const onMissing = (orderId: string) => missing.push(orderId);
  for await (const order of services.orders.listOpen({ indexTouched: true, onMissing })) {
    // An order made in the last day may have lost its request's second write to a crash.
    if (Date.parse(order.createdAt) >= recent) await completeOrdering(services, order);
    if (order.stage === 'none') continue;
    await services.workflows.start(order.orderId, order.stageSeq);
    resumed++;
  }
  if (missing.length) logger.warn('open orders listed by the index but not stored: left alone', { missing });
  logger.info('resumed open orders', { resumed });
  return { resumed, missing };
}

export const handler = middy(resumeOpenOrders).use(injectLambdaContext(logger)).use(sourceMappedErrors());
