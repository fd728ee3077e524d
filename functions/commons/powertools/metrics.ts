import { Metrics } from '@aws-lambda-powertools/metrics';

/** One metrics instance per process (embedded metric format), for the functions that publish metrics. */
export const metrics = new Metrics({ namespace: 'Minyi', serviceName: 'minyi' });
