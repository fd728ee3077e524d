import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from 'level';
import { createOrder } from '../../domain/order';
import { routeOrder } from '../../domain/routing';
import { getContainer } from '../../functions/commons/container';
import { resumeOpenOrders } from '../../functions/scheduled/resume-open-orders';
import { orderIdFor } from '../../services/ids';
import { citizen, PLAIN_MONDAY, startTestStack, type TestStack } from '../support/local';

/**
 * Issue 23: a data folder an older dynalite wrote can hold an order's index entries without the
 * order (its creation killed between them: dynalite wrote each entry, then the item). Made here as
 * that dynalite left it: the order's first write cut short (the request still `received`), then
 * the order's item taken out of the LevelDB folder while the stack is stopped.
 */
let t: TestStack;
let agent: string;
beforeAll(async () => {
  t = await startTestStack({ startAt: PLAIN_MONDAY });
  agent = await t.token('agent', '赣');
});
afterAll(async () => {
  await t.stack.workflows.settle();
  await t.stop();
});

/** A request, and the index entries of its order without the order. */
async function phantomOrder(): Promise<{ requestId: string; trackingNo: string; orderId: string }> {
  const filed = await t.call('POST', '/v1/requests', {
    body: {
      channel: 'web',
      category: 'case_progress',
      content: '想了解案件进展',
      contact: citizen,
      courtCode: '赣1126',
    },
  });
  const { requestId, trackingNo } = filed.body;
  const s = getContainer();
  const request = (await s.requests.get(requestId))!;
  const route = routeOrder(s.courts, { category: request.category, courtCode: '赣1126' });
  const order = createOrder(
    {
      orderId: orderIdFor(requestId),
      requestId,
      trackingNo,
      category: request.category,
      channel: request.channel,
      ...route,
      routingReason: route.reason,
    },
    { now: s.clock.now(), calendar: s.calendar, courts: s.courts },
    { sub: 'agent-赣', role: 'agent', court: '赣' },
  );
  expect(await s.orders.create(order)).toBe(true);
  await t.restart(() => dropItem(`ORD#${order.orderId}`));
  return { requestId, trackingNo, orderId: order.orderId };
}

/** Deletes one item of the main table from the stopped stack's LevelDB, leaving its index entries. */
async function dropItem(pk: string): Promise<void> {
  const db = new Level<string, { pk?: { S?: string } }>(join(t.dataDir, 'db'), { valueEncoding: 'json' });
  const prefix = 'item-minyi-main~';
  let dropped = 0;
  for await (const [key, value] of db.iterator({ gte: prefix, lt: `${prefix}\xff` })) {
    if (value.pk?.S !== pk) continue;
    await db.del(key);
    dropped++;
  }
  await db.close();
  expect(dropped).toBe(1);
}

test('the resume sweep reads each open order before acting: an index entry without its order never marks a request ordered', async () => {
  const { trackingNo, orderId } = await phantomOrder();
  // The restart's sweep ran over it: the request is as it was, and the phantom is reported.
  const request = await t.call('GET', `/v1/requests/${trackingNo}`, { token: agent });
  expect(request.status).toBe(200);
  expect({ status: request.body.status, order: request.body.order }).toEqual({
    status: 'received',
    order: null,
  });
  expect((await resumeOpenOrders()).missing).toContain(orderId);
  expect((await t.call('GET', `/v1/orders/${orderId}`, { token: agent })).status).toBe(404);
});

test('a start on a folder an older version wrote restores the order from its index entries, and the sweep finishes it', async () => {
  const { trackingNo, orderId } = await phantomOrder();
  // The folder was checked at its first start; a folder an older version wrote never was.
  await t.restart(async () => rmSync(join(t.dataDir, 'indexes-checked')));
  const order = await t.call('GET', `/v1/orders/${orderId}`, { token: agent });
  expect(order.status).toBe(200);
  const request = await t.call('GET', `/v1/requests/${trackingNo}`, { token: agent });
  expect({ status: request.body.status, order: request.body.order?.orderId }).toEqual({
    status: 'ordered',
    order: orderId,
  });
  // Listed as it is stored: the same order in the court's list.
  const listed = await t.call('GET', '/v1/orders?limit=100', { token: agent });
  expect(listed.body.items.filter((o: { orderId: string }) => o.orderId === orderId)).toHaveLength(1);
});
