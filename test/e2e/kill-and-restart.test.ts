import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLAIN_MONDAY, type Reply, shanghai } from '../support/local';
import { freePort, NpmStart } from './support';

/**
 * The quick start as a user runs it: `npm start`'s entry in its own process group, tokens from
 * `npm run token`, plain HTTP. Then the process is killed (SIGKILL, no goodbye) while an order
 * waits for its next escalation, started again on the same data, and the order's clock goes on:
 * no deadline lost, no email sent twice.
 */
let dataDir: string;
let app: NpmStart;
const start = () => app.start();
const kill = () => app.kill();
const token = (role: string, court: string) => app.token(role, court);

async function call(method: string, path: string, token?: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`http://127.0.0.1:${app.port}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'minyi-e2e-'));
  // The clock starts the day before the pinned Monday: the test moves it there, as a user would.
  app = new NpmStart(dataDir, await freePort(), new Date(PLAIN_MONDAY.getTime() - 86_400_000));
});
afterAll(async () => {
  await app.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

test('npm start, the curl walkthrough, SIGKILL mid-wait, restart: the ladder goes on, nothing twice', async () => {
  await start();
  const monday = PLAIN_MONDAY;
  expect((await call('POST', '/_local/clock', undefined, { to: monday.toISOString() })).status).toBe(200);
  const agent = token('agent', '赣');
  const handler = token('handler', '赣1126');

  const request = await call('POST', '/v1/requests', undefined, {
    channel: 'web',
    category: 'case_progress',
    content: '我的案件何时开庭？',
    contact: { name: '张三', phone: '13800138000' },
    caseNumber: '(2026)赣1126民初123号',
  });
  expect(request.status).toBe(201);
  const order = await call('POST', `/v1/requests/${request.body.requestId}/orders`, agent, {});
  expect(order.body).toMatchObject({ courtCode: '赣1126', status: 'dispatched' });
  const orderId = order.body.orderId;

  // Past the warning (Tuesday 13:08), before the deadline (Tuesday 17:30): then killed.
  await call('POST', '/_local/clock', undefined, { to: shanghai(monday, 1, '14:00') });
  const mails = async () =>
    ((await call('GET', '/_local/outbox')).body.items as Array<{ tags: { orderId: string; step: string } }>)
      .filter((m) => m.tags.orderId === orderId)
      .map((m) => m.tags.step)
      .reverse();
  expect(await mails()).toEqual(['notice', 'warning']);
  await kill();

  await start();
  expect(await mails()).toEqual(['notice', 'warning']);
  await call('POST', '/_local/clock', undefined, { to: shanghai(monday, 4, '18:00') });
  // Level 3 (通报) goes to the high court's supervisors and the center's leadership: two emails.
  expect(await mails()).toEqual(['notice', 'warning', 'level1', 'level2', 'level3', 'level3']);
  const after = await call('GET', `/v1/orders/${orderId}`, agent);
  expect(after.body).toMatchObject({ late: true, escalationLevel: 3 });

  // The walkthrough's end: the court answers, the citizen is satisfied, the order closes.
  await call('POST', `/v1/orders/${orderId}/accept`, handler);
  await call('POST', `/v1/orders/${orderId}/reply`, handler, { answer: '已排期。' });
  const closed = await call('POST', `/v1/orders/${orderId}/callback`, agent, {
    reached: true,
    rating: 'satisfied',
  });
  expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'satisfied' });
  await kill();
}, 120_000);

test('a second stack on a data folder in use is refused clearly', async () => {
  const { startLocalStack } = await import('../../local/stack');
  const dir = mkdtempSync(join(tmpdir(), 'minyi-lock-'));
  const first = await startLocalStack({ port: 0, dataDir: dir });
  try {
    await expect(startLocalStack({ port: 0, dataDir: dir })).rejects.toThrow(/in use by another process/);
  } finally {
    await first.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
