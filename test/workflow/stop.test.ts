import { newOrder, PLAIN_MONDAY, shanghai, startTestStack, type TestStack } from '../support/local';

/**
 * A stage's clock is stopped when the order leaves the stage (services/change-order.ts), so a
 * typical order (replied on time, closed at the first callback) costs two Tick runs: six state
 * transitions, not twelve. And stopping changes no step: the order's mail is what it was.
 */
let t: TestStack;
let monday: Date;
beforeAll(async () => {
  monday = PLAIN_MONDAY;
  t = await startTestStack({ startAt: monday });
});
afterAll(() => t.stop());

const post = (path: string, token: string, body: unknown = {}) => t.call('POST', path, { token, body });

test('a typical order: the reply clock stops at the reply, the callback clock at the close; two ticks', async () => {
  const runner = t.stack.workflows;
  const ticksBefore = runner.ticksRun;
  const stoppedBefore = runner.stoppedCount;
  const agent = await t.token('agent', '赣');
  const handler = await t.token('handler', '赣1126');

  const order = await newOrder(t);
  await runner.settle();
  expect(runner.running).toBe(1); // the reply stage, waiting for its warning
  const notices = (await t.outbox()).filter((m) => m.kind === 'email' && m.tags.orderId === order.orderId);
  expect(notices.map((m) => m.tags.step)).toContain('notice');

  const base = `/v1/orders/${order.orderId}`;
  await t.advance({ to: shanghai(monday, 0, '10:00') });
  expect((await post(`${base}/accept`, handler)).status).toBe(200);
  expect((await post(`${base}/reply`, handler, { answer: '已排期。' })).status).toBe(200);
  await runner.settle();
  expect(runner.stoppedCount - stoppedBefore).toBe(1); // the reply stage's clock
  expect(runner.running).toBe(1); // the callback stage's

  const closed = await post(`${base}/callback`, agent, { reached: true, rating: 'satisfied' });
  expect(closed.body.status).toBe('closed');
  await runner.settle();
  expect(runner.stoppedCount - stoppedBefore).toBe(2);
  expect(runner.running).toBe(0);
  expect(runner.ticksRun - ticksBefore).toBe(2); // 3 transitions each: Tick, StageOver?, WaitUntilDue

  // Nothing more is sent for the order, however far the clock goes.
  const mailBefore = (await t.outbox()).filter((m) => m.tags.orderId === order.orderId).length;
  await t.advance({ to: shanghai(monday, 14, '09:00') });
  expect((await t.outbox()).filter((m) => m.tags.orderId === order.orderId)).toHaveLength(mailBefore);
  expect(runner.ticksRun - ticksBefore).toBe(2);
});
