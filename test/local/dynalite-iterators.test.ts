import { Level } from 'level';
import { newOrder, PLAIN_MONDAY, startTestStack, type TestStack } from '../support/local';

/**
 * Issue 23, item 2: dynalite's Query and Scan streams must close their LevelDB iterators. An open
 * iterator keeps its snapshot, and every table file that snapshot pins, until the database closes:
 * before patches/dynalite+4.0.0.patch none was ever closed and the data folder grew without bound
 * while the server ran. Counted here at the source: every iterator LevelDB attaches to the
 * database, less every one it detaches on close.
 */
let t: TestStack;
let open = 0;
beforeAll(async () => {
  const proto = Level.prototype as unknown as {
    attachResource(r: unknown): void;
    detachResource(r: unknown): void;
  };
  const attach = proto.attachResource;
  const detach = proto.detachResource;
  proto.attachResource = function counted(this: unknown, resource: unknown) {
    open++;
    return attach.call(this, resource);
  };
  proto.detachResource = function counted(this: unknown, resource: unknown) {
    open--;
    return detach.call(this, resource);
  };
  t = await startTestStack({ startAt: PLAIN_MONDAY });
});
afterAll(async () => {
  await t.stack.workflows.settle();
  await t.stop();
});

test('a hundred list reads leave no LevelDB iterator open', async () => {
  const agent = await t.token('agent', '赣');
  await newOrder(t);
  await t.stack.workflows.settle();
  const before = open;
  for (let i = 0; i < 100; i++) {
    const page = await t.call('GET', '/v1/orders?limit=1', { token: agent });
    expect(page.status).toBe(200);
  }
  // Each read ran a Query (and the call's own reads); none left its iterator behind.
  expect(open - before).toBeLessThanOrEqual(2);
});
