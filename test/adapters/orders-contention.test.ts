import { bump, entry } from '../../domain/order';
import { getContainer } from '../../functions/commons/container';
import { newOrder, startTestStack, type TestStack } from '../support/local';

/**
 * Many writers on one order (20 agents logging failed calls at once): each change is read, judged
 * and written conditionally, and retried when another writer got there first. Each must land
 * however slow the machine is: a writer loses a round only to another's success, so the contention
 * is bounded by the number of writers, not by a clock. With a wall-clock budget the suite's "20
 * simultaneous failed callbacks" answered 409 at a load of 20; here each change takes 300 ms to judge,
 * as on such a machine, and 20 of them ran past the old 5 s budget.
 */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(() => t.stop());

test('20 slow writers on one order: every change lands, each once', async () => {
  const { orderId } = await newOrder(t);
  const s = getContainer();
  const slowChange = (n: number) => async (order: Parameters<Parameters<typeof s.orders.update>[1]>[0]) => {
    await new Promise((r) => setTimeout(r, 300));
    const ctx = { now: s.clock.now(), calendar: s.calendar, courts: s.courts };
    return bump(
      order,
      entry(ctx, { sub: `agent-${n}`, role: 'agent', court: '赣' }, 'urged', { note: `第${n}次催办` }),
    );
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: 20 }, (_, n) => s.orders.update(orderId, slowChange(n))),
  );
  expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
  const stored = await s.orders.require(orderId);
  const notes = stored.history.filter((h) => h.action === 'urged').map((h) => h.by.sub);
  expect(notes.sort()).toEqual(Array.from({ length: 20 }, (_, n) => `agent-${n}`).sort());
}, 60_000);
