import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { outboxKey } from '../../adapters/dynamo/keys';
import { CourtDirectory } from '../../domain/courts';
import { WorkingCalendar } from '../../domain/working-days';
import { getContainer } from '../../functions/commons/container';
import { type ApiClient, connect } from '../../sim/api-client';
import { simulate } from '../../sim/simulator';
import { startTestStack, type TestStack } from '../support/local';

/**
 * Issue 23, item 4: `npm run simulate -- --url …` against a store that holds a previous run, and
 * against a server on another data folder.
 */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ memory: true, startAt: new Date('2026-03-02T01:00:00Z') });
});
afterAll(() => t.stop());

test('a run on a store that holds an earlier run ends, and says so', async () => {
  // The earlier run: an escalation email of an order this run never made, in the store's outbox.
  const s = getContainer();
  const sentAt = t.stack.clock.now().toISOString();
  await s.dynamo.doc.send(
    new PutCommand({
      TableName: s.tableName,
      Item: {
        ...outboxKey(sentAt, '000000000000001'),
        kind: 'email',
        to: 'court@example.invalid',
        subject: '【督办预警】',
        text: '',
        sentAt,
        tags: { orderId: 'GDEARLIERRUN0000000000', courtCode: '赣1126', step: 'warning', stageSeq: 1 },
      },
    }),
  );
  const api: ApiClient = {
    url: t.stack.url,
    call: (method, path, options = {}) => t.call(method, path, options),
    token: (role, court, sub, unit) => t.token(role, court, sub, unit),
    now: async () => t.stack.clock.now(),
    advanceTo: (at) => t.advance({ to: at.toISOString() }),
    close: async () => {},
  };
  const result = await simulate({
    months: 1,
    scale: 0.001,
    seed: 1,
    api,
    courts: CourtDirectory.fromCsv(readFileSync('config/courts.csv', 'utf8')),
    calendar: new WorkingCalendar(),
  });
  expect(result.did.escalation_of_an_earlier_run).toBe(1);
}, 120_000);

test('--url on a server that runs on another data folder: a clear error before the run, not 401 on every call', async () => {
  const elsewhere = mkdtempSync(join(tmpdir(), 'minyi-other-'));
  writeFileSync(join(elsewhere, 'jwt-secret'), 'a'.repeat(64));
  try {
    await expect(connect(t.stack.url, elsewhere)).rejects.toThrow(/DATA_DIR/);
    // The server's own folder is accepted.
    await expect(connect(t.stack.url, t.dataDir)).resolves.toMatchObject({ url: t.stack.url });
  } finally {
    rmSync(elsewhere, { recursive: true, force: true });
  }
});
