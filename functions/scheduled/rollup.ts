import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Court } from '../../domain/courts';
import { type FigureBook, onePassRate, ratio, satisfactionRate } from '../../domain/figures';
import { sendMonthlyBulletins } from '../../services/bulletins';
import { nightlyRollup } from '../../services/rollup';
import { currentContainer } from '../commons/container';
import { injectLambdaContext, logger } from '../commons/logger';
import { metrics, metricsWith } from '../commons/powertools/metrics';
import { sourceMappedErrors } from '../commons/source-maps';

/**
 * The nightly rollup (00:30 Shanghai): recomputes the two previous days, the current and previous
 * month, and the past days a later decision changed (services/rollup.ts#nightlyRollup), sends the monthly 通报 on the first working day of a month,
 * then publishes yesterday's figures as CloudWatch metrics (embedded metric
 * format) for the province and each intermediate court: dimensions `service` and `court` (13 courts in Jiangxi), one EMF line per court.
 */
export async function runNightlyRollup(
  options: { publishMetrics: boolean } = { publishMetrics: true },
): Promise<{ periods: string[] }> {
  const services = await currentContainer();
  const { periods, books } = await nightlyRollup(services);
  if (options.publishMetrics) publishMetrics(services.courts.all(), books.get(periods[1]!.key)!);
  logger.info('rolled up', { periods: periods.map((p) => p.key) });
  // Issue 20: on the first working day of a month, the month before is rolled up by now (its last
  // day just was): courts are ranked and each gets its 通报, once (services/bulletins.ts).
  const bulletins = await sendMonthlyBulletins(services);
  if (bulletins.month)
    logger.info('monthly bulletins sent', { month: bulletins.month, sent: bulletins.sent.length });
  return { periods: periods.map((p) => p.key) };
}

/** Yesterday's figures as CloudWatch metrics (EMF): the province and each intermediate court. */
function publishMetrics(courts: Court[], yesterday: FigureBook): void {
  const published = courts.filter((c) => c.level !== 'basic');
  for (const court of published) {
    const c = yesterday.counts(court.code);
    const m = metricsWith({ court: court.code });
    m.addMetric('Requests', MetricUnit.Count, c.requests.total);
    m.addMetric('OrdersCreated', MetricUnit.Count, c.orders.created);
    m.addMetric('OrdersReplied', MetricUnit.Count, c.orders.replied);
    m.addMetric('OrdersLate', MetricUnit.Count, c.orders.late);
    m.addMetric('Level3Reached', MetricUnit.Count, c.escalations.level3);
    m.addMetric('Rated', MetricUnit.Count, c.satisfaction.rated);
    // Issue 20: repeats, orders needing a second pass, late and still open, knowledge-base settlements.
    m.addMetric('RepeatRequests', MetricUnit.Count, c.requests.repeat);
    m.addMetric('OrdersSecondPass', MetricUnit.Count, c.orders.secondPass);
    m.addMetric('OrdersOpenLate', MetricUnit.Count, c.orders.openLate);
    m.addMetric('SettledWithKnowledge', MetricUnit.Count, c.requests.settledWithKnowledge);
    const onePass = onePassRate(c);
    if (onePass !== null) m.addMetric('OnePassResolutionRate', MetricUnit.Percent, onePass * 100);
    const fcr = ratio(c.requests.settled, c.requests.total);
    const onTime = ratio(c.orders.onTime, c.orders.onTime + c.orders.late);
    const satisfied = satisfactionRate(c.satisfaction);
    if (fcr !== null) m.addMetric('FirstContactResolutionRate', MetricUnit.Percent, fcr * 100);
    if (onTime !== null) m.addMetric('OnTimeRate', MetricUnit.Percent, onTime * 100);
    if (satisfied !== null) m.addMetric('SatisfactionRate', MetricUnit.Percent, satisfied * 100);
    m.publishStoredMetrics();
  }
}

export const handler = middy(() => runNightlyRollup())
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(sourceMappedErrors());
