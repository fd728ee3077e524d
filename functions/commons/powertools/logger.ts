import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger per process. Log lines carry ids, routes, roles and courts, never a citizen's name,
 * phone or text (PIPL): no handler logs an event or a body. Kept apart from the metrics instance
 * (./metrics.ts) so that a function that publishes no metrics (every API function) does not
 * bundle and construct Powertools Metrics.
 */
export const logger = new Logger({ serviceName: 'minyi' });
