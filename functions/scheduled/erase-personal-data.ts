import middy from '@middy/core';
import { erasePersonalData, type RetentionRun } from '../../services/personal-data';
import { currentContainer } from '../commons/container';
import { injectLambdaContext, logger } from '../commons/logger';
import { sourceMappedErrors } from '../commons/source-maps';

/**
 * The retention job (PIPL, issue 12), daily at 03:00 Shanghai: erases the personal data of every
 * request settled, or whose order closed, `PERSONAL_DATA_RETENTION_DAYS` ago or more. Idempotent and
 * paged (a budget per run, a mark where it stopped): re-running it is how a failed run is redone.
 */
export async function runRetention(): Promise<RetentionRun> {
  const services = await currentContainer();
  if (services.retentionDays === null)
    throw new Error('environment variable PERSONAL_DATA_RETENTION_DAYS is not set');
  let run = await erasePersonalData(services, { retentionDays: services.retentionDays });
  const total = { ...run };
  // Within one invocation, go on while there is more and time left (the mark keeps the place).
  while (run.more) {
    run = await erasePersonalData(services, { retentionDays: services.retentionDays });
    total.requestsErased += run.requestsErased;
    total.ordersErased += run.ordersErased;
    total.more = run.more;
  }
  logger.info('personal data erased', { ...total });
  return total;
}

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(sourceMappedErrors())
  .handler(async () => runRetention());
