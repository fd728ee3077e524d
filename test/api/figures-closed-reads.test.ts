import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { orderKey } from '../../adapters/dynamo/keys';
import { lastCountedAt } from '../../domain/figures';
import { shanghaiMonth } from '../../domain/working-days';
import { getContainer } from '../../functions/commons/container';
import { newOrder, PLAIN_MONDAY, startTestStack, type TestStack } from '../support/local';

/**
 * Issue 23: the nightly rollup reads the orders closed up to 45 days before its periods (a round
 * answered early is judged at its deadline, after its order closed), and most of them have nothing
 * left to count in the periods it computes. A closed order keeps its last counted instant
 * (domain/figures.ts#lastCountedAt) and the rollup's read leaves out those whose instant is before
 * its periods; an order closed before it was kept is read as before.
 */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ startAt: PLAIN_MONDAY });
});
afterAll(() => t.stop());

test("a closed order is left out of the rollup's reads of periods that begin after its last counted instant", async () => {
  const s = getContainer();
  const handler = await t.token('handler', '赣1126');
  const agent = await t.token('agent', '赣');
  const made = await newOrder(t);
  await t.call('POST', `/v1/orders/${made.orderId}/accept`, { token: handler, body: {} });
  await t.call('POST', `/v1/orders/${made.orderId}/reply`, { token: handler, body: { answer: '已答复' } });
  const closed = await t.call('POST', `/v1/orders/${made.orderId}/callback`, {
    token: agent,
    body: { reached: true, rating: 'satisfied' },
  });
  expect(closed.status).toBe(200);
  const order = await s.orders.require(made.orderId);
  expect(order.status).toBe('closed');
  // Answered early: its round is judged at its deadline, after it closed.
  const last = lastCountedAt(order);
  expect(last).toBe(new Date(order.deadline).toISOString());
  expect(Date.parse(last)).toBeGreaterThan(Date.parse(order.closedAt!));
  expect(Object.keys(order)).not.toContain('countedUntil');

  const month = shanghaiMonth(new Date(order.closedAt!));
  const since = new Date(PLAIN_MONDAY.getTime() - 86_400_000);
  const read = async (countedFrom: Date) => {
    const ids: string[] = [];
    for await (const o of s.orders.listClosedIn(month, { since, countedFrom })) ids.push(o.orderId);
    return ids;
  };
  expect(await read(new Date(last))).toEqual([order.orderId]);
  expect(await read(new Date(Date.parse(last) + 1))).toEqual([]);

  // An order closed before closed orders kept the instant is read whatever the period.
  const table = s.tableName;
  await s.dynamo.doc.send(
    new UpdateCommand({
      TableName: table,
      Key: orderKey(order.orderId),
      UpdateExpression: 'REMOVE countedUntil',
    }),
  );
  const item = await s.dynamo.doc.send(new GetCommand({ TableName: table, Key: orderKey(order.orderId) }));
  expect(item.Item?.countedUntil).toBeUndefined();
  expect(await read(new Date(Date.parse(last) + 86_400_000))).toEqual([order.orderId]);
});
