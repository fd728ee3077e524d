import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * One metrics instance per process (embedded metric format), in its own module: only the functions
 * that publish metrics (the workflow's Tick, the nightly rollup) import it, so the API functions
 * neither bundle nor construct Powertools Metrics.
 */
export const metrics = new Metrics({ namespace: 'Minyi', serviceName: 'minyi' });
