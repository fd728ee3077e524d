import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Level } from 'level';
import { createOrder } from '../../domain/order';
import { routeOrder } from '../../domain/routing';
import { getContainer } from '../../functions/commons/container';
import { resumeOpenOrders } from '../../functions/scheduled/resume-open-orders';
import { orderIdFor } from '../../services/ids';
import { citizen, newOrder, PLAIN_MONDAY, startTestStack, type TestStack } from '../support/local';

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

type Attr = Record<string, { S?: string; N?: string }>;

test('a start on a folder an older version wrote removes index entries of a state the order never reached, and lists again an order missing from an index', async () => {
  const stale = await newOrder(t);
  const unlisted = await newOrder(t);
  await t.stack.workflows.settle();
  const deadline = (await getContainer().orders.require(stale.orderId)).stageDeadline;
  await t.restart(async () => {
    const db = new Level<string, Attr>(join(t.dataDir, 'db'), {
      valueEncoding: 'json',
    });
    // dynalite's own key of an index entry (db/index.js), for the table as dynalite stored it.
    const dynaliteDb = require('dynalite/db') as {
      createIndexKey(item: Attr, table: unknown, keySchema: unknown): string;
    };
    const table = (await db.get('table~minyi-main')) as unknown as {
      GlobalSecondaryIndexes: { IndexName: string; KeySchema: unknown }[];
    };
    const gsi5 = table.GlobalSecondaryIndexes.find((i) => i.IndexName === 'gsi5')!;
    const prefix = 'index-global~minyi-main~gsi5~';
    for await (const [key, entry] of db.iterator({ gte: prefix, lt: `${prefix}\xff` })) {
      if (entry.pk?.S === `ORD#${unlisted.orderId}`) await db.del(key); // its entry lost
      if (entry.pk?.S === `ORD#${stale.orderId}`) {
        // An update that wrote its new entry, and was killed before the item: a later deadline.
        const next = { ...entry, gsi5sk: { S: '2099-01-01T00:00:00.000Z' }, version: { N: '99' } };
        await db.put(prefix + dynaliteDb.createIndexKey(next, table, gsi5.KeySchema), next);
      }
    }
    await db.close();
    rmSync(join(t.dataDir, 'indexes-checked'));
  });
  // Each order is in the open-orders index once, as it is stored.
  const s = getContainer();
  const open: { orderId: string; version: number; stageDeadline: string | null }[] = [];
  for await (const o of s.orders.listOpen()) open.push(o);
  expect(open.filter((o) => o.orderId === unlisted.orderId)).toHaveLength(1);
  const staleListed = open.filter((o) => o.orderId === stale.orderId);
  expect(staleListed).toHaveLength(1);
  expect(staleListed[0]!.stageDeadline).toBe(deadline);
  const { doc } = s.dynamo;
  const entries = await doc.send(
    new QueryCommand({
      TableName: s.tableName,
      IndexName: 'gsi5',
      KeyConditionExpression: 'gsi5pk = :p',
      ExpressionAttributeValues: { ':p': (await rawOrder(stale.orderId)).gsi5pk },
    }),
  );
  expect((entries.Items ?? []).filter((i) => i.pk === `ORD#${stale.orderId}`).map((i) => i.gsi5sk)).toEqual([
    (await rawOrder(stale.orderId)).gsi5sk,
  ]);
});

async function rawOrder(orderId: string): Promise<Record<string, unknown>> {
  const s = getContainer();
  const out = await s.dynamo.doc.send(
    new GetCommand({ TableName: s.tableName, Key: { pk: `ORD#${orderId}`, sk: 'A' } }),
  );
  return out.Item!;
}
