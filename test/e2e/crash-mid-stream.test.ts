import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLAIN_MONDAY } from '../support/local';
import { type Answer, freePort, NpmStart, send, sleep } from './support';

/**
 * Issue 8: a crash loses no acknowledged call. Citizens file requests, an agent turns them into
 * orders, the court's handler signs for them, each POST with its own Idempotency-Key, four callers
 * at once, against `npm start` in its own process group. Twice, in the middle of that stream, the
 * whole group is SIGKILLed while calls are in flight and started again on the same data folder.
 * Afterwards: every acknowledged request is there; every call that got no answer, retried with the
 * same key and body, ends in a success or the first answer's replay (never a 5xx; "still running"
 * only until the killed call's lease ends); no order is left half-written (the start's resume
 * sweep finishes the request's second write); and every open order's clock still runs to its
 * 一级督办 email.
 */
let dataDir: string;
let app: NpmStart;

/**
 * Once, under the whole suite's load, a run found a request marked `ordered` whose order was gone
 * after the SIGKILL. Explained by issue 23: dynalite wrote an order's index entries before the order,
 * the kill fell between them, and the restart's resume sweep marked the request `ordered` from the
 * index entry alone. Both are fixed (patches/dynalite+4.0.0.patch, adapters/dynamo/confirm.ts) and
 * the kill-cycle harness (test/e2e/kill-cycle.test.ts) kills at that very write: no retry here.
 */

// The test starts from an empty data folder and a stopped stack.
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'minyi-crash-'));
  // The clock starts the day before the pinned Monday: the test moves it there, as a user would.
  app = new NpmStart(dataDir, await freePort(), new Date(PLAIN_MONDAY.getTime() - 86_400_000));
});
afterEach(async () => {
  await app.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Call {
  kind: 'file' | 'order' | 'accept';
  path: string;
  token?: string;
  key: string;
  body?: unknown;
  /** The answer, once there is one; none while the connection died (or was refused) instead. */
  answer?: Answer;
  error?: string;
}

/** Acknowledged calls before the first kill, before the second, and before the stream stops. */
const KILL_AFTER = [16, 34];
const STOP_AFTER = 52;
/**
 * Each kill comes this long after a POST .../orders left (such a call takes some 30 to 500 ms
 * here): once early in its writes, once later, so that over runs it falls between any two of them.
 */
const CRASH_DELAY_MS = [20, 110];

test('SIGKILL twice mid-stream: nothing acknowledged lost, every retry answered, no half-written order, every open order escalates', async () => {
  await app.start();
  const call = (method: string, path: string, options: Parameters<typeof send>[3] = {}) =>
    send(app.port, method, path, options);
  const clock = async (change: { to: string } | { advance: string }) =>
    expect((await call('POST', '/_local/clock', { body: change })).status).toBe(200);
  await clock({ to: PLAIN_MONDAY.toISOString() });
  const agent = app.token('agent', '赣');
  const handler = app.token('handler', '赣1126');
  // Wechat requests come from the mini program, with a citizen's WeChat session.
  const wechat = (await call('POST', '/v1/wechat/session', { body: { code: 'local-crash-citizen' } })).body
    .token as string;

  const calls: Call[] = [];
  const filed = new Map<string, { requestId: string; trackingNo: string; accessCode: string }>();
  const ordered = new Map<string, string>(); // requestId → orderId, from acknowledged POST .../orders
  const toOrder: string[] = [];
  const toAccept: string[] = [];
  let filedCount = 0;
  let orderCalls = 0;
  let acknowledged = 0;
  let kills = 0;
  let armed: number | null = null;
  let down: Promise<void> | null = null;
  let stopped = false;

  /** SIGKILL to the whole group now; the stack comes back on the same data at once. */
  const crash = () => {
    down = (async () => {
      await app.kill();
      await app.start();
    })().finally(() => {
      down = null;
    });
  };

  const post = (c: Call) =>
    call('POST', c.path, { token: c.token, body: c.body, headers: { 'idempotency-key': c.key } });

  /** One call of the stream. When the next kill's count is reached, it is armed; the next POST .../orders fires it. */
  const stream = async (c: Call) => {
    calls.push(c);
    const sent = post(c);
    if (armed !== null && c.kind === 'order') {
      setTimeout(crash, armed);
      armed = null;
    }
    try {
      c.answer = await sent;
      if (c.answer.status < 300) acknowledged++;
    } catch (error) {
      c.error = (error as Error).message;
    }
    const killAt = KILL_AFTER[kills];
    if (!down && armed === null && killAt !== undefined && acknowledged >= killAt) {
      armed = CRASH_DELAY_MS[kills]!;
      kills++;
    }
    if (acknowledged >= STOP_AFTER) stopped = true;
  };

  const remember = (c: Call) => {
    const a = c.answer;
    if (!a || a.status >= 300) return;
    if (c.kind === 'file') {
      filed.set(a.body.requestId, a.body);
      filedCount++;
      toOrder.push(a.body.requestId);
    } else if (c.kind === 'order') {
      ordered.set(c.path.split('/')[3]!, a.body.orderId);
      toAccept.push(a.body.orderId);
    }
  };

  let n = 0;
  // Citizens wait while the agent has two requests to order: all three kinds of call stay in the stream.
  const citizen = (): Call | null => {
    if (filedCount - orderCalls >= 2) return null;
    n++;
    const onWeChat = n % 3 === 0;
    const body = {
      channel: onWeChat ? 'wechat' : 'web',
      category: 'case_progress',
      content: `第 ${n} 号诉求：我的案件一直没有开庭通知，想了解进展。`,
      contact: { name: `市民${n}`, phone: `139${String(10_000_000 + n).slice(-8)}` },
      caseNumber: `(2026)赣1126民初${100 + n}号`,
    };
    return {
      kind: 'file',
      path: '/v1/requests',
      key: randomUUID(),
      body,
      ...(onWeChat ? { token: wechat } : {}),
    };
  };
  const orderer = (): Call | null => {
    const requestId = toOrder.shift();
    if (!requestId) return null;
    orderCalls++;
    return {
      kind: 'order',
      path: `/v1/requests/${requestId}/orders`,
      token: agent,
      key: randomUUID(),
      body: {},
    };
  };
  const signer = (): Call | null => {
    const orderId = toAccept.shift();
    return orderId
      ? { kind: 'accept', path: `/v1/orders/${orderId}/accept`, token: handler, key: randomUUID() }
      : null;
  };
  const worker = async (next: () => Call | null) => {
    while (!stopped) {
      if (down) await down;
      const c = stopped ? null : next();
      if (!c) {
        await sleep(5);
        continue;
      }
      await stream(c);
      remember(c);
    }
  };
  await Promise.all([worker(citizen), worker(citizen), worker(orderer), worker(signer)]);
  while (down) await down;
  expect(kills).toBe(2);

  // During the stream, whatever got an answer succeeded (fresh keys, each request ordered once);
  // and the kills did land mid-call: some calls never got their answer.
  const refusedInStream = calls
    .filter((c) => c.answer && c.answer.status >= 300)
    .map((c) => ({ call: `POST ${c.path}`, status: c.answer!.status, body: c.answer!.body }));
  const unanswered = calls.filter((c) => !c.answer);
  expect(unanswered.length).toBeGreaterThan(0);

  // (b) Each call without an answer, again with the same key and body, after the restart: a
  // success or the first answer; "still running" (409) only until the killed call's lease (30 s)
  // is over, so once the clock has moved past it, one more try must be answered.
  const retriesRefused: unknown[] = [];
  const held: Call[] = [];
  const retried = async (c: Call, leaseOver: boolean) => {
    const again = await post(c);
    if (!leaseOver && again.status === 409 && again.body?.error?.code === 'idempotency_in_progress') {
      held.push(c);
      return;
    }
    c.answer = again;
    if (again.status !== 200 && again.status !== 201)
      retriesRefused.push({
        call: `POST ${c.path}`,
        body: c.body ?? null,
        leaseOver,
        answer: again.body,
        status: again.status,
      });
    remember(c);
  };
  for (const c of unanswered) await retried(c, false);
  if (held.length) {
    await clock({ advance: 'PT31S' });
    for (const c of held) await retried(c, true);
  }

  // (a) Every acknowledged request is there, for its citizen (right access codes only: wrong
  // ones are counted towards a lock-out).
  const lost: unknown[] = [];
  for (const f of filed.values()) {
    const read = await call('GET', `/v1/requests/${f.trackingNo}`, {
      headers: { 'x-access-code': f.accessCode },
    });
    if (read.status !== 200 || read.body.requestId !== f.requestId)
      lost.push({ ...f, status: read.status, body: read.body });
  }

  // (c) No half-written order after the restart's resume sweep: every order's request says
  // `ordered`, with that order; every acknowledged POST .../orders has its order.
  const orders: Array<{ orderId: string; requestId: string; trackingNo: string }> = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await call('GET', `/v1/orders?limit=100${query}`, { token: agent });
    expect(page.status).toBe(200);
    orders.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  const halfWritten: unknown[] = [];
  for (const o of orders) {
    const request = await call('GET', `/v1/requests/${o.trackingNo}`, { token: agent });
    if (request.body.status !== 'ordered' || request.body.order?.orderId !== o.orderId)
      halfWritten.push({
        orderId: o.orderId,
        request: request.body.status,
        itsOrder: request.body.order?.orderId,
      });
  }
  const byRequest = new Map(orders.map((o) => [o.requestId, o.orderId]));
  const ordersMissing = [...ordered]
    .filter(([requestId, orderId]) => byRequest.get(requestId) !== orderId)
    .map(([requestId, orderId]) => ({ requestId, orderId, listed: byRequest.get(requestId) ?? null }));

  // (d) Every open order's clock survived both kills: far past every deadline, each open order is
  // escalated and its court got the 一级督办 email.
  await clock({ advance: 'P20D' });
  const outbox: Array<{ kind: string; subject: string; tags: { orderId?: string } }> = (
    await call('GET', '/_local/outbox')
  ).body.items;
  const level1 = new Set(
    outbox.filter((m) => m.kind === 'email' && m.subject.includes('【一级督办】')).map((m) => m.tags.orderId),
  );
  const notEscalated: unknown[] = [];
  for (const o of orders) {
    const now = (await call('GET', `/v1/orders/${o.orderId}`, { token: agent })).body;
    if (now.status === 'replied' || now.status === 'closed') continue;
    if (!(now.escalationLevel >= 1) || !level1.has(o.orderId))
      notEscalated.push({
        orderId: o.orderId,
        status: now.status,
        escalationLevel: now.escalationLevel,
        mailed: level1.has(o.orderId),
      });
  }

  expect({ refusedInStream, retriesRefused, lost, halfWritten, ordersMissing, notEscalated }).toEqual({
    refusedInStream: [],
    retriesRefused: [],
    lost: [],
    halfWritten: [],
    ordersMissing: [],
    notEscalated: [],
  });
  // The checks had something to check: requests, orders, signed orders, open orders.
  expect(filed.size).toBeGreaterThanOrEqual(15);
  expect(ordered.size).toBeGreaterThanOrEqual(10);
  expect(orders.length).toBe(ordered.size);
  await app.kill();
}, 120_000);
