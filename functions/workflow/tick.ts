import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { tick } from '../../services/escalations';
import { currentContainer } from '../commons/container';
import { injectLambdaContext, logger } from '../commons/logger';
import { metrics } from '../commons/powertools/metrics';
import { sourceMappedErrors } from '../commons/source-maps';

const Input = z.object({
  orderId: z.string().check(z.minLength(1)),
  stageSeq: z.int().check(z.minimum(1)),
});

/** The workflow's Tick task: one look at the order's clock. Returns `{done, until}` (until null when done). */
export async function runTick(raw: unknown): Promise<{ done: boolean; until: string | null }> {
  const input = Input.parse(raw);
  const result = await tick(await currentContainer(), input.orderId, input.stageSeq);
  logger.info('tick', { orderId: input.orderId, stageSeq: input.stageSeq, ...result });
  // The late-order spike alarm watches Level1Escalations (infra/constructs/observability.ts).
  for (const step of result.sent) {
    if (step.startsWith('level'))
      metrics.addMetric(`${step.charAt(0).toUpperCase()}${step.slice(1)}Escalations`, MetricUnit.Count, 1);
  }
  return { done: result.done, until: result.done ? null : result.until };
}

export const handler = middy(runTick)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(sourceMappedErrors());
