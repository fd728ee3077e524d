import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * One logger and one metrics instance per process. Log lines carry ids, routes, roles and
 * courts, never a citizen's name, phone or text (PIPL): no handler logs an event or a body.
 */
export const logger = new Logger({ serviceName: 'minyi' });
export const metrics = new Metrics({ namespace: 'Minyi', serviceName: 'minyi' });
