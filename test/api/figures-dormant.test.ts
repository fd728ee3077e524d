import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { jobKey, orderKey } from '../../adapters/dynamo/keys';
import { getContainer } from '../../functions/commons/container';
import { resumeOpenOrders } from '../../functions/scheduled/resume-open-orders';
import { nightlyRollup } from '../../services/rollup';
import { newOrder, PLAIN_MONDAY, shanghai, startTestStack, type TestStack } from '../support/local';

/**
 * Issue 11: an order nobody ever answers stays open for good. The nightly rollup reads open orders
 * by the day they were last touched, so once the ladder has done its last step and the round's reach
 * has passed, the order is no longer read, and the figures it made stay as they were.
 */
let t: TestStack;
let monday: Date;

beforeAll(async () => {
  monday = PLAIN_MONDAY;
  t = await startTestStack({ startAt: monday });
});
afterAll(() => t.stop());

const touchedSince = async (since: Date) => {
  const open = await getContainer().orders.listOpenTouchedSince(since);
  return open.map((o) => o.orderId);
};

test('an order left unanswered drops out of the rollup reads once its reach has passed; its month still counts it late', async () => {
  const auditor = await t.token('auditor', '赣');
  const order = await newOrder(t); // 赣1126, due Tuesday 17:30
  const month = shanghai(monday, 1, '12:00').slice(0, 7);
  expect(await touchedSince(monday)).toContain(order.orderId);

  // The ladder climbs to level 3 (three working days late), then nothing happens for two months.
  await t.advance({ advance: 'P60D' });
  const now = getContainer().clock.now();
  const reach = new Date(now.getTime() - 45 * 86_400_000);
  expect(await touchedSince(reach)).not.toContain(order.orderId);
  const stored = await getContainer().orders.require(order.orderId);
  expect(stored.status).not.toBe('closed');
  expect(stored.history.map((h) => h.action)).toEqual(expect.arrayContaining(['escalated']));

  const report = await t.call('GET', `/v1/reports/monthly?month=${month}&courtCode=赣1126`, {
    token: auditor,
  });
  expect(report.body.orders).toMatchObject({ created: 1, late: 1, replied: 0 });
  expect(report.body.escalations.level3).toBe(1);
  expect(report.body.orders.openLate).toBe(1);
  // Issue 20: untouched for months, it is still late and unanswered (超期未办结) in a later month's
  // figures, though no longer read as touched.
  await t.advance({ advance: 'P30D' });
  const later = getContainer().clock.now();
  const laterMonth = await t.call(
    'GET',
    `/v1/reports/monthly?month=${shanghai(later, -1, '12:00').slice(0, 7)}&courtCode=赣1126`,
    { token: auditor },
  );
  expect(laterMonth.body.orders).toMatchObject({ created: 0, late: 0, openLate: 1 });

  // Replied at last: touched again, read again, and the reply counts in today's month.
  const handler = await t.token('handler', '赣1126');
  await t.call('POST', `/v1/orders/${order.orderId}/accept`, { token: handler, body: {} });
  expect(
    (
      await t.call('POST', `/v1/orders/${order.orderId}/reply`, {
        token: handler,
        body: { answer: '已处理' },
      })
    ).status,
  ).toBe(200);
  expect(await touchedSince(reach)).toContain(order.orderId);
  // Three months of nightly rollups: slow on a loaded machine.
}, 240_000);

test('an open order written before the touched-day index is indexed by the resume sweep', async () => {
  const order = await newOrder(t);
  const { doc } = getContainer().dynamo;
  const table = getContainer().tableName;
  const item = (await doc.send(new GetCommand({ TableName: table, Key: orderKey(order.orderId) }))).Item!;
  const { gsi4pk: _pk, gsi4sk: _sk, ...legacy } = item;
  await doc.send(new DeleteCommand({ TableName: table, Key: orderKey(order.orderId) }));
  await doc.send(new PutCommand({ TableName: table, Item: legacy }));
  expect(await touchedSince(monday)).not.toContain(order.orderId);

  await resumeOpenOrders();
  expect(await touchedSince(monday)).toContain(order.orderId);
  const healed = (await doc.send(new GetCommand({ TableName: table, Key: orderKey(order.orderId) }))).Item!;
  expect(healed.version).toBe(item.version);
});

test('an open order listed by the day it was touched is moved to its shard by the resume sweep', async () => {
  const order = await newOrder(t);
  const { doc } = getContainer().dynamo;
  const table = getContainer().tableName;
  const item = (await doc.send(new GetCommand({ TableName: table, Key: orderKey(order.orderId) }))).Item!;
  expect(item.gsi4pk).toMatch(/^TOUCHED#\d$/);
  // As the index listed it before its shards: one partition per Shanghai day.
  const byDay = {
    ...item,
    gsi4pk: `TOUCHED#${shanghai(getContainer().clock.now(), 0, '12:00').slice(0, 10)}`,
  };
  await doc.send(new PutCommand({ TableName: table, Item: byDay }));
  expect(await touchedSince(monday)).not.toContain(order.orderId);

  await resumeOpenOrders();
  expect(await touchedSince(monday)).toContain(order.orderId);
  const moved = (await doc.send(new GetCommand({ TableName: table, Key: orderKey(order.orderId) }))).Item!;
  expect(moved.gsi4pk).toBe(item.gsi4pk);
  expect(moved.version).toBe(item.version);
});

test('the first nightly rollup after a deploy onto older data moves the orders still listed by day before it reads', async () => {
  const order = await newOrder(t);
  const { doc } = getContainer().dynamo;
  const table = getContainer().tableName;
  const item = (await doc.send(new GetCommand({ TableName: table, Key: orderKey(order.orderId) }))).Item!;
  // Data an older version wrote: the order listed by day, and no mark that the index is sharded.
  const day = shanghai(getContainer().clock.now(), 0, '12:00').slice(0, 10);
  await doc.send(new PutCommand({ TableName: table, Item: { ...item, gsi4pk: `TOUCHED#${day}` } }));
  await doc.send(new DeleteCommand({ TableName: table, Key: jobKey('touched-by-shard') }));
  expect(await touchedSince(monday)).not.toContain(order.orderId);

  // The next night, before any resume sweep: the rollup reads it, and its month counts every order
  // the court was given this month (the API's list is the independent count).
  const { books } = await nightlyRollup(getContainer());
  expect(await touchedSince(monday)).toContain(order.orderId);
  const month = day.slice(0, 7);
  const agent = await t.token('agent', '赣');
  const listed = await t.call(
    'GET',
    `/v1/orders?courtCode=${encodeURIComponent(order.courtCode)}&from=${month}-01T00:00:00%2B08:00&limit=100`,
    { token: agent },
  );
  expect(listed.body.nextCursor).toBeNull();
  const created = books
    .get(month)!
    .entries()
    .find(([court]) => court === order.courtCode)![1].counts.orders.created;
  expect(created).toBe(listed.body.items.length);
});
