import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SignJWT } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../adapters/tokens';
import type { Staff } from '../../domain/access';
import { ACCESS_CODE_LIMITS } from '../../domain/client-limits';
import { getContainer } from '../../functions/commons/container';
import { callerScope } from '../../functions/commons/http/idempotency';
import { send } from '../e2e/support';
import {
  citizen,
  newOrder,
  PLAIN_MONDAY,
  type Reply,
  startTestStack,
  type TestStack,
} from '../support/local';

/**
 * Issue 8, "Trust at the edges": each finding of the attack on main, as a test against the
 * running local stack. Counts of what was stored are taken from the table itself, not the API.
 */
let t: TestStack;
let agent: string;
beforeAll(async () => {
  t = await startTestStack({ startAt: PLAIN_MONDAY });
  agent = await t.token('agent', '赣');
});
afterAll(() => t.stop());

const webRequest = (content = `请问案件进展 ${randomUUID()}`) => ({
  channel: 'web',
  category: 'case_progress',
  content,
  contact: citizen,
  caseNumber: '(2026)赣1126民初123号',
});

/** Every item of a table whose attributes mention `needle` anywhere: an independent count. */
async function itemsMentioning(table: string, needle: string): Promise<Record<string, unknown>[]> {
  const { dynamo } = getContainer();
  const found: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamo.doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    for (const item of out.Items ?? []) if (JSON.stringify(item).includes(needle)) found.push(item);
    start = out.LastEvaluatedKey;
  } while (start);
  return found;
}
const requestItems = async (content: string) =>
  (await itemsMentioning(getContainer().tableName, content)).filter((i) => String(i.pk).startsWith('REQ#'));

const expectJsonError = (reply: Reply, status: number) => {
  expect(reply.status).toBe(status);
  expect(typeof reply.body?.error?.code).toBe('string');
  expect(typeof reply.body?.error?.message).toBe('string');
  expect(Array.isArray(reply.body?.error?.details)).toBe(true);
};

describe('1. idempotency holds', () => {
  test('key K with X, then Y (409), then X again: the first answer, one record', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const x = webRequest();
    const first = await t.call('POST', '/v1/requests', { body: x, headers });
    const other = await t.call('POST', '/v1/requests', { body: webRequest(), headers });
    const again = await t.call('POST', '/v1/requests', { body: x, headers });
    expect(first.status).toBe(201);
    expectJsonError(other, 409);
    expect(other.body.error.code).toBe('idempotency_mismatch');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await requestItems(x.content)).toHaveLength(1);
  });

  test('30 concurrent same-key POSTs: one record, one answer, never a 5xx', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const x = webRequest();
    const replies = await Promise.all(
      Array.from({ length: 30 }, () => t.call('POST', '/v1/requests', { body: x, headers })),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = replies.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.requestId)).size).toBe(1);
    for (const r of replies.filter((r) => r.status === 409)) {
      expect(r.body.error.code).toBe('idempotency_in_progress');
    }
    expect(await requestItems(x.content)).toHaveLength(1);
    const after = await t.call('POST', '/v1/requests', { body: x, headers });
    expect(after.body.requestId).toBe(created[0]!.body.requestId);
  });

  test('a POST without a body takes a key: accept, then its replay', async () => {
    const order = await newOrder(t);
    const handler = await t.token('handler', order.courtCode);
    const headers = { 'idempotency-key': `accept-${order.orderId}` };
    const path = `/v1/orders/${order.orderId}/accept`;
    const first = await t.call('POST', path, { token: handler, headers });
    const replay = await t.call('POST', path, { token: handler, headers });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
  });

  test('a refusal is the first answer too; a key of another member of staff is another key', async () => {
    const order = await newOrder(t);
    const handler = await t.token('handler', order.courtCode);
    await t.call('POST', `/v1/orders/${order.orderId}/accept`, { token: handler });
    const path = `/v1/orders/${order.orderId}/reply`;
    const headers = { 'idempotency-key': 'reply-once' };
    const early = await t.call('POST', path, { token: agent, body: { answer: '代答' }, headers });
    expect(early.status).toBe(403);
    // The same agent, key and body: the same refusal, though nothing would change the outcome.
    expect((await t.call('POST', path, { token: agent, body: { answer: '代答' }, headers })).status).toBe(
      403,
    );
    // The court's handler with the same key string is not answered with the agent's refusal.
    const byCourt = await t.call('POST', path, { token: handler, body: { answer: '代答' }, headers });
    expect(byCourt.status).toBe(200);
  });

  test('anonymous keys are secrets: short ones refused; stored answers never hold the access code in clear', async () => {
    const short = await t.call('POST', '/v1/requests', {
      body: webRequest(),
      headers: { 'idempotency-key': 'abc' },
    });
    expectJsonError(short, 400);
    expect(short.body.error.code).toBe('invalid_idempotency_key');
    const key = randomUUID();
    const made = await t.call('POST', '/v1/requests', {
      body: webRequest(),
      headers: { 'idempotency-key': key },
    });
    expect(made.status).toBe(201);
    const stored = await itemsMentioning(getContainer().idempotencyTableName, '');
    expect(stored.length).toBeGreaterThan(0);
    for (const item of stored) {
      expect(JSON.stringify(item)).not.toContain(made.body.accessCode);
      expect(JSON.stringify(item)).not.toContain(made.body.trackingNo);
      expect(JSON.stringify(item)).not.toContain(key);
    }
    // A filing keeps its call on the request itself (issue 23): sealed there too.
    const filed = await itemsMentioning(getContainer().tableName, made.body.requestId);
    expect(filed.length).toBeGreaterThan(0);
    for (const item of filed) {
      expect(JSON.stringify(item)).not.toContain(made.body.accessCode);
      expect(JSON.stringify(item)).not.toContain(key);
    }
  });

  test('a call still running holds its key for a short lease only: after it, a retry runs', async () => {
    // A lease left by a call that crashed (the record a SIGKILL leaves behind).
    const { idempotency, clock } = getContainer();
    const key = 'crashed-call-key';
    const body = { answer: '答复' };
    const order = await newOrder(t);
    const handler = await t.token('handler', order.courtCode);
    await t.call('POST', `/v1/orders/${order.orderId}/accept`, { token: handler });
    const path = `/v1/orders/${order.orderId}/reply`;
    const { createHash } = await import('node:crypto');
    const scope = `POST ${path} ${callerScope({ sub: `handler-${order.courtCode}`, role: 'handler', court: order.courtCode }, null)}`;
    const id = createHash('sha256').update(`${scope}\n${key}`).digest('hex');
    const { canonicalJson } = await import('../../functions/commons/http/idempotency');
    const now = clock.now();
    await idempotency.claim(
      {
        id,
        status: 'in_progress',
        bodyHash: createHash('sha256').update(canonicalJson(body)).digest('hex'),
        owner: 'a-crashed-process',
        leaseUntil: new Date(now.getTime() + 30_000).toISOString(),
        expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
        expiration: 0,
      },
      now,
    );
    const held = await t.call('POST', path, { token: handler, body, headers: { 'idempotency-key': key } });
    expectJsonError(held, 409);
    expect(held.body.error.code).toBe('idempotency_in_progress');
    await t.advance({ advance: 'PT31S' });
    const retried = await t.call('POST', path, { token: handler, body, headers: { 'idempotency-key': key } });
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('replied');
  });
});

describe('1b. a call run again after a crash does not do its work twice', () => {
  /** The record a call leaves when it crashed after its write and before its answer was kept. */
  async function crashAfterWrite(path: string, key: string, sub: Staff | null, body: unknown): Promise<void> {
    const { idempotency, clock } = getContainer();
    const { createHash } = await import('node:crypto');
    const { canonicalJson } = await import('../../functions/commons/http/idempotency');
    const caller = callerScope(sub, null);
    const id = createHash('sha256').update(`POST ${path} ${caller}\n${key}`).digest('hex');
    const existing = await idempotency.get(id);
    expect(existing?.status).toBe('completed');
    const now = clock.now();
    const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    await getContainer().dynamo.doc.send(
      new DeleteCommand({ TableName: getContainer().idempotencyTableName, Key: { id } }),
    );
    await idempotency.claim(
      {
        id,
        status: 'in_progress',
        bodyHash: createHash('sha256').update(canonicalJson(body)).digest('hex'),
        owner: 'a-crashed-process',
        leaseUntil: new Date(now.getTime() - 1).toISOString(),
        expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
        expiration: 0,
      },
      now,
    );
  }

  test('a filing re-run with its key after a crash: the same request and access code, one record', async () => {
    const body = webRequest();
    const headers = { 'idempotency-key': randomUUID() };
    const first = await t.call('POST', '/v1/requests', { body, headers });
    expect(first.status).toBe(201);
    // A filing is one conditional write that holds its call (issue 23): no lease in the idempotency
    // table to outlive a crash. Crashed before the write, nothing was filed; after it, this is the re-run.
    const { createHash } = await import('node:crypto');
    const scope = `POST /v1/requests ${callerScope(null, null)}`;
    const id = createHash('sha256').update(`${scope}\n${headers['idempotency-key']}`).digest('hex');
    expect(await getContainer().idempotency.get(id)).toBeNull();
    const again = await t.call('POST', '/v1/requests', { body, headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await requestItems(body.content)).toHaveLength(1);
    // The stored request never holds its access code in clear.
    expect(JSON.stringify(await requestItems(body.content))).not.toContain(first.body.accessCode);
  });

  test('a settlement and a rating re-run with their keys after their leases: the same answer', async () => {
    const agentSub = 'agent-rerun';
    const asAgent = await t.token('agent', '赣', agentSub);
    const filed = await t.call('POST', '/v1/requests', {
      token: asAgent,
      body: { ...webRequest(), channel: 'hotline' },
    });
    const settlePath = `/v1/requests/${filed.body.requestId}/settle`;
    const settle = {
      token: asAgent,
      body: { answer: '已当场答复' },
      headers: { 'idempotency-key': 'settle-rerun' },
    };
    const settled = await t.call('POST', settlePath, settle);
    expect(settled.status).toBe(200);
    await crashAfterWrite(
      settlePath,
      'settle-rerun',
      { sub: agentSub, role: 'agent', court: '赣' },
      settle.body,
    );
    const again = await t.call('POST', settlePath, settle);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(settled.body);

    const minted = await t.call('POST', '/v1/evaluation-tokens', {
      token: asAgent,
      body: { channel: 'hotline', subject: filed.body.requestId },
    });
    const rate = {
      body: { token: minted.body.token, rating: 'satisfied' },
      headers: { 'idempotency-key': randomUUID() },
    };
    const rated = await t.call('POST', '/v1/evaluations', rate);
    expect(rated.status).toBe(201);
    await crashAfterWrite('/v1/evaluations', rate.headers['idempotency-key'], null, rate.body);
    const rerated = await t.call('POST', '/v1/evaluations', rate);
    expect(rerated.status).toBe(201);
    expect(rerated.body).toEqual(rated.body);
    // Anyone else with the token is still refused: it was used once.
    expect((await t.call('POST', '/v1/evaluations', { body: rate.body })).status).toBe(409);
  });

  const rerunHandler = (court: string): Staff => ({ sub: 'handler-rerun', role: 'handler', court });

  test('accept and reply, each re-run with its key after its lease: the order as it stands, not a 409', async () => {
    const order = await newOrder(t);
    const handler = await t.token('handler', order.courtCode, 'handler-rerun');
    const base = `/v1/orders/${order.orderId}`;
    const accept = { token: handler, headers: { 'idempotency-key': 'accept-rerun' } };
    expect((await t.call('POST', `${base}/accept`, accept)).status).toBe(200);
    await crashAfterWrite(`${base}/accept`, 'accept-rerun', rerunHandler(order.courtCode), null);
    const again = await t.call('POST', `${base}/accept`, accept);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('accepted');

    const body = { answer: '已答复' };
    const reply = { token: handler, body, headers: { 'idempotency-key': 'reply-rerun' } };
    expect((await t.call('POST', `${base}/reply`, reply)).status).toBe(200);
    await crashAfterWrite(`${base}/reply`, 'reply-rerun', rerunHandler(order.courtCode), body);
    const replied = await t.call('POST', `${base}/reply`, reply);
    expect(replied.status).toBe(200);
    const full = await t.call('GET', base, { token: agent });
    expect(full.body.history.filter((h: { action: string }) => h.action === 'accepted')).toHaveLength(1);
    expect(full.body.history.filter((h: { action: string }) => h.action === 'replied')).toHaveLength(1);
    // Another call (another key) is judged as ever.
    const other = await t.call('POST', `${base}/accept`, {
      token: handler,
      headers: { 'idempotency-key': 'x' },
    });
    expect(other.status).toBe(409);
  });
});

describe('2. lists are scoped like reads', () => {
  test("an intermediate court's handler lists its own court's orders, never the basic courts' below", async () => {
    const basic = await newOrder(t); // 赣1126, below 赣11
    const handler11 = await t.token('handler', '赣11');
    const ids = async (token: string, query = '') =>
      (
        (await t.call('GET', `/v1/orders?limit=100${query}`, { token })).body.items as { orderId: string }[]
      ).map((o) => o.orderId);
    expect(await ids(handler11)).not.toContain(basic.orderId);
    for (const filter of ['&status=dispatched', '&late=false', `&from=2000-01-01T00:00:00Z`]) {
      expect(await ids(handler11, filter)).not.toContain(basic.orderId);
    }
    expectJsonError(await t.call('GET', '/v1/orders?courtCode=赣1126', { token: handler11 }), 403);
    expect(await ids(await t.token('handler', '赣'))).not.toContain(basic.orderId);
    // Supervisors and auditors do see below their court; the court's own handler sees its order.
    expect(await ids(await t.token('supervisor', '赣11'))).toContain(basic.orderId);
    expect(await ids(await t.token('auditor', '赣'))).toContain(basic.orderId);
    expect(await ids(await t.token('handler', '赣1126'))).toContain(basic.orderId);
  });
});

describe('4. access codes cannot be guessed', () => {
  // Each test guesses from loopback addresses of its own (127.0.0.x): each is another client.
  const guess = (from: string, trackingNo: string, code: string) =>
    send(t.stack.port, 'GET', `/v1/requests/${trackingNo}`, { from, headers: { 'x-access-code': code } });
  const wrongFor = (code: string, i: number) => String((Number(code) + 1 + i) % 100_000_000).padStart(8, '0');

  test('a client’s wrong codes lock that client out for the hour, not the citizen whose number it guesses at', async () => {
    const { limit } = ACCESS_CODE_LIMITS.failuresPerClient;
    const made = (await t.call('POST', '/v1/requests', { body: webRequest() })).body;
    const other = (await t.call('POST', '/v1/requests', { body: webRequest() })).body;
    for (let i = 0; i < limit; i++) {
      const wrong = await guess('127.0.0.50', made.trackingNo, wrongFor(made.accessCode, i));
      expectJsonError({ status: wrong.status, body: wrong.body }, 404);
    }
    // The guessing client: refused, the right code too, on any tracking number, for the hour.
    const limited = await guess('127.0.0.50', made.trackingNo, made.accessCode);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((limited.body as { error: { code: string } }).error.code).toBe('too_many_attempts');
    expect((await guess('127.0.0.50', other.trackingNo, other.accessCode)).status).toBe(429);
    // The rating-token route is the same oracle and counts against the same limit.
    const mint = await send(t.stack.port, 'POST', '/v1/evaluation-tokens', {
      from: '127.0.0.50',
      body: { channel: 'web', subject: made.requestId, accessCode: made.accessCode },
    });
    expect(mint.status).toBe(429);
    // The citizen, elsewhere, reads their request as ever.
    expect((await guess('127.0.0.51', made.trackingNo, made.accessCode)).status).toBe(200);
    await t.advance({ advance: 'PT1H' });
    expect((await guess('127.0.0.50', made.trackingNo, made.accessCode)).status).toBe(200);
  });

  test('200 parallel guesses from one client: at most its limit are judged; the citizen is not held back', async () => {
    const { limit } = ACCESS_CODE_LIMITS.failuresPerClient;
    const made = (await t.call('POST', '/v1/requests', { body: webRequest() })).body;
    const guesses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => guess('127.0.0.52', made.trackingNo, String(i).padStart(8, '9'))),
    );
    expect(guesses.filter((g) => g.status === 404).length).toBeLessThanOrEqual(limit);
    expect(guesses.filter((g) => g.status === 429).length).toBeGreaterThanOrEqual(200 - limit);
    expect((await guess('127.0.0.52', made.trackingNo, made.accessCode)).status).toBe(429);
    expect((await guess('127.0.0.53', made.trackingNo, made.accessCode)).status).toBe(200);
  });

  test('guesses at one tracking number from many clients: past its cap, one a minute; the citizen waits a minute at most', async () => {
    const perClient = ACCESS_CODE_LIMITS.failuresPerClient.limit;
    const cap = ACCESS_CODE_LIMITS.failuresPerTrackingNo.limit;
    const made = (await t.call('POST', '/v1/requests', { body: webRequest() })).body;
    for (let i = 0; i < cap; i++) {
      const from = `127.0.1.${1 + Math.floor(i / perClient)}`;
      expect((await guess(from, made.trackingNo, wrongFor(made.accessCode, i))).status).toBe(404);
    }
    // The cap reached: the next guess is judged (the minute's one), the one after waits.
    expect((await guess('127.0.2.1', made.trackingNo, wrongFor(made.accessCode, cap))).status).toBe(404);
    const slowed = await guess('127.0.2.2', made.trackingNo, wrongFor(made.accessCode, cap + 1));
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(60);
    // So does the citizen, for a minute at most; no client was charged for the guess refused.
    expect((await guess('127.0.2.3', made.trackingNo, made.accessCode)).status).toBe(429);
    await t.advance({ advance: 'PT1M' });
    expect((await guess('127.0.2.3', made.trackingNo, made.accessCode)).status).toBe(200);
  });

  test('the right code does not use up the allowance', async () => {
    const made = (await t.call('POST', '/v1/requests', { body: webRequest() })).body;
    for (let i = 0; i < 15; i++) {
      const reply = await t.call('GET', `/v1/requests/${made.trackingNo}`, {
        headers: { 'x-access-code': made.accessCode },
      });
      expect(reply.status).toBe(200);
    }
  });
});

describe('5. no 5xx from client input', () => {
  test("a cursor from another caller's list, or a forged one, is a 400", async () => {
    for (let i = 0; i < 3; i++) await newOrder(t);
    const province = await t.call('GET', '/v1/orders?limit=1', { token: agent });
    expect(province.body.nextCursor).toBeTruthy();
    const handler = await t.token('handler', '赣1126');
    const foreign = await t.call('GET', `/v1/orders?limit=1&cursor=${province.body.nextCursor}`, {
      token: handler,
    });
    expectJsonError(foreign, 400);
    expect(foreign.body.error.code).toBe('bad_cursor');
    const forged = Buffer.from(JSON.stringify({ pk: 'X', sk: 'Y', gsi3pk: 'PROV#赣', gsi3sk: 1 })).toString(
      'base64url',
    );
    expectJsonError(await t.call('GET', `/v1/orders?cursor=${forged}`, { token: agent }), 400);
    // The cursor is opaque: nothing of the keys it stands for can be read from it, and any byte of
    // it changed, or the same cursor taken to another list, is refused.
    const sealed = Buffer.from(province.body.nextCursor, 'base64url');
    expect(sealed.toString('latin1')).not.toMatch(/PROV|COURT|gsi|GD/);
    for (let i = 0; i < sealed.length; i += 7) {
      const edited = Buffer.from(sealed);
      edited[i] = (edited[i] ?? 0) ^ 1;
      const reply = await t.call('GET', `/v1/orders?limit=1&cursor=${edited.toString('base64url')}`, {
        token: agent,
      });
      expect([i, reply.status, reply.body.error?.code]).toEqual([i, 400, 'bad_cursor']);
    }
    const elsewhere = await t.call('GET', `/v1/typical-cases?cursor=${province.body.nextCursor}`);
    expect([elsewhere.status, elsewhere.body.error?.code]).toEqual([400, 'bad_cursor']);
    // The genuine cursor still pages.
    expect(
      (await t.call('GET', `/v1/orders?limit=1&cursor=${province.body.nextCursor}`, { token: agent })).status,
    ).toBe(200);
  });

  test('a cursor taken to the same list with another range or filter is a 400, not a 500', async () => {
    for (let i = 0; i < 3; i++) await newOrder(t);
    const from = '2026-01-01T00:00:00Z';
    const first = await t.call('GET', `/v1/orders?limit=1&from=${from}`, { token: agent });
    expect(first.body.nextCursor).toBeTruthy();
    // Its position lies before the new range: DynamoDB refused the start key (a ValidationException, a 500).
    const later = await t.call(
      'GET',
      `/v1/orders?limit=1&from=2027-06-01T00:00:00Z&cursor=${first.body.nextCursor}`,
      {
        token: agent,
      },
    );
    expectJsonError(later, 400);
    expect(later.body.error.code).toBe('bad_cursor');
    const filtered = await t.call(
      'GET',
      `/v1/orders?limit=1&from=${from}&status=closed&cursor=${first.body.nextCursor}`,
      {
        token: agent,
      },
    );
    expect([filtered.status, filtered.body.error?.code]).toEqual([400, 'bad_cursor']);
    // The same query pages on, whatever the page size.
    const next = await t.call('GET', `/v1/orders?limit=2&from=${from}&cursor=${first.body.nextCursor}`, {
      token: agent,
    });
    expect(next.status).toBe(200);
  });

  test('from later than to is a 400', async () => {
    const reply = await t.call('GET', '/v1/orders?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', {
      token: agent,
    });
    expectJsonError(reply, 400);
  });

  test('malformed percent-escapes in a path are a JSON 400', async () => {
    expectJsonError(await t.call('GET', '/v1/orders/%ZZ', { token: agent }), 400);
    expectJsonError(await t.call('GET', '/v1/requests/%E0%A4%A'), 400);
  });

  test('an Authorization header of 20 kB or 100 kB is a JSON 4xx', async () => {
    for (const size of [20_000, 100_000]) {
      const reply = await rawHttp(
        `GET /v1/orders HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${'a'.repeat(size)}\r\n\r\n`,
      );
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
      expect(JSON.parse(reply.body).error.code).toBe('headers_too_large');
    }
  });

  test('raw UTF-8 in a URL gets the JSON 400 that says to percent-encode', async () => {
    const reply = await rawHttp(
      Buffer.concat([
        Buffer.from('GET /v1/orders?courtCode='),
        Buffer.from('赣11', 'utf8'),
        Buffer.from(' HTTP/1.1\r\nhost: x\r\n\r\n'),
      ]),
    );
    expect(reply.status).toBe(400);
    const body = JSON.parse(reply.body);
    expect(body.error.code).toBe('malformed_url');
    expect(body.error.message).toMatch(/percent-encode/);
    // The same call percent-encoded is served.
    const encoded = await t.call('GET', `/v1/orders?courtCode=${encodeURIComponent('赣11')}`, {
      token: agent,
    });
    expect(encoded.status).toBe(200);
  });

  test('20 simultaneous failed callbacks: all applied, each once in the history; the SMS once', async () => {
    const order = await newOrder(t);
    const handler = await t.token('handler', order.courtCode);
    const base = `/v1/orders/${order.orderId}`;
    await t.call('POST', `${base}/accept`, { token: handler });
    await t.call('POST', `${base}/reply`, { token: handler, body: { answer: '已答复' } });
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.call('POST', `${base}/callback`, { token: agent, body: { reached: false } }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    const full = await t.call('GET', base, { token: agent });
    const attempts = full.body.history
      .filter((h: { action: string }) => h.action === 'callback_unreached')
      .map((h: { details: { attempt: number } }) => h.details.attempt)
      .sort((a: number, b: number) => a - b);
    expect(attempts).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const sms = (await t.outbox()).filter((m) => m.kind === 'sms' && m.tags.orderId === order.orderId);
    expect(sms).toHaveLength(1);
  });

  test('20 conflicting replies at once: one wins, the others get 409, none a 5xx', async () => {
    const order = await newOrder(t);
    const handler = await t.token('handler', order.courtCode);
    const base = `/v1/orders/${order.orderId}`;
    await t.call('POST', `${base}/accept`, { token: handler });
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.call('POST', `${base}/reply`, { token: handler, body: { answer: `答复 ${i}` } }),
      ),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(19);
    const full = await t.call('GET', base, { token: agent });
    expect(full.body.history.filter((h: { action: string }) => h.action === 'replied')).toHaveLength(1);
  });
});

describe('7. no existence oracle', () => {
  test('a firewalled order answers 404 to the accused court, to every method and in every list', async () => {
    const complaint = await newOrder(t, {
      category: 'complaint',
      courtCode: '赣1126',
      caseNumber: undefined,
    });
    expect(complaint.courtCode).not.toBe('赣1126');
    const accusedHandler = await t.token('handler', '赣1126');
    const accusedSupervisor = await t.token('supervisor', '赣1126');
    const base = `/v1/orders/${complaint.orderId}`;
    for (const token of [accusedHandler, accusedSupervisor]) {
      expectJsonError(await t.call('GET', base, { token }), 404);
      expectJsonError(await t.call('POST', `${base}/accept`, { token }), 404);
      expectJsonError(await t.call('POST', `${base}/reply`, { token, body: { answer: '无' } }), 404);
      expectJsonError(await t.call('GET', `/v1/requests/${complaint.trackingNo}`, { token }), 404);
      const list = await t.call('GET', '/v1/orders?limit=100', { token });
      expect(list.body.items.map((o: { orderId: string }) => o.orderId)).not.toContain(complaint.orderId);
    }
  });
});

describe('the independent attack: what it found', () => {
  test('the firewall holds inside the handling court: only its supervision office sees a complaint', async () => {
    // About a basic court: handled at 赣11, by its supervision office.
    const aboutBasic = await newOrder(t, {
      category: 'complaint',
      courtCode: '赣1126',
      caseNumber: undefined,
    });
    expect(aboutBasic.courtCode).toBe('赣11');
    // About the high court itself: handled at 赣, by the high court's supervision office.
    const aboutHigh = await newOrder(t, { category: 'complaint', courtCode: '赣', caseNumber: undefined });
    expect(aboutHigh.courtCode).toBe('赣');
    for (const [order, court] of [
      [aboutBasic, '赣11'],
      [aboutHigh, '赣'],
    ] as const) {
      const base = `/v1/orders/${order.orderId}`;
      for (const role of ['handler', 'supervisor'] as const) {
        const ordinary = await t.token(role, court, `${role}-ordinary-${court}`);
        expectJsonError(await t.call('GET', base, { token: ordinary }), 404);
        expectJsonError(await t.call('GET', `/v1/requests/${order.trackingNo}`, { token: ordinary }), 404);
        expectJsonError(await t.call('POST', `${base}/accept`, { token: ordinary }), 404);
        const list = await t.call('GET', '/v1/orders?limit=100', { token: ordinary });
        expect(list.body.items.map((o: { orderId: string }) => o.orderId)).not.toContain(order.orderId);
      }
      const office = await t.token('handler', court, `office-${court}`, 'supervision');
      expect((await t.call('GET', base, { token: office })).status).toBe(200);
      expect((await t.call('POST', `${base}/accept`, { token: office })).status).toBe(200);
    }
    // The court above a handling intermediate court oversees it, as it oversees any order there.
    expect(
      (await t.call('GET', `/v1/orders/${aboutBasic.orderId}`, { token: await t.token('supervisor', '赣') }))
        .status,
    ).toBe(200);
  });

  test("an 'agent' of another court than the center's reads no request", async () => {
    const complaint = await newOrder(t, {
      category: 'complaint',
      courtCode: '赣1126',
      caseNumber: undefined,
    });
    const fake = await t.token('agent', '赣1126', 'agent-of-1126');
    const read = await t.call('GET', `/v1/requests/${complaint.trackingNo}`, { token: fake });
    expectJsonError(read, 404);
  });

  test('a report for a date or month outside 2000-2100 is a 400, not a 500', async () => {
    const auditor = await t.token('auditor', '赣');
    for (const q of [
      'daily?date=0000-01-01',
      'daily?date=0099-12-31',
      'monthly?month=0001-01',
      'daily?date=2101-01-01',
    ])
      expectJsonError(await t.call('GET', `/v1/reports/${q}`, { token: auditor }), 400);
  });

  test("one person's key in another court or role is another caller's key", async () => {
    const here = await newOrder(t);
    const there = await newOrder(t, { caseNumber: '(2026)赣0102民初9号' });
    expect(there.courtCode).toBe('赣0102');
    const headers = { 'idempotency-key': 'moved-courts' };
    const a = await t.token('handler', here.courtCode, 'alice');
    const b = await t.token('handler', there.courtCode, 'alice');
    expect((await t.call('POST', `/v1/orders/${here.orderId}/accept`, { token: a, headers })).status).toBe(
      200,
    );
    const other = await t.call('POST', `/v1/orders/${there.orderId}/accept`, { token: b, headers });
    expect(other.status).toBe(200);
    expect(other.body.orderId).toBe(there.orderId);
  });

  test('minting with an access code: an unknown request and a wrong code look alike', async () => {
    const made = (await t.call('POST', '/v1/requests', { body: webRequest() })).body;
    const wrong = await t.call('POST', '/v1/evaluation-tokens', {
      body: { channel: 'web', subject: made.requestId, accessCode: '00000000' },
    });
    const unknown = await t.call('POST', '/v1/evaluation-tokens', {
      body: { channel: 'web', subject: 'RQ0000000000000000', accessCode: '00000000' },
    });
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.body.error.code).toBe(wrong.body.error.code);
  });

  test('minting for a request that came by another channel answers as for an unknown id (no oracle)', async () => {
    // Request ids are order ids with GD swapped for RQ: whoever saw an order id can ask about its request.
    const agent = await t.token('agent', '赣');
    const handler = await t.token('handler', '赣1126');
    const hotline = await t.call('POST', '/v1/requests', {
      token: agent,
      body: { ...webRequest(), channel: 'hotline' },
    });
    expect(hotline.status).toBe(201);
    for (const token of [undefined, handler]) {
      const known = await t.call('POST', '/v1/evaluation-tokens', {
        ...(token ? { token } : {}),
        body: { channel: 'web', subject: hotline.body.requestId },
      });
      const unknown = await t.call('POST', '/v1/evaluation-tokens', {
        ...(token ? { token } : {}),
        body: { channel: 'web', subject: 'RQ0000000000000000' },
      });
      expect(known.status).toBe(403);
      expect(known.body).toEqual(unknown.body);
      expect(JSON.stringify(known.body)).not.toContain('hotline');
    }
    // The center's agents still learn why.
    const byAgent = await t.call('POST', '/v1/evaluation-tokens', {
      token: agent,
      body: { channel: 'web', subject: hotline.body.requestId },
    });
    expect(byAgent.body.error.code).toBe('wrong_channel');
  });
});

describe('8. strict where it must be', () => {
  test('control characters in a text are refused with 422; newline and tab are text', async () => {
    for (const content of ['有\u0000空字符', '转义\u001b[31m', 'del\u007f', 'c1\u0085']) {
      const reply = await t.call('POST', '/v1/requests', { body: webRequest(content) });
      expectJsonError(reply, 422);
    }
    const name = await t.call('POST', '/v1/requests', {
      body: { ...webRequest(), contact: { name: '张\u0007三', phone: '13912345678' } },
    });
    expectJsonError(name, 422);
    expect((await t.call('POST', '/v1/requests', { body: webRequest('第一行\n第二行\t缩进') })).status).toBe(
      201,
    );
  });

  test('bidi overrides are refused and zero-width characters stripped, in every person-facing field', async () => {
    const agent = await t.token('agent', '赣');
    const bidi = ['\u202E赵敏\u202C', '张\u2066三\u2069', '李\u200F四'];
    for (const name of bidi)
      expectJsonError(
        await t.call('POST', '/v1/requests', {
          body: { ...webRequest(), contact: { name, phone: '13912345678' } },
        }),
        422,
      );
    for (const name of ['\u200B\u200B', '\u200D', ' \uFEFF\u2060 '])
      expectJsonError(
        await t.call('POST', '/v1/requests', {
          body: { ...webRequest(), contact: { name, phone: '13912345678' } },
        }),
        422,
      );
    expectJsonError(
      await t.call('POST', '/v1/requests', { body: webRequest('请回电\u202E8765 4321 931') }),
      422,
    );
    // Staff text too: an urge note, a reply.
    const { orderId } = await newOrder(t);
    expectJsonError(
      await t.call('POST', `/v1/orders/${orderId}/urge`, { token: agent, body: { note: '\u202Eevil' } }),
      422,
    );
    expectJsonError(
      await t.call('POST', `/v1/orders/${orderId}/urge`, { token: agent, body: { note: '\u200B' } }),
      422,
    );
    // What is left once the zero-width characters go is kept as written.
    const filed = await t.call('POST', '/v1/requests', {
      body: { ...webRequest(), contact: { name: '\u200B王\u200B五\uFEFF', phone: '13912345678' } },
    });
    expect(filed.status).toBe(201);
    const seen = await t.call('GET', `/v1/requests/${filed.body.trackingNo}`, {
      headers: { 'x-access-code': filed.body.accessCode },
    });
    expect(JSON.stringify(seen.body)).not.toMatch(/[\u200B\uFEFF]/);
    expect(JSON.stringify(seen.body)).toContain('王五');
  });

  test('a body that is not JSON by its content type is a 415', async () => {
    const body = JSON.stringify(webRequest());
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const reply = await t.call('POST', '/v1/requests', { raw: body, headers: { 'content-type': type } });
      expectJsonError(reply, 415);
    }
    const missing = await fetch(`${t.stack.url}/v1/requests`, { method: 'POST', body: Buffer.from(body) });
    expect(missing.status).toBe(415);
    const charset = await t.call('POST', '/v1/requests', {
      raw: body,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(charset.status).toBe(201);
  });
});

describe('10. claims as API Gateway passes them', () => {
  const sign = async (claims: Record<string, unknown>) => {
    const secret = readFileSync(join(t.dataDir, 'jwt-secret'), 'utf8').trim();
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(`cognito-${randomUUID()}`)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
  };

  test('role and court from Cognito groups, on a staff route (stringified) and an optional one (JSON)', async () => {
    const order = await newOrder(t);
    const handler = await sign({ 'cognito:groups': ['role:handler', `court:${order.courtCode}`] });
    expect((await t.call('GET', `/v1/orders/${order.orderId}`, { token: handler })).status).toBe(200);
    const asAgent = await sign({ 'cognito:groups': ['role:agent', 'court:赣', 'some-other-group'] });
    const hotline = await t.call('POST', '/v1/requests', {
      token: asAgent,
      body: { ...webRequest(), channel: 'hotline' },
    });
    expect(hotline.status).toBe(201);
  });

  test('mutable Cognito attributes and ambiguous groups name nobody', async () => {
    const selfPromoted = await sign({ 'custom:role': 'supervisor', 'custom:court': '赣' });
    expectJsonError(await t.call('GET', '/v1/orders', { token: selfPromoted }), 403);
    const twoRoles = await sign({ 'cognito:groups': ['role:handler', 'role:supervisor', 'court:赣'] });
    expectJsonError(await t.call('GET', '/v1/orders', { token: twoRoles }), 403);
  });
});

/** Sends bytes as they are, for what fetch would refuse or fix before sending. */
function rawHttp(request: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const socket = connect(t.stack.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', fail);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      // The JSON body, whether sent whole or in chunks.
      const body = /\{.*\}/s.exec(rest.join('\r\n\r\n'))?.[0] ?? '';
      done({ status: Number(head.split(' ')[1]), body });
    });
    socket.end(request);
  });
}
