import middy from '@middy/core';
import { sendMonthlyBulletins } from '../../services/bulletins';
import { getContainer } from '../commons/container';
import { injectLambdaContext, logger } from '../commons/logger';
import { sourceMappedErrors } from '../commons/source-maps';

/**
 * The monthly 通报 (issue 20), run daily at 09:00 Shanghai: on the first working day of a month
 * (the working calendar: 1 October is no working day) it ranks the courts for the month before and
 * sends every court its 通报, each once (services/bulletins.ts); on any other day it does nothing.
 * The nightly rollup at 00:30 has rolled the month up by then.
 */
export async function runMonthlyBulletins(): Promise<{ month: string | null; sent: number }> {
  const run = await sendMonthlyBulletins(getContainer());
  if (run.month) logger.info('monthly bulletins sent', { month: run.month, sent: run.sent.length });
  return { month: run.month, sent: run.sent.length };
}

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(sourceMappedErrors())
  .handler(async () => runMonthlyBulletins());
