// Run by emitted-metrics.test.ts in a fresh process with Powertools Metrics on (the local stack
// turns them off for everything else): a short real workload on the local stack, whose EMF lines
// (printed to stdout by the code that emits them) the test reads.
import { metrics } from '../../functions/commons/powertools/metrics';
import { runNightlyRollup } from '../../functions/scheduled/rollup';
import { citizen, newOrder, PLAIN_MONDAY, shanghai, startTestStack } from '../support/local';

async function main(): Promise<void> {
  const t = await startTestStack({ memory: true });
  try {
    const agent = await t.token('agent', '赣');
    const handler = await t.token('handler', '赣1126');
    // An order the court never answers: its ladder climbs to level 3 (the Tick task counts each level).
    await newOrder(t);
    await t.advance({ to: shanghai(PLAIN_MONDAY, 7, '09:00') });
    const { orderId } = await newOrder(t);
    // A day with every figure the rollup publishes: a request settled at first contact, an order
    // replied and rated on the day of its deadline (on time is judged on that day).
    await t.advance({ to: shanghai(PLAIN_MONDAY, 8, '09:00') });
    const settled = await t.call('POST', '/v1/requests', {
      body: { channel: 'web', category: 'litigation_guidance', content: '诉讼费怎么交？', contact: citizen },
    });
    await t.call('POST', `/v1/requests/${settled.body.requestId}/settle`, {
      token: agent,
      body: { answer: '可在线缴纳。' },
    });
    await t.call('POST', `/v1/orders/${orderId}/accept`, { token: handler });
    await t.call('POST', `/v1/orders/${orderId}/reply`, { token: handler, body: { answer: '已排期。' } });
    await t.call('POST', `/v1/orders/${orderId}/callback`, {
      token: agent,
      body: { reached: true, rating: 'satisfied' },
    });
    await t.advance({ to: shanghai(PLAIN_MONDAY, 9, '01:00') });
    await t.stack.workflows.settle();
    // The nightly rollup as its Lambda runs it (the local schedule keeps its metrics off), then
    // what the Tick's middleware (logMetrics) flushes at the end of each invocation.
    await runNightlyRollup({ publishMetrics: true });
    metrics.publishStoredMetrics();
  } finally {
    await t.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
