import { request as httpRequest } from 'node:http';
import { CLIENT_LIMITS } from '../../domain/client-limits';
import { PLAIN_MONDAY, shanghai, startTestStack, type TestStack } from '../support/local';

/**
 * Issue 24, finding 1: one client could file 150 requests and open 150 WeChat sessions in a second
 * each, and 300 flooded requests took a month's first-contact rate to 0.3%. Now each client (its
 * source address) and each phone has a limit on what it may do without a staff token, answered
 * with 429 and Retry-After; a refused call is never filed, so the figures never see it; and the
 * wechat channel takes only the mini program's signed-in citizens.
 *
 * Each test is its own client: the loopback addresses 127.0.0.2, .3, ... all reach the stack.
 */
let t: TestStack;
beforeAll(async () => {
  process.env.CLIENT_LIMITS = 'on'; // test/support/env.cjs turns them off for the rest of the suite
  t = await startTestStack({ startAt: PLAIN_MONDAY });
});
afterAll(async () => {
  await t.stop();
  process.env.CLIENT_LIMITS = 'off';
});

type Answer = { status: number; retryAfter: string | undefined; body: { [k: string]: unknown } };

/** One call from the loopback address `from`, as a client there would make it. */
function from(address: string, path: string, body: unknown, token?: string): Promise<Answer> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: t.stack.port,
        localAddress: address,
        method: 'POST',
        path,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += String(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'] as string | undefined,
            body: text ? JSON.parse(text) : {},
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

let phones = 0;
const request = (phone = `1390000${String(phones++).padStart(4, '0')}`) => ({
  channel: 'web',
  category: 'litigation_guidance',
  content: '请问立案需要哪些材料？',
  contact: { name: '钱七', phone },
});

test('one client files up to its limit; the next is a 429 with Retry-After, never filed, and never counted', async () => {
  const { limit, windowSeconds } = CLIENT_LIMITS.filingPerClient;
  const auditor = await t.token('auditor', '赣');
  for (let i = 0; i < limit; i++)
    expect((await from('127.0.0.2', '/v1/requests', request())).status).toBe(201);
  const refused = await from('127.0.0.2', '/v1/requests', request());
  expect(refused.status).toBe(429);
  expect(refused.body).toMatchObject({ error: { code: 'too_many_attempts' } });
  expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  expect(Number(refused.retryAfter)).toBeLessThanOrEqual(windowSeconds);
  expect(refused.body.requestId).toBeUndefined();
  for (let i = 0; i < 5; i++) expect((await from('127.0.0.2', '/v1/requests', request())).status).toBe(429);

  // Another client is not held back by this one.
  expect((await from('127.0.0.12', '/v1/requests', request())).status).toBe(201);
  // The center's agents are not limited (a call center is one address).
  const agent = await t.token('agent', '赣');
  const byAgent = await t.call('POST', '/v1/requests', {
    token: agent,
    body: { ...request(), channel: 'hotline' },
  });
  expect(byAgent.status).toBe(201);

  // Once the window is over, the client files again.
  await t.advance({ advance: `PT${windowSeconds}S` });
  expect((await from('127.0.0.2', '/v1/requests', request())).status).toBe(201);

  // The day's figures hold the filed requests only: the flood's refused calls are nowhere.
  await t.advance({ to: shanghai(PLAIN_MONDAY, 1, '00:31') });
  const day = shanghai(PLAIN_MONDAY, 0, '12:00').slice(0, 10);
  const daily = await t.call('GET', `/v1/reports/daily?date=${day}`, { token: auditor });
  expect(daily.body.requests.total).toBe(limit + 3);
});

test('one phone number is limited across clients; the 429 says when to try again', async () => {
  const { limit } = CLIENT_LIMITS.filingPerPhone;
  const phone = '13812340000';
  for (let i = 0; i < limit; i++)
    expect((await from(`127.0.0.${20 + i}`, '/v1/requests', request(phone))).status).toBe(201);
  const refused = await from('127.0.0.40', '/v1/requests', request(phone));
  expect(refused.status).toBe(429);
  expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  // The same address with another phone is fine.
  expect((await from('127.0.0.40', '/v1/requests', request())).status).toBe(201);
});

test('WeChat sign-in is limited per client before WeChat is called', async () => {
  const { limit } = CLIENT_LIMITS.wechatSignInPerClient;
  for (let i = 0; i < limit; i++)
    expect((await from('127.0.0.3', '/v1/wechat/session', { code: `local-flood-${i}` })).status).toBe(201);
  const refused = await from('127.0.0.3', '/v1/wechat/session', { code: 'local-flood-x' });
  expect(refused.status).toBe(429);
  expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  expect((await from('127.0.0.4', '/v1/wechat/session', { code: 'local-flood-x' })).status).toBe(201);
});

test('a wechat request without a WeChat session is refused; with one it is filed', async () => {
  const anonymous = await from('127.0.0.5', '/v1/requests', { ...request(), channel: 'wechat' });
  expect(anonymous.status).toBe(401);
  expect(anonymous.body).toMatchObject({ error: { code: 'wechat_session_required' } });
  const agent = await t.token('agent', '赣');
  expect(
    (await t.call('POST', '/v1/requests', { token: agent, body: { ...request(), channel: 'wechat' } }))
      .status,
  ).toBe(401);
  const session = await from('127.0.0.5', '/v1/wechat/session', { code: 'local-real-citizen' });
  const signedIn = await from(
    '127.0.0.5',
    '/v1/requests',
    { ...request(), channel: 'wechat' },
    session.body.token as string,
  );
  expect(signedIn.status).toBe(201);
});
