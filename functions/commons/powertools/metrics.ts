import { Metrics } from '@aws-lambda-powertools/metrics';

/** The namespace and service every metric of ours carries (the dashboards and alarms name them). */
const NAMESPACE = 'Minyi';
const SERVICE = 'minyi';

/**
 * One metrics instance per process (embedded metric format), in its own module: only the functions
 * that publish metrics (the workflow's Tick, the nightly rollup) import it, so the API functions
 * neither bundle nor construct Powertools Metrics.
 */
export const metrics = new Metrics({ namespace: NAMESPACE, serviceName: SERVICE });

/**
 * Metrics under dimensions of their own (beside `service`), published together as one EMF line by
 * its `publishStoredMetrics()`. Not Powertools' `singleMetric()`: that publishes each metric as it
 * is added and forgets the added dimensions after the first, so every metric but the first went
 * out without them (test/local/emitted-metrics.test.ts found the dashboard's court series empty).
 */
export function metricsWith(dimensions: Record<string, string>): Metrics {
  return new Metrics({ namespace: NAMESPACE, serviceName: SERVICE, defaultDimensions: dimensions });
}
