// Run by local-stack.test.ts in a fresh process: the local stack first, then one metric published.
import '../../local/stack';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../../functions/commons/powertools/metrics';

metrics.addMetric('Probe', MetricUnit.Count, 1);
metrics.publishStoredMetrics();
console.log('done');
